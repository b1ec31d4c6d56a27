using System.Globalization;

namespace IPoIBDhcp.InfiniBand;

/// <summary>
/// A 16-bit InfiniBand partition key. Each P_Key is its own IPoIB broadcast domain (and usually its own
/// subnet), so the server keys interfaces, pools and broadcast addresses by it. Bit 15 (0x8000) marks
/// full membership; the low 15 bits name the partition.
/// </summary>
/// <remarks>
/// Text: <c>0x8001</c> or bare hex <c>8001</c>, 1–4 digits — OpenSM's partitions.conf and sysfs
/// (<c>/sys/class/net/ib0/pkey</c>) write P_Keys in hex, so a bare number is read as hex, never decimal.
/// 0x0000 and 0x8000 are the IBA's invalid P_Key and are rejected by the parser.
/// </remarks>
public readonly struct PKey : IEquatable<PKey>
{
    /// <summary>The full-membership bit.</summary>
    public const ushort FullMembershipBit = 0x8000;

    /// <summary>Longest Linux interface name (IFNAMSIZ − 1).</summary>
    private const int MaxInterfaceNameLength = 15;

    /// <summary>Wraps a raw 16-bit value as read from the wire or sysfs.</summary>
    public PKey(ushort value) => Value = value;

    /// <summary>The raw 16-bit value, membership bit included.</summary>
    public ushort Value { get; }

    /// <summary>The default partition 0xffff (full member of partition 0x7fff) every port belongs to.</summary>
    public static PKey Default => new(0xffff);

    /// <summary>The partition number (low 15 bits), which is what makes two P_Keys the same partition.</summary>
    public ushort Base => (ushort)(Value & 0x7fff);

    /// <summary>True for full membership; limited members cannot talk to each other, only to full members.</summary>
    public bool IsFullMember => (Value & FullMembershipBit) != 0;

    /// <summary>False for 0x0000/0x8000, the P_Key the IBA reserves as invalid.</summary>
    public bool IsValid => Base != 0;

    /// <summary>The same partition with the full-membership bit set, as the broadcast MGID and child interface names use it.</summary>
    public PKey AsFull() => new((ushort)(Value | FullMembershipBit));

    /// <summary>
    /// The name Linux gives the child interface for this P_Key: parent, a dot, and the P_Key with the
    /// full-membership bit set as four lowercase hex digits (<c>ib0</c> → <c>ib0.8001</c>), which is what
    /// <c>echo 0x8001 &gt; /sys/class/net/ib0/create_child</c> creates.
    /// </summary>
    /// <exception cref="ArgumentException">The parent name is empty or the result would exceed 15 characters.</exception>
    public string ChildInterfaceName(string parent)
    {
        ArgumentException.ThrowIfNullOrEmpty(parent);
        string name = string.Create(CultureInfo.InvariantCulture, $"{parent}.{AsFull().Value:x4}");
        if (name.Length > MaxInterfaceNameLength)
            throw new ArgumentException($"Interface name '{name}' is longer than Linux allows (15 characters).", nameof(parent));
        return name;
    }

    /// <summary>Parses <c>0x8001</c> or bare hex <c>8001</c> (1–4 digits); rejects the invalid P_Key.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out PKey pkey)
    {
        pkey = default;
        ReadOnlySpan<char> digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (digits.Length is < 1 or > 4 || digits.ContainsAnyExcept("0123456789abcdefABCDEF"))
            return false;
        var parsed = new PKey(ushort.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        if (!parsed.IsValid)
            return false;
        pkey = parsed;
        return true;
    }

    /// <summary>Throwing twin of <see cref="TryParse(ReadOnlySpan{char}, out PKey)"/>, for configuration.</summary>
    /// <exception cref="FormatException">Not 1–4 hex digits, or the invalid P_Key 0x0000/0x8000.</exception>
    public static PKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out PKey pkey)
            ? pkey
            : throw new FormatException($"'{text}' is not a P_Key (expected hex such as 0x8001 or 7fff; 0x0000 and 0x8000 are invalid).");
    }

    /// <summary>Formats as <c>0x8001</c>, the form OpenSM and <c>delete_child</c> use.</summary>
    public override string ToString() => "0x" + Value.ToString("x4", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool Equals(PKey other) => Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Value;

    /// <summary>Value equality (membership bit included).</summary>
    public static bool operator ==(PKey left, PKey right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(PKey left, PKey right) => !left.Equals(right);
}
