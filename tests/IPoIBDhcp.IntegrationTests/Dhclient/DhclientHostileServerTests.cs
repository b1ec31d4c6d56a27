using System.Collections.Concurrent;
using System.Diagnostics;
using IPoIBDhcp.Engine;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhclient;

/// <summary>
/// Issue 13 on the real dhclient binary: a server on the emulated fabric, played by the test, that answers every
/// DISCOVER and REQUEST at once with a lease time of 0, with an infinite lease (0xffffffff) or with an ACK for an
/// address no host may use. The unfixed client sent 46,000–77,000 messages in 6 s to the first, crashed after
/// binding the second and handed the third to its script; ISC dhclient 4.4.3 sends 5 messages to the first.
/// </summary>
public sealed class DhclientHostileServerTests
{
    private const string ClientHost = "cx1039";
    private const string ExtraHosts = "host cx1039 { port ib1 guid 0002:c903:0000:1039; }";
    private static readonly IPv4Address ServerAddress = IPv4Address.Parse("198.18.0.1");
    private static readonly IPv4Address Offered = IPv4Address.Parse("198.18.1.10");
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(6);

    // Generous: a loaded build machine can take many seconds to start a .NET program.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task LeaseTimeZero_AFewMessagesIn6Seconds_NotAStorm()
    {
        await using var bed = await Bed.StartAsync(leaseTime: 0, ackAddress: Offered);
        var first = await bed.Server.FirstAsync(StartTimeout, bed.Client);
        await Task.Delay(Window + TimeSpan.FromSeconds(0.5));

        var inWindow = bed.Server.Received.Where(r => r.At - first <= Window).ToArray();
        TestContext.Out.WriteLine($"{inWindow.Length} messages in 6 s (ISC dhclient 4.4.3: 5): {string.Join(", ", inWindow.Select(r => r.Type))}");
        Assert.That(inWindow, Has.Length.InRange(2, 10), bed.Client.Output);
        Assert.That(bed.Client.HasExited, Is.False, bed.Client.Output);
        Assert.That(bed.Client.Lines, Has.Some.Contains("no expiry time on offered lease."));
        Assert.That(bed.Client.Lines, Has.Some.Contains("added to list of rejected servers"));
        Assert.That(bed.Script.Runs().Select(r => r.Reason), Does.Not.Contain("BOUND"));
    }

    [Test]
    public async Task InfiniteLease_Binds_AndTheClientKeepsRunningQuietly()
    {
        await using var bed = await Bed.StartAsync(leaseTime: uint.MaxValue, ackAddress: Offered);
        var bound = await bed.Script.WaitForAsync("BOUND", StartTimeout, bed.Client);
        Assert.That(bound["new_ip_address"], Is.EqualTo(Offered.ToString()), bound.ToString());
        Assert.That(bound["new_dhcp_lease_time"], Is.EqualTo("4294967295"), bound.ToString());
        int sent = bed.Server.Received.Count;

        // The unfixed client died here at once (a timer past ~49.7 days); this one waits without a timer.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.That(bed.Client.HasExited, Is.False, bed.Client.Output);
        Assert.That(bed.Server.Received, Has.Count.EqualTo(sent), "nothing more to say after an infinite lease");
        Assert.That(bed.Client.Lines, Has.Some.Contains("bound to 198.18.1.10 -- infinite lease, no renewal."));
        Assert.That(bed.Client.Output, Does.Not.Contain("Exception"));
        string leases = File.ReadAllText(bed.LeaseFile);
        Assert.That(leases, Does.Contain("  renew never;").And.Contain("  rebind never;").And.Contain("  expire never;"), leases);
    }

    [TestCase("255.255.255.255")]
    [TestCase("127.0.0.1")]
    [TestCase("224.0.0.1")]
    [TestCase("198.18.15.255")]
    public async Task UnusableAckedAddress_IsDeclined_NeverBound_NotAStorm(string address)
    {
        var bad = IPv4Address.Parse(address);
        await using var bed = await Bed.StartAsync(leaseTime: 600, ackAddress: bad);
        var first = await bed.Server.FirstAsync(StartTimeout, bed.Client);
        await Task.Delay(Window + TimeSpan.FromSeconds(0.5));

        var inWindow = bed.Server.Received.Where(r => r.At - first <= Window).ToArray();
        TestContext.Out.WriteLine(bed.Client.Output);
        Assert.That(inWindow, Has.Length.InRange(3, 10), bed.Client.Output);
        Assert.That(inWindow.Select(r => r.Type), Does.Contain(DhcpMessageType.Decline));
        Assert.That(bed.Client.Lines, Has.Some.Contains($"DHCPACK of {address} from 198.18.0.1: unusable address"));
        Assert.That(bed.Client.HasExited, Is.False, bed.Client.Output);
        Assert.That(bed.Script.Runs().Select(r => r.Reason), Does.Not.Contain("BOUND"));
    }

    /// <summary>The fabric, the test's server on head:ib0 and the real dhclient on cx1039:ib1.</summary>
    private sealed class Bed : IAsyncDisposable
    {
        private readonly Workspace workspace;
        private readonly IAsyncDisposable engine;

