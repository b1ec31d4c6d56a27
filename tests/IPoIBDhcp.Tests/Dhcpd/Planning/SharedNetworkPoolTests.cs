using IPoIBDhcp.Tests.Dhcpd.Config;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd.Planning;

/// <summary>
/// A pool written directly in a shared-network (Debian's example does this) hands out addresses of one of its subnets;
/// ISC runs that subnet's statements for the lease and then the pool's, so the lease gets the subnet's routers, and the
/// pool's own values win over the subnet's. ISC dhcpd 4.4.3-P1 sent the subnet's routers for
/// tests/compat/debian-isc-dhcp-server-numeric.conf in the differential run; ours sent none before.
/// </summary>
public class SharedNetworkPoolTests
{
    private const string Conf = """
        option domain-name "global";
        shared-network office {
          option domain-name "shared";
          subnet 198.18.0.0 netmask 255.255.255.0 {
            option routers 198.18.0.1;
            option domain-name "subnet";
            option nis-domain "subnet";
          }
          pool {
            option nis-domain "pool";
            range 198.18.0.10 198.18.0.20;
          }
        }
        """;

    [Test]
    public void TheLeaseGetsItsSubnetsOptionsUnderThePools()
    {
        var offer = EvalReplyTests.Offer(Conf, EvalReplyTests.Discover());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(offer.GetOption(DhcpOptionCode.Routers).ToArray(), Is.EqualTo(new byte[] { 198, 18, 0, 1 }));
            Assert.That(System.Text.Encoding.ASCII.GetString(offer.GetOption(DhcpOptionCode.DomainName)), Is.EqualTo("subnet"));
            Assert.That(System.Text.Encoding.ASCII.GetString(offer.GetOption(40)), Is.EqualTo("pool"));
        }
    }
}
