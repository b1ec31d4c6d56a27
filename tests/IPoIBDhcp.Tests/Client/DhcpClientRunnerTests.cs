using System.Threading.Channels;
using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Protocol;
using IPoIBDhcp.Client.Script;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Client.ServerReplies;

namespace IPoIBDhcp.Tests.Client;

public class DhcpClientRunnerTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 16, 10, 0, 0, TimeSpan.Zero);

    private sealed class Monitor : IClientMonitor
    {
        public Channel<(ClientState State, DateTimeOffset? Deadline)> Waits { get; } = Channel.CreateUnbounded<(ClientState, DateTimeOffset?)>();

        public void Waiting(ClientState state, DateTimeOffset? deadline) => Waits.Writer.TryWrite((state, deadline));

        public async Task<DateTimeOffset?> UntilAsync(ClientState state)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (true)
            {
                var (s, d) = await Waits.Reader.ReadAsync(timeout.Token);
                if (s == state) return d;
            }
        }
    }

    private sealed class Scripts : IScriptRunner
    {
        public List<(ScriptReason Reason, ClientLease? Old, ClientLease? New)> Runs { get; } = [];

        public int Run(ScriptReason reason, ClientLease? oldLease, ClientLease? newLease)
        {
            lock (Runs) Runs.Add((reason, oldLease, newLease));
            return 0;
        }
    }

    private sealed class Store : ILeaseStore
    {
        public List<ClientLease> Leases { get; } = [];

        public void Record(ClientLease lease)
        {
            lock (Leases) Leases.Add(lease.Clone());
        }
    }

    private sealed record Rig(ManualTimeProvider Time, FakePort Port, ScriptedServer Server, Monitor Monitor, Scripts Scripts, Store Store,
        RecordingAddressConfigurator Addresses, DhcpClientRunner Runner, CancellationTokenSource Cts);

    private static Rig Create(ClientSettings? settings = null, bool oneTry = false)
    {
        settings ??= new ClientSettings();
        var time = new ManualTimeProvider(T0);
        var port = new FakePort("ib1", LinkType.InfiniBand, DhcpClientMachineTests.IbAddress, 2044);
        var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var server = new ScriptedServer(port, cts.Token);
        var monitor = new Monitor();
        var scripts = new Scripts();
        var store = new Store();
        var addresses = new RecordingAddressConfigurator();
        var link = new ClientLink(port.Name, port.LinkType, port.LinkAddress, port.Mtu);
        var builder = new ClientMessageBuilder(link, settings, DhcpClientMachineTests.FlexBootId, null);
        var services = new ClientServices(scripts, store, addresses, NullLogSink.Instance, monitor);
        var runner = new DhcpClientRunner(port, link, settings, builder, services, time, new Random(7), oneTry);
        return new Rig(time, port, server, monitor, scripts, store, addresses, runner, cts);
    }

    [Test]
    public async Task DoraOverAPortThenRenewAtT1ByUnicast()
    {
        var rig = Create();
        var run = rig.Runner.RunAsync(ClientRunMode.Run, null, [], rig.Cts.Token);

        var discover = await rig.Server.NextAsync();
        Assert.That(discover.Message.MessageType, Is.EqualTo(DhcpMessageType.Discover));
        Assert.That(discover.Target, Is.EqualTo(LinkTarget.Broadcast));
        var request = await rig.Server.NextAsync();
        Assert.That(request.Message.MessageType, Is.EqualTo(DhcpMessageType.Request));
        var t1 = await rig.Monitor.UntilAsync(ClientState.Bound);
        Assert.That(t1, Is.EqualTo(T0.AddSeconds(300)));
        Assert.That(rig.Addresses.AddressOf("ib1"), Is.EqualTo(Offered));
        Assert.That(rig.Store.Leases, Has.Count.EqualTo(1));

        rig.Time.AdvanceTo(t1!.Value);
        var renew = await rig.Server.NextAsync();
        Assert.That(renew.Message.MessageType, Is.EqualTo(DhcpMessageType.Request));
        Assert.That(renew.Message.ClientAddress, Is.EqualTo(Offered));
        Assert.That(renew.Target, Is.EqualTo(LinkTarget.Routed));
        Assert.That(renew.Endpoints, Is.EqualTo(new DatagramEndpoints(Offered, 68, ServerReplies.Server, 67)));
        var next = await rig.Monitor.UntilAsync(ClientState.Bound);
        Assert.That(next, Is.EqualTo(T0.AddSeconds(600)));
        lock (rig.Scripts.Runs)
            Assert.That(rig.Scripts.Runs.Select(r => r.Reason), Is.EqualTo(new[] { ScriptReason.Preinit, ScriptReason.Bound, ScriptReason.Renew }));
        Assert.That(rig.Store.Leases, Has.Count.EqualTo(2));

        await rig.Cts.CancelAsync();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task SilentServerRebindsAtT2ThenExpiresAndStartsOver()
    {
        var rig = Create();
        var run = rig.Runner.RunAsync(ClientRunMode.Run, null, [], rig.Cts.Token);
        var t1 = await rig.Monitor.UntilAsync(ClientState.Bound);
        rig.Server.Silent = true;
        var lease = rig.Runner.Machine.Active!;
        rig.Time.AdvanceTo(t1!.Value);
        // Follow every wait to its deadline until the client is back at SELECTING.
        var states = new List<ClientState>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var (state, deadline) = await rig.Monitor.Waits.Reader.ReadAsync(timeout.Token);
            states.Add(state);
            if (state == ClientState.Selecting) break;
            rig.Time.AdvanceTo(deadline!.Value);
        }
        Assert.That(states.Distinct(), Is.EqualTo(new[] { ClientState.Renewing, ClientState.Rebinding, ClientState.Selecting }));
        var sent = new List<RecordingHost.Sent>();
        do sent.Add(await rig.Server.NextAsync());
        while (sent[^1].Message.MessageType != DhcpMessageType.Discover || sent.Count < 3);
        var renews = sent.Where(s => s.Message.MessageType == DhcpMessageType.Request && s.Target == LinkTarget.Routed).ToList();
        var rebinds = sent.Where(s => s.Message.MessageType == DhcpMessageType.Request && s.Target == LinkTarget.Broadcast && s.Message.ClientAddress == Offered).ToList();
        Assert.That(renews, Is.Not.Empty);
        Assert.That(rebinds, Is.Not.Empty);
        Assert.That(rebinds.All(r => r.Endpoints.Destination == IPv4Address.Broadcast && r.Endpoints.Source == Offered), Is.True);
        Assert.That(sent[^1].Message.MessageType, Is.EqualTo(DhcpMessageType.Discover));
        Assert.That(rig.Time.GetUtcNow(), Is.EqualTo(lease.Expiry));
        lock (rig.Scripts.Runs)
            Assert.That(rig.Scripts.Runs.Select(r => r.Reason).TakeLast(2), Is.EqualTo(new[] { ScriptReason.Expire, ScriptReason.Preinit }));
        Assert.That(rig.Addresses.AddressOf("ib1"), Is.Null);
        await rig.Cts.CancelAsync();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task NakOnRenewExpiresTheLeaseAndDiscoversAgain()
    {
        var rig = Create();
        var run = rig.Runner.RunAsync(ClientRunMode.Run, null, [], rig.Cts.Token);
        var t1 = await rig.Monitor.UntilAsync(ClientState.Bound);
        rig.Server.Nak = true;
        rig.Time.AdvanceTo(t1!.Value);
        await rig.Monitor.UntilAsync(ClientState.Selecting);
        Assert.That(rig.Runner.Machine.Active, Is.Null);
        lock (rig.Scripts.Runs)
            Assert.That(rig.Scripts.Runs.Select(r => r.Reason).TakeLast(2), Is.EqualTo(new[] { ScriptReason.Expire, ScriptReason.Preinit }));
        await rig.Cts.CancelAsync();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task OneTryGivesUpWithExitStatusTwo()
    {
        var rig = Create(new ClientSettings { Timeout = 10 }, oneTry: true);
        rig.Server.Silent = true;
        var run = rig.Runner.RunAsync(ClientRunMode.Run, null, [], rig.Cts.Token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!run.IsCompleted)
        {
            var read = rig.Monitor.Waits.Reader.ReadAsync(timeout.Token).AsTask();
            if (await Task.WhenAny(read, run) == run) break;
            var (_, deadline) = await read;
            rig.Time.AdvanceTo(deadline!.Value);
        }
        Assert.That(await run, Is.EqualTo(2));
        Assert.That(rig.Time.GetUtcNow() - T0, Is.LessThan(TimeSpan.FromSeconds(12)));
    }

    [Test]
    public async Task InfiniteLeaseKeepsTheClientRunningWithNoTimerForYears()
    {
        var rig = Create();
        rig.Server.LeaseTime = LeaseTimes.Infinite;
        var run = rig.Runner.RunAsync(ClientRunMode.Run, null, [], rig.Cts.Token);
        var deadline = await rig.Monitor.UntilAsync(ClientState.Bound);
        Assert.That(deadline, Is.Null, "nothing to wake up for");
        Assert.That(rig.Runner.Machine.Active!.Expiry, Is.EqualTo(DateTimeOffset.MaxValue));
        await rig.Server.NextAsync();
        await rig.Server.NextAsync();

        rig.Time.Advance(TimeSpan.FromDays(20 * 365));
        await Task.Delay(200);
        Assert.That(run.IsCompleted, Is.False, () => run.Exception?.ToString() ?? "the client stopped");
        Assert.That(rig.Server.Seen.Reader.Count, Is.Zero, "nothing sent in twenty years");
        Assert.That(rig.Runner.Machine.State, Is.EqualTo(ClientState.Bound));
        await rig.Cts.CancelAsync();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task HundredDayLeaseWaitsPastTheTimerLimitAndRenewsAtT1()
    {
        var rig = Create();
        rig.Server.LeaseTime = 100 * 86400;
        var run = rig.Runner.RunAsync(ClientRunMode.Run, null, [], rig.Cts.Token);
        var t1 = await rig.Monitor.UntilAsync(ClientState.Bound);
        Assert.That(t1, Is.EqualTo(T0.AddDays(50)));
        await rig.Server.NextAsync();
        await rig.Server.NextAsync();

        // 50 days is past what one .NET timer can wait (~49.7 days): the runner waits in slices.
        rig.Time.AdvanceTo(T0.AddDays(49));
        await Task.Delay(100);
        Assert.That(run.IsCompleted, Is.False, () => run.Exception?.ToString() ?? "the client stopped");
        Assert.That(rig.Server.Seen.Reader.Count, Is.Zero, "no renewal before T1");
        rig.Time.AdvanceTo(t1!.Value);
        var renew = await rig.Server.NextAsync();
        Assert.That(renew.Message.MessageType, Is.EqualTo(DhcpMessageType.Request));
        Assert.That(renew.Message.ClientAddress, Is.EqualTo(Offered));
        // The waits before T1 were sliced (each slice is reported); the first Bound wait after them is the new T1.
        DateTimeOffset? next;
        do next = await rig.Monitor.UntilAsync(ClientState.Bound);
        while (next == t1);
        Assert.That(next, Is.EqualTo(T0.AddDays(100)));
        await rig.Cts.CancelAsync();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task LeaseTimeZeroServerGetsAHandfulOfMessagesIn6Seconds()
    {
        var rig = Create();
        rig.Server.LeaseTime = 0;
        var run = rig.Runner.RunAsync(ClientRunMode.Run, null, [], rig.Cts.Token);
        var end = T0.AddSeconds(6);
        for (int step = 0; step < 200; step++)
        {
            // Let the exchange settle in real time, then move the clock to the client's next deadline.
            await Task.Delay(30);
            DateTimeOffset? deadline = null;
            bool waited = false;
            while (rig.Monitor.Waits.Reader.TryRead(out var wait))
            {
                deadline = wait.Deadline;
                waited = true;
            }
            if (!waited) continue;
            if (deadline is not { } due || due > end) break;
            rig.Time.AdvanceTo(due);
        }
        int sent = rig.Server.Seen.Reader.Count;
        TestContext.Out.WriteLine($"{sent} messages in 6 simulated seconds (ISC dhclient 4.4.3: 5)");
        Assert.That(sent, Is.InRange(2, 5));
        Assert.That(run.IsCompleted, Is.False);
        lock (rig.Scripts.Runs)
            Assert.That(rig.Scripts.Runs.Select(r => r.Reason), Does.Not.Contain(ScriptReason.Bound));
        await rig.Cts.CancelAsync();
        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void TransmitBudgetAllowsABurstThenOneMessageASecond()
    {
        var time = new ManualTimeProvider(T0);
        var budget = new TransmitBudget(time);
        int sent = 0;
        for (int i = 0; i < 100; i++)
            if (budget.TryTake()) sent++;
        Assert.That(sent, Is.EqualTo(TransmitBudget.Burst));
        // A client trying every millisecond for 6 s gets the burst plus one a second.
        for (int ms = 0; ms < 6000; ms++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
            if (budget.TryTake()) sent++;
        }
        Assert.That(sent, Is.EqualTo(TransmitBudget.Burst + 6));
        // After a quiet minute the burst is available again, and no more.
        time.Advance(TimeSpan.FromMinutes(1));
        int burst = 0;
        while (budget.TryTake()) burst++;
        Assert.That(burst, Is.EqualTo(TransmitBudget.Burst));
    }

    [Test]
    public async Task ReleaseModeSendsReleaseAndReturnsZero()
    {
        var rig = Create();
        var saved = new ClientLease { Interface = "ib1", Address = Offered, Expiry = T0.AddHours(1) };
        saved.Options[DhcpOptionCode.ServerIdentifier] = [198, 18, 0, 1];
        int code = await rig.Runner.RunAsync(ClientRunMode.Release, saved, [], rig.Cts.Token);
        Assert.That(code, Is.EqualTo(0));
        var release = await rig.Server.NextAsync();
        Assert.That(release.Message.MessageType, Is.EqualTo(DhcpMessageType.Release));
        Assert.That(release.Endpoints.Destination, Is.EqualTo(ServerReplies.Server));
        await rig.Cts.CancelAsync();
    }
}
