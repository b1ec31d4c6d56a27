using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// The real dhcpd on the emulated fabric as host "head" (ib0 = 198.18.0.1), driven by hand-built requests from a
/// fabric port of node001: every RFC 2131 client state and message, for FlexBoot's ConnectX client identifier and
/// for the RFC 4390 (RFC 4361 form, DUID-LL of the port GUID) one. Each test asserts the reply on the wire, the
/// line dhcpd logs and the record it leaves in the lease file.
/// </summary>
public sealed class FabricExchangeTests
{
    private const string ClientHost = "node001";
    private static readonly PortGuid ClientGuid = PortGuid.Parse("0002:c903:0000:1001");
    private static readonly IPv4Address Server = IPv4Address.Parse("198.18.0.1");
    private static readonly IPv4Address RangeStart = IPv4Address.Parse("198.18.1.10");
    private static readonly IPv4Address RangeEnd = IPv4Address.Parse("198.18.1.20");

    private const string Config = """
        # Short leases so that the lifecycle is seconds long.
        authoritative;
        ddns-update-style none;
        default-lease-time 8;
        min-lease-time 4;
        max-lease-time 8;
        option domain-name "cluster.example";
        option domain-name-servers 198.18.0.1;
        option root-path "198.18.0.1:/srv/nfsroot";

        subnet 198.18.0.0 netmask 255.255.240.0 {
          option routers 198.18.0.1;
          option broadcast-address 198.18.15.255;
          option interface-mtu 4092;
          range 198.18.1.10 198.18.1.20;
        }
        """;

    private Workspace workspace = null!;
    private TestFabric fabric = null!;
    private DaemonProcess? dhcpd;
    private FabricEngine? engine;
    private DhcpTestClient? client;
    private uint nextXid;

    public enum IdForm
    {
        FlexBoot,
        Rfc4390,
    }

    [SetUp]
    public async Task StartServer()
    {
        workspace = Workspace.Create();
        fabric = TestFabric.Create(workspace);
        dhcpd = await Support.Dhcpd.StartOnFabricAsync(fabric, workspace.Write("dhcpd.conf", Config), LeasePath, "head", ["ib0"]);
        engine = fabric.Join(ClientHost);
        client = DhcpTestClient.OverPort(engine.OpenPort(ClientHost, "ib0", 68));
        nextXid = (uint)TestContext.CurrentContext.Random.Next();
    }

    [TearDown]
    public async Task StopServer()
    {
        if (client is not null) await client.DisposeAsync();
        if (engine is not null) await engine.DisposeAsync();
        if (dhcpd is not null)
        {
            await dhcpd.DisposeAsync();
            if (TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Passed)
                TestContext.Out.WriteLine($"dhcpd output:\n{dhcpd.Output}");
        }
        workspace.Dispose();
    }

    private string LeasePath => workspace.File("dhcpd.leases");

