using System.Net;
using System.Net.Sockets;
using System.Text;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Tests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// The real dhcpd's process habits, as ISC's dhcpd 4.4 has them (checked against /usr/sbin/dhcpd and its dhcpd.c):
/// it goes to the background once it serves unless -d or -f, the pid file holds the daemon's pid, the starter's exit
/// status is the daemon's start-up result (so Debian's <c>start-stop-daemon --start --exec dhcpd</c> returns), -user
/// and -group drop root after the sockets and the lease file are open; and systemd's notify protocol on a socket the
/// test listens on. Served traffic: relayed DHCP over loopback (<c>--listen 127.0.0.1:P -p P</c>).
/// </summary>
public sealed class ProcessHabitsTests
{
    private const string Config = """
        authoritative;
        ddns-update-style none;
        default-lease-time 600;
        shared-network relay {
          subnet 127.0.0.0 netmask 255.0.0.0 { }
          subnet 198.18.64.0 netmask 255.255.255.0 {
            range 198.18.64.10 198.18.64.250;
          }
        }
        """;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private static string Dhcpd => RepoLayout.Program("dhcpd");

    [OneTimeSetUp]
    public async Task RelayAddress() => await LoopbackPorts.EnsureRelayAddressOnLoopbackAsync();

    private static string[] Arguments(Workspace workspace, int port, params string[] extra) =>
        ["-q", "-cf", workspace.Write("dhcpd.conf", Config), "-lf", workspace.File("dhcpd.leases"), "-pf", workspace.File("dhcpd.pid"),
         "-p", $"{port}", "--listen", $"127.0.0.1:{port}", .. extra];

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("-q", "--help", "-cf", "/nonexistent")]
    public async Task Help_PrintsTheUsageOnStdout_ExitZero(params string[] arguments)
    {
        var run = await ProgramRun.RunAsync(Dhcpd, arguments, Deadline);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.StandardError);
        Assert.That(run.StandardOutput, Is.EqualTo(
            "Usage: dhcpd [-4] [-f] [-d] [-q] [-t|-T] [-p <port>] [-cf config-file] [-lf lease-file]\n" +
            "             [-user user] [-group group] [-chroot dir]\n" +
            "             [-pf pid-file] [--no-pid] [--listen addr[:port]]... [--fabric fabric-file]\n" +
            "             [--Section:Key=value]... [if0 [...ifN]]\n" +
            "       dhcpd {--version|--help|-h}\n"));
        Assert.That(run.StandardError, Is.Empty);
    }

    [Test]
    public async Task Version_PrintsOneLineOnStdout_ExitZero()
    {
        var run = await ProgramRun.RunAsync(Dhcpd, ["--version"], Deadline);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.StandardError);
        Assert.That(run.StandardOutput, Does.Match(@"^IPoIB-DHCP dhcpd [0-9]+\.[0-9]+\.[0-9]+\n$"));
        Assert.That(run.StandardError, Is.Empty);
    }

    [Test]
    public async Task WithoutDashF_TheStarterReturnsOnceServing_AndTheDaemonRunsDetached()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        // ProgramRun reads stdout and stderr to their end: it returns only if the daemon let go of both.
        var start = await ProgramRun.RunAsync(Dhcpd, Arguments(workspace, port), Deadline);
        Assert.That(start.ExitCode, Is.EqualTo(0), start.StandardError);

        using var daemon = DetachedDaemon.FromPidFile(workspace.File("dhcpd.pid"));
        Assert.That(daemon.IsRunning, Is.True, "the pid file names the running daemon, not the starter that exited");
        Assert.That(daemon.SessionId, Is.EqualTo(daemon.Id), "setsid: its own session, no controlling terminal");
        Assert.That(new[] { daemon.Descriptor(0), daemon.Descriptor(1), daemon.Descriptor(2) }, Is.All.EqualTo("/dev/null"));

        await AssertServesAsync(port);

        Assert.That(await daemon.StopAsync(StopTimeout), Is.True, "SIGTERM stops the daemon");
        Assert.That(File.Exists(workspace.File("dhcpd.pid")), Is.False, "its pid file is removed at the stop");
    }

    [Test]
    public async Task StartStopDaemon_StartsOnce_RefusesASecondStart_AndStops()
    {
        string ssd = Prerequisites.FindExecutable("start-stop-daemon") ?? "/sbin/start-stop-daemon";
        Prerequisites.RequireExecutable(ssd, "dpkg");
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        string pidFile = workspace.File("dhcpd.pid");
        // Debian's /etc/init.d/isc-dhcp-server: start-stop-daemon --start --quiet --pidfile P --exec /usr/sbin/dhcpd -- -q …
        string[] start = ["--start", "--quiet", "--pidfile", pidFile, "--exec", Dhcpd, "--", .. Arguments(workspace, port)];

        var first = await ProgramRun.RunAsync(ssd, start, Deadline);
        Assert.That(first.ExitCode, Is.EqualTo(0), first.StandardError);
        using var daemon = DetachedDaemon.FromPidFile(pidFile);
        Assert.That(daemon.IsRunning, Is.True);
        await AssertServesAsync(port);

        var second = await ProgramRun.RunAsync(ssd, start, Deadline);
        Assert.That(second.ExitCode, Is.EqualTo(1), "start-stop-daemon finds the daemon its pid file names (exit 1: already running)");

        var stop = await ProgramRun.RunAsync(ssd, ["--stop", "--quiet", "--pidfile", pidFile, "--exec", Dhcpd, "--retry", "TERM/15"], Deadline);
        Assert.That(stop.ExitCode, Is.EqualTo(0), stop.StandardError);
        Assert.That(daemon.IsRunning, Is.False);
    }

    [Test]
    public async Task BackgroundStartThatFails_ShowsTheDaemonsErrorAndExitsWithItsStatus()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        string[] arguments = Arguments(workspace, port);
        workspace.Write("dhcpd.conf", "subnet 127.0.0.0 netmask 255.0.0.0 { bogus; }\n");
        var run = await ProgramRun.RunAsync(Dhcpd, arguments, Deadline);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.ErrorLines, Is.EqualTo(new[]
        {
            $"{workspace.File("dhcpd.conf")}:1:38: unknown statement 'bogus'",
            "Configuration file errors encountered -- exiting",
        }));
        Assert.That(File.Exists(workspace.File("dhcpd.pid")), Is.False);
    }

    [Test]
    public async Task DashUserNobody_DropsRootAfterOpening_AndStillServesAndCommitsLeases()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        var (uid, gid) = PasswdEntry("nobody");
        var start = await ProgramRun.RunAsync(Dhcpd, Arguments(workspace, port, "-user", "nobody"), Deadline);
        Assert.That(start.ExitCode, Is.EqualTo(0), start.StandardError);

        using var daemon = DetachedDaemon.FromPidFile(workspace.File("dhcpd.pid"));
        Assert.That(daemon.Status("Uid"), Is.EqualTo($"{uid}\t{uid}\t{uid}\t{uid}"), "real, effective, saved and filesystem uid");
        Assert.That(daemon.Status("Gid"), Is.EqualTo($"{gid}\t{gid}\t{gid}\t{gid}"), "-user alone takes the user's own group, as ISC");
        Assert.That(daemon.Status("Groups"), Is.Empty, "root's supplementary groups are gone");
        Assert.That(daemon.Status("CapEff"), Is.EqualTo("0000000000000000"), "no capability left");

        // The lease file was opened as root; the ACK is committed to it by the unprivileged daemon.
        var address = await AssertServesAsync(port, request: true);
        string leases = await File.ReadAllTextAsync(workspace.File("dhcpd.leases"));
        Assert.That(leases, Does.Contain($"lease {address} {{"));
        Assert.That(await daemon.StopAsync(StopTimeout), Is.True);
    }

    [Test]
    public async Task DashGroupAlone_ChangesOnlyTheGroup()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        var (_, gid) = PasswdEntry("nobody");
        string group = GroupName(gid);
        var start = await ProgramRun.RunAsync(Dhcpd, Arguments(workspace, port, "-group", group), Deadline);
        Assert.That(start.ExitCode, Is.EqualTo(0), start.StandardError);
        using var daemon = DetachedDaemon.FromPidFile(workspace.File("dhcpd.pid"));
        Assert.That(daemon.Status("Uid"), Is.EqualTo("0\t0\t0\t0"));
        Assert.That(daemon.Status("Gid"), Is.EqualTo($"{gid}\t{gid}\t{gid}\t{gid}"));
        Assert.That(await daemon.StopAsync(StopTimeout), Is.True);
    }

    // ISC 4.4 (Debian's build): "no such user: U" / "no such group: G", exit 1, checked before dhcpd.conf, also with -t.
    [TestCase("-user", "nosuchuser0", "dhcpd: no such user: nosuchuser0")]
    [TestCase("-group", "nosuchgroup0", "dhcpd: no such group: nosuchgroup0")]
    public async Task UnknownUserOrGroup_OnePlainLine_ExitOne(string flag, string name, string line)
    {
        using var workspace = Workspace.Create();
        var run = await ProgramRun.RunAsync(Dhcpd, ["-t", "-q", "-cf", workspace.Write("dhcpd.conf", Config), flag, name], Deadline);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.ErrorLines, Is.EqualTo(new[] { line }));
    }

    [Test]
    public async Task Chroot_IsRefusedInOneLine()
    {
        using var workspace = Workspace.Create();
        var run = await ProgramRun.RunAsync(Dhcpd, ["-t", "-q", "-cf", workspace.Write("dhcpd.conf", Config), "-chroot", workspace.Path], Deadline);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.ErrorLines, Has.Length.EqualTo(1));
        Assert.That(run.ErrorLines[0], Does.StartWith($"dhcpd: -chroot {workspace.Path}: not supported"));
    }

    [Test]
    public async Task NotifySocket_ReadyOnceThePortIsOpen_StoppingOnSigterm_AndNoFork()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        string socketPath = workspace.File("notify");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(socketPath));

        // No -f: under NOTIFY_SOCKET (Type=notify) dhcpd stays the process systemd started.
        await using var dhcpd = DaemonProcess.Start(Dhcpd, Arguments(workspace, port), new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath });
        string ready = await ReceiveAsync(systemd, Support.Dhcpd.StartTimeout);
        Assert.That(ready, Is.EqualTo($"READY=1\nMAINPID={dhcpd.Id}\nSTATUS=Serving"));
        // READY=1 came after the port was bound: binding it now fails, and a request is answered.
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            var bind = Assert.Throws<SocketException>(() => probe.Bind(new IPEndPoint(LoopbackPorts.Server, port)));
            Assert.That(bind!.SocketErrorCode, Is.EqualTo(SocketError.AddressAlreadyInUse));
        }
        await AssertServesAsync(port);
        Assert.That(File.ReadAllText(workspace.File("dhcpd.pid")), Is.EqualTo($"{dhcpd.Id}\n"), "no background start: the started process serves");

        string kill = Prerequisites.FindExecutable("kill") ?? "/bin/kill";
        Assert.That((await ProgramRun.RunAsync(kill, ["-TERM", $"{dhcpd.Id}"], Deadline)).ExitCode, Is.EqualTo(0));
        Assert.That(await ReceiveAsync(systemd, StopTimeout), Is.EqualTo("STOPPING=1"));
        Assert.That(await dhcpd.WaitForExitAsync(StopTimeout), Is.True);
        Assert.That(dhcpd.ExitCode, Is.EqualTo(0), dhcpd.Output);
    }

    private static async Task<string> ReceiveAsync(Socket socket, TimeSpan timeout)
    {
        var buffer = new byte[4096];
        using var cancel = new CancellationTokenSource(timeout);
        int n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    /// <summary>A relayed DISCOVER (and REQUEST) answered by the dhcpd on <paramref name="port"/>; returns the address offered.</summary>
    private static async Task<IPv4Address> AssertServesAsync(int port, bool request = false)
    {
        await using var relay = DhcpTestClient.OverUdp(new IPEndPoint(LoopbackPorts.Relay, port), new IPEndPoint(LoopbackPorts.Server, port));
        var id = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:3001"));
        var giaddr = IPv4Address.FromIPAddress(LoopbackPorts.Relay);
        uint xid = (uint)TestContext.CurrentContext.Random.Next();
        var discover = new DhcpPacket(DhcpMessageType.Discover, xid, id) { GatewayAddress = giaddr, Hops = 1 };
        var offer = await relay.ExchangeAsync(discover, default);
        IPoIBReplyAssert.Framing(offer, discover, DhcpMessageType.Offer);
        if (!request) return offer!.YourAddress;
        var ask = new DhcpPacket(DhcpMessageType.Request, xid + 1, id)
        {
            GatewayAddress = giaddr,
            Hops = 1,
            RequestedAddress = offer!.YourAddress,
            ServerIdentifier = IPv4Address.FromIPAddress(LoopbackPorts.Server),
        };
        var ack = await relay.ExchangeAsync(ask, default);
        IPoIBReplyAssert.Framing(ack, ask, DhcpMessageType.Ack);
        return ack!.YourAddress;
    }

    private static (int Uid, int Gid) PasswdEntry(string user)
    {
        var fields = File.ReadAllLines("/etc/passwd").Select(l => l.Split(':')).Single(f => f[0] == user);
        return (int.Parse(fields[2]), int.Parse(fields[3]));
    }

    private static string GroupName(int gid) =>
        File.ReadAllLines("/etc/group").Select(l => l.Split(':')).First(f => f[2] == $"{gid}")[0];
}
