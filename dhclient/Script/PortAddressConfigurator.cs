using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Engine;

namespace IPoIBDhcp.Client.Script;

/// <summary>
/// On a port that keeps its own address (<see cref="PortCapabilities.OwnsAddress"/>: the emulated fabric) there is no
/// kernel interface for the script to configure, so the leased address is handed to the port itself (what
/// <c>ip addr add</c> does on a real one): the port then receives unicasts to it, and renewals from it carry the right source.
/// </summary>
public sealed class PortAddressConfigurator(IDatagramPort port, IAddressConfigurator next) : IAddressConfigurator
{
    /// <summary>
    /// The configurator for <paramref name="port"/>: this one where the port keeps its own address, else
    /// <paramref name="next"/> alone (the script's <c>ip addr</c> configures the kernel interface).
    /// </summary>
    public static IAddressConfigurator For(IDatagramPort port, IAddressConfigurator next) =>
        port.Capabilities.HasFlag(PortCapabilities.OwnsAddress) ? new PortAddressConfigurator(port, next) : next;

    /// <inheritdoc/>
    public void Apply(string interfaceName, ScriptReason reason, ClientLease? oldLease, ClientLease? newLease)
    {
        switch (reason)
        {
            case ScriptReason.Bound or ScriptReason.Renew or ScriptReason.Rebind or ScriptReason.Reboot or ScriptReason.Timeout when newLease is not null:
                port.AssignLocalAddress(newLease.Address);
                break;
            case ScriptReason.Expire or ScriptReason.Release or ScriptReason.Stop or ScriptReason.Fail:
                port.AssignLocalAddress(null);
                break;
        }
        next.Apply(interfaceName, reason, oldLease, newLease);
    }
}