    [TestCase(IdForm.FlexBoot)]
    [TestCase(IdForm.Rfc4390)]
    public async Task LeaseLifecycle_Dora_InitReboot_Renew_Rebind_Release(IdForm form)
    {
        ClientIdentifier id = Identifier(form);
        string who = $"{id.ToColonHex()} (guid {ClientGuid})";

        // DISCOVER → OFFER of a range address, broadcast on the partition (RFC 4390: the server cannot unicast).
        var discover = Packet(DhcpMessageType.Discover, id);
        var offer = await client!.ExchangeAsync(discover, DhcpRoute.Broadcast);
        IPoIBReplyAssert.Framing(offer, discover, DhcpMessageType.Offer);
        IPv4Address address = offer!.YourAddress;
        Assert.That(address, Is.InRange(RangeStart, RangeEnd), "yiaddr from the range");
        Assert.That(offer.WasLinkBroadcast, Is.True, "sent to the P_Key broadcast group");
        Assert.That(offer.Endpoints.Destination, Is.EqualTo(IPv4Address.Broadcast));
        Assert.That(offer.Endpoints.DestinationPort, Is.EqualTo(68));
        Assert.That(offer.ServerIdentifier, Is.EqualTo(Server), "option 54: ib0's address");
        Assert.That(offer.UInt32(DhcpOptionCode.LeaseTime), Is.EqualTo(8), "option 51: default-lease-time");
        Assert.That(offer.Address(DhcpOptionCode.SubnetMask), Is.EqualTo(IPv4Address.Parse("255.255.240.0")));
        Assert.That(offer.Address(DhcpOptionCode.Routers), Is.EqualTo(Server));
        Assert.That(offer.UInt16(DhcpOptionCode.InterfaceMtu), Is.EqualTo(4092));
        await dhcpd!.WaitForLineAsync($"DHCPDISCOVER from {who} via ib0", Timeout);
        await dhcpd.WaitForLineAsync($"DHCPOFFER on {address} to {who} via ib0", Timeout);

        // SELECTING: REQUEST naming the offer and the server → ACK, committed before it is sent.
        var select = Packet(DhcpMessageType.Request, id) with { RequestedAddress = address, ServerIdentifier = Server };
        var ack = await client.ExchangeAsync(select, DhcpRoute.Broadcast);
        IPoIBReplyAssert.Framing(ack, select, DhcpMessageType.Ack);
        Assert.That(ack!.YourAddress, Is.EqualTo(address));
        Assert.That(ack.UInt32(DhcpOptionCode.LeaseTime), Is.EqualTo(8));
        Assert.That(ack.WasLinkBroadcast, Is.True);
        await dhcpd.WaitForLineAsync($"DHCPREQUEST for {address} ({Server}) from {who} via ib0", Timeout);
        await dhcpd.WaitForLineAsync($"DHCPACK on {address} to {who} via ib0", Timeout);
        var active = LeaseFile.Latest(LeasePath)[address];
        Assert.That(active.BindingState, Is.EqualTo(LeaseBindingState.Active), "ACKed before durable? the record must be there");
        Assert.That(ClientIdentifier.FromBytes(active.ClientId.Span), Is.EqualTo(id), "uid");
        Assert.That(active.HardwareAddress.Length, Is.EqualTo(0), "no hardware line: IPoIB has no chaddr");
        Assert.That((active.Ends - active.Starts)?.TotalSeconds, Is.EqualTo(8));

        // INIT-REBOOT: option 50 only, no server identifier → ACK of the same address.
        var reboot = Packet(DhcpMessageType.Request, id) with { RequestedAddress = address };
        var rebootAck = await client.ExchangeAsync(reboot, DhcpRoute.Broadcast);
        IPoIBReplyAssert.Framing(rebootAck, reboot, DhcpMessageType.Ack);
        Assert.That(rebootAck!.YourAddress, Is.EqualTo(address));
        await dhcpd.WaitForLineAsync($"DHCPREQUEST for {address} from {who} via ib0", Timeout);

        // INIT-REBOOT for an address this client does not hold → NAK (authoritative), broadcast, yiaddr 0.
        IPv4Address other = address == RangeEnd ? RangeStart : RangeEnd;
        var wrong = Packet(DhcpMessageType.Request, id) with { RequestedAddress = other };
        var nak = await client.ExchangeAsync(wrong, DhcpRoute.Broadcast);
        IPoIBReplyAssert.Framing(nak, wrong, DhcpMessageType.Nak);
        Assert.That(nak!.YourAddress, Is.EqualTo(IPv4Address.Any));
        Assert.That(nak.WasLinkBroadcast, Is.True, "RFC 2131 4.3.2: a NAK is broadcast");
        await dhcpd.WaitForLineAsync($"DHCPNAK on {other} to {who} via ib0", Timeout);

        // RENEWING: unicast from ciaddr to the server → ACK straight back to the client's link address.
        var renew = Packet(DhcpMessageType.Request, id) with { ClientAddress = address };
        var renewAck = await client.ExchangeAsync(renew, DhcpRoute.Unicast(address, Server));
        IPoIBReplyAssert.Framing(renewAck, renew, DhcpMessageType.Ack);
        Assert.That(renewAck!.YourAddress, Is.EqualTo(address));
        Assert.That(renewAck.Endpoints.Destination, Is.EqualTo(address), "RFC 2131 4.1: to ciaddr");
        Assert.That(renewAck.WasLinkBroadcast, Is.False, "unicast to the link source the request came from");
        Assert.That(dhcpd.Count($"DHCPACK on {address} to {who} via ib0"), Is.GreaterThanOrEqualTo(3));

        // REBINDING: the same request, broadcast → ACK to ciaddr.
        var rebind = Packet(DhcpMessageType.Request, id) with { ClientAddress = address };
        var rebindAck = await client.ExchangeAsync(rebind, DhcpRoute.BroadcastFrom(address));
        IPoIBReplyAssert.Framing(rebindAck, rebind, DhcpMessageType.Ack);
        Assert.That(rebindAck!.YourAddress, Is.EqualTo(address));
        Assert.That(rebindAck.Endpoints.Destination, Is.EqualTo(address));
        await dhcpd.WaitForLineAsync($"DHCPACK on {address} to {who} via ib0", Timeout, occurrences: 4);
        var renewed = LeaseFile.Latest(LeasePath)[address];
        Assert.That(renewed.BindingState, Is.EqualTo(LeaseBindingState.Active));
        Assert.That(renewed.Ends, Is.GreaterThanOrEqualTo(active.Ends!.Value), "each ACK extends the lease");

        // RELEASE: no reply; the address is free in the lease file, still naming the client.
        await client.SendAsync(Packet(DhcpMessageType.Release, id) with { ClientAddress = address, ServerIdentifier = Server },
            DhcpRoute.Unicast(address, Server));
        await dhcpd.WaitForLineAsync($"DHCPRELEASE of {address} from {who} via ib0 (found)", Timeout);
        var released = await LeaseFile.WaitForAsync(LeasePath, address, l => l.BindingState == LeaseBindingState.Free, "free");
        Assert.That(ClientIdentifier.FromBytes(released.ClientId.Span), Is.EqualTo(id), "uid kept on the freed record");
    }

