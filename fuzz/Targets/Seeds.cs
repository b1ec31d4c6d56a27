using System.Text;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire.Dhcp;
using IPoIBDhcp.Wire.Ip;

namespace IPoIBDhcp.Fuzz;

/// <summary>
/// The starting corpus of each target, built from the repository's golden fixtures (captured packets,
/// the ISC lease file, conf-examples, the bad-config corpus) plus the hand-written seeds in fuzz/seeds.
/// </summary>
internal static class Seeds
{
    /// <summary>Writes the seeds of <paramref name="target"/> into <paramref name="directory"/>; returns how many.</summary>
    public static int Write(string target, string directory, string repository)
    {
        Directory.CreateDirectory(directory);
        var seeds = Build(target, repository);
        foreach (var (name, data) in seeds) File.WriteAllBytes(Path.Combine(directory, name), data);
        return seeds.Count;
    }

    /// <summary>The seeds of <paramref name="target"/>, by file name, from the repository at <paramref name="repository"/>.</summary>
    public static List<(string Name, byte[] Data)> Build(string target, string repository)
    {
        var seeds = new List<(string Name, byte[] Data)>();
        string fixtures = Path.Combine(repository, "tests", "IPoIBDhcp.Tests", "Fixtures");
        string examples = Path.Combine(repository, "conf-examples");
        switch (target)
        {
            case "dhcp":
                seeds.AddRange(Packets(fixtures));
                break;
            case "frame":
                foreach (var (name, packet) in Packets(fixtures)) seeds.Add((name + ".frame", Frame(packet)));
                break;
            case "identity":
                foreach (var (name, packet) in Packets(fixtures))
                {
                    var message = new DhcpMessage();
                    if (message.TryRead(packet, out _) && message.HasOption(DhcpOptionCode.ClientIdentifier))
                        seeds.Add((name + ".option61", message.ClientIdentifier.ToArray()));
                }
                break;
            case "leases":
                seeds.AddRange(Files(fixtures, "*.leases"));
                break;
            case "dhcpd-conf":
                seeds.AddRange(Files(examples, "dhcpd.conf"));
                seeds.AddRange(Files(examples, "seed-*.conf"));
                seeds.AddRange(Files(Path.Combine(repository, "tests", "IPoIBDhcp.Tests", "Dhcpd", "Config", "bad"), "*.conf"));
                break;
            case "dhclient-conf":
                seeds.AddRange(Files(examples, "dhclient*.conf"));
                break;
            case "fabric":
                seeds.AddRange(Files(examples, "fabric.conf"));
                break;
            case "partitions":
                seeds.AddRange(Files(examples, "partitions.conf"));
                break;
            case "option-text":
                // The value part of every 'option NAME VALUE;' line of the shipped dhcpd.conf and dhclient.conf.
                foreach (var (name, data) in Files(examples, "*.conf"))
                {
                    int n = 0;
                    foreach (string line in Encoding.UTF8.GetString(data).Split('\n'))
                    {
                        var words = line.Trim().TrimEnd(';').Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
                        if (words.Length == 3 && words[0] == "option" && !words[2].Contains('{'))
                            seeds.Add(($"{name}.{n++}", Encoding.UTF8.GetBytes(words[2])));
                    }
                }
                break;
        }
        seeds.AddRange(Files(Path.Combine(repository, "fuzz", "seeds", target), "*"));
        return seeds;
    }

    private static IEnumerable<(string, byte[])> Files(string directory, string pattern) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, pattern).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))
            : [];

    /// <summary>The captured DHCP messages (hex fixtures: '#' comments, whitespace- or colon-separated octets).</summary>
    internal static IEnumerable<(string Name, byte[] Data)> Packets(string fixtures) =>
        Directory.GetFiles(fixtures, "*.hex", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), ParseHex(File.ReadAllText(f))));

    internal static byte[] ParseHex(string text)
    {
        var bytes = new List<byte>();
        foreach (string line in text.Split('\n'))
        {
            foreach (string token in line.Split('#')[0].Split([' ', '\t', '\r', ':'], StringSplitOptions.RemoveEmptyEntries))
                bytes.Add(Convert.ToByte(token, 16));
        }
        return [.. bytes];
    }

    /// <summary>A DHCP message as an IPoIB frame: encapsulation header, IPv4, UDP 68 → 67.</summary>
    internal static byte[] Frame(byte[] payload)
    {
        var frame = new byte[IPoIBEncapsulationHeader.Size + IPv4UdpCodec.HeadersLength + payload.Length];
        IPoIBEncapsulationHeader.IPv4.Write(frame);
        IPv4UdpCodec.Write(frame.AsSpan(IPoIBEncapsulationHeader.Size), new IPv4UdpEndpoints(0, 68, uint.MaxValue, 67), payload);
        return frame;
    }
}
