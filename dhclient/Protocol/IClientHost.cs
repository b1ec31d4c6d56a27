using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Script;
using IPoIBDhcp.Engine;

namespace IPoIBDhcp.Client.Protocol;

/// <summary>
/// Everything the state machine does to the outside world. The machine itself only decides; the host sends,
/// runs dhclient-script, appends to dhclient.leases and logs, so the machine can be tested step by step
/// with a recording host and a hand-moved clock.
/// </summary>
public interface IClientHost
{
    /// <summary>Queues one datagram (the runner sends them after the step). The machine builds each payload for this one send and never touches it again.</summary>
    void Send(ReadOnlyMemory<byte> payload, DatagramEndpoints endpoints, LinkTarget target);

    /// <summary>Runs dhclient-script and returns its exit status (non-zero after BOUND means "address in use": DECLINE).</summary>
    int RunScript(ScriptReason reason, ClientLease? oldLease, ClientLease? newLease);

    /// <summary>Appends a lease to dhclient.leases.</summary>
    void RecordLease(ClientLease lease);

    /// <summary>One ISC-style line of what the client does (ISC's log_info).</summary>
    void Log(string line);
}
