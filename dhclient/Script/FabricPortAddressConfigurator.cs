using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Engine.Fabric;

namespace IPoIBDhcp.Client.Script;

/// <summary>
/// On an emulated-fabric port there is no kernel interface for the script to configure, so the leased
/// address is recorded on the port itself (what <c>ip addr add</c> does on a real one): the fabric then
/// delivers unicasts to it, and renewals from it carry the right source.
/// </summary>
public sealed class FabricPortAddressConfigurator(FabricPort port, IAddressConfigurator next) : IAddressConfigurator
{
    /// <inheritdoc/>
    public void Apply(string interfaceName, ScriptReason reason, ClientLease? oldLease, ClientLease? newLease)
    {
        switch (reason)
        {
            case ScriptReason.Bound or ScriptReason.Renew or ScriptReason.Rebind or ScriptReason.Reboot or ScriptReason.Timeout when newLease is not null:
                port.LocalAddress = newLease.Address;
                break;
            case ScriptReason.Expire or ScriptReason.Release or ScriptReason.Stop or ScriptReason.Fail:
                port.LocalAddress = null;
                break;
        }
        next.Apply(interfaceName, reason, oldLease, newLease);
    }
}
