using IPoIBDhcp.Tests.Dhcpd.Config;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd.Planning;

/// <summary>
/// The lease time in an OFFER: default-lease-time (or the client's request) capped by max-lease-time and raised to
/// min-lease-time, in that order, as ISC's ack_lease. Warewulf 4's template writes only <c>max-lease-time 120;</c> in its
/// subnet; ISC dhcpd 4.4.3-P1 offered 120 s for it (tests/compat, the differential run), not its built-in 43200.
/// </summary>
public class LeaseTimeTests
{
    private static uint OfferedLeaseTime(string subnetBody)
    {
        var offer = EvalReplyTests.Offer(
            $"subnet 198.18.0.0 netmask 255.255.255.0 {{\n  range 198.18.0.10 198.18.0.20;\n{subnetBody}\n}}\n",
            EvalReplyTests.Discover());
        Assert.That(offer.TryGetLeaseTime(out uint seconds), Is.True);
        return seconds;
    }

    [Test]
    public void MaxLeaseTimeAloneCapsTheBuiltInDefault() =>
        Assert.That(OfferedLeaseTime("  max-lease-time 120;"), Is.EqualTo(120u));

    [Test]
    public void DefaultLeaseTimeBelowTheMaxIsGranted() =>
        Assert.That(OfferedLeaseTime("  default-lease-time 600;\n  max-lease-time 7200;"), Is.EqualTo(600u));

    [Test]
    public void MinLeaseTimeRaisesACappedTime() =>
        Assert.That(OfferedLeaseTime("  max-lease-time 120;\n  min-lease-time 300;"), Is.EqualTo(300u));

    [Test]
    public void TheBuiltInDefaultIs43200() =>
        Assert.That(OfferedLeaseTime(""), Is.EqualTo(43200u));
}