        private Bed(Workspace workspace, IAsyncDisposable engine, InstantServer server, DaemonProcess client, ScriptLog script, string leaseFile)
        {
            this.workspace = workspace;
            this.engine = engine;
            Server = server;
            Client = client;
            Script = script;
            LeaseFile = leaseFile;
        }

        public InstantServer Server { get; }
        public DaemonProcess Client { get; }
        public ScriptLog Script { get; }
        public string LeaseFile { get; }

        public static Task<Bed> StartAsync(uint leaseTime, IPv4Address ackAddress)
        {
            var workspace = Workspace.Create();
            var fabric = TestFabric.Create(workspace, extraHosts: ExtraHosts);
            var engine = fabric.Join("head");
            var server = new InstantServer(engine.OpenPort("head", "ib0", 67), leaseTime, ackAddress);
            // The seed's ConnectX dhclient.conf verbatim: ISC's default timing.
            string config = workspace.Write("dhclient.conf", File.ReadAllText(Path.Combine(RepoLayout.ConfExamples, "dhclient-connectx.conf")));
            var script = ScriptLog.Create(workspace);
            string leaseFile = workspace.File("dhclient.leases");
            string[] arguments = ["-d", "-v", "--fabric", fabric.ConfigPath, "-cf", config, "-lf", leaseFile, "-sf", script.ScriptPath, "--no-pid", "ib1"];
            var client = DaemonProcess.Start(RepoLayout.Program("dhclient"), arguments, fabric.EnvironmentFor(ClientHost));
            return Task.FromResult(new Bed(workspace, engine, server, client, script, leaseFile));
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
            await engine.DisposeAsync();
            workspace.Dispose();
        }
    }

    /// <summary>A server that answers at once: OFFER of <see cref="Offered"/>, ACK of the given address, both with the given lease time.</summary>
    private sealed class InstantServer : IAsyncDisposable
    {
        private readonly IDatagramPort port;
        private readonly uint leaseTime;
        private readonly IPv4Address ackAddress;
        private readonly CancellationTokenSource stop = new();
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private readonly Task loop;

        public InstantServer(IDatagramPort port, uint leaseTime, IPv4Address ackAddress)
        {
            this.port = port;
            this.leaseTime = leaseTime;
            this.ackAddress = ackAddress;
            loop = Task.Run(RunAsync);
        }

        /// <summary>Every client message, with when it arrived.</summary>
        public ConcurrentQueue<(DhcpMessageType Type, TimeSpan At)> Received { get; } = new();

        public async Task<TimeSpan> FirstAsync(TimeSpan timeout, DaemonProcess client)
        {
            var waited = Stopwatch.StartNew();
            while (Received.IsEmpty)
            {
                if (waited.Elapsed > timeout || client.HasExited) Assert.Fail($"no message from dhclient; output:\n{client.Output}");
                await Task.Delay(20);
            }
            return Received.First().At;
        }

        private async Task RunAsync()
        {
            var buffer = new byte[4096];
            var request = new DhcpMessage();
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var received = await port.ReceiveAsync(buffer, stop.Token);
                    if (received.Endpoints.DestinationPort != 67 || !request.TryRead(buffer.AsSpan(0, received.Length), out _)) continue;
                    if (request.Op != BootpOpCode.BootRequest) continue;
                    Received.Enqueue((request.MessageType, clock.Elapsed));
                    var reply = request.MessageType switch
                    {
                        DhcpMessageType.Discover => Reply(DhcpMessageType.Offer, request, Offered),
                        DhcpMessageType.Request => Reply(DhcpMessageType.Ack, request, ackAddress),
                        _ => null,
                    };
                    if (reply is not null)
                        await port.SendAsync(reply, new DatagramEndpoints(ServerAddress, 67, IPv4Address.Broadcast, 68), LinkTarget.Broadcast, stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        private byte[] Reply(DhcpMessageType type, DhcpMessage request, IPv4Address yiaddr)
        {
            var buffer = new byte[576];
            var w = new DhcpMessageWriter(buffer)
            {
                Op = BootpOpCode.BootReply,
                HardwareType = request.HardwareType,
                TransactionId = request.TransactionId,
                Flags = request.Flags,
                YourAddress = yiaddr,
            };
            w.SetClientHardwareAddress(request.ClientHardwareAddress);
            w.WriteMessageType(type);
            w.WriteOption(DhcpOptionCode.ServerIdentifier, ServerAddress);
            w.WriteOption(DhcpOptionCode.LeaseTime, leaseTime);
            w.WriteOption(DhcpOptionCode.SubnetMask, IPv4Address.Parse("255.255.240.0"));
            w.WriteOption(DhcpOptionCode.Routers, ServerAddress);
            if (request.HasOption(DhcpOptionCode.ClientIdentifier))
                w.WriteOption(DhcpOptionCode.ClientIdentifier, request.ClientIdentifier);
            return buffer[..w.Finish()];
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
            }
            await port.DisposeAsync();
            stop.Dispose();
        }
    }
}
