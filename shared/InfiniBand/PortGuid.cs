using System.Buffers.Binary;
using System.Globalization;
using System.Net.NetworkInformation;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.InfiniBand;

/// <summary>
/// The 64-bit GUID burned into an InfiniBand port. It is the one identity of a node that survives every
/// boot stage (FlexBoot, iPXE, the OS dhclient all derive their client-identifier from it), so host
/// entries and leases are keyed by it.
/// </summary>
/// <remarks>
/// Text forms accepted by <see cref="TryParse(ReadOnlySpan{char}, out PortGuid)"/>:
/// <c>0002:c903:0000:1039</c> (sysfs <c>node_guid</c>, four groups of 1–4 hex digits),
/// <c>0x0002c90300001039</c> (ibstat/OpenSM, 1–16 hex digits after <c>0x</c>),
/// <c>0002c90300001039</c> (exactly 16 bare hex digits) and
/// <c>00:02:c9:03:00:00:10:39</c> (eight colon-separated octets).
/// </remarks>
public readonly struct PortGuid : IEquatable<PortGuid>, IComparable<PortGuid>
{
    /// <summary>Bytes a GUID occupies on the wire.</summary>
    public const int Size = 8;

    /// <summary>Length of the canonical <c>xxxx:xxxx:xxxx:xxxx</c> text.</summary>
    public const int FormattedLength = 19;

    /// <summary>Creates a GUID from its big-endian 64-bit value, as <c>0x…</c> literals in OpenSM files read.</summary>
    public PortGuid(ulong value) => Value = value;

    /// <summary>The GUID as a 64-bit number; byte 0 on the wire is the most significant byte.</summary>
    public ulong Value { get; }

    /// <summary>Writes the 8 wire bytes (network order) so GIDs and client-identifiers can embed the GUID.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 8 bytes.</exception>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
            throw new ArgumentException("A port GUID needs 8 bytes.", nameof(destination));
        BinaryPrimitives.WriteUInt64BigEndian(destination, Value);
    }

    /// <summary>Reads the first 8 bytes as a GUID; never throws, so packet parsing can drop bad input quietly.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out PortGuid guid, out WireError error)
    {
        if (source.Length < Size)
        {
            guid = default;
            error = new WireError(source.Length, "port GUID needs 8 bytes");
            return false;
        }
        guid = new PortGuid(BinaryPrimitives.ReadUInt64BigEndian(source));
        error = default;
        return true;
    }

    /// <summary>Throwing twin of <see cref="TryRead"/>.</summary>
    /// <exception cref="WireFormatException">Fewer than 8 bytes.</exception>
    public static PortGuid Read(ReadOnlySpan<byte> source)
        => TryRead(source, out PortGuid guid, out WireError error) ? guid : throw new WireFormatException(error);

    /// <summary>
    /// The 6-byte Ethernet-style MAC iPXE presents for an IPoIB port (its "eIPoIB LEMAC"): GUID bytes
    /// 0, 1, 2, 5, 6, 7 (iPXE <c>IPOIB_GUID_MASK</c> = 0xe7). iPXE sends <c>01:</c> + this MAC as its
    /// client-identifier, which is how a node's iPXE stage can be tied back to its GUID.
    /// </summary>
    public PhysicalAddress ToEui48Mac()
    {
        var mac = new byte[6];
        WriteEui48Mac(mac);
        return new PhysicalAddress(mac);
    }

    /// <summary>Allocation-free form of <see cref="ToEui48Mac"/>.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than 6 bytes.</exception>
    public void WriteEui48Mac(Span<byte> destination)
    {
        if (destination.Length < 6)
            throw new ArgumentException("A MAC needs 6 bytes.", nameof(destination));
        Span<byte> g = stackalloc byte[Size];
        Write(g);
        destination[0] = g[0];
        destination[1] = g[1];
        destination[2] = g[2];
        destination[3] = g[5];
        destination[4] = g[6];
        destination[5] = g[7];
    }

    /// <summary>True when <paramref name="mac"/> is the 6-byte MAC iPXE would derive from this GUID.</summary>
    public bool MatchesEui48Mac(ReadOnlySpan<byte> mac)
    {
        if (mac.Length != 6)
            return false;
        Span<byte> mine = stackalloc byte[6];
        WriteEui48Mac(mine);
        return mine.SequenceEqual(mac);
    }

    /// <summary>Parses any of the four accepted text forms (see remarks on the type).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out PortGuid guid)
    {
        guid = default;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            ReadOnlySpan<char> digits = text[2..];
            if (digits.Length is < 1 or > 16 || !IsHex(digits))
                return false;
            guid = new PortGuid(ulong.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            return true;
        }
        int colons = text.Count(':');
        if (colons == 0)
        {
            if (text.Length != 16 || !IsHex(text))
                return false;
            guid = new PortGuid(ulong.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            return true;
        }
        if (colons == 7)
        {
            Span<byte> bytes = stackalloc byte[Size];
            if (!ColonHex.TryParse(text, bytes, out int n) || n != Size)
                return false;
            guid = new PortGuid(BinaryPrimitives.ReadUInt64BigEndian(bytes));
            return true;
        }
        if (colons == 3)
        {
            ulong value = 0;
            foreach (Range r in text.Split(':'))
            {
                ReadOnlySpan<char> group = text[r];
                if (group.Length is < 1 or > 4 || !IsHex(group))
                    return false;
                value = (value << 16) | ushort.Parse(group, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            }
            guid = new PortGuid(value);
            return true;
        }
        return false;
    }

    /// <summary>Throwing twin of <see cref="TryParse(ReadOnlySpan{char}, out PortGuid)"/>, for configuration.</summary>
    /// <exception cref="FormatException">The text is not a port GUID in any accepted form.</exception>
    public static PortGuid Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out PortGuid guid)
            ? guid
            : throw new FormatException($"'{text}' is not a port GUID (expected e.g. 0002:c903:0000:1039, 0x0002c90300001039, 0002c90300001039 or 00:02:c9:03:00:00:10:39).");
    }

    /// <summary>Formats as <c>0002:c903:0000:1039</c> without allocating.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        if (destination.Length < FormattedLength)
            return false;
        for (int i = 0; i < 4; i++)
        {
            if (i > 0)
                destination[charsWritten++] = ':';
            ushort group = (ushort)(Value >> (48 - (16 * i)));
            group.TryFormat(destination[charsWritten..], out _, "x4", CultureInfo.InvariantCulture);
            charsWritten += 4;
        }
        return true;
    }

    /// <summary>The canonical form <c>0002:c903:0000:1039</c>, as Linux sysfs shows <c>node_guid</c>.</summary>
    public override string ToString()
        => string.Create(FormattedLength, Value, static (span, v) => new PortGuid(v).TryFormat(span, out _));

    /// <summary>The <c>0x0002c90300001039</c> form ibstat and OpenSM configuration files use.</summary>
    public string ToPrefixedHex() => "0x" + Value.ToString("x16", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool Equals(PortGuid other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PortGuid other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value.GetHashCode();

    /// <summary>Orders by numeric value, so sorted host lists read like ibnetdiscover output.</summary>
    public int CompareTo(PortGuid other) => Value.CompareTo(other.Value);

    /// <summary>Value equality.</summary>
    public static bool operator ==(PortGuid left, PortGuid right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(PortGuid left, PortGuid right) => !left.Equals(right);

    private static bool IsHex(ReadOnlySpan<char> text) => !text.ContainsAnyExcept("0123456789abcdefABCDEF");
}
