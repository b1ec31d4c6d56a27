using System.Diagnostics.CodeAnalysis;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Hosting;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd.Hosting;

/// <summary>
/// ping-check in the host: while one client's candidate address is being pinged, the receive loop goes on and another
/// client is offered at once; when the first address turns out to answer, that client is offered the next free one.
/// </summary>
public class PingCheckHostTests
{
    private const PortCapabilities PacketSocket =
        PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast | PortCapabilities.ReportsLinkSource | PortCapabilities.ReceivesUnconfigured;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly DatagramEndpoints Broadcast = new(IPv4Address.Any, 68, IPv4Address.Broadcast, 67);

    [Test]
    public async Task AWaitingPingDelaysNoOtherClientAndAnAnsweringAddressIsSkipped()
    {
        var plan = ConfigPlanBuilder.Build(DhcpdConfigParser.ParseText(
            "ping-check true;\nsubnet 198.18.0.0 netmask 255.255.240.0 { range 198.18.1.0 198.18.1.99; }\n", "dhcpd.conf").Config!);
        var probe = new ScriptedProbe();
        var port = new ScriptedServerPort("eth0", PacketSocket, A("198.18.0.1"), new LinkAddress([0x02, 0, 0, 0, 0, 0x01]));
        var store = new InstantStore();
        using var stop = new CancellationTokenSource();
        var host = new ServerHost(new ServerHarness(plan).Core, store, [port], new NullSink(), TimeProvider.System, 67) { Probe = probe };
        var run = host.RunAsync(stop.Token);

        port.Deliver(Build(DhcpMessageType.Discover, ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:5001")), xid: 1), Broadcast);
        await probe.Asked(A("198.18.1.0")).WaitAsync(Timeout);
        port.Deliver(Build(DhcpMessageType.Discover, ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:5002")), xid: 2), Broadcast);

        var second = await Next(port);
        Assert.That((second.TransactionId, second.YourAddress), Is.EqualTo((2u, A("198.18.1.1"))), "offered while the first ping still waits");

        probe.Answer(A("198.18.1.0"), answered: true);
        var first = await Next(port);
        Assert.That((first.TransactionId, first.YourAddress), Is.EqualTo((1u, A("198.18.1.2"))), "the answering .0 skipped, .1 taken: .2");
        Assert.That(store.Committed.Single().Address, Is.EqualTo(A("198.18.1.0")));
        Assert.That(store.Committed.Single().BindingState, Is.EqualTo(LeaseBindingState.Abandoned));

        await stop.CancelAsync();
        await run.WaitAsync(Timeout);
    }

    private static async Task<DhcpMessage> Next(ScriptedServerPort port)
    {
        var (payload, _, _) = await port.Sent.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        var message = new DhcpMessage();
        message.Read(payload);
        return message;
    }

    /// <summary>Holds the ping of an address until the test answers it; any other address answers "no one there" at once.</summary>
    private sealed class ScriptedProbe : IAddressProbe
    {
        private readonly Dictionary<IPv4Address, TaskCompletionSource<bool>> held = [];
        private readonly Dictionary<IPv4Address, TaskCompletionSource> asked = [];

        private TaskCompletionSource<bool> Held(IPv4Address a)
        {
            lock (held) return held.TryGetValue(a, out var t) ? t : held[a] = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        private TaskCompletionSource AskedSource(IPv4Address a)
        {
            lock (asked) return asked.TryGetValue(a, out var t) ? t : asked[a] = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public Task Asked(IPv4Address a) => AskedSource(a).Task;

        public void Answer(IPv4Address a, bool answered) => Held(a).TrySetResult(answered);

        public Task<bool> AnswersAsync(IPv4Address address, TimeSpan timeout, CancellationToken cancellationToken)
        {
            AskedSource(address).TrySetResult();
            return address == A("198.18.1.0") ? Held(address).Task : Task.FromResult(false);
        }
    }

    private sealed class InstantStore : ILeaseStore
    {
        public List<Lease> Committed { get; } = [];
        public int Count => 0;
        public long ServingEpoch => 0;

        public ValueTask CommitAsync(Lease lease, CancellationToken cancellationToken = default)
        {
            lock (Committed) Committed.Add(lease);
            return ValueTask.CompletedTask;
        }

        public bool TryGetByAddress(IPv4Address address, [NotNullWhen(true)] out Lease? lease)
        {
            lease = null;
            return false;
        }

        public IReadOnlyCollection<Lease> Snapshot() => [];

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class NullSink : ILogSink
    {
        public LogSeverity Threshold => LogSeverity.Error;
        public void Write(LogSeverity severity, string line) { }
    }
}
