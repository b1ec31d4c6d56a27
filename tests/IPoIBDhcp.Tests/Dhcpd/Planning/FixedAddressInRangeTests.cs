using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd.Planning;

/// <summary>
/// A host's fixed-address inside a dynamic range: the file is valid, and the address is left out of the pool, so it is
/// never handed out dynamically (ISC dhcpd 4.4 accepts such a file too: <c>dhcpd -t</c> exits 0 on it).
/// </summary>
public class FixedAddressInRangeTests
{
    private const string Conf =
        "subnet 198.18.0.0 netmask 255.255.255.0 {\n" +
        "  range 198.18.0.10 198.18.0.14;\n" +
        "}\n" +
        "host a { hardware ethernet 00:11:22:33:44:55; fixed-address 198.18.0.11, 198.18.0.13; }\n" +
        "host b { hardware ethernet 00:11:22:33:44:56; fixed-address 198.18.0.10; }\n" +
        "host c { hardware ethernet 00:11:22:33:44:57; fixed-address 198.18.0.200; }\n";

    private static ServerPlan Plan()
    {
        var result = DhcpdConfigParser.ParseText(Conf, "d.conf");
        Assert.That(result.Diagnostics, Is.Empty);
        return ConfigPlanBuilder.Build(result.Config!);
    }

    [Test]
    public void TheRangeLosesTheFixedAddresses_AndKeepsTheRest()
    {
        var ranges = Plan().Subnets.Single().Pools.Single().Ranges;
        Assert.That(ranges.Select(r => $"{r.First}-{r.Last}"), Is.EqualTo(new[] { "198.18.0.12-198.18.0.12", "198.18.0.14-198.18.0.14" }));
    }

    [Test]
    public void UnknownClients_GetOnlyTheAddressesNoHostHolds()
    {
        var h = new ServerHarness(Plan());
        var offered = new List<string>();
        for (ushort n = 1; n <= 3; n++)
        {
            var decision = h.Send(Build(DhcpMessageType.Discover, ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300000000UL | n))), h.Port());
            offered.Add(decision.ReplyLength == 0 ? "none" : h.Reply.YourAddress.ToString());
        }
        Assert.That(offered, Is.EqualTo(new[] { "198.18.0.12", "198.18.0.14", "none" }), "the third client finds the pool empty");
    }
}
