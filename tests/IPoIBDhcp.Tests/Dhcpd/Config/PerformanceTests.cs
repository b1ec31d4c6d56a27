using System.Diagnostics;
using System.Text;
using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

public class PerformanceTests
{
    /// <summary>A cluster-sized file: the parser must stay linear (no backtracking across statements).</summary>
    [Test]
    public void TwentyThousandHostsParse()
    {
        const int count = 20_000;
        var sb = new StringBuilder("subnet 198.18.0.0 netmask 255.254.0.0 {\n  range 198.19.200.1 198.19.200.250;\n}\n");
        for (int i = 0; i < count; i++)
        {
            sb.Append("host node").Append(i).Append(" {\n");
            sb.Append("  option dhcp-client-identifier ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:")
              .Append((i >> 16 & 0xff).ToString("x2")).Append(':').Append((i >> 8 & 0xff).ToString("x2")).Append(':').Append((i & 0xff).ToString("x2")).Append(";\n");
            sb.Append("  fixed-address 198.18.").Append(i / 250).Append('.').Append(i % 250 + 1).Append(";\n}\n");
        }
        string text = sb.ToString();
        DhcpdConfigParser.ParseText(text[..2000], "warmup.conf");

        var watch = Stopwatch.StartNew();
        var result = DhcpdConfigParser.ParseText(text, "generated.conf");
        watch.Stop();
        TestContext.Out.WriteLine($"{count} hosts, {text.Length} characters: parsed in {watch.ElapsedMilliseconds} ms");

        Assert.That(result.Diagnostics.Select(d => d.ToString()).Take(5), Is.Empty);
        Assert.That(result.Config!.Hosts.Length, Is.EqualTo(count));
        Assert.That(result.Config.HostsByName["node19999"].FixedAddresses.Single().ToString(), Is.EqualTo("198.18.79.250"));
    }
}
