using IPoIBDhcp.Server.Selection;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd;

public class SubnetSelectionTests
{
    private sealed record Subnet(string Name, IPv4Address Network, IPv4Address Mask) : ISelectableSubnet;

    private static IPv4Address A(string s) => IPv4Address.Parse(s);
    private static readonly Subnet Default = new("default", A("198.18.0.0"), A("255.255.240.0"));
    private static readonly Subnet Storage = new("storage", A("198.18.16.0"), A("255.255.240.0"));
    private static readonly Subnet Carved = new("carved", A("198.18.0.0"), A("255.255.255.0"));
    private static readonly Subnet[] All = [Default, Storage, Carved];

    private static string? Pick(IPv4Address giaddr = default, IPv4Address ciaddr = default, IPv4Address src = default,
        IPv4Address link = default, IPv4Address opt118 = default, IPv4Address? iface = null) =>
        SubnetSelection.Select(new SubnetSelector(giaddr, ciaddr, src, link, opt118, iface), All)?.Name;

    [Test]
    public void FollowsKeasOrder()
    {
        Assert.That(Pick(iface: A("198.18.16.1")), Is.EqualTo("storage"), "receiving interface");
        Assert.That(Pick(ciaddr: A("198.18.17.5"), iface: A("198.18.1.1")), Is.EqualTo("storage"), "ciaddr before interface");
        Assert.That(Pick(src: A("198.18.17.5"), iface: A("198.18.1.1")), Is.EqualTo("storage"), "source before interface");
        Assert.That(Pick(src: IPv4Address.Broadcast, iface: A("198.18.1.1")), Is.EqualTo("default"));
        Assert.That(Pick(giaddr: A("198.18.2.1"), ciaddr: A("198.18.17.5")), Is.EqualTo("default"), "giaddr before ciaddr");
        Assert.That(Pick(giaddr: A("198.18.2.1"), opt118: A("198.18.20.0")), Is.EqualTo("storage"), "option 118 before giaddr");
        Assert.That(Pick(giaddr: A("198.18.2.1"), link: A("198.18.20.0"), opt118: A("198.18.1.0")), Is.EqualTo("storage"), "link-selection first");
        Assert.That(Pick(giaddr: A("198.20.0.1")), Is.Null, "no subnet for that relay");
        Assert.That(Pick(), Is.Null, "nothing to go by");
    }

    [Test]
    public void ARelayedRequestIsPlacedByGiaddrAlone()
    {
        // dhcpd.conf names no relay addresses (ISC has no such statement), so Kea's relay-address step is not taken:
        // a giaddr outside every subnet selects none, whatever ciaddr, the source or the receiving interface say.
        Assert.That(Pick(giaddr: A("198.19.0.1"), ciaddr: A("198.18.17.5"), src: A("198.18.17.5"), iface: A("198.18.16.1")), Is.Null);
        Assert.That(Pick(giaddr: A("198.18.17.1"), ciaddr: A("198.18.1.5"), src: A("198.18.1.5"), iface: A("198.18.1.1")), Is.EqualTo("storage"));
    }

    [Test]
    public void LongestPrefixWins()
    {
        Assert.That(Pick(iface: A("198.18.0.1")), Is.EqualTo("carved"));
        Assert.That(Pick(iface: A("198.18.1.1")), Is.EqualTo("default"));
    }
}
