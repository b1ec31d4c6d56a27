using IPoIBDhcp.Server.Hosting;

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

    [Test]
    public void ErrorTextDropsDotNetsParameterSuffix()
    {
        Assert.That(ErrorText.Of(new ArgumentException("no interface 'ib9'", "interfaceName")), Is.EqualTo("no interface 'ib9'"));
        Assert.That(ErrorText.Of(new IOException("disk full")), Is.EqualTo("disk full"));
    }
}
