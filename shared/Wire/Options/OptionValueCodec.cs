using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace IPoIBDhcp.Wire.Options;

/// <summary>
/// Converts option values between their written form (dhcpd.conf, dhclient.conf, lease files) and wire
/// bytes, using the option's table row. Configuration-time code: it may allocate.
/// </summary>
public static class OptionValueCodec
{
    /// <summary>
    /// Encodes the value text of <c>option NAME VALUE;</c> (everything between the name and the
    /// semicolon). Returns false with a plain reason when the text does not fit the option's format.
    /// </summary>
    public static bool TryEncode(DhcpOptionDefinition definition, string text, out byte[] value, out string error)
    {
        value = [];
        var bytes = new List<byte>();
        var elements = definition.IsArray ? SplitTopLevel(text, ',') : [text.Trim()];
        if (definition.Type is OptionValueType.DomainList) elements = SplitTopLevel(text, ',');
        if (elements.Count == 0 || elements.Exists(e => e.Length == 0))
        {
            error = $"option {definition.Name}: missing value";
            return false;
        }
        foreach (var element in elements)
        {
            if (!TryEncodeElement(definition, element, bytes, out error)) return false;
        }
        if (definition.Type is OptionValueType.Text && bytes.Count > 255 * 8)
        {
            error = $"option {definition.Name}: value is too long";
            return false;
        }
        value = bytes.ToArray();
        error = "";
        return true;
    }

    private static bool TryEncodeElement(DhcpOptionDefinition definition, string element, List<byte> bytes, out string error)
    {
        error = "";
        string name = definition.Name;
        switch (definition.Type)
        {
            case OptionValueType.IPv4Address:
                if (!IPv4Address.TryParse(element, out var address))
                {
                    error = $"option {name}: '{element}' is not an IPv4 address (host names are not resolved; write the address)";
                    return false;
                }
                AppendUInt32(bytes, address.Value);
                return true;
            case OptionValueType.IPv4AddressPair:
                var parts = element.Split(' ', '\t', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length != 2 || !IPv4Address.TryParse(parts[0], out var first) || !IPv4Address.TryParse(parts[1], out var second))
                {
                    error = $"option {name}: '{element}' is not a pair of IPv4 addresses";
                    return false;
                }
                AppendUInt32(bytes, first.Value);
                AppendUInt32(bytes, second.Value);
                return true;
            case OptionValueType.UInt8 or OptionValueType.UInt16 or OptionValueType.UInt32
                or OptionValueType.Int8 or OptionValueType.Int16 or OptionValueType.Int32:
                return TryEncodeInteger(definition, element, bytes, out error);
            case OptionValueType.Boolean:
                switch (element.ToLowerInvariant())
                {
                    case "true" or "on": bytes.Add(1); return true;
                    case "false" or "off": bytes.Add(0); return true;
                    default:
                        error = $"option {name}: '{element}' is not a boolean (true, false, on or off)";
                        return false;
                }
            case OptionValueType.Text:
                if (!TryUnquote(element, out var text, out error))
                {
                    error = $"option {name}: {error}";
                    return false;
                }
                bytes.AddRange(text);
                return true;
            case OptionValueType.Binary or OptionValueType.Encapsulated:
                if (element.StartsWith('"'))
                {
                    if (!TryUnquote(element, out var raw, out error)) { error = $"option {name}: {error}"; return false; }
                    bytes.AddRange(raw);
                    return true;
                }
                if (!TryParseColonHex(element, bytes))
                {
                    error = $"option {name}: '{element}' is neither colon-separated hex nor a quoted string";
                    return false;
                }
                return true;
            case OptionValueType.DomainList:
                if (!TryUnquote(element, out var domain, out error)) { error = $"option {name}: {error}"; return false; }
                return TryEncodeDomainName(name, Encoding.ASCII.GetString(domain), bytes, out error);
            default:
                error = $"option {name}: unsupported type";
                return false;
        }
    }

