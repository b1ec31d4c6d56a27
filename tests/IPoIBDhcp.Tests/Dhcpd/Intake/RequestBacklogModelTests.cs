using CsCheck;
using IPoIBDhcp.Server.Intake;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;
using static IPoIBDhcp.Tests.Dhcpd.Intake.IntakeSamples;

namespace IPoIBDhcp.Tests.Dhcpd.Intake;

/// <summary>
/// The backlog against a plain-list model of its rules, on random runs of arrivals, retransmissions and takes at small
/// capacities (where the dead places retransmissions leave, the growth and the compaction of its ring are all reached):
/// the same requests must come out in the same order, with the same counts of what was shed.
/// </summary>
public class RequestBacklogModelTests
{
    // op 0: take; 1: a DISCOVER arrives; 2: a REQUEST arrives. Few clients and xids, so copies repeat often.
    private static readonly Gen<(int Capacity, (int Op, int Client, int Xid)[] Ops)> Runs =
        Gen.Select(Gen.Int[1, 5], Gen.Select(Gen.Int[0, 2], Gen.Int[0, 5], Gen.Int[0, 2]).Array[0, 60]);

    [Test]
    public void BehavesAsItsRulesSay() =>
        Runs.Sample(run =>
        {
            var counters = new IntakeCounters();
            var backlog = new RequestBacklog(run.Capacity, counters);
            var model = new Model(run.Capacity);
            var took = new List<uint>();
            var expected = new List<uint>();
            foreach (var (op, client, xid) in run.Ops)
            {
                uint id = (uint)(client * 10 + xid + 1);
                if (op == 0)
                {
                    if (backlog.TryTake(out var entry))
                    {
                        took.Add(Describe(entry.Datagram.Span));
                        RequestBacklog.Release(entry);
                    }
                    if (model.Take() is { } t) expected.Add(t);
                    continue;
                }
                var type = op == 1 ? DhcpMessageType.Discover : DhcpMessageType.Request;
                var id61 = Node(client);
                backlog.Add(type == DhcpMessageType.Discover ? Build(type, id61, xid: id) : Build(type, id61, xid: id, requested: "198.18.1.5"), From);
                model.Add(op == 1, id);
                Assert.That(backlog.Count, Is.EqualTo(model.Count));
            }
            took.AddRange(TakeAll(backlog, Code));
            while (model.Take() is { } t) expected.Add(t);
            Assert.That(took, Is.EqualTo(expected));
            Assert.That((counters.Superseded, counters.DiscoversShed, counters.OthersShed), Is.EqualTo((model.Superseded, model.DiscoversShed, model.OthersShed)));
        }, iter: 3_000);

    // A request as the model writes it: its xid and a last digit for its kind (1 DISCOVER, 2 REQUEST).
    private static uint Code(DhcpMessage m) => m.TransactionId * 10 + (m.MessageType == DhcpMessageType.Discover ? 1u : 2u);

    private static uint Describe(ReadOnlySpan<byte> datagram)
    {
        var m = new DhcpMessage();
        m.Read(datagram);
        return Code(m);
    }

    /// <summary>The rules, on lists: REQUESTs oldest first, DISCOVERs newest first, a copy replaces (REQUEST) or moves (DISCOVER), the oldest DISCOVER makes room.</summary>
    private sealed class Model(int capacity)
    {
        private readonly List<uint> requests = [];
        private readonly List<uint> discovers = [];

        public int Count => requests.Count + discovers.Count;
        public long Superseded { get; private set; }
        public long DiscoversShed { get; private set; }
        public long OthersShed { get; private set; }

        public void Add(bool discover, uint xid)
        {
            if (!discover)
            {
                if (requests.Contains(xid))
                {
                    Superseded++;
                    return;
                }
                if (Count >= capacity)
                {
                    if (discovers.Count == 0)
                    {
                        OthersShed++;
                        return;
                    }
                    discovers.RemoveAt(0);
                    DiscoversShed++;
                }
                requests.Add(xid);
                return;
            }
            if (discovers.Remove(xid)) Superseded++;
            else if (Count >= capacity)
            {
                DiscoversShed++;
                if (discovers.Count == 0) return;
                discovers.RemoveAt(0);
            }
            discovers.Add(xid);
        }

        public uint? Take()
        {
            if (requests.Count > 0)
            {
                uint r = requests[0];
                requests.RemoveAt(0);
                return r * 10 + 2;
            }
            if (discovers.Count == 0) return null;
            uint d = discovers[^1];
            discovers.RemoveAt(discovers.Count - 1);
            return d * 10 + 1;
        }
    }
}
