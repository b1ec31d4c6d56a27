using System.Net.Sockets;
using System.Text;
using IPoIBDhcp.Hosting;

namespace IPoIBDhcp.Tests.Hosting;

/// <summary>
/// The sd_notify client against a unix datagram socket the test binds, as systemd's manager does: the exact datagrams
/// (sd_notify(3): newline-separated KEY=value, one datagram per call), path and abstract ('@') addresses.
/// </summary>
public sealed class SystemdNotifierTests
{
    private string directory = "";

    [SetUp]
    public void SetUp() => directory = Directory.CreateTempSubdirectory("notify-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(directory, recursive: true);

    private static Socket Listen(string address)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(address[0] == '@' ? "\0" + address[1..] : address));
        socket.ReceiveTimeout = 5000;
        return socket;
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        int n = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    [Test]
    public void ReadyReloadingStoppingArriveAsOneDatagramEach()
    {
        string path = Path.Combine(directory, "notify");
        using var listener = Listen(path);
        var failures = new List<string>();
        using var notifier = SystemdNotifier.FromEnvironment(n => n == "NOTIFY_SOCKET" ? path : null, failures.Add);
        Assert.That(notifier.Enabled, Is.True);

        Assert.That(notifier.Ready("Serving 2 interfaces"), Is.True);
        Assert.That(Receive(listener), Is.EqualTo($"READY=1\nMAINPID={Environment.ProcessId}\nSTATUS=Serving 2 interfaces"));

        long before = (long)(System.Diagnostics.Stopwatch.GetTimestamp() / (System.Diagnostics.Stopwatch.Frequency / 1_000_000.0));
        Assert.That(notifier.Reloading(), Is.True);
        string reloading = Receive(listener);
        Assert.That(reloading, Does.Match(@"^RELOADING=1\nMONOTONIC_USEC=[0-9]+$"));
        long usec = long.Parse(reloading.Split('=')[^1]);
        // .NET's Stopwatch reads CLOCK_MONOTONIC on Linux: the stamp lies within a second of it.
        Assert.That(Math.Abs(usec - before), Is.LessThan(1_000_000));

        Assert.That(notifier.Stopping(), Is.True);
        Assert.That(Receive(listener), Is.EqualTo("STOPPING=1"));
        Assert.That(notifier.Status("line one\nline two"), Is.True);
        Assert.That(Receive(listener), Is.EqualTo("STATUS=line one line two"));
        Assert.That(notifier.MainPid(4242), Is.True);
        Assert.That(Receive(listener), Is.EqualTo("MAINPID=4242"));
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void AbstractSocketNamedWithAt()
    {
        string name = $"@ipoibdhcp-notify-test-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using var listener = Listen(name);
        using var notifier = SystemdNotifier.FromEnvironment(n => n == "NOTIFY_SOCKET" ? name : null, _ => Assert.Fail("no failure expected"));
        Assert.That(notifier.Stopping(), Is.True);
        Assert.That(Receive(listener), Is.EqualTo("STOPPING=1"));
    }

    [Test]
    public void WithoutNotifySocketNothingIsSentAndNothingFails()
    {
        var failures = new List<string>();
        using var notifier = SystemdNotifier.FromEnvironment(_ => null, failures.Add);
        Assert.That(notifier.Enabled, Is.False);
        Assert.That(notifier.Ready(), Is.False);
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void MissingSocketIsReportedInOneLine()
    {
        string path = Path.Combine(directory, "nobody-listens");
        var failures = new List<string>();
        using var notifier = SystemdNotifier.FromEnvironment(n => n == "NOTIFY_SOCKET" ? path : null, failures.Add);
        Assert.That(notifier.Ready(), Is.False);
        Assert.That(failures, Has.Count.EqualTo(1));
        Assert.That(failures[0], Does.StartWith($"can't notify systemd at {path}: "));
    }

    [Test]
    public void VsockAddressIsRefusedInWords()
    {
        var failures = new List<string>();
        using var notifier = SystemdNotifier.FromEnvironment(n => n == "NOTIFY_SOCKET" ? "vsock:2:1234" : null, failures.Add);
        Assert.That(notifier.Enabled, Is.True);
        Assert.That(notifier.Ready(), Is.False);
        Assert.That(failures, Is.EqualTo(new[] { "NOTIFY_SOCKET=vsock:2:1234: only unix socket paths and @abstract names are supported; systemd not notified" }));
    }
}
