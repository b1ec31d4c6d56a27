using System.Net.Sockets;
using System.Text;
using IPoIBDhcp.Logging;

namespace IPoIBDhcp.Tests.Dhcpd;

public class SyslogLogSinkTests
{
    [Test]
    public void EveryLineGoesToSyslog_AndErrorsToStderrToo()
    {
        string dir = Directory.CreateTempSubdirectory("ipoibdhcp-syslog").FullName;
        try
        {
            string path = Path.Combine(dir, "log");
            using var syslog = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            syslog.Bind(new UnixDomainSocketEndPoint(path));
            var stderr = new StringWriter();
            using (var sink = new SyslogLogSink("dhcpd", "local7", LogSeverity.Info, path, stderr))
            {
                sink.Write(LogSeverity.Info, "Server starting service.");
                sink.Write(LogSeverity.Error, "Can't bind to dhcp address 127.0.0.1:67: Address already in use -- exiting");
            }
            var received = new List<string>();
            var buffer = new byte[512];
            for (int i = 0; i < 2; i++) received.Add(Encoding.UTF8.GetString(buffer, 0, syslog.Receive(buffer)));
            Assert.That(received[0], Does.StartWith("<190>dhcpd[").And.EndWith("]: Server starting service."));
            Assert.That(received[1], Does.StartWith("<187>dhcpd[").And.EndWith("]: Can't bind to dhcp address 127.0.0.1:67: Address already in use -- exiting"));
            Assert.That(stderr.ToString(), Is.EqualTo("Can't bind to dhcp address 127.0.0.1:67: Address already in use -- exiting" + Environment.NewLine),
                "an admin at a terminal sees why dhcpd exited; the ISC lines stay in syslog only");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
