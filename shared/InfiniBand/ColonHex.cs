using System.Globalization;

namespace IPoIBDhcp.InfiniBand;

/// <summary>
/// Colon-separated hex octets (<c>ff:0:2c:9</c>), the text form ISC dhcpd.conf, dhclient.conf,
/// dhcpd.leases (<c>lease-id-format hex</c>) and <c>/sys/class/net/*/address</c> use for byte strings.
/// Groups of one or two hex digits are accepted because ISC's lexer accepts them; output is always two
/// lowercase digits per octet.
/// </summary>
internal static class ColonHex
{
    /// <summary>Parses into <paramref name="destination"/>; false on an empty group, a group of more than
    /// two digits, a non-hex character, or more octets than fit.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (text.IsEmpty)
            return false;
        while (true)
        {
            int colon = text.IndexOf(':');
            ReadOnlySpan<char> group = colon < 0 ? text : text[..colon];
            if (group.Length is < 1 or > 2 || written == destination.Length)
                return false;
            if (!byte.TryParse(group, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte value))
                return false;
            destination[written++] = value;
            if (colon < 0)
                return true;
            text = text[(colon + 1)..];
        }
    }

    /// <summary>Characters needed to format <paramref name="length"/> octets.</summary>
    public static int FormattedLength(int length) => length == 0 ? 0 : (length * 3) - 1;

    /// <summary>Formats as lowercase two-digit octets separated by colons.</summary>
    public static bool TryFormat(ReadOnlySpan<byte> bytes, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        int needed = FormattedLength(bytes.Length);
        if (destination.Length < needed)
            return false;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (i > 0)
                destination[charsWritten++] = ':';
            // Digits from a table: every request's log line formats its client this way.
            destination[charsWritten++] = LowerHexDigits[bytes[i] >> 4];
            destination[charsWritten++] = LowerHexDigits[bytes[i] & 0xF];
        }
        return true;
    }

    private const string LowerHexDigits = "0123456789abcdef";

    /// <summary>Formats as a new string of lowercase two-digit octets separated by colons.</summary>
    public static string Format(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return string.Empty;
        Span<char> buffer = bytes.Length <= 256 ? stackalloc char[FormattedLength(bytes.Length)] : new char[FormattedLength(bytes.Length)];
        TryFormat(bytes, buffer, out int n);
        return new string(buffer[..n]);
    }
}
