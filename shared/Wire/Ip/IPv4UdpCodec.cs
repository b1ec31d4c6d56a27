namespace IPoIBDhcp.Wire.Ip;

/// <summary>
/// Builds and parses whole IPv4+UDP packets (20-byte IPv4 header, 8-byte UDP header, payload), the unit that
/// AF_PACKET SOCK_DGRAM sockets and the emulated fabric carry. Checksums are inserted on send and checked on
/// receive; neither direction allocates.
/// </summary>
/// <remarks>
/// Receive-side design: <see cref="TryRead(ReadOnlySpan{byte}, ChecksumPolicy, out UdpPacketView, out UdpReadStatus, out WireError)"/>
/// returns <c>bool</c> like every other <c>TryRead</c> in the suite and also reports a <see cref="UdpReadStatus"/>,
/// so the engine can count checksum errors, fragments and non-UDP traffic separately without comparing reason
/// strings; the <see cref="WireError"/> adds the offset and a human-readable reason for logs. Both IPv4 header
/// and UDP checksum failures are <see cref="UdpReadStatus.ChecksumError"/> (reasons "IPv4 header checksum
/// mismatch" and "UDP checksum mismatch").
/// </remarks>
public static class IPv4UdpCodec
{
    /// <summary>Bytes of IPv4 and UDP header this codec writes in front of the payload.</summary>
    public const int HeadersLength = IPv4Header.MinimumLength + UdpHeader.Size;

    /// <summary>The largest payload that fits the 16-bit IPv4 total length.</summary>
    public const int MaxPayloadLength = ushort.MaxValue - HeadersLength;

    /// <summary>
    /// Writes an IPv4 header, UDP header and payload into <paramref name="destination"/>, with the IPv4 header
    /// checksum and (unless disabled) the UDP checksum over the pseudo-header. A computed UDP checksum of 0 is
    /// sent as 0xFFFF, because 0 on the wire means "no checksum" (RFC 768).
    /// </summary>
    /// <param name="destination">Buffer for the packet; needs <see cref="HeadersLength"/> + payload length bytes.</param>
    /// <param name="endpoints">Source and destination address and port.</param>
    /// <param name="payload">
    /// The UDP payload. It may already sit at <c>destination[HeadersLength..]</c> (serialize the DHCP message
    /// in place, then call this): overlapping is handled.
    /// </param>
    /// <param name="ttl">IPv4 time to live.</param>
    /// <param name="identification">IPv4 identification.</param>
    /// <param name="computeUdpChecksum">False sends UDP checksum 0 (not computed), which IPv4 permits.</param>
    /// <returns>The packet length: <see cref="HeadersLength"/> + payload length.</returns>
    /// <exception cref="ArgumentException">The payload is too large for IPv4 or the buffer too small.</exception>
    public static int Write(
        Span<byte> destination,
        in IPv4UdpEndpoints endpoints,
        ReadOnlySpan<byte> payload,
        byte ttl = 64,
        ushort identification = 0,
        bool computeUdpChecksum = true)
    {
        if (payload.Length > MaxPayloadLength)
        {
            throw new ArgumentException("payload does not fit an IPv4 packet", nameof(payload));
        }

        int totalLength = HeadersLength + payload.Length;
        if (destination.Length < totalLength)
        {
            throw new ArgumentException("destination is too small for the packet", nameof(destination));
        }

        // Payload first: if it overlaps the header area, it must move before the headers overwrite it.
        payload.CopyTo(destination[HeadersLength..]);

        var ip = new IPv4Header(
            endpoints.SourceAddress,
            endpoints.DestinationAddress,
            IPv4Header.ProtocolUdp,
            (ushort)totalLength,
            ttl,
            identification);
        ip.Write(destination);

        ushort udpLength = (ushort)(UdpHeader.Size + payload.Length);
        Span<byte> datagram = destination.Slice(IPv4Header.MinimumLength, udpLength);
        new UdpHeader(endpoints.SourcePort, endpoints.DestinationPort, udpLength).Write(datagram);
        if (computeUdpChecksum)
        {
            uint sum = PseudoHeaderSum(endpoints.SourceAddress, endpoints.DestinationAddress, udpLength);
            ushort checksum = InternetChecksum.Fold(InternetChecksum.Accumulate(datagram, sum));
            new UdpHeader(endpoints.SourcePort, endpoints.DestinationPort, udpLength, checksum == 0 ? (ushort)0xFFFF : checksum)
                .Write(datagram);
        }

        return totalLength;
    }

