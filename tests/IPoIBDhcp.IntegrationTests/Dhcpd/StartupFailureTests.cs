using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.IntegrationTests.Support;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// What an admin sees when the real dhcpd cannot start: exit status 1 and one plain line saying what failed, which
/// port or file, and why, never a .NET stack trace (before, a busy port or a bad setting ended in exit 134 with one).
/// </summary>
public sealed class StartupFailureTests
{
    private const string Config = """
        authoritative;
        shared-network relay {
          subnet 127.0.0.0 netmask 255.0.0.0 { }
          subnet 198.18.64.0 netmask 255.255.255.0 { range 198.18.64.10 198.18.64.250; }
        }
        """;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static string Dhcpd => RepoLayout.Program("dhcpd");

    /// <summary><c>-d -q -cf CONF -lf LEASES --no-pid -p P --listen 127.0.0.1:P</c> and the extra arguments.</summary>
    private static string[] RelayedArguments(Workspace workspace, int port, params string[] extra) =>
        ["-d", "-q", "-cf", workspace.Write("dhcpd.conf", Config), "-lf", workspace.File("dhcpd.leases"), "--no-pid",
            "-p", $"{port}", "--listen", $"127.0.0.1:{port}", .. extra];

    private static void AssertOneLineFailure(ProgramRun run, string line, int exitCode = 1)
    {
        Assert.That(run.ExitCode, Is.EqualTo(exitCode), run.StandardError);
        Assert.That(run.StandardError, Does.Not.Contain("   at ").And.Not.Contain("Unhandled exception"), "no .NET stack trace");
        Assert.That(run.ErrorLines, Is.Not.Empty);
        Assert.That(run.ErrorLines[^1], Is.EqualTo(line), run.StandardError);
        Assert.That(run.ErrorLines.Count(l => l == line), Is.EqualTo(1), "said once");
    }

