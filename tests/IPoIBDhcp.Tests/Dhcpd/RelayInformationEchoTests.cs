using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using static IPoIBDhcp.Tests.Dhcpd.ServerHarness;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>
/// RFC 3046 section 2.2: every reply to a relayed request carries the relay's option 82 back unchanged, as its last
/// option. The relay removes it before forwarding, so it does not count against the client's 576 bytes (ISC dhcpd
/// appends it past that limit too); what the client receives still fits, using option 52 (overload) when needed.
/// </summary>
public class RelayInformationEchoTests
{
    // More than the 308 bytes of options a 576-byte client takes, with file holding the boot file name: options
    // move into sname (option 52 = 2) even without option 82.
    private const string Config = """
        authoritative;
        default-lease-time 3600;
        option domain-name "cluster.example.org";
        option domain-name-servers 198.18.0.1, 198.18.0.2, 198.18.0.3;
        option ntp-servers 198.18.0.1, 198.18.0.2;
        option log-servers 198.18.0.4;
        option domain-search "cluster.example.org", "ib.cluster.example.org", "mgmt.cluster.example.org", "storage.cluster.example.org";
        option root-path "198.18.0.1:/srv/nfsroot/images/compute-rocky-9.4-ofed-24.10-x86_64";
        option tftp-server-name "tftp-boot-server.mgmt.cluster.example.org";
        option nis-domain "nis-domain-of-the-compute-partition.cluster.example.org";
        option merit-dump "/var/lib/crash/dumps/compute-nodes";
        next-server 198.18.0.1;
        filename "pxelinux.0";
        subnet 198.18.0.0 netmask 255.255.240.0 { }
        subnet 198.18.16.0 netmask 255.255.240.0 {
          option routers 198.18.16.1;
          option broadcast-address 198.18.31.255;
          option interface-mtu 2044;
          range 198.18.17.0 198.18.17.99;
        }
        """;

    /// <summary>What the client asks for: everything the configuration sets, and more.</summary>
    private static readonly byte[] ManyOptions = [1, 3, 6, 7, 12, 15, 17, 26, 28, 42, 66, 67, 119, 121, 150, 40, 14];

    private static readonly ClientIdentifier Client = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:2001"));
    private static readonly PortContext Udp = new("udp:198.18.0.1:67", A("198.18.0.1"), 65535, PortCapabilities.Routed);
    private const string Relay = "198.18.16.1";

    private static readonly byte[] Required =
    [
        DhcpOptionCode.MessageType, DhcpOptionCode.ServerIdentifier, DhcpOptionCode.LeaseTime, DhcpOptionCode.RenewalTime,
        DhcpOptionCode.RebindingTime, DhcpOptionCode.SubnetMask, DhcpOptionCode.ClientIdentifier,
    ];

    [TestCase(187)]
    [TestCase(200)]
    [TestCase(255)]
    public void ARelayedOfferEchoesOption82ByteForByteAsItsLastOption(int size)
    {
        var h = Harness();
        var rai = RelayInformation(size, seed: size);
        var d = h.Send(Discover([rai]), Udp, source: Relay);

        Assert.That(d.Kind, Is.EqualTo(DecisionKind.Reply));
        Assert.That(h.Reply.MessageType, Is.EqualTo(DhcpMessageType.Offer));
        Assert.That(h.Reply.GetOption(DhcpOptionCode.RelayAgentInformation).ToArray(), Is.EqualTo(rai), "RFC 3046 2.2: echoed unchanged");
        Assert.That(OptionsFieldCodes(h.Reply.Raw)[^1], Is.EqualTo(DhcpOptionCode.RelayAgentInformation), "82 is the last option");
        Assert.That(h.Reply.Overload, Is.EqualTo(2), "the client's options move into sname (file holds the boot file name)");
        Assert.That(System.Text.Encoding.ASCII.GetString(h.Reply.BootFileName), Is.EqualTo("pxelinux.0"));

        // What the relay forwards to the client: 82 removed, within the client's 576-byte datagram.
        var forwarded = Forwarded(h.Reply.Raw);
        Assert.That(forwarded.Length, Is.LessThanOrEqualTo(548));
        Assert.That(h.Reply.Raw.Length - forwarded.Length, Is.EqualTo(size + 2), "only 82 is beyond the client's limit");
        var client = Parse(forwarded);
        Assert.That(Required.Where(c => !client.HasOption(c)), Is.Empty, "the options every reply carries are kept");
        Assert.That(client.HasOption(DhcpOptionCode.RelayAgentInformation), Is.False);
        // 119 is compressed as ISC sends it (RFC 1035 pointers, ISC's format Dc), so it fits before 40; 14 gives way.
        byte[] carried = [3, 6, 7, 15, 17, 26, 28, 42, 66, 119, 40];
        Assert.That(carried.Where(c => !client.HasOption(c)), Is.Empty, "the requested options fill the client's limit and sname");
    }

