using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd.Planning;

/// <summary>
/// <c>host-identifier option NAME DATA;</c>: a host recognised by an option of the request, as ISC does after the client
/// identifier and the hardware address. ISC dhcpd 4.4.3 accepts these hosts (<c>dhcpd -t</c>) and refuses the statement
/// outside a host.
/// </summary>
public class HostIdentifierTests
{
    private static ServerHarness Load(string host)
    {
        var result = DhcpdConfigParser.ParseText(
            "subnet 198.18.0.0 netmask 255.255.255.0 { range 198.18.0.10 198.18.0.20; }\n" + host, "d.conf");
        Assert.That(result.Diagnostics, Is.Empty, string.Join("\n", result.Diagnostics));
        return new ServerHarness(ConfigPlanBuilder.Build(result.Config!));
    }

    [Test]
    public void AHostByRelayCircuitId_GetsItsFixedAddress()
    {
        var h = Load("host rack1port7 { host-identifier option agent.circuit-id \"sw1/0/7\"; fixed-address 198.18.0.77; }\n");
        byte[] circuit = [RelayAgentInformation.CircuitId, 7, .. "sw1/0/7"u8.ToArray()];
        var id = ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300001001UL));
        h.Send(Build(DhcpMessageType.Discover, id, giaddr: "198.18.0.254", relayInfo: circuit));
        Assert.That(h.Reply.YourAddress.ToString(), Is.EqualTo("198.18.0.77"));

        // Another port's client is not that host.
        byte[] other = [RelayAgentInformation.CircuitId, 7, .. "sw1/0/8"u8.ToArray()];
        h.Send(Build(DhcpMessageType.Discover, ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300001002UL)), giaddr: "198.18.0.254", relayInfo: other));
        Assert.That(h.Reply.YourAddress.ToString(), Is.Not.EqualTo("198.18.0.77"));
    }

    [Test]
    public void AHostByAPlainOption_IsKnown()
    {
        var h = Load("host pxe { host-identifier option vendor-class-identifier \"node-A\"; fixed-address 198.18.0.66; }\n");
        h.Send(Build(DhcpMessageType.Discover, ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300001003UL)), vendorClass: "node-A"));
        Assert.That(h.Reply.YourAddress.ToString(), Is.EqualTo("198.18.0.66"));
    }

    [TestCase("host-identifier option agent.circuit-id \"x\";", "d.conf:2:1: 'host-identifier' is not allowed at global scope; only in a host declaration")]
    [TestCase("host h { host-identifier v6relopt 1 agent.circuit-id \"x\"; }", "d.conf:2:26: host-identifier: expected 'option NAME DATA' (v6relopt is for DHCPv6, which this server does not serve)")]
    [TestCase("host h { host-identifier option foo.bar \"x\"; }", "d.conf:2:33: host-identifier option foo.bar: of the option spaces only agent.circuit-id and agent.remote-id identify a host here")]
    [TestCase("host h { host-identifier option agent.circuit-id port7; }", "d.conf:2:50: host-identifier option agent.circuit-id: expected a quoted string or colon-separated hex bytes, found 'port7'")]
    public void Mistakes_AreRefusedWithTheirPosition(string text, string expected)
    {
        var result = DhcpdConfigParser.ParseText("subnet 198.18.0.0 netmask 255.255.255.0 { }\n" + text + "\n", "d.conf");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[] { expected }));
    }
}