    private static bool TryEncodeInteger(DhcpOptionDefinition definition, string element, List<byte> bytes, out string error)
    {
        error = "";
        bool parsed = element.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(element.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long number)
            : long.TryParse(element, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
        (long min, long max) = definition.Type switch
        {
            OptionValueType.UInt8 => (0L, (long)byte.MaxValue),
            OptionValueType.UInt16 => (0L, (long)ushort.MaxValue),
            OptionValueType.UInt32 => (0L, (long)uint.MaxValue),
            OptionValueType.Int8 => ((long)sbyte.MinValue, (long)sbyte.MaxValue),
            OptionValueType.Int16 => ((long)short.MinValue, (long)short.MaxValue),
            _ => ((long)int.MinValue, (long)int.MaxValue),
        };
        if (!parsed || number < min || number > max)
        {
            error = $"option {definition.Name}: '{element}' is not an integer from {min} to {max}";
            return false;
        }
        switch (definition.ElementSize)
        {
            case 1: bytes.Add(unchecked((byte)number)); break;
            case 2: bytes.Add((byte)(number >> 8)); bytes.Add(unchecked((byte)number)); break;
            default: AppendUInt32(bytes, unchecked((uint)number)); break;
        }
        return true;
    }

    /// <summary>
    /// Formats wire bytes for a lease file or a dhclient-script variable. A value whose length does not
    /// fit the option's format is shown as colon-hex rather than guessed at.
    /// </summary>
    public static string Format(DhcpOptionDefinition definition, ReadOnlySpan<byte> value, OptionTextStyle style)
    {
        if (!definition.IsValidLength(value.Length)) return ToColonHex(value);
        string separator = style == OptionTextStyle.LeaseFile ? "," : " ";
        var sb = new StringBuilder();
        int size = definition.ElementSize;
        switch (definition.Type)
        {
            case OptionValueType.Text:
                return FormatText(value, style);
            case OptionValueType.Binary:
                return IsPrintable(value) && value.Length > 0 ? FormatText(value, style) : ToColonHex(value);
            case OptionValueType.Encapsulated:
                return ToColonHex(value);
            case OptionValueType.DomainList:
                return TryDecodeDomainList(value, out var names)
                    ? string.Join(separator, style == OptionTextStyle.LeaseFile ? names.Select(n => $"\"{n}\"") : names)
                    : ToColonHex(value);
        }
        for (int offset = 0; offset < value.Length; offset += size)
        {
            if (offset > 0) sb.Append(separator);
            var e = value.Slice(offset, size);
            switch (definition.Type)
            {
                case OptionValueType.IPv4Address: sb.Append(IPv4Address.Read(e)); break;
                case OptionValueType.IPv4AddressPair: sb.Append(IPv4Address.Read(e)).Append(' ').Append(IPv4Address.Read(e[4..])); break;
                case OptionValueType.UInt8: sb.Append(e[0]); break;
                case OptionValueType.Int8: sb.Append((sbyte)e[0]); break;
                case OptionValueType.UInt16: sb.Append(BinaryPrimitives.ReadUInt16BigEndian(e)); break;
                case OptionValueType.Int16: sb.Append(BinaryPrimitives.ReadInt16BigEndian(e)); break;
                case OptionValueType.UInt32: sb.Append(BinaryPrimitives.ReadUInt32BigEndian(e)); break;
                case OptionValueType.Int32: sb.Append(BinaryPrimitives.ReadInt32BigEndian(e)); break;
                case OptionValueType.Boolean: sb.Append(e[0] != 0 ? "true" : "false"); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Lowercase two-digit colon-hex, the form ISC writes for opaque values.</summary>
    public static string ToColonHex(ReadOnlySpan<byte> value) => InfiniBand.ColonHex.Format(value);

    /// <summary>Writes <paramref name="value"/> as <see cref="ToColonHex"/> does, into <paramref name="destination"/>;
    /// false when it does not fit.</summary>
    public static bool TryFormatColonHex(ReadOnlySpan<byte> value, Span<char> destination, out int charsWritten) =>
        InfiniBand.ColonHex.TryFormat(value, destination, out charsWritten);

    /// <summary>Parses colon-hex as ISC accepts it (one or two hex digits per group).</summary>
    public static bool TryParseColonHex(string text, List<byte> bytes)
    {
        // Called once per client-id of every host in a large file: groups are slices of the text, no Split.
        var rest = text.AsSpan().Trim();
        int start = bytes.Count;
        while (true)
        {
            int colon = rest.IndexOf(':');
            var group = colon < 0 ? rest : rest[..colon];
            if (group.Length is < 1 or > 2 || !byte.TryParse(group, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
            {
                bytes.RemoveRange(start, bytes.Count - start);
                return false;
            }
            bytes.Add(b);
            if (colon < 0) return true;
            rest = rest[(colon + 1)..];
        }
    }

    /// <summary>Removes the quotes of an ISC string token and resolves its escapes (\" \\ \n \t \r \NNN octal \xHH).</summary>
    public static bool TryUnquote(string token, out byte[] value, out string error)
    {
        value = [];
        error = "";
        var t = token.Trim();
        if (t.Length < 2 || t[0] != '"' || t[^1] != '"')
        {
            error = $"expected a quoted string, found '{token.Trim()}'";
            return false;
        }
        var bytes = new List<byte>(t.Length);
        for (int i = 1; i < t.Length - 1; i++)
        {
            char c = t[i];
            if (c != '\\') { bytes.Add((byte)c); continue; }
            if (++i >= t.Length - 1) { error = "string ends with a lone backslash"; return false; }
            c = t[i];
            switch (c)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 'x':
                    int hexEnd = i + 1;
                    while (hexEnd < t.Length - 1 && hexEnd - i <= 2 && char.IsAsciiHexDigit(t[hexEnd])) hexEnd++;
                    if (hexEnd == i + 1) { error = "\\x without hex digits"; return false; }
                    bytes.Add(byte.Parse(t.AsSpan(i + 1, hexEnd - i - 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                    i = hexEnd - 1;
                    break;
                case >= '0' and <= '7':
                    int octal = 0, digits = 0;
                    while (digits < 3 && i < t.Length - 1 && t[i] is >= '0' and <= '7') { octal = octal * 8 + (t[i] - '0'); i++; digits++; }
                    i--;
                    if (octal > 255) { error = "octal escape above \\377"; return false; }
                    bytes.Add((byte)octal);
                    break;
                default: bytes.Add((byte)c); break;
            }
        }
        value = bytes.ToArray();
        return true;
    }

    private static string FormatText(ReadOnlySpan<byte> value, OptionTextStyle style)
    {
        var sb = new StringBuilder(value.Length + 2);
        if (style == OptionTextStyle.LeaseFile) sb.Append('"');
        foreach (byte b in value)
        {
            if (style == OptionTextStyle.LeaseFile)
            {
                if (b is (byte)'"' or (byte)'\\') sb.Append('\\').Append((char)b);
                else if (b is < 0x20 or >= 0x7F) sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                else sb.Append((char)b);
            }
            else
            {
                // The script environment cannot carry NUL; ISC drops it the same way.
                if (b != 0) sb.Append((char)b);
            }
        }
        if (style == OptionTextStyle.LeaseFile) sb.Append('"');
        return sb.ToString();
    }

    private static bool IsPrintable(ReadOnlySpan<byte> value)
    {
        // A trailing NUL is common (C strings sent by firmware); ISC still prints such values as text.
        if (!value.IsEmpty && value[^1] == 0) value = value[..^1];
        foreach (byte b in value) if (b is < 0x20 or >= 0x7F) return false;
        return true;
    }

    private static bool TryEncodeDomainName(string option, string name, List<byte> bytes, out string error)
    {
        error = "";
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                error = $"option {option}: '{name}' is not a domain name";
                return false;
            }
            bytes.Add((byte)label.Length);
            foreach (char c in label) bytes.Add((byte)c);
        }
        bytes.Add(0);
        return true;
    }

    private static bool TryDecodeDomainList(ReadOnlySpan<byte> value, out List<string> names)
    {
        names = [];
        var current = new StringBuilder();
        int i = 0;
        while (i < value.Length)
        {
            int len = value[i++];
            if (len == 0)
            {
                names.Add(current.ToString());
                current.Clear();
                continue;
            }
            // Compression pointers refer into the whole option: not used by the peers we meet, shown as hex.
            if (len > 63 || i + len > value.Length) return false;
            if (current.Length > 0) current.Append('.');
            foreach (byte b in value.Slice(i, len)) current.Append((char)b);
            i += len;
        }
        return current.Length == 0;
    }

    private static List<string> SplitTopLevel(string text, char separator)
    {
        var parts = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && quoted && i + 1 < text.Length) { sb.Append(c).Append(text[++i]); continue; }
            if (c == '"') quoted = !quoted;
            if (c == separator && !quoted) { parts.Add(sb.ToString().Trim()); sb.Clear(); continue; }
            sb.Append(c);
        }
        parts.Add(sb.ToString().Trim());
        return parts;
    }

    private static void AppendUInt32(List<byte> bytes, uint value)
    {
        bytes.Add((byte)(value >> 24));
        bytes.Add((byte)(value >> 16));
        bytes.Add((byte)(value >> 8));
        bytes.Add((byte)value);
    }
}
