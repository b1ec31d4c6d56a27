using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Script;

namespace IPoIBDhcp.Client.Protocol;

/// <summary>The outside world one interface's client acts on.</summary>
/// <param name="Script">dhclient-script.</param>
/// <param name="Leases">dhclient.leases.</param>
/// <param name="Addresses">Address hand-off to the port (emulated fabric) beside the script.</param>
/// <param name="Log">ISC-style log lines.</param>
/// <param name="Monitor">Optional observer of the waits.</param>
public sealed record ClientServices(IScriptRunner Script, ILeaseStore Leases, IAddressConfigurator Addresses, Action<string> Log, IClientMonitor? Monitor = null);
