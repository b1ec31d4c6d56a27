using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

/// <summary>The TYPE of <c>option NAME code N = TYPE;</c> as parsed, or why it cannot be used.</summary>
internal readonly record struct OptionTypeSpec(OptionValueType Type, bool IsArray, string? Problem)
{
    public static OptionTypeSpec Integer(bool signed, uint width) => width switch
    {
        8 => new(signed ? OptionValueType.Int8 : OptionValueType.UInt8, false, null),
        16 => new(signed ? OptionValueType.Int16 : OptionValueType.UInt16, false, null),
        32 => new(signed ? OptionValueType.Int32 : OptionValueType.UInt32, false, null),
        _ => new(OptionValueType.UInt8, false, $"integer width must be 8, 16 or 32, not {width}"),
    };

    public OptionTypeSpec AsArray() =>
        Problem is not null ? this
        : IsArray ? this with { Problem = "arrays of arrays are not supported" }
        : Type is OptionValueType.Text or OptionValueType.Binary ? this with { Problem = "arrays of text or string are not supported" }
        : this with { IsArray = true };
}
