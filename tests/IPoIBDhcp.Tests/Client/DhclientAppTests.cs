using IPoIBDhcp.Client.Hosting;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Script;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire.Dhcp;
using IPoIBDhcp.Wire.Options;
using static IPoIBDhcp.Tests.Client.ServerReplies;

namespace IPoIBDhcp.Tests.Client;

public class DhclientAppTests
{
    private sealed class Engines(FakePort port) : IEngineFactory, IDatagramEngine
    {
        public EngineSelection? Selection { get; private set; }

        public IDatagramEngine Create(EngineSelection selection)
        {
            Selection = selection;
            return this;
        }

        public ValueTask<IDatagramPort> OpenAsync(string interfaceName, ushort localPort, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IDatagramPort>(port);
    }

    private string dir = "";

    [SetUp]
    public void SetUp()
    {
        dir = Path.Combine(Path.GetTempPath(), "dhclient-app-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    [Test]
    public async Task SeedConfigOverAPortBindsWritesTheLeaseAndRunsTheScript()
    {
        var port = new FakePort("ib1", LinkType.InfiniBand, DhcpClientMachineTests.IbAddress, 2044);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var server = new ScriptedServer(port, cts.Token);
        string script = Path.Combine(dir, "script.sh");
        File.WriteAllText(script, $"#!/bin/sh\necho \"$reason $new_ip_address $new_dhcp_client_identifier\" >> '{dir}/reasons'\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        else Assert.Ignore("Linux only");
        string leases = Path.Combine(dir, "dhclient.leases");
        var stderr = new StringWriter();
        var addresses = new RecordingAddressConfigurator();
        var engines = new Engines(port);
        var app = new DhclientApp(engines, TimeProvider.System, TextWriter.Synchronized(stderr), _ => null, () => "node17", addresses);
        var run = app.RunAsync(["-d", "-cf", RepoFiles.ConfExample("dhclient-infinihost.conf"), "-lf", leases,
            "-pf", Path.Combine(dir, "pid"), "-sf", script, "ib1"], cts.Token);

        var discover = await server.NextAsync();
        // The InfiniHost example's identifier goes out byte for byte, with RFC 4390 framing.
        Assert.That(discover.Message.ClientIdentifier.ToArray(), Is.EqualTo(new byte[]
            { 0x20, 0x00, 0x55, 0x04, 0x01, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x02, 0xc9, 0x02, 0x00, 0x23, 0x13, 0x92 }));
        Assert.That((discover.Message.HardwareType, discover.Message.HardwareAddressLength, discover.Message.IsBroadcast), Is.EqualTo(((byte)32, (byte)0, true)));
        await server.NextAsync(); // REQUEST
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (addresses.AddressOf("ib1") is null && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.That(addresses.AddressOf("ib1"), Is.EqualTo(Offered));
        await cts.CancelAsync();
        Assert.That(await run, Is.EqualTo(0));

        var file = LeaseFile.Load(leases, DhcpOptionTable.Standard);
        var lease = file.Leases.Single();
        Assert.That(lease.Address, Is.EqualTo(Offered));
        Assert.That(lease.Options[DhcpOptionCode.MessageType], Is.EqualTo(new byte[] { 5 }));
        Assert.That(File.ReadAllText(leases), Does.Contain("  option dhcp-client-identifier 20:00:55:04:01:fe:80:00:00:00:00:00:00:00:02:c9:02:00:23:13:92;\n"));
        Assert.That(File.ReadAllLines(Path.Combine(dir, "reasons")), Is.EqualTo(new[]
        {
            "PREINIT  ",
            "BOUND 198.18.0.100 20:00:55:04:01:fe:80:00:00:00:00:00:00:00:02:c9:02:00:23:13:92",
        }));
        string log = stderr.ToString();
        Assert.That(log, Does.Contain("DHCPDISCOVER on ib1 to 255.255.255.255 port 67 interval 4"));
        Assert.That(log, Does.Contain("DHCPACK of 198.18.0.100 from 198.18.0.1"));
        Assert.That(log, Does.Contain("bound to 198.18.0.100 -- renewal in 300 seconds."));
        Assert.That(File.ReadAllText(Path.Combine(dir, "pid")).Trim(), Is.EqualTo(Environment.ProcessId.ToString()));
        Assert.That(engines.Selection, Is.EqualTo(new EngineSelection(null, null)));
    }

    [Test]
    public async Task APortThatOwnsItsAddressIsHandedTheLease()
    {
        // The emulated fabric's ports say so by capability; dhclient does not ask which backend a port is.
        var port = new FakePort("ib1", LinkType.InfiniBand, DhcpClientMachineTests.IbAddress, 2044)
        {
            Capabilities = PortCapabilities.LinkBroadcast | PortCapabilities.ReceivesUnconfigured | PortCapabilities.Routed | PortCapabilities.OwnsAddress,
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var server = new ScriptedServer(port, cts.Token);
        var addresses = new RecordingAddressConfigurator();
        var app = new DhclientApp(new Engines(port), TimeProvider.System, TextWriter.Synchronized(new StringWriter()), _ => null, () => null, addresses);
        var run = app.RunAsync(["-cf", RepoFiles.ConfExample("dhclient-infinihost.conf"), "-lf", Path.Combine(dir, "leases"), "--no-pid",
            "-sf", Path.Combine(dir, "no-script"), "ib1"], cts.Token);
        await server.NextAsync(); // DISCOVER
        await server.NextAsync(); // REQUEST
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (addresses.AddressOf("ib1") is null && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.That(port.LocalAddress, Is.EqualTo(Offered), "the port holds the address, as ip addr add would on a kernel interface");
        Assert.That(addresses.AddressOf("ib1"), Is.EqualTo(Offered), "and the hand-off still reaches the next configurator");
        await cts.CancelAsync();
        Assert.That(await run, Is.EqualTo(0));
    }

    [TestCase(false, TestName = "without -v: only dhclient's own file problems on stderr")]
    [TestCase(true, TestName = "with -v: every line on stderr")]
    public async Task TheLogSeamKeepsQuietModeToFileProblems(bool verbose)
    {
        var port = new FakePort("ib1", LinkType.InfiniBand, DhcpClientMachineTests.IbAddress, 2044);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var server = new ScriptedServer(port, cts.Token);
        var stderr = new StringWriter();
        var addresses = new RecordingAddressConfigurator();
        string notADirectory = Path.Combine(dir, "file");
        File.WriteAllText(notADirectory, "");
        string pid = Path.Combine(notADirectory, "dhclient.pid");
        var app = new DhclientApp(new Engines(port), TimeProvider.System, TextWriter.Synchronized(stderr), _ => null, () => null, addresses);
        string[] args = ["-cf", RepoFiles.ConfExample("dhclient-infinihost.conf"), "-lf", Path.Combine(dir, "leases"), "-pf", pid,
            "-sf", Path.Combine(dir, "no-script"), "ib1"];
        var run = app.RunAsync(verbose ? ["-v", .. args] : args, cts.Token);
        await server.NextAsync(); // DISCOVER
        await server.NextAsync(); // REQUEST
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (addresses.AddressOf("ib1") is null && DateTime.UtcNow < deadline) await Task.Delay(20);
        await cts.CancelAsync();
        Assert.That(await run, Is.EqualTo(0));

        string log = stderr.ToString();
        Assert.That(log, Does.Contain($"Can't create {pid}: "), "an error with dhclient's own files is always shown");
        if (verbose)
        {
            Assert.That(log, Does.Contain("DHCPDISCOVER on ib1 to 255.255.255.255 port 67"));
            Assert.That(log, Does.Contain("execve ("), "the script's errors are the client's lines: shown with -v");
        }
        else
        {
            Assert.That(log.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), log);
        }
    }

    [Test]
    public async Task BadConfigurationExitsOneWithEveryError()
    {
        string conf = Path.Combine(dir, "bad.conf");
        File.WriteAllText(conf, "timeout x;\nreject 10.0.0.0/8;\n");
        var stderr = new StringWriter();
        var app = new DhclientApp(new Engines(new FakePort("ib1", LinkType.InfiniBand, DhcpClientMachineTests.IbAddress, 2044)),
            TimeProvider.System, stderr, _ => null, () => null);
        int code = await app.RunAsync(["-cf", conf, "ib1"], CancellationToken.None);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr.ToString().ReplaceLineEndings("\n"), Is.EqualTo(
            $"{conf}:1:9: expected a number of seconds after 'timeout', found 'x'\n" +
            $"{conf}:2:1: 'reject' is not supported by this dhclient; remove it (unsupported statements are refused, never ignored)\n" +
            $"dhclient: {conf}: configuration refused (2 errors)\n"));
    }

    [Test]
    public async Task UsageErrorPrintsUsageAndExitsOne()
    {
        var stderr = new StringWriter();
        var app = new DhclientApp(new DefaultEngineFactory(), TimeProvider.System, stderr, _ => null, () => null);
        Assert.That(await app.RunAsync(["-p"], CancellationToken.None), Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.StartWith("dhclient: -p needs a port number from 2 to 65535"));
        Assert.That(stderr.ToString(), Does.Contain("Usage: dhclient"));
    }

    [Test]
    public async Task UnknownIdentifierFormIsRefused()
    {
        var stderr = new StringWriter();
        var app = new DhclientApp(new DefaultEngineFactory(), TimeProvider.System, stderr, k => k == DhclientApp.ClientIdFormVariable ? "mac" : null, () => null);
        Assert.That(await app.RunAsync(["ib1"], CancellationToken.None), Is.EqualTo(1));
        Assert.That(stderr.ToString().Trim(), Is.EqualTo("dhclient: IPOIBDHCP_CLIENT_ID_FORM must be flexboot, rfc4390 or guid"));
    }

    [Test]
    public async Task MissingFabricFileIsReportedNotCrashed()
    {
        var stderr = new StringWriter();
        var app = new DhclientApp(new DefaultEngineFactory(), TimeProvider.System, stderr, _ => null, () => null);
        int code = await app.RunAsync(["-cf", Path.Combine(dir, "none.conf"), "-lf", Path.Combine(dir, "l"), "--no-pid", "--fabric", "x.fabric", "ib1"], CancellationToken.None);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr.ToString().Trim(), Does.StartWith("dhclient: cannot open the engine: Could not find file '").And.EndWith("x.fabric'."));
    }
}
