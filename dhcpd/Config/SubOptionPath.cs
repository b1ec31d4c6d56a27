using System.Collections.Immutable;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Where an option of another space sits in a request: the top-level DHCP option that carries its space, then the
/// encapsulating sub-options down to it (<c>agent.circuit-id</c> is sub-option 1 of option 82). Reading walks each
/// level's code/length framing at that space's widths; a malformed level simply yields no option.
/// </summary>
/// <param name="TopCode">The DHCP option that carries the outermost space.</param>
/// <param name="Levels">From the outermost space inwards: each space and the code to find in it; the last is the option itself.</param>
public sealed record SubOptionPath(byte TopCode, ImmutableArray<(OptionSpace Space, uint Code)> Levels)
{
    /// <summary>A placeholder for a name already reported as unreadable: the expression is never used (the file is refused).</summary>
    internal static SubOptionPath Unreadable { get; } = new(0, []);

    /// <summary>The option's bytes in <paramref name="request"/>, or false when the request does not carry it.</summary>
    public bool TryRead(IOptionSource request, out ReadOnlyMemory<byte> value)
    {
        if (!request.TryGetOption(TopCode, out value)) return false;
        foreach (var (space, code) in Levels)
            if (!TryFind(space, code, value, out value)) return false;
        return true;
    }

    // The first instance of code in a buffer of space's options (the buffer is bounded; the loop moves forward each turn).
    private static bool TryFind(OptionSpace space, uint code, ReadOnlyMemory<byte> buffer, out ReadOnlyMemory<byte> value)
    {
        var span = buffer.Span;
        int at = 0;
        int header = space.CodeWidth + space.LengthWidth;
        while (at + header <= span.Length)
        {
            uint c = 0;
            for (int i = 0; i < space.CodeWidth; i++) c = (c << 8) | span[at + i];
            if (space.CodeWidth == 1 && c == 0) { at++; continue; } // pad
            if (space.CodeWidth == 1 && c == 255) break; // end
            int length = 0;
            for (int i = 0; i < space.LengthWidth; i++) length = (length << 8) | span[at + space.CodeWidth + i];
            if (at + header + length > span.Length) break;
            if (c == code)
            {
                value = buffer.Slice(at + header, length);
                return true;
            }
            at += header + length;
        }
        value = default;
        return false;
    }

    /// <summary>
    /// The path to <paramref name="option"/> through the options that encapsulate its space (each space's last-defined
    /// parent, as ISC keeps one), or null with the reason when the space is not carried in any option a client sends.
    /// </summary>
    public static SubOptionPath? For(SpaceOptionDefinition option, OptionSpaceTable spaces, out string? problem)
    {
        var levels = new List<(OptionSpace, uint)> { (option.Space, option.Code) };
        var space = option.Space;
        problem = null;
        for (int depth = 0; depth < 8; depth++)
        {
            if (space.Name.Equals("fqdn", StringComparison.OrdinalIgnoreCase))
                break; // option 81 is not a list of sub-options: ISC unpacks it specially
            if (spaces.ParentOf(space.Name) is not { } parent) break;
            if (parent.Space.Name == OptionSpace.Dhcp)
            {
                levels.Reverse();
                return new SubOptionPath((byte)parent.Code, [.. levels]);
            }
            levels.Add((parent.Space, parent.Code));
            space = parent.Space;
        }
        problem = $"option {option.QualifiedName}: no option a client sends carries the {option.Space.Name} space, so it cannot be read in an expression";
        return null;
    }
}
