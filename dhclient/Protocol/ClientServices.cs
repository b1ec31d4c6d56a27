using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Script;
using IPoIBDhcp.Logging;

namespace IPoIBDhcp.Client.Protocol;

/// <summary>The outside world one interface's client acts on.</summary>
/// <param name="Script">dhclient-script.</param>
/// <param name="Leases">dhclient.leases.</param>
/// <param name="Addresses">Address hand-off to the port (emulated fabric) beside the script.</param>
/// <param name="Log">Where the client's ISC-style lines go.</param>
/// <param name="Monitor">Optional observer of the waits.</param>
public sealed record ClientServices(IScriptRunner Script, ILeaseStore Leases, IAddressConfigurator Addresses, ILogSink Log, IClientMonitor? Monitor = null);
