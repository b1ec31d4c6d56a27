using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Planning;

/// <summary>
/// <c>use-host-decl-names on</c>: the host declaration's name becomes the client's host-name option (12), unless a scope
/// sets <c>option host-name</c> itself, as ISC does. Applied once per resolved set (they are cached per host), so the
/// option then goes out as any configured option does.
/// </summary>
internal static class HostDeclarationName
{
    /// <summary><paramref name="resolved"/> with option 12 from <paramref name="host"/>'s name where the parameter asks for it.</summary>
    public static ScopeParameters Apply(ScopeParameters resolved, HostPlan? host)
    {
        if (host is null || !resolved.Get(ServerParameters.UseHostDeclNames) || resolved.Options.ContainsKey(DhcpOptionCode.HostName))
            return resolved;
        var options = new Dictionary<byte, ImmutableArray<byte>>(resolved.Options)
        {
            [DhcpOptionCode.HostName] = [.. Encoding.Latin1.GetBytes(host.Name)],
        };
        return resolved with { Options = options.ToFrozenDictionary() };
    }
}
