using System.Text;
using IPoIBDhcp.Identity;
using IPoIBDhcp.Wire.Dhcp;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Logging;

/// <summary>
/// A request's client as ISC-style lines name it (chaddr or client-id, then <c>(guid …)</c>, then <c>(hostname)</c>),
/// written straight into the line being built: a boot storm logs every request, and building this part from
/// strings cost more allocation per request than the rest of the decision.
/// </summary>
public readonly struct LogClient(DhcpMessage request) : ISpanFormattable
{
    private const string NoClientId = "(no client-id)";

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        var id = request.ClientIdentifier;
        int n;
        if (request.HardwareAddressLength > 0)
        {
            if (!OptionValueCodec.TryFormatColonHex(request.ClientHardwareAddress, destination, out n)) return false;
        }
        else if (id.IsEmpty)
        {
            if (!NoClientId.TryCopyTo(destination)) return false;
            n = NoClientId.Length;
        }
        else if (!OptionValueCodec.TryFormatColonHex(id, destination, out n)) return false;
        int at = n;
        if (!id.IsEmpty && ClientIdentifier.TryGetPortGuid(id, out var guid))
        {
            if (!" (guid ".TryCopyTo(destination[at..])) return false;
            at += " (guid ".Length;
            if (!guid.TryFormat(destination[at..], out n) || at + n >= destination.Length) return false;
            at += n;
            destination[at++] = ')';
        }
        if (request.TryGetOption(DhcpOptionCode.HostName, out var host) && !host.IsEmpty)
        {
            // As Encoding.ASCII.GetString(host).TrimEnd('\0'): bytes above 0x7F read as '?', trailing NULs dropped.
            if (destination.Length - at < host.Length + 3) return false;
            destination[at++] = ' ';
            destination[at++] = '(';
            at += Encoding.ASCII.GetChars(host, destination[at..]);
            while (destination[at - 1] == '\0') at--;
            destination[at++] = ')';
        }
        charsWritten = at;
        return true;
    }

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[MaxLength];
        return TryFormat(buffer, out int written, default, null) ? new string(buffer[..written]) : "";
    }

    // A 255-byte client-id in colon-hex, the GUID part, and a 255-byte host name in parentheses.
    private const int MaxLength = 255 * 3 - 1 + 7 + 19 + 1 + 255 + 3;
}
