using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Protocol;
using IPoIBDhcp.Client.Script;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Client;

/// <summary>Records every effect of the state machine; the script's exit status is scripted.</summary>
internal sealed class RecordingHost : IClientHost
{
    public sealed record Sent(byte[] Payload, DatagramEndpoints Endpoints, LinkTarget Target)
    {
        public DhcpMessage Message
        {
            get
            {
                var m = new DhcpMessage();
                m.Read(Payload);
                return m;
            }
        }
    }

    public List<Sent> Packets { get; } = [];
    public List<(ScriptReason Reason, ClientLease? Old, ClientLease? New)> Scripts { get; } = [];
    public List<ClientLease> Leases { get; } = [];
    public List<string> Lines { get; } = [];
    public Func<ScriptReason, int> ScriptResult { get; set; } = _ => 0;

    public void Send(ReadOnlyMemory<byte> payload, DatagramEndpoints endpoints, LinkTarget target) =>
        Packets.Add(new Sent(payload.ToArray(), endpoints, target));

    public int RunScript(ScriptReason reason, ClientLease? oldLease, ClientLease? newLease)
    {
        Scripts.Add((reason, oldLease, newLease));
        return ScriptResult(reason);
    }

    public void RecordLease(ClientLease lease) => Leases.Add(lease.Clone());

    public void Log(string line) => Lines.Add(line);

    public Sent Last => Packets[^1];
}
