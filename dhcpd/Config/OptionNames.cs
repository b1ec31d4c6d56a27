using System.Diagnostics.CodeAnalysis;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// How dhcpd.conf names an option: <c>NAME</c> in the DHCP space, <c>SPACE.NAME</c> in any declared space (the lexer
/// keeps a dotted name as one word). One resolver for option statements and expressions, so they refuse alike.
/// </summary>
internal static class OptionNames
{
    public static bool TryResolve(OptionSpaceTable spaces, string written, [NotNullWhen(true)] out SpaceOptionDefinition? definition,
        [NotNullWhen(false)] out string? problem)
    {
        definition = null;
        string space = OptionSpace.Dhcp, name = written;
        int dot = written.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0) (space, name) = (written[..dot], written[(dot + 1)..]);
        if (dot >= 0 && !spaces.TryGetSpace(space, out _))
        {
            problem = $"no option space named '{space}'";
            return false;
        }
        if (spaces.TryGet(space, name, out definition))
        {
            problem = null;
            return true;
        }
        problem = $"unknown option '{written}'";
        return false;
    }
}
