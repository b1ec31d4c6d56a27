using IPoIBDhcp.Client.Leases;

namespace IPoIBDhcp.Client.Script;

/// <summary>
/// Applies a lease to the port itself, beside the script. On a real interface the script does this (ip addr);
/// on the emulated fabric the leased address is recorded on the port, which the fabric engine provides.
/// </summary>
public interface IAddressConfigurator
{
    /// <summary>Called after each script run with the same reason and leases.</summary>
    void Apply(string interfaceName, ScriptReason reason, ClientLease? oldLease, ClientLease? newLease);
}
