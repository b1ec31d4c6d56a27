using System.Collections.Immutable;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// ISC's rules for combining option types (parse_option_code_definition in ISC's common/parse.c), each refusal at
/// the token it is about: one <c>array of</c> at most; no arrays of text, string, domain names or zerolen; in an
/// array of records no array inside; text, string and domain names only last in a record; <c>encapsulate</c> only
/// last, never in an array, and only of a declared space; integer widths 8, 16 or 32.
/// </summary>
internal static class OptionTypeRules
{
    public static bool TryBuild(OptionTypeSpec spec, OptionSpaceTable table, out OptionFormat format, out (ConfigToken At, string Message) problem)
    {
        format = OptionFormat.Of(OptionFieldKind.String);
        problem = default;
        if (spec.RecordArrays.Length > 1) { problem = (spec.RecordArrays[1], "arrays of arrays are not supported"); return false; }
        bool recordArray = spec.RecordArrays.Length == 1;
        bool topArray = recordArray || (!spec.IsRecord && spec.Items[0].Arrays.Length > 0);
        var fields = ImmutableArray.CreateBuilder<OptionField>();
        for (int i = 0; i < spec.Items.Length; i++)
        {
            var item = spec.Items[i];
            bool last = i == spec.Items.Length - 1;
            if (item.Arrays.Length > 1) { problem = (item.Arrays[1], "arrays of arrays are not supported"); return false; }
            bool arrayed = item.Arrays.Length == 1;
            if (arrayed && recordArray) { problem = (item.Arrays[0], "arrays of arrays are not supported"); return false; }
            var kind = item.Kind;
            if (item.Width is { } width)
            {
                kind = width.Text switch
                {
                    "8" => item.Signed ? OptionFieldKind.Int8 : OptionFieldKind.UInt8,
                    "16" => item.Signed ? OptionFieldKind.Int16 : OptionFieldKind.UInt16,
                    "32" => item.Signed ? OptionFieldKind.Int32 : OptionFieldKind.UInt32,
                    _ => OptionFieldKind.ZeroLength,
                };
                if (kind == OptionFieldKind.ZeroLength) { problem = (width, $"integer width must be 8, 16 or 32, not {width.Text}"); return false; }
            }
            bool takesRest = kind is OptionFieldKind.Text or OptionFieldKind.String or OptionFieldKind.DomainName
                or OptionFieldKind.DomainList or OptionFieldKind.ZeroLength;
            if (takesRest && (arrayed || recordArray || topArray))
            {
                problem = (item.At, kind == OptionFieldKind.ZeroLength ? "zerolen cannot be an array" : "arrays of text or string are not supported");
                return false;
            }
            if (takesRest && !last) { problem = (item.At, $"{item.At.Text.ToLowerInvariant()} must be at the end of the record"); return false; }
            string? space = null;
            if (kind == OptionFieldKind.Encapsulation)
            {
                if (!last) { problem = (item.At, "encapsulate must be the last item"); return false; }
                if (arrayed || topArray) { problem = (item.At, "arrays of encapsulations are not supported"); return false; }
                if (!table.TryGetSpace(item.Space!.Value.Text, out var encapsulated))
                {
                    problem = (item.Space.Value, $"no option space named '{item.Space.Value.Text}'");
                    return false;
                }
                space = encapsulated.Name;
            }
            // Inside a record (not an array of records), "array of T" makes the field repeat (ISC's 'a').
            fields.Add(new OptionField(kind, Repeats: arrayed && spec.IsRecord, Compressed: item.Compressed, Space: space));
        }
        format = new OptionFormat(fields.ToImmutable(), topArray);
        return true;
    }
}
