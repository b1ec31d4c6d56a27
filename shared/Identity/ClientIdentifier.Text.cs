using System.Globalization;
using System.Text;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Identity;

// Text forms: ISC colon-hex (dhcpd.conf, dhclient.conf, lease-id-format hex) and ISC's quoted lease uid.
public readonly partial struct ClientIdentifier
{
    /// <summary>
    /// Parses colon-hex as written after <c>dhcp-client-identifier</c> in dhcpd.conf/dhclient.conf;
    /// groups of one or two hex digits (<c>1:2:a</c>), as ISC's lexer allows.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ClientIdentifier id)
    {
        Span<byte> bytes = stackalloc byte[MaxLength];
        if (ColonHex.TryParse(text, bytes, out int n))
            return TryRead(bytes[..n], out id, out _);
        id = default;
        return false;
    }

    /// <summary>Throwing twin of <see cref="TryParse(ReadOnlySpan{char}, out ClientIdentifier)"/>, for configuration.</summary>
    /// <exception cref="FormatException">Not 1–255 colon-separated hex octets.</exception>
    public static ClientIdentifier Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out ClientIdentifier id)
            ? id
            : throw new FormatException($"'{text}' is not a client-identifier (expected 1 to 255 colon-separated hex octets, e.g. ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39).");
    }

    /// <summary>Lowercase two-digit colon-hex, the form dhcpd.conf takes and <c>lease-id-format hex</c> writes.</summary>
    public string ToColonHex() => ColonHex.Format(Span);

    /// <summary>The colon-hex form (<see cref="ToColonHex"/>).</summary>
    public override string ToString() => ToColonHex();

    /// <summary>
    /// The <c>uid</c> value ISC dhcpd writes into dhcpd.leases with its default <c>lease-id-format octal</c>
    /// (common/print.c <c>quotify_buf</c>): in double quotes; bytes 0x20–0x7e as themselves except
    /// <c>"</c> and <c>\</c>, which get a backslash; every other byte as a backslash and three octal digits.
    /// </summary>
    public string ToIscLeaseUid()
    {
        var text = new StringBuilder((Length * 4) + 2);
        text.Append('"');
        foreach (byte b in Span)
        {
            if (b is (byte)'"' or (byte)'\\')
                text.Append('\\').Append((char)b);
            else if (b is >= 0x20 and <= 0x7e)
                text.Append((char)b);
            else
                text.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
        }
        return text.Append('"').ToString();
    }

    /// <summary>
    /// Reads a dhcpd.leases <c>uid</c> value in either form ISC writes: quoted (octal escapes, as ISC's
    /// lexer reads them: <c>\ooo</c> with a first digit 0–3, <c>\xHH</c>, <c>\t \r \n \b</c>, and a
    /// backslash before any other character standing for that character) or bare colon-hex (older
    /// versions and <c>lease-id-format hex</c>). Pass the value alone, without <c>uid</c> and <c>;</c>.
    /// </summary>
    public static bool TryParseIscLeaseUid(ReadOnlySpan<char> text, out ClientIdentifier id)
    {
        id = default;
        if (text.IsEmpty || text[0] != '"')
            return TryParse(text, out id);
        if (text.Length < 2 || text[^1] != '"')
            return false;
        ReadOnlySpan<char> body = text[1..^1];
        Span<byte> bytes = stackalloc byte[MaxLength];
        int n = 0;
        for (int i = 0; i < body.Length; i++)
        {
            if (n == MaxLength)
                return false;
            char c = body[i];
            if (c == '"' || c > 0xff)
                return false;
            if (c != '\\')
            {
                bytes[n++] = (byte)c;
                continue;
            }
            if (++i == body.Length)
                return false;
            c = body[i];
            switch (c)
            {
                case 't': bytes[n++] = (byte)'\t'; break;
                case 'r': bytes[n++] = (byte)'\r'; break;
                case 'n': bytes[n++] = (byte)'\n'; break;
                case 'b': bytes[n++] = (byte)'\b'; break;
                case >= '0' and <= '3':
                    if (i + 2 >= body.Length || !IsOctal(body[i + 1]) || !IsOctal(body[i + 2]))
                        return false;
                    bytes[n++] = (byte)(((c - '0') << 6) | ((body[i + 1] - '0') << 3) | (body[i + 2] - '0'));
                    i += 2;
                    break;
                case 'x':
                    if (i + 2 >= body.Length
                        || !byte.TryParse(body.Slice(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte value))
                        return false;
                    bytes[n++] = value;
                    i += 2;
                    break;
                default:
                    if (c > 0xff)
                        return false;
                    bytes[n++] = (byte)c;
                    break;
            }
        }
        return TryRead(bytes[..n], out id, out _);
    }

    /// <summary>Throwing twin of <see cref="TryParseIscLeaseUid(ReadOnlySpan{char}, out ClientIdentifier)"/>.</summary>
    /// <exception cref="FormatException">Neither a well-formed quoted uid nor colon-hex.</exception>
    public static ClientIdentifier ParseIscLeaseUid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParseIscLeaseUid(text, out ClientIdentifier id)
            ? id
            : throw new FormatException($"'{text}' is not an ISC lease uid (expected a quoted string with octal escapes or colon-separated hex octets).");
    }

    /// <summary>
    /// One line for logs: the colon-hex bytes and what they mean, e.g.
    /// <c>ff:00:…:10:39 (FlexBoot, GUID 0002:c903:0000:1039)</c>.
    /// </summary>
    public string Describe()
    {
        ReadOnlySpan<byte> id = Span;
        string hex = ToColonHex();
        string guidText = TryGetPortGuid(out PortGuid guid) ? $", GUID {guid}" : string.Empty;
        switch (Kind)
        {
            case ClientIdentifierKind.FlexBootConnectX:
                return $"{hex} (FlexBoot{guidText})";
            case ClientIdentifierKind.InfiniBandGuid:
                return $"{hex} (InfiniBand GUID{guidText})";
            case ClientIdentifierKind.InfiniBandHardwareAddress:
                IPoIBHardwareAddress address = IPoIBHardwareAddress.Read(id[1..]);
                return string.Create(CultureInfo.InvariantCulture, $"{hex} (InfiniBand address, QPN 0x{address.Qpn:x6}{guidText})");
            case ClientIdentifierKind.Rfc4361:
                return string.Create(CultureInfo.InvariantCulture, $"{hex} (RFC 4361, IAID 0x{Iaid:x8}, {DescribeDuid(DuidType)}{guidText})");
            case ClientIdentifierKind.EthernetMac:
                return $"{hex} (Ethernet MAC; on IPoIB, iPXE's MAC from GUID bytes 0,1,2,5,6,7)";
            default:
                return IsEmpty ? "(no client-identifier)" : $"{hex} (other)";
        }
    }

    private static string DescribeDuid(DuidType type) => type switch
    {
        DuidType.LinkLayerPlusTime => "DUID-LLT",
        DuidType.EnterpriseNumber => "DUID-EN",
        DuidType.LinkLayer => "DUID-LL",
        DuidType.Uuid => "DUID-UUID",
        _ => string.Create(CultureInfo.InvariantCulture, $"DUID type {(ushort)type}"),
    };

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