    /// <summary>
    /// Validates a received IPv4/UDP packet and gives a view of its addressing and payload. Bytes after the
    /// IPv4 total length (Ethernet padding) are ignored. Never throws on bad input.
    /// </summary>
    /// <param name="packet">The packet, starting at the IPv4 header.</param>
    /// <param name="policy">Whether to verify checksums or trust the hardware.</param>
    /// <param name="view">The datagram when accepted, otherwise default.</param>
    /// <param name="error">Where (offset from the start of <paramref name="packet"/>) and why it was rejected.</param>
    public static bool TryRead(ReadOnlySpan<byte> packet, ChecksumPolicy policy, out UdpPacketView view, out WireError error) =>
        TryRead(packet, policy, out view, out _, out error);

    /// <summary>
    /// <see cref="TryRead(ReadOnlySpan{byte}, ChecksumPolicy, out UdpPacketView, out WireError)"/> that also
    /// classifies a rejection, for the engine's per-cause counters.
    /// </summary>
    /// <param name="packet">The packet, starting at the IPv4 header.</param>
    /// <param name="policy">Whether to verify checksums or trust the hardware.</param>
    /// <param name="view">The datagram when accepted, otherwise default.</param>
    /// <param name="status"><see cref="UdpReadStatus.Ok"/>, or why the packet was rejected.</param>
    /// <param name="error">Where (offset from the start of <paramref name="packet"/>) and why it was rejected.</param>
    public static bool TryRead(
        ReadOnlySpan<byte> packet,
        ChecksumPolicy policy,
        out UdpPacketView view,
        out UdpReadStatus status,
        out WireError error)
    {
        view = default;
        bool verify = policy == ChecksumPolicy.Verify;
        status = IPv4Header.TryReadCore(packet, verify, out IPv4Header ip, out error);
        if (status != UdpReadStatus.Ok)
        {
            return false;
        }

        if (ip.Protocol != IPv4Header.ProtocolUdp)
        {
            error = new WireError(9, "IPv4 protocol is not UDP (17)");
            status = UdpReadStatus.NotUdp;
            return false;
        }

        int udpOffset = ip.HeaderLength;
        ReadOnlySpan<byte> datagram = packet.Slice(udpOffset, ip.PayloadLength);
        if (!UdpHeader.TryRead(datagram, out UdpHeader udp, out WireError udpError))
        {
            error = udpError with { Offset = udpOffset + udpError.Offset };
            status = UdpReadStatus.Malformed;
            return false;
        }

        UdpChecksumState checksumState;
        if (udp.Checksum == 0)
        {
            checksumState = UdpChecksumState.Absent;
        }
        else if (!verify)
        {
            checksumState = UdpChecksumState.Trusted;
        }
        else
        {
            uint sum = PseudoHeaderSum(ip.SourceAddress, ip.DestinationAddress, udp.Length);
            if (InternetChecksum.Fold(InternetChecksum.Accumulate(datagram[..udp.Length], sum)) != 0)
            {
                error = new WireError(udpOffset + 6, "UDP checksum mismatch");
                status = UdpReadStatus.ChecksumError;
                return false;
            }

            checksumState = UdpChecksumState.Verified;
        }

        view = new UdpPacketView(ip, udp, datagram.Slice(UdpHeader.Size, udp.PayloadLength), checksumState);
        error = default;
        return true;
    }

    /// <summary>Throwing twin of <c>TryRead</c>, for tools and tests.</summary>
    /// <exception cref="WireFormatException">The packet was rejected.</exception>
    public static UdpPacketView Read(ReadOnlySpan<byte> packet, ChecksumPolicy policy = ChecksumPolicy.Verify) =>
        TryRead(packet, policy, out UdpPacketView view, out WireError error) ? view : throw new WireFormatException(error);

    /// <summary>
    /// Sum of the UDP pseudo-header (source, destination, zero + protocol 17, UDP length) as big-endian words;
    /// at most six 16-bit words, so it cannot overflow.
    /// </summary>
    private static uint PseudoHeaderSum(uint source, uint destination, ushort udpLength) =>
        (source >> 16) + (source & 0xFFFF) + (destination >> 16) + (destination & 0xFFFF) + IPv4Header.ProtocolUdp + udpLength;
}
