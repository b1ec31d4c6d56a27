using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Hosting;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Tests.Dhcpd;

public class ServerDaemonTests
{
    [Test]
    public async Task AMissingConfigurationFileIsReportedNotThrown()
    {
        Assert.That(ServerCommandLine.TryParse(["-t", "-cf", "/nonexistent/dhcpd.conf"], out var commandLine, out _), Is.True);
        var stderr = new StringWriter();
        int code = await new ServerDaemon(commandLine, stderr, _ => null, File.Exists).RunAsync(CancellationToken.None);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.StartWith("Can't open /nonexistent/dhcpd.conf: "));
        Assert.That(stderr.ToString(), Does.EndWith("Configuration file errors encountered -- exiting" + Environment.NewLine));
    }

    [TestCase("--LeaseStore=sqlite", "dhcpd: LeaseStore 'sqlite' is not journal or raft")]
    [TestCase("--LeaseStore=raft", "dhcpd: Cluster:Members is empty")]
    [TestCase("--Journal:CommitDelayMs=500", "dhcpd: Journal:CommitDelayMs 500 is not between 0 and 100 milliseconds")]
    public async Task ALeaseStoreThatCannotBeOpened_IsRefusedInPlainWords(string setting, string expected)
    {
        string config = Path.Combine(Path.GetTempPath(), $"daemon-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, "subnet 198.18.0.0 netmask 255.255.255.0 { }\n");
        try
        {
            Assert.That(ServerCommandLine.TryParse(["-d", "-cf", config, "-lf", config + ".leases", "--no-pid", setting, "ib0"], out var commandLine, out var error), Is.True, error);
            var stderr = new StringWriter();
            int code = await new ServerDaemon(commandLine, stderr, _ => null, File.Exists).RunAsync(CancellationToken.None);
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr.ToString(), Does.Contain(expected));
            Assert.That(File.Exists(config + ".leases"), Is.False, "nothing was created for a store that was refused");
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Test]
    public async Task AStopDuringStartUp_EndsQuietlyWithZero()
    {
        string config = Path.Combine(Path.GetTempPath(), $"daemon-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, "subnet 198.18.0.0 netmask 255.255.255.0 { }\n");
        try
        {
            Assert.That(ServerCommandLine.TryParse(["-d", "-q", "-cf", config, "-lf", config + ".leases", "--no-pid", "ib0"], out var commandLine, out var error), Is.True, error);
            var stderr = new StringWriter();
            using var stopped = new CancellationTokenSource();
            await stopped.CancelAsync();
            int code = await new ServerDaemon(commandLine, stderr, _ => null, File.Exists).RunAsync(stopped.Token);
            Assert.That(code, Is.EqualTo(0));
            Assert.That(stderr.ToString(), Is.EqualTo("dhcpd: stopped during start-up -- exiting" + Environment.NewLine));
        }
        finally
        {
            File.Delete(config);
            File.Delete(config + ".leases");
        }
    }

    [Test]
    public async Task AnUnknownSetting_IsRefusedEvenWhenOnlyCheckingTheConfiguration()
    {
        string config = Path.Combine(Path.GetTempPath(), $"daemon-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, "subnet 198.18.0.0 netmask 255.255.255.0 { }\n");
        try
        {
            Assert.That(ServerCommandLine.TryParse(["-t", "-cf", config, "--MetricEndpoint=127.0.0.1:9167"], out var commandLine, out var error), Is.True, error);
            var stderr = new StringWriter();
            int code = await new ServerDaemon(commandLine, stderr, _ => null, File.Exists, ["IPOIBDHCP_LogLevel"]).RunAsync(CancellationToken.None);
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr.ToString(), Is.EqualTo("dhcpd: unknown setting 'MetricEndpoint' (from the command line)" + Environment.NewLine));
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Test]
    public async Task ADeadJournalWriter_StopsServing_WithOneLineAndAFailure()
    {
        var writer = new TaskCompletionSource();
        using var serving = new CancellationTokenSource();
        var lines = new List<string>();
        bool failed = false;
        ServerDaemon.StopWhenWriterFails(writer.Task, serving, new LineSink(lines), () => failed = true);
        Assert.That(serving.IsCancellationRequested, Is.False, "a writer still running stops nothing");

        writer.SetException(new NullReferenceException("Object reference not set to an instance of an object."));
        await Task.Yield();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(serving.IsCancellationRequested, Is.True);
            Assert.That(failed, Is.True);
            Assert.That(lines, Is.EqualTo(new[] { "Lease journal writer failed: Object reference not set to an instance of an object. -- exiting" }));
        }
    }

    [Test]
    public void AJournalWriterThatEndsAtShutdown_StopsNothing()
    {
        var writer = new TaskCompletionSource();
        var serving = new CancellationTokenSource();
        bool failed = false;
        ServerDaemon.StopWhenWriterFails(writer.Task, serving, new LineSink([]), () => failed = true);
        serving.Dispose(); // the daemon has shut down before its store's writer ends
        writer.SetResult();
        Assert.That(failed, Is.False);
    }

    private sealed class LineSink(List<string> lines) : ILogSink
    {
        public LogSeverity Threshold => LogSeverity.Debug;
        public void Write(LogSeverity severity, string line) => lines.Add(line);
    }

    [Test]
    public void ErrorTextDropsDotNetsSuffixes()
    {
        Assert.That(ErrorText.Of(new ArgumentException("no interface 'ib9'", "interfaceName")), Is.EqualTo("no interface 'ib9'"));
        Assert.That(ErrorText.Of(new IOException("disk full")), Is.EqualTo("disk full"));
        Assert.That(ErrorText.Of(new IOException("Is a directory : '/var/lib/dhcp'")), Is.EqualTo("Is a directory"), "the line names the file already");
        Assert.That(ErrorText.Of(new IOException("option 'x' : 'y' in a message")), Is.EqualTo("option 'x' : 'y' in a message"), "only a trailing path is cut");
    }
}
