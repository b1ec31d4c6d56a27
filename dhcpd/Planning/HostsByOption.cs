using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Planning;

/// <summary>
/// Hosts recognised by <c>host-identifier option NAME DATA;</c>: looked up after the client identifier and the hardware
/// address, as ISC does (its find_hosts_by_option comes last), by the exact bytes of that option in the request.
/// </summary>
public sealed class HostsByOption
{
    private readonly (byte Code, byte? SubOption)[] options;
    private readonly Dictionary<(byte Code, byte? SubOption, string Value), HostPlan> hosts = [];

    /// <summary>Indexes the hosts that carry a <see cref="HostIdentifier"/>; the first host for a value wins.</summary>
    public HostsByOption(IEnumerable<(HostIdentifier Identifier, HostPlan Host)> identified)
    {
        foreach (var (id, host) in identified)
            hosts.TryAdd((id.Code, id.SubOption, Convert.ToHexString(id.Value.AsSpan())), host);
        options = [.. hosts.Keys.Select(k => (k.Code, k.SubOption)).Distinct()];
    }

    /// <summary>None: a plan without host-identifier costs nothing per request.</summary>
    public static HostsByOption None { get; } = new([]);

    /// <summary>The host whose identifying option <paramref name="request"/> carries, or null.</summary>
    public HostPlan? Find(DhcpMessage request)
    {
        foreach (var (code, sub) in options)
        {
            if (!request.TryGetOption(code, out var value)) continue;
            if (sub is { } subCode && !new RelayAgentInformation(value).TryGetSubOption(subCode, out value)) continue;
            if (hosts.TryGetValue((code, sub, Convert.ToHexString(value)), out var host)) return host;
        }
        return null;
    }
}
