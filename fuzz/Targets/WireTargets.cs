using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Intake;
using IPoIBDhcp.Server.Logging;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using IPoIBDhcp.Wire.Ip;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Fuzz;

/// <summary>Targets for the binary readers: a DHCP message with its options, and an IPoIB/IPv4/UDP frame.</summary>
internal static class WireTargets
{
    /// <summary>
    /// A UDP payload as a DHCP server or client receives it: decode, then read every field and every option the
    /// way the server and the lease/script writers do (typed getters, option 82 sub-options, client-identifier,
    /// the text form of each option).
    /// </summary>
    public static void Dhcp(ReadOnlySpan<byte> input)
    {
        Backlog(input);
        var message = new DhcpMessage();
        bool ok = message.TryRead(input, out WireError error);
        try
        {
            new DhcpMessage().Read(input);
            if (!ok) throw new FuzzInvariantException("Read accepted what TryRead refused");
        }
        catch (WireFormatException e) when (!ok)
        {
            if (e.Message.Length == 0) throw new FuzzInvariantException("WireFormatException without a reason");
        }
        if (!ok)
        {
            if (error.Offset < 0 || error.Offset > input.Length || string.IsNullOrEmpty(error.Reason))
                throw new FuzzInvariantException($"bad WireError {error}");
            return;
        }
        ReadFields(message);
        // The log line names the client from what the packet carries (chaddr or client-id, GUID, host name).
        if (!IscLogLines.Discover(message, "ib0").StartsWith("DHCPDISCOVER from ", StringComparison.Ordinal))
            throw new FuzzInvariantException("a log line lost its start");
        // The same instance reused for a second, different packet must forget the first one's options.
        message.TryRead(input, out _);
        ReadFields(message);
    }

    /// <summary>
    /// dhcpd's receive backlog reads the same bytes before the decision does (<see cref="RequestPeek"/>): it must take
    /// any datagram, count a second copy as a retransmission only when it could read the first, and give it back unchanged.
    /// </summary>
    private static void Backlog(ReadOnlySpan<byte> input)
    {
        var counters = new IntakeCounters();
        var backlog = new RequestBacklog(2, counters);
        backlog.Add(input, default);
        backlog.Add(input, default);
        bool keyed = RequestPeek.TryRead(input, out _, out _);
        if (backlog.Count != (keyed ? 1 : 2) || counters.Superseded != (keyed ? 1 : 0))
            throw new FuzzInvariantException($"backlog holds {backlog.Count} copies (keyed {keyed}, superseded {counters.Superseded})");
        while (backlog.TryTake(out var entry))
        {
            if (!entry.Datagram.Span.SequenceEqual(input)) throw new FuzzInvariantException("the backlog changed a datagram");
            RequestBacklog.Release(entry);
        }
    }

    private static void ReadFields(DhcpMessage m)
    {
        _ = (m.Op, m.HardwareType, m.HardwareAddressLength, m.Hops, m.TransactionId, m.Seconds, m.Flags, m.IsBroadcast);
        _ = (m.ClientAddress, m.YourAddress, m.NextServerAddress, m.GatewayAddress);
        _ = m.ClientHardwareAddress.Length + m.ServerName.Length + m.BootFileName.Length + m.Raw.Length;
        _ = m.TryGetRequestedAddress(out _) | m.TryGetServerIdentifier(out _) | m.TryGetSubnetSelection(out _);
        _ = m.TryGetLeaseTime(out _) | m.TryGetRenewalTime(out _) | m.TryGetRebindingTime(out _) | m.TryGetMaxMessageSize(out _);
        _ = m.ParameterRequestList.Length;
        var table = DhcpOptionTable.Standard;
        for (int i = 0; i < m.OptionCount; i++)
        {
            byte code = m.OptionCodeAt(i);
            if (!m.HasOption(code) || !m.TryGetOption(code, out var value) || !m.TryGetOptionMemory(code, out var memory)
                || !value.SequenceEqual(memory.Span) || !value.SequenceEqual(m.GetOption(code)))
                throw new FuzzInvariantException($"option {code} listed but not readable");
            if (table[code] is { } definition)
            {
                _ = OptionValueCodec.Format(definition, value, OptionTextStyle.LeaseFile);
                _ = OptionValueCodec.Format(definition, value, OptionTextStyle.ScriptEnvironment);
            }
            _ = OptionValueCodec.ToColonHex(value);
        }
        var relay = new RelayAgentInformation(m.GetOption(DhcpOptionCode.RelayAgentInformation));
        _ = relay.IsPresent && relay.IsWellFormed;
        for (int code = 0; code < 256; code++) _ = relay.TryGetSubOption((byte)code, out _);
        _ = relay.TryGetLinkSelection(out _);
        if (m.HasOption(DhcpOptionCode.ClientIdentifier)) IdentityTargets.ReadIdentifierBytes(m.ClientIdentifier);
    }

    /// <summary>
    /// An IPoIB frame as the packet socket delivers it: the 4-byte encapsulation header, then IPv4/UDP, read
    /// with both checksum policies; the same bytes also go through the standalone header, GID, GUID and
    /// hardware-address readers.
    /// </summary>
    public static void Frame(ReadOnlySpan<byte> input)
    {
        if (IPoIBEncapsulationHeader.TryRead(input, out var encapsulation, out _))
        {
            _ = encapsulation.EtherType;
            ReadIp(input[4..]);
        }
        Expect(input, static s => IPoIBEncapsulationHeader.Read(s));
        ReadIp(input);
        _ = IPoIBHardwareAddress.TryRead(input, out _, out _);
        _ = Gid.TryRead(input, out _, out _);
        _ = PortGuid.TryRead(input, out _, out _);
        Expect(input, static s => IPoIBHardwareAddress.Read(s));
        Expect(input, static s => Gid.Read(s));
        Expect(input, static s => PortGuid.Read(s));
    }

    private static void ReadIp(ReadOnlySpan<byte> packet)
    {
        foreach (var policy in (ReadOnlySpan<ChecksumPolicy>)[ChecksumPolicy.Verify, ChecksumPolicy.TrustHardware])
        {
            if (IPv4UdpCodec.TryRead(packet, policy, out UdpPacketView view, out UdpReadStatus status, out WireError error))
            {
                if (status != UdpReadStatus.Ok) throw new FuzzInvariantException("accepted with a failure status");
                _ = (view.SourceAddress, view.DestinationAddress, view.SourcePort, view.DestinationPort);
                if (view.Payload.Length > packet.Length) throw new FuzzInvariantException("payload longer than the packet");
                Dhcp(view.Payload);
            }
            else if (status == UdpReadStatus.Ok || error.Offset < 0 || error.Offset > packet.Length)
            {
                throw new FuzzInvariantException($"refused with status {status} and error {error}");
            }
        }
        _ = IPv4Header.TryRead(packet, out _, out _) | IPv4Header.TryRead(packet, out _, out _, verifyChecksum: false);
        _ = UdpHeader.TryRead(packet, out _, out _);
        if (packet.Length >= 20) _ = UdpHeader.TryRead(packet[20..], out _, out _);
        Expect(packet, static s => IPv4UdpCodec.Read(s));
        Expect(packet, static s => IPv4Header.Read(s));
        Expect(packet, static s => UdpHeader.Read(s));
    }

    /// <summary>The throwing twin may throw only <see cref="WireFormatException"/>.</summary>
    internal static void Expect(ReadOnlySpan<byte> input, SpanReader read)
    {
        try
        {
            read(input);
        }
        catch (WireFormatException)
        {
        }
    }

    internal delegate void SpanReader(ReadOnlySpan<byte> input);
}
