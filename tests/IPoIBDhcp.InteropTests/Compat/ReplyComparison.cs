namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>
/// Compares ISC's reply to ours for one message of one row, field for field and option for option (code and bytes,
/// order aside), leaving out only the divergences we chose on purpose (docs/compat.md, "Deliberate divergences").
/// </summary>
public static class ReplyComparison
{
    /// <summary>
    /// Options compared by neither side: 61, which we echo and ISC 4.4 does not (RFC 6842); 58 and 59, which we
    /// state and ISC 4.4 leaves to the client's defaults (the same values by RFC 2131 4.4.5).
    /// </summary>
    public static readonly IReadOnlySet<byte> DeliberateDivergences = new HashSet<byte> { 58, 59, 61 };

    /// <summary>
    /// Option 51. ISC offers a client's existing lease with the time it has left (seen: 599 and 598 for a 600 s lease
    /// taken a row earlier), so the same answer may read a few seconds shorter depending on how long the rows between
    /// took; 10 s covers a row's two 4 s waits.
    /// </summary>
    private const byte LeaseTime = 51;

    /// <summary>Option 26, which ours adds unasked (see <see cref="Differences"/>).</summary>
    private const byte InterfaceMtu = 26;

    /// <summary>How far two lease times may differ and still count as the same answer.</summary>
    private const uint ClockSkewSeconds = 10;

    /// <summary>
    /// The differences between the two replies to <paramref name="what"/>, one line each, empty when they agree.
    /// A missing reply on one side is a difference; none on both sides is agreement.
    /// </summary>
    /// <remarks>
    /// One more deliberate divergence is narrower than an option code: ours adds the interface MTU (option 26) to a
    /// reply whose client did not ask for it (RFC 2131 4.3.1 lets a server add options; on IPoIB a wrong MTU breaks
    /// the link), where ISC sends only what was asked for. So option 26 present in ours alone, for a client whose
    /// <paramref name="requested"/> list lacks it, is not a difference; its value, when both send it, still is.
    /// </remarks>
    public static List<string> Differences(string what, DhcpReply? isc, DhcpReply? ours, IReadOnlyCollection<byte>? requested = null)
    {
        var differences = new List<string>();
        if (isc is null || ours is null)
        {
            if (isc is not null || ours is not null)
            {
                differences.Add($"{what}: ISC {(isc is null ? "no reply" : Kind(isc))}, ours {(ours is null ? "no reply" : Kind(ours))}");
            }

            return differences;
        }

        foreach ((string field, string value) in isc.Fields)
        {
            string other = ours.Fields[field];
            if (value != other)
            {
                differences.Add($"{what}: {field} ISC '{value}', ours '{other}'");
            }
        }

        foreach (byte code in isc.Options.Keys.Union(ours.Options.Keys).Order())
        {
            if (DeliberateDivergences.Contains(code))
            {
                continue;
            }

            bool inIsc = isc.Options.TryGetValue(code, out byte[]? a);
            bool inOurs = ours.Options.TryGetValue(code, out byte[]? b);
            if (code == InterfaceMtu && !inIsc && requested is { Count: > 0 } && !requested.Contains(InterfaceMtu))
            {
                continue;
            }

            if (!inIsc || !inOurs || !(a!.AsSpan().SequenceEqual(b) || (code == LeaseTime && WithinClockSkew(a!, b!))))
            {
                differences.Add($"{what}: option {code} ISC {(inIsc ? DhcpReply.Render(a!) : "(absent)")}, ours {(inOurs ? DhcpReply.Render(b!) : "(absent)")}");
            }
        }

        return differences;
    }

    private static bool WithinClockSkew(byte[] a, byte[] b)
    {
        if (a.Length != 4 || b.Length != 4)
        {
            return false;
        }

        uint x = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(a);
        uint y = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(b);
        return (x > y ? x - y : y - x) <= ClockSkewSeconds;
    }

    private static string Kind(DhcpReply reply) => reply.MessageType switch
    {
        2 => "OFFER " + reply.YourAddress,
        5 => "ACK " + reply.YourAddress,
        6 => "NAK",
        0 => "BOOTREPLY " + reply.YourAddress,
        byte other => $"type {other}",
    };
}
