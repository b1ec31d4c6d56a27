using System.Buffers.Binary;
using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>
/// The switch's tables are concurrent and delivery reads them without a lock (storms open and close thousands of
/// ports from many threads while the server broadcasts): nothing is lost or misdelivered under that churn.
/// </summary>
public class FabricConcurrencyTests
{
    private const int Nodes = 400;

    private const string Config = """
        fabric "churn" { }
        host head { port ib0 guid 0002:c903:0000:0001 mtu 4096; }
        nodes node%03d count 400 start 1 guid-base 0002:c903:0001:0000;
        """;

    [Test]
    public async Task PortsOpeningFilteringAndClosingConcurrentlyEachGetTheirOwnRepliesOnly()
    {
        await using FabricEngine engine = FabricEngine.Create(FabricConfigParser.Parse(Config, "churn.conf"),
            new FabricEngineOptions { Transport = FabricTransport.InProcess, HostName = "head" });
        FabricPort head = engine.OpenPort("head", "ib0", 67);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var wrong = 0;

        // Every node, three times over (three boot stages): open a port with its filter, ask the "server" task for
        // a reply to its xid, wait for exactly that reply, re-filter for the next xid, close the port.
        var requests = System.Threading.Channels.Channel.CreateUnbounded<uint>();
        var server = Task.Run(async () =>
        {
            var reply = new byte[300];
            reply[0] = 2;
            await foreach (uint xid in requests.Reader.ReadAllAsync(deadline.Token))
            {
                BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(4), xid);
                await head.SendAsync(reply, new DatagramEndpoints(default, 67, IPv4Address.Broadcast, 68), LinkTarget.Broadcast, deadline.Token);
            }
        }, deadline.Token);
        var nodes = Enumerable.Range(1, Nodes).Select(n => Task.Run(async () =>
        {
            var buffer = new byte[2048];
            for (uint stage = 0; stage < 3; stage++)
            {
                uint xid = (uint)(n * 16 + stage * 4 + 1);
                await using FabricPort port = engine.OpenPort($"node{n:000}", "ib0", 68, transactionFilter: xid);
                for (uint attempt = 0; attempt < 2; attempt++, xid++)
                {
                    port.TransactionFilter = xid;
                    await requests.Writer.WriteAsync(xid, deadline.Token);
                    ReceivedDatagram got = await port.ReceiveAsync(buffer, deadline.Token);
                    if (got.Length != 300 || BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(4)) != xid)
                        Interlocked.Increment(ref wrong);
                }
            }
        }, deadline.Token)).ToArray();

        await Task.WhenAll(nodes);
        requests.Writer.Complete();
        await server;
        Assert.That(wrong, Is.Zero, "a port received a reply its filter does not pass");
        Assert.That(head.Counters.TxPackets, Is.EqualTo(Nodes * 3 * 2));
        Assert.That(engine.Fabric.PortCount, Is.EqualTo(1), "only the head's port is left attached");
    }
}