    [Test]
    public void ARelayedOfferWithA255ByteOption82MatchesTheGoldenVector()
    {
        var h = Harness();
        h.Send(Discover([RelayInformation(255, seed: 255)]), Udp, source: Relay);
        var actual = h.Reply.Raw.ToArray();
        if (Environment.GetEnvironmentVariable("IPOIBDHCP_WRITE_FIXTURES") == "1")
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "relayed-offer-82-255.raw.hex"), Convert.ToHexString(actual));
        Assert.That(actual, Is.EqualTo(HexFixture.Load("relayed-offer-82-255.hex")));
    }

    [Test]
    public void Option82OfEverySizeIsEchoedThroughARelay([Values] bool parameterRequestList, [Values(null, (ushort)576, (ushort)1500)] ushort? maxSize)
    {
        var h = Harness();
        for (int size = 1; size <= 255; size++)
        {
            var rai = RelayInformation(size, seed: size);
            h.Send(Discover([rai], maxSize, parameterRequestList ? ManyOptions : null, xid: (uint)size), Udp, source: Relay);
            Assert.That(h.Reply.MessageType, Is.EqualTo(DhcpMessageType.Offer), $"size {size}");
            Assert.That(h.Reply.GetOption(DhcpOptionCode.RelayAgentInformation).ToArray(), Is.EqualTo(rai), $"size {size}");
            Assert.That(OptionsFieldCodes(h.Reply.Raw)[^1], Is.EqualTo(DhcpOptionCode.RelayAgentInformation), $"size {size}");
            Assert.That(Forwarded(h.Reply.Raw).Length, Is.LessThanOrEqualTo((maxSize ?? 576) - 28), $"size {size}");
        }
        Assert.That(h.Core.Counters.RelayInformationLeftOutCount, Is.Zero);
    }

    [TestCase(256, 2)]
    [TestCase(300, 3)]
    [TestCase(510, 3)]
    [TestCase(700, 4)]
    public void ConcatenatedOption82InstancesAreEchoedWhole(int size, int instances)
    {
        // RFC 3396: a relay whose option 82 is longer than 255 bytes sends it as several instances, read as one value.
        var h = Harness();
        var rai = RelayInformation(size, seed: size);
        // Cut where the relay chose, not at 255-byte boundaries: the first instance one byte shorter than an even share.
        var cuts = Enumerable.Range(0, instances + 1).Select(i => i == 0 || i == instances ? i * size / instances : i * size / instances - 1).ToArray();
        var parts = cuts.Zip(cuts.Skip(1), (from, to) => rai[from..to]).ToArray();
        Assert.That(parts.Select(p => p.Length), Is.All.InRange(1, 255));

        h.Send(Discover(parts), Udp, source: Relay);
        Assert.That(h.Reply.GetOption(DhcpOptionCode.RelayAgentInformation).ToArray(), Is.EqualTo(rai));
        var codes = OptionsFieldCodes(h.Reply.Raw);
        int written = (size + 254) / 255;
        Assert.That(codes.TakeLast(written), Is.All.EqualTo(DhcpOptionCode.RelayAgentInformation), "255-byte instances, last");
        Assert.That(Forwarded(h.Reply.Raw).Length, Is.LessThanOrEqualTo(548));
    }

    [Test]
    public void AckAndNakThroughARelayEchoOption82()
    {
        var h = Harness();
        var rai = RelayInformation(255, seed: 7);
        h.Send(Discover([rai]), Udp, source: Relay);
        var offered = h.Reply.YourAddress;

        h.Send(Request([rai], offered), Udp, source: Relay);
        Assert.That(h.Reply.MessageType, Is.EqualTo(DhcpMessageType.Ack));
        Assert.That(h.Reply.GetOption(DhcpOptionCode.RelayAgentInformation).ToArray(), Is.EqualTo(rai));
        Assert.That(Forwarded(h.Reply.Raw).Length, Is.LessThanOrEqualTo(548));

        h.Send(Request([rai], A("198.18.18.5")), Udp, source: Relay);
        Assert.That(h.Reply.MessageType, Is.EqualTo(DhcpMessageType.Nak));
        Assert.That(h.Reply.GetOption(DhcpOptionCode.RelayAgentInformation).ToArray(), Is.EqualTo(rai));
        Assert.That(OptionsFieldCodes(h.Reply.Raw)[^1], Is.EqualTo(DhcpOptionCode.RelayAgentInformation));
    }

    [Test]
    public void OnTheClientsOwnLinkOption82PassesTheClientsLimitWithinTheLinkMtu()
    {
        // giaddr 0: an agent on the link (a snooping switch) added 82 and removes it again; the link (MTU 2044) carries it.
        var h = Harness();
        var rai = RelayInformation(255, seed: 3);
        h.Send(Discover([rai], giaddr: "0.0.0.0"), h.Port("ib0", "198.18.16.1"));
        Assert.That(h.Reply.GetOption(DhcpOptionCode.RelayAgentInformation).ToArray(), Is.EqualTo(rai));
        Assert.That(Forwarded(h.Reply.Raw).Length, Is.LessThanOrEqualTo(548));
        Assert.That(h.Reply.Raw.Length, Is.LessThanOrEqualTo(2044 - 28));
    }

    [Test]
    public void WhereTheLinkHasNoRoomOption82PushesOutOptionsOfLowerPriority()
    {
        // A 576-byte MTU link: 82 must fit within 548 bytes with the rest, so requested options give way to it.
        var h = Harness();
        var port = new PortContext("ib0", A("198.18.16.1"), 576, PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast);
        h.Send(Discover([], giaddr: "0.0.0.0"), port);
        var without = Parse(h.Reply.Raw);
        var rai = RelayInformation(150, seed: 150);
        h.Send(Discover([rai], giaddr: "0.0.0.0"), port);

        Assert.That(h.Reply.Raw.Length, Is.LessThanOrEqualTo(548));
        Assert.That(h.Reply.GetOption(DhcpOptionCode.RelayAgentInformation).ToArray(), Is.EqualTo(rai));
        Assert.That(Required.Where(c => !h.Reply.HasOption(c)), Is.Empty);
        var dropped = ManyOptions.Where(c => without.HasOption(c) && !h.Reply.HasOption(c)).ToArray();
        Assert.That(dropped, Is.Not.Empty, "options of lower priority gave way");
        Assert.That(h.Core.Counters.RelayInformationLeftOutCount, Is.Zero);
    }

    [Test]
    public void Option82ThatCannotFitTheLinkIsLeftOutWithAWarning()
    {
        var h = Harness();
        var port = new PortContext("ib0", A("198.18.16.1"), 576, PortCapabilities.LinkBroadcast | PortCapabilities.LinkUnicast);
        var d = h.Send(Discover([RelayInformation(255, seed: 1)], giaddr: "0.0.0.0"), port);

        Assert.That(d.Kind, Is.EqualTo(DecisionKind.Reply), "the client still gets its offer");
        Assert.That(h.Reply.Raw.Length, Is.LessThanOrEqualTo(548));
        Assert.That(h.Reply.HasOption(DhcpOptionCode.RelayAgentInformation), Is.False);
        Assert.That(h.Core.Counters.RelayInformationLeftOutCount, Is.EqualTo(1));
        Assert.That(h.Log, Has.One.Matches<string>(l => l!.StartsWith("DHCPOFFER to ", StringComparison.Ordinal)
            && l.EndsWith("relay agent information (255 bytes) left out: it does not fit in a 548-byte reply", StringComparison.Ordinal)));
    }

    private static ServerHarness Harness()
    {
        var parsed = DhcpdConfigParser.ParseText(Config, "relay.conf");
        Assert.That(parsed.Diagnostics, Is.Empty);
        return new ServerHarness(ConfigPlanBuilder.Build(parsed.Config!));
    }

    /// <summary>An option 82 value of <paramref name="size"/> bytes: circuit-id and remote-id sub-options (a lone byte for size 1).</summary>
    private static byte[] RelayInformation(int size, int seed)
    {
        var random = new Random(seed);
        var value = new byte[size];
        random.NextBytes(value);
        int at = 0, code = RelayAgentInformation.CircuitId;
        while (size - at >= 2)
        {
            int length = Math.Min(size - at - 2, code == RelayAgentInformation.CircuitId ? random.Next(0, 200) : 255);
            value[at] = (byte)code;
            value[at + 1] = (byte)length;
            at += 2 + length;
            code = RelayAgentInformation.RemoteId;
        }
        return value;
    }

    private static byte[] Discover(byte[][] relayInformation, ushort? maxSize = null, byte[]? prl = null, uint xid = 0x2001, string giaddr = Relay) =>
        Message(DhcpMessageType.Discover, relayInformation, maxSize, prl ?? ManyOptions, xid, giaddr, null);

    private static byte[] Request(byte[][] relayInformation, IPv4Address requested) =>
        Message(DhcpMessageType.Request, relayInformation, null, ManyOptions, 0x2002, Relay, requested);

    private static byte[] Message(DhcpMessageType type, byte[][] relayInformation, ushort? maxSize, byte[]? prl, uint xid, string giaddr, IPv4Address? requested)
    {
        var buffer = new byte[2048];
        var w = new DhcpMessageWriter(buffer, buffer.Length)
        {
            Op = BootpOpCode.BootRequest, HardwareType = HardwareType.InfiniBand, TransactionId = xid,
            Flags = BootpFieldLocations.BroadcastFlag, GatewayAddress = A(giaddr), Hops = giaddr == "0.0.0.0" ? (byte)0 : (byte)1,
        };
        w.SetClientHardwareAddress([]);
        w.WriteMessageType(type);
        w.WriteOption(DhcpOptionCode.ClientIdentifier, Client.Span);
        if (requested is { } address)
        {
            w.WriteOption(DhcpOptionCode.RequestedAddress, address);
            w.WriteOption(DhcpOptionCode.ServerIdentifier, A("198.18.0.1"));
        }
        if (prl is not null) w.WriteOption(DhcpOptionCode.ParameterRequestList, prl);
        if (maxSize is { } mms) w.WriteOption(DhcpOptionCode.MaxMessageSize, mms);
        // The relay appends its option 82, in as many instances as it chose.
        foreach (var part in relayInformation) w.WriteOption(DhcpOptionCode.RelayAgentInformation, part);
        return buffer.AsSpan(0, w.Finish()).ToArray();
    }

    private static DhcpMessage Parse(ReadOnlySpan<byte> bytes)
    {
        var m = new DhcpMessage();
        m.Read(bytes);
        return m;
    }

    /// <summary>The codes of the options field, in order, up to End.</summary>
    private static List<byte> OptionsFieldCodes(ReadOnlySpan<byte> message)
    {
        var codes = new List<byte>();
        for (int i = BootpFieldLocations.Options; i < message.Length && message[i] != DhcpOptionCode.End; i += message[i] == 0 ? 1 : 2 + message[i + 1])
            if (message[i] != DhcpOptionCode.Pad) codes.Add(message[i]);
        return codes;
    }

    /// <summary>The reply as a relay forwards it to the client: every option 82 instance taken out of the options field (RFC 3046 2.2).</summary>
    private static byte[] Forwarded(ReadOnlySpan<byte> message)
    {
        var kept = new List<byte>(message[..BootpFieldLocations.Options].ToArray());
        int i = BootpFieldLocations.Options;
        while (i < message.Length && message[i] != DhcpOptionCode.End)
        {
            int length = message[i] == DhcpOptionCode.Pad ? 1 : 2 + message[i + 1];
            if (message[i] != DhcpOptionCode.RelayAgentInformation) kept.AddRange(message.Slice(i, length).ToArray());
            i += length;
        }
        kept.Add(DhcpOptionCode.End);
        return [.. kept];
    }
}