    [Test]
    public async Task ABusyListenPort_IsOneLine_AndExitOne()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, port));

        var run = await ProgramRun.RunAsync(Dhcpd, RelayedArguments(workspace, port), Deadline);

        AssertOneLineFailure(run, $"Can't bind to dhcp address 127.0.0.1:{port}: Address already in use -- exiting");
    }

    [Test]
    public async Task ABusyMetricsPort_IsOneLine_AndExitOne()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int metrics = ((IPEndPoint)holder.LocalEndpoint).Port;

        var run = await ProgramRun.RunAsync(Dhcpd, RelayedArguments(workspace, port, $"--MetricsEndpoint=127.0.0.1:{metrics}"), Deadline);

        AssertOneLineFailure(run, $"Can't serve metrics on 127.0.0.1:{metrics}: Address already in use -- exiting");
    }

    [Test]
    public async Task AMisspeltSetting_IsRefusedByName_FromTheCommandLine()
    {
        using var workspace = Workspace.Create();
        var run = await ProgramRun.RunAsync(Dhcpd, RelayedArguments(workspace, LoopbackPorts.PickFree(), "--MetricEndpoint=127.0.0.1:9167"), Deadline);

        AssertOneLineFailure(run, "dhcpd: unknown setting 'MetricEndpoint' (from the command line)");
        Assert.That(File.Exists(workspace.File("dhcpd.leases")), Is.False, "refused before anything was opened");
    }

    [Test]
    public async Task AMisspeltSetting_IsRefusedByName_FromTheEnvironment()
    {
        using var workspace = Workspace.Create();
        var run = await ProgramRun.RunAsync(Dhcpd, RelayedArguments(workspace, LoopbackPorts.PickFree()), Deadline,
            environment: new Dictionary<string, string> { ["IPOIBDHCP_Journal__Flsh"] = "none", ["IPOIBDHCP_FABRIC_HOST"] = "head" });

        AssertOneLineFailure(run, "dhcpd: unknown setting 'Journal:Flsh' (from environment variable IPOIBDHCP_Journal__Flsh)");
    }

    [Test]
    public async Task AMisspeltSetting_IsRefusedByName_FromTheJsonFile()
    {
        using var workspace = Workspace.Create();
        string json = workspace.Write("dhcpd.json", """{ "LogLevel": "info", "Cluster": { "Member": [ "127.0.0.1:7000" ] } }""");
        var run = await ProgramRun.RunAsync(Dhcpd, RelayedArguments(workspace, LoopbackPorts.PickFree()), Deadline,
            environment: new Dictionary<string, string> { ["IPOIBDHCP_SETTINGS"] = json });

        AssertOneLineFailure(run, $"dhcpd: unknown setting 'Cluster:Member:0' (from {json})");
    }

    [Test]
    public async Task AMalformedJsonFile_IsFileLineColumn_AndExitOne()
    {
        using var workspace = Workspace.Create();
        string json = workspace.Write("dhcpd.json", "{\n  \"LogLevel\": \"info\",\n  \"OfferHoldSeconds\": 30,,\n}\n");
        var run = await ProgramRun.RunAsync(Dhcpd, RelayedArguments(workspace, LoopbackPorts.PickFree()), Deadline,
            environment: new Dictionary<string, string> { ["IPOIBDHCP_SETTINGS"] = json });

        AssertOneLineFailure(run, $"dhcpd: {json}:3:26: ',' is an invalid start of a property name. Expected a '\"'");
    }

    [Test]
    public async Task LeaseCheck_OnTheFileARunningDhcpdServes_ExitsZero_AndTheLockStillKeepsASecondServerOut()
    {
        using var workspace = Workspace.Create();
        string leases = workspace.File("dhcpd.leases");
        int port = LoopbackPorts.PickFree();
        await using var running = await Support.Dhcpd.StartRelayedAsync(workspace, workspace.Write("dhcpd.conf", Config), leases, port);

        var check = await ProgramRun.RunAsync(Dhcpd, ["-T", "-lf", leases], Deadline);

        Assert.That(check.ExitCode, Is.EqualTo(0), check.StandardError);
        Assert.That(check.StandardError, Is.Empty);

        int other = LoopbackPorts.PickFree();
        var second = await ProgramRun.RunAsync(Dhcpd, ["-d", "-q", "-cf", workspace.File("dhcpd.conf"), "-lf", leases, "--no-pid",
            "-p", $"{other}", "--listen", $"127.0.0.1:{other}"], Deadline);
        AssertOneLineFailure(second, $"Can't open lease database {leases}: locked by another process (another dhcpd serving this file?) -- exiting");
    }

    [Test]
    public async Task LeaseCheck_OnADirectoryOrAMissingFile_IsOneLine()
    {
        using var workspace = Workspace.Create();
        AssertOneLineFailure(await ProgramRun.RunAsync(Dhcpd, ["-T", "-lf", workspace.Path], Deadline),
            $"Can't open lease database {workspace.Path}: Is a directory -- exiting");
        string missing = workspace.File("none.leases");
        AssertOneLineFailure(await ProgramRun.RunAsync(Dhcpd, ["-T", "-lf", missing], Deadline),
            $"Can't open lease database {missing}: No such file or directory -- exiting");
    }

    [Test]
    public async Task ADirectoryGivenAsConfigOrLeaseFile_IsOneLine()
    {
        using var workspace = Workspace.Create();
        var config = await ProgramRun.RunAsync(Dhcpd, ["-t", "-cf", workspace.Path], Deadline);
        Assert.That(config.ErrorLines, Is.EqualTo(new[] { $"Can't open {workspace.Path}: Is a directory", "Configuration file errors encountered -- exiting" }));
        Assert.That(config.ExitCode, Is.EqualTo(1));

        int port = LoopbackPorts.PickFree();
        string[] arguments = ["-d", "-q", "-cf", workspace.Write("dhcpd.conf", Config), "-lf", workspace.Path, "--no-pid", "-p", $"{port}", "--listen", $"127.0.0.1:{port}"];
        AssertOneLineFailure(await ProgramRun.RunAsync(Dhcpd, arguments, Deadline), $"Can't open lease database {workspace.Path}: Is a directory -- exiting");
    }

    [Test]
    public async Task ALeaseFileWhereNothingCanBeWritten_IsOneLine()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        // /proc takes no new files, root or not: the lease file cannot be created there.
        string[] arguments = ["-d", "-q", "-cf", workspace.Write("dhcpd.conf", Config), "-lf", "/proc/dhcpd.leases", "--no-pid", "-p", $"{port}", "--listen", $"127.0.0.1:{port}"];
        AssertOneLineFailure(await ProgramRun.RunAsync(Dhcpd, arguments, Deadline), "Can't open lease database /proc/dhcpd.leases: No such file or directory -- exiting");
    }

    [Test]
    public async Task AnUnknownInterface_IsNamed_ThenNotConfiguredToListen()
    {
        using var workspace = Workspace.Create();
        string[] arguments = ["-d", "-q", "-cf", workspace.Write("dhcpd.conf", Config), "-lf", workspace.File("dhcpd.leases"), "--no-pid", "nosuch0"];
        var run = await ProgramRun.RunAsync(Dhcpd, arguments, Deadline);

        AssertOneLineFailure(run, "Not configured to listen on any interfaces!");
        Assert.That(run.ErrorLines, Does.Contain("Can't open interface nosuch0: no interface 'nosuch0' in this network namespace"));
    }

    [Test]
    public async Task APidFileInAMissingDirectory_IsOneLine_AndTheServerServesAnyway_AsIsc()
    {
        using var workspace = Workspace.Create();
        int port = LoopbackPorts.PickFree();
        string pid = workspace.File("missing/dhcpd.pid");
        string[] arguments = ["-d", "-q", "-cf", workspace.Write("dhcpd.conf", Config), "-lf", workspace.File("dhcpd.leases"), "-pf", pid,
            "-p", $"{port}", "--listen", $"127.0.0.1:{port}"];
        await using var dhcpd = DaemonProcess.Start(Dhcpd, arguments, new Dictionary<string, string>());
        await dhcpd.WaitForLineAsync(Support.Dhcpd.Serving, Support.Dhcpd.StartTimeout);

        Assert.That(dhcpd.Lines, Does.Contain($"Can't create PID file {pid}: No such file or directory."));
        Assert.That(dhcpd.Output, Does.Not.Contain("   at "));
    }
}
