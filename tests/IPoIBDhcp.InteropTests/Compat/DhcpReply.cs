using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>
/// A BOOTREPLY as the comparison sees it: the header fields a client acts on (flags, yiaddr, siaddr, giaddr, the
/// hardware fields, sname, file) and every option by code with its bytes, repeated options joined (RFC 3396) and
/// overloaded sname/file fields read as options (option 52). Order of options is not part of it.
/// </summary>
public sealed class DhcpReply
{
    private const int OptionsOffset = 240;

    private DhcpReply(byte[] packet)
    {
        Packet = packet;
    }

    /// <summary>The raw bytes, as received.</summary>
    public byte[] Packet { get; }

    /// <summary>Header fields by name, rendered as text.</summary>
    public SortedDictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    /// <summary>Options by code.</summary>
    public SortedDictionary<byte, byte[]> Options { get; } = [];

    /// <summary>yiaddr.</summary>
    public IPAddress YourAddress => new(Packet.AsSpan(16, 4));

    /// <summary>The server identifier (option 54), for the REQUEST that selects this offer.</summary>
    public byte[]? ServerIdentifier => Options.TryGetValue(54, out byte[]? id) ? id : null;

    /// <summary>The DHCP message type (option 53), 0 for BOOTP.</summary>
    public byte MessageType => Options.TryGetValue(53, out byte[]? type) && type.Length == 1 ? type[0] : (byte)0;

    /// <summary>Parses a reply; null (with <paramref name="problem"/>) when it is not a well-formed BOOTREPLY.</summary>
    public static DhcpReply? Parse(byte[] packet, out string? problem)
    {
        problem = null;
        if (packet.Length < OptionsOffset || packet[0] != 2 || BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(236)) != 0x63825363)
        {
            problem = $"not a BOOTREPLY with the magic cookie ({packet.Length} bytes)";
            return null;
        }

        var reply = new DhcpReply(packet);
        var accumulated = new Dictionary<byte, List<byte>>();
        if (!ReadOptions(packet.AsSpan(OptionsOffset), accumulated, out problem))
        {
            return null;
        }

        byte overload = accumulated.TryGetValue(52, out List<byte>? o) && o.Count == 1 ? o[0] : (byte)0;
        if ((overload & 1) != 0 && !ReadOptions(packet.AsSpan(108, 128), accumulated, out problem))
        {
            return null;
        }

        if ((overload & 2) != 0 && !ReadOptions(packet.AsSpan(44, 64), accumulated, out problem))
        {
            return null;
        }

        foreach ((byte code, List<byte> value) in accumulated)
        {
            reply.Options[code] = [.. value];
        }

        reply.Fields["op"] = packet[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
        reply.Fields["htype"] = packet[1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        reply.Fields["hlen"] = packet[2].ToString(System.Globalization.CultureInfo.InvariantCulture);
        reply.Fields["flags"] = BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(10)).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
        reply.Fields["ciaddr"] = new IPAddress(packet.AsSpan(12, 4)).ToString();
        reply.Fields["yiaddr"] = new IPAddress(packet.AsSpan(16, 4)).ToString();
        reply.Fields["siaddr"] = new IPAddress(packet.AsSpan(20, 4)).ToString();
        reply.Fields["giaddr"] = new IPAddress(packet.AsSpan(24, 4)).ToString();
        reply.Fields["chaddr"] = Convert.ToHexString(packet.AsSpan(28, Math.Min((int)packet[2], 16))).ToLowerInvariant();
        reply.Fields["sname"] = (overload & 2) != 0 ? "(options)" : CString(packet.AsSpan(44, 64));
        reply.Fields["file"] = (overload & 1) != 0 ? "(options)" : CString(packet.AsSpan(108, 128));
        return reply;
    }

    /// <summary>An option's value for people: quoted text when it is printable, else colon-separated hex.</summary>
    public static string Render(byte[] value)
    {
        ReadOnlySpan<byte> text = value.AsSpan();
        if (text.Length > 0 && text[^1] == 0)
        {
            text = text[..^1];
        }

        return text.Length > 1 && !text.ContainsAnyExceptInRange((byte)0x20, (byte)0x7e)
            ? "\"" + Encoding.ASCII.GetString(text) + "\""
            : value.Length == 0 ? "(empty)" : string.Join(':', value.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The reply in one line per field and option, for logs.</summary>
    public override string ToString() =>
        string.Join("\n", Fields.Select(f => $"{f.Key} {f.Value}").Concat(Options.Select(o => $"option {o.Key} {Render(o.Value)}")));

    private static bool ReadOptions(ReadOnlySpan<byte> area, Dictionary<byte, List<byte>> into, out string? problem)
    {
        problem = null;
        int i = 0;
        while (i < area.Length)
        {
            byte code = area[i++];
            if (code == 0)
            {
                continue;
            }

            if (code == 255)
            {
                return true;
            }

            if (i >= area.Length || i + 1 + area[i] > area.Length)
            {
                problem = $"option {code} runs past the end";
                return false;
            }

            int length = area[i++];
            if (!into.TryGetValue(code, out List<byte>? value))
            {
                into[code] = value = [];
            }

            value.AddRange(area.Slice(i, length));
            i += length;
        }

        return true;
    }

    private static string CString(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        return Encoding.Latin1.GetString(end < 0 ? field : field[..end]);
    }
}