    [TestCase(IdForm.FlexBoot)]
    [TestCase(IdForm.Rfc4390)]
    public async Task Decline_AbandonsTheAddress_And_Inform_AnswersWithoutALease(IdForm form)
    {
        ClientIdentifier id = Identifier(form);
        string who = $"{id.ToColonHex()} (guid {ClientGuid})";
        IPv4Address declined = await DoraAsync(id);

        // DECLINE (the client found the address in use): abandoned, recorded as such, never offered to it again.
        await client!.SendAsync(Packet(DhcpMessageType.Decline, id) with { RequestedAddress = declined, ServerIdentifier = Server },
            DhcpRoute.Broadcast);
        await dhcpd!.WaitForLineAsync($"DHCPDECLINE of {declined} from {who} via ib0: abandoned", Timeout);
        await LeaseFile.WaitForAsync(LeasePath, declined, l => l.BindingState == LeaseBindingState.Abandoned, "abandoned");
        var discover = Packet(DhcpMessageType.Discover, id);
        var offer = await client.ExchangeAsync(discover, DhcpRoute.Broadcast);
        IPoIBReplyAssert.Framing(offer, discover, DhcpMessageType.Offer);
        Assert.That(offer!.YourAddress, Is.Not.EqualTo(declined), "an abandoned address is not offered again");
        Assert.That(offer.YourAddress, Is.InRange(RangeStart, RangeEnd));

        // INFORM from a statically configured address: parameters only — ACK with yiaddr 0, no lease time, to ciaddr.
        IPv4Address manual = IPv4Address.Parse("198.18.3.7");
        var inform = Packet(DhcpMessageType.Inform, id) with { ClientAddress = manual };
        var informAck = await client.ExchangeAsync(inform, DhcpRoute.Unicast(manual, Server));
        IPoIBReplyAssert.Framing(informAck, inform, DhcpMessageType.Ack);
        Assert.That(informAck!.YourAddress, Is.EqualTo(IPv4Address.Any), "RFC 2131 4.3.5: no yiaddr");
        Assert.That(informAck.Message.HasOption(DhcpOptionCode.LeaseTime), Is.False, "RFC 2131 4.3.5: no lease time");
        Assert.That(informAck.Endpoints.Destination, Is.EqualTo(manual), "to ciaddr");
        Assert.That(informAck.Address(DhcpOptionCode.SubnetMask), Is.EqualTo(IPv4Address.Parse("255.255.240.0")));
        Assert.That(informAck.Address(DhcpOptionCode.DomainNameServers), Is.EqualTo(Server));
        Assert.That(informAck.Text(DhcpOptionCode.RootPath), Is.EqualTo("198.18.0.1:/srv/nfsroot"));
        await dhcpd.WaitForLineAsync($"DHCPINFORM from {manual} via ib0", Timeout);
        await dhcpd.WaitForLineAsync($"DHCPACK to {manual} ({who}) via ib0", Timeout);
        Assert.That(LeaseFile.Latest(LeasePath).ContainsKey(manual), Is.False, "INFORM commits no lease");
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static ClientIdentifier Identifier(IdForm form) => form switch
    {
        IdForm.FlexBoot => ClientIdentifier.FlexBoot(ClientGuid),
        _ => ClientIdentifier.Rfc4390(ClientGuid, iaid: (uint)ClientGuid.Value),
    };

    private DhcpPacket Packet(DhcpMessageType type, ClientIdentifier id) => new(type, nextXid++, id);

    private async Task<IPv4Address> DoraAsync(ClientIdentifier id)
    {
        var offer = await client!.ExchangeAsync(Packet(DhcpMessageType.Discover, id), DhcpRoute.Broadcast);
        Assert.That(offer?.Type, Is.EqualTo(DhcpMessageType.Offer), "DORA: offer");
        var request = Packet(DhcpMessageType.Request, id) with { RequestedAddress = offer!.YourAddress, ServerIdentifier = Server };
        var ack = await client.ExchangeAsync(request, DhcpRoute.Broadcast);
        Assert.That(ack?.Type, Is.EqualTo(DhcpMessageType.Ack), "DORA: ack");
        Assert.That(ack!.YourAddress, Is.EqualTo(offer.YourAddress));
        return ack.YourAddress;
    }
}
