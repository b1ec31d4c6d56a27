using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;

namespace IPoIBDhcp.Tests.Engine;

/// <summary>The in-process fabric's packet path allocates (almost) nothing per datagram once warm: storms send millions.</summary>
public class FabricAllocationTests
{
    [Test]
    public async Task SendAndReceiveDoNotAllocatePerDatagram()
    {
        await using FabricEngine engine = FabricEngine.Create(FabricContractBed.Definition(), new FabricEngineOptions { Transport = FabricTransport.InProcess });
        FabricPort head = FabricContractBed.Open(engine, "head");
        FabricPort node = FabricContractBed.Open(engine, "node01");
        byte[] payload = new byte[300];
        byte[] buffer = new byte[2044];
        DatagramEndpoints endpoints = FabricContractBed.Endpoints(head, node);
        LinkTarget unicast = LinkTarget.To(node.LinkAddress);

        int wrong = 0;
        void RoundTrips(int count)
        {
            // No NUnit asserts inside: constraints allocate. Failures are counted and asserted afterwards.
            for (int i = 0; i < count; i++)
            {
                // Queued before the receive, so both complete synchronously: no async state machine boxing.
                ValueTask sent = head.SendAsync(payload, endpoints, unicast, CancellationToken.None);
                sent.GetAwaiter().GetResult();
                ValueTask<ReceivedDatagram> received = node.ReceiveAsync(buffer, CancellationToken.None);
                if (!received.IsCompletedSuccessfully || received.Result.Length != payload.Length)
                    wrong++;
            }
        }

        RoundTrips(100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        RoundTrips(1000);
        long perDatagram = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000;
        TestContext.Out.WriteLine($"{perDatagram} bytes allocated per datagram");
        Assert.That(wrong, Is.Zero);
        Assert.That(perDatagram, Is.LessThan(16));
    }
}
