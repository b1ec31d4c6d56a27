using System.Collections.Concurrent;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Client.Script;

/// <summary>
/// Remembers which address each interface holds (set by BOUND/RENEW/REBIND/REBOOT/TIMEOUT, cleared by
/// EXPIRE/RELEASE/STOP/FAIL). The default where nothing is configured outside the script; the fabric
/// engine's configurator will replace it.
/// </summary>
public sealed class RecordingAddressConfigurator : IAddressConfigurator
{
    private readonly ConcurrentDictionary<string, IPv4Address> addresses = new();

    /// <summary>The address <paramref name="interfaceName"/> holds, if any.</summary>
    public IPv4Address? AddressOf(string interfaceName) => addresses.TryGetValue(interfaceName, out var a) ? a : null;

    /// <inheritdoc/>
    public void Apply(string interfaceName, ScriptReason reason, ClientLease? oldLease, ClientLease? newLease)
    {
        switch (reason)
        {
            case ScriptReason.Bound or ScriptReason.Renew or ScriptReason.Rebind or ScriptReason.Reboot or ScriptReason.Timeout when newLease is not null:
                addresses[interfaceName] = newLease.Address;
                break;
            case ScriptReason.Expire or ScriptReason.Release or ScriptReason.Stop or ScriptReason.Fail:
                addresses.TryRemove(interfaceName, out _);
                break;
        }
    }
}
