using System.Globalization;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>
/// The small byte-level pieces of ISC's lease file syntax shared by the reader and the writer:
/// state and hardware type names, dotted quads, colon-hex and ISC string escapes. Byte-based so that
/// neither direction goes through <see cref="string"/> per record.
/// </summary>
internal static class IscLeaseSyntax
{
    /// <summary>ISC's <c>binding_state_names</c>, indexed by <see cref="LeaseBindingState"/> - 1.</summary>
    private static readonly byte[][] StateNames =
        ["free"u8.ToArray(), "active"u8.ToArray(), "expired"u8.ToArray(), "released"u8.ToArray(),
         "abandoned"u8.ToArray(), "reset"u8.ToArray(), "backup"u8.ToArray(), "reserved"u8.ToArray(),
         "bootp"u8.ToArray()];

    /// <summary>The name ISC writes for a binding state.</summary>
    public static ReadOnlySpan<byte> StateName(LeaseBindingState state) =>
        state is >= LeaseBindingState.Free and <= LeaseBindingState.Bootp ? StateNames[(int)state - 1] : "abandoned"u8;

    /// <summary>Parses a binding state name (ISC's lexer is case-insensitive for keywords).</summary>
    public static bool TryParseState(ReadOnlySpan<byte> name, out LeaseBindingState state)
    {
        for (int i = 0; i < StateNames.Length; i++)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, StateNames[i]))
            {
                state = (LeaseBindingState)(i + 1);
                return true;
            }
        }
        state = default;
        return false;
    }

    /// <summary>Writes the hardware type name ISC's <c>hardware_types</c> table uses.</summary>
    public static int WriteHardwareTypeName(byte type, Span<byte> destination)
    {
        ReadOnlySpan<byte> name = type switch
        {
            1 => "ethernet"u8,
            6 => "token-ring"u8,
            8 => "fddi"u8,
            32 => "infiniband"u8,
            _ => default,
        };
        if (!name.IsEmpty)
        {
            name.CopyTo(destination);
            return name.Length;
        }
        "unknown-"u8.CopyTo(destination);
        type.TryFormat(destination[8..], out int digits, default, CultureInfo.InvariantCulture);
        return 8 + digits;
    }

    /// <summary>Parses a hardware type name, including ISC's <c>unknown-N</c> spelling.</summary>
    public static bool TryParseHardwareType(ReadOnlySpan<byte> name, out byte type)
    {
        type = 0;
        if (System.Text.Ascii.EqualsIgnoreCase(name, "ethernet"u8)) type = 1;
        else if (System.Text.Ascii.EqualsIgnoreCase(name, "infiniband"u8)) type = 32;
        else if (System.Text.Ascii.EqualsIgnoreCase(name, "token-ring"u8)) type = 6;
        else if (System.Text.Ascii.EqualsIgnoreCase(name, "fddi"u8)) type = 8;
        else if (name.StartsWith("unknown-"u8))
            return byte.TryParse(name[8..], NumberStyles.None, CultureInfo.InvariantCulture, out type);
        return type != 0;
    }

    /// <summary>Parses strict dotted-quad ASCII (four decimal parts 0..255).</summary>
    public static bool TryParseAddress(ReadOnlySpan<byte> text, out IPv4Address address)
    {
        address = default;
        uint value = 0;
        int part = 0, digits = 0, parts = 0;
        foreach (byte b in text)
        {
            if (b == (byte)'.')
            {
                if (digits == 0 || ++parts > 3) return false;
                value = (value << 8) | (uint)part;
                part = 0;
                digits = 0;
            }
            else if (b - (uint)'0' <= 9)
            {
                part = part * 10 + (b - '0');
                if (++digits > 3 || part > 255) return false;
            }
            else return false;
        }
        if (digits == 0 || parts != 3) return false;
        address = new IPv4Address((value << 8) | (uint)part);
        return true;
    }

    /// <summary>Parses ISC colon-hex (one or two hex digits per group) into a new array.</summary>
    public static bool TryParseColonHex(ReadOnlySpan<byte> text, out byte[] bytes)
    {
        bytes = [];
        if (text.IsEmpty) return false;
        int groups = text.Count((byte)':') + 1;
        var result = new byte[groups];
        int index = 0, value = 0, digits = 0;
        foreach (byte b in text)
        {
            if (b == (byte)':')
            {
                if (digits == 0) return false;
                result[index++] = (byte)value;
                value = 0;
                digits = 0;
                continue;
            }
            int nibble = HexValue(b);
            if (nibble < 0 || ++digits > 2) return false;
            value = (value << 4) | nibble;
        }
        if (digits == 0) return false;
        result[index] = (byte)value;
        bytes = result;
        return true;
    }

    /// <summary>Resolves the escapes ISC's lexer accepts inside a quoted string
    /// (<c>\" \\ \n \t \r \NNN</c> octal, <c>\xHH</c>) into a new array.</summary>
    public static bool TryUnescape(ReadOnlySpan<byte> content, out byte[] bytes)
    {
        if (content.IndexOf((byte)'\\') < 0)
        {
            bytes = content.ToArray();
            return true;
        }
        Span<byte> buffer = content.Length <= 512 ? stackalloc byte[content.Length] : new byte[content.Length];
        int length = 0;
        for (int i = 0; i < content.Length; i++)
        {
            byte c = content[i];
            if (c != (byte)'\\') { buffer[length++] = c; continue; }
            if (++i >= content.Length) { bytes = []; return false; }
            c = content[i];
            switch (c)
            {
                case (byte)'n': buffer[length++] = (byte)'\n'; break;
                case (byte)'t': buffer[length++] = (byte)'\t'; break;
                case (byte)'r': buffer[length++] = (byte)'\r'; break;
                case (byte)'x':
                    int hex = 0, hexDigits = 0;
                    while (hexDigits < 2 && i + 1 < content.Length && HexValue(content[i + 1]) is >= 0 and var nibble)
                    {
                        hex = (hex << 4) | nibble;
                        hexDigits++;
                        i++;
                    }
                    if (hexDigits == 0) { bytes = []; return false; }
                    buffer[length++] = (byte)hex;
                    break;
                case >= (byte)'0' and <= (byte)'7':
                    int octal = c - '0', octalDigits = 1;
                    while (octalDigits < 3 && i + 1 < content.Length && content[i + 1] is >= (byte)'0' and <= (byte)'7')
                    {
                        octal = (octal << 3) | (content[++i] - '0');
                        octalDigits++;
                    }
                    if (octal > 255) { bytes = []; return false; }
                    buffer[length++] = (byte)octal;
                    break;
                default: buffer[length++] = c; break;
            }
        }
        bytes = buffer[..length].ToArray();
        return true;
    }

    /// <summary>True when ISC's <c>db_printable</c> would accept the text unquoted-safe: printable
    /// ASCII without quote or backslash. ISC silently omits a client-hostname that fails this.</summary>
    public static bool IsDbPrintable(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
            if (c is < ' ' or > '~' or '"' or '\\') return false;
        return true;
    }

    /// <summary>The value of one hex digit, or -1.</summary>
    public static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
