using System.Globalization;
using System.Net;
using IPoIBDhcp.InteropTests.Peers;

namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>
/// One line of tests/compat/manifest.txt: a corpus file, the request rows that apply to it and the topology both
/// servers get for it (their own address and prefix on the link, the relay agent's address there and the giaddr
/// it stamps). Kept in a manifest rather than in the files so that the corpus stays exactly what the tools write.
/// </summary>
public sealed record CorpusEntry(
    string File,
    IReadOnlyList<RequestRow> Rows,
    IPAddress Server,
    int PrefixLength,
    IPAddress Relay,
    IPAddress Gateway,
    ClientIdentity? Known,
    string? FlexBootGuid,
    string? HostsFile = null)
{
    /// <summary>The corpus directory in the repository.</summary>
    public static string Directory => Path.Combine(OurPrograms.RepositoryRoot, "tests", "compat");

    /// <summary>The port GUID of the <c>flexboot</c> row when the manifest names none: a port no file knows.</summary>
    public const string DefaultFlexBootGuid = "0002:c903:0000:f001";

    /// <summary>True when giaddr lies on the server's own link (single-subnet files): no extra address or route.</summary>
    public bool GatewayOnServerLink => SameNetwork(Gateway, Server, PrefixLength);

    /// <summary>
    /// Gives <paramref name="ns"/> the entry's hosts file as its /etc/hosts (<c>ip netns exec</c> binds
    /// /etc/netns/NAME/hosts over it), so that names in the file resolve without DNS; a no-op without hosts=.
    /// Returns the directory to remove afterwards, or null.
    /// </summary>
    public string? ProvideHosts(string nsName)
    {
        if (HostsFile is null)
        {
            return null;
        }

        string directory = System.IO.Directory.CreateDirectory(Path.Combine("/etc/netns", nsName)).FullName;
        System.IO.File.WriteAllText(Path.Combine(directory, "hosts"), "127.0.0.1 localhost\n" + System.IO.File.ReadAllText(Path.Combine(Directory, HostsFile)));
        return directory;
    }

    /// <summary>The file's path in the repository.</summary>
    public string PathInRepository => Path.Combine(Directory, File);

    /// <inheritdoc/>
    public override string ToString() => File;

    /// <summary>Reads every entry of tests/compat/manifest.txt (comments and blank lines skipped).</summary>
    public static IReadOnlyList<CorpusEntry> Load()
    {
        string path = Path.Combine(Directory, "manifest.txt");
        var entries = new List<CorpusEntry>();
        int number = 0;
        foreach (string raw in System.IO.File.ReadAllLines(path))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            entries.Add(Parse(line, $"{path}:{number}"));
        }

        return entries;
    }

    private static CorpusEntry Parse(string line, string where)
    {
        string[] fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5)
        {
            throw new FormatException($"{where}: expected FILE ROWS server= relay= giaddr= [known=] [flexboot=]");
        }

        var rows = fields[1].Split(',').Select(name => RequestRows.Parse(name, where)).ToList();
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string field in fields.Skip(2))
        {
            int equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !pairs.TryAdd(field[..equals], field[(equals + 1)..]))
            {
                throw new FormatException($"{where}: '{field}' is not a single key=value");
            }
        }

        string Required(string key) => pairs.TryGetValue(key, out string? value) ? value : throw new FormatException($"{where}: no {key}=");
        string[] server = Required("server").Split('/');
        ClientIdentity? known = pairs.TryGetValue("known", out string? k) ? ClientIdentity.Parse(k, where) : null;
        if (rows.Contains(RequestRow.Known) != known is not null)
        {
            throw new FormatException($"{where}: the known row needs known= and known= needs the known row");
        }

        foreach (string key in pairs.Keys.Except(["server", "relay", "giaddr", "known", "flexboot", "hosts"]))
        {
            throw new FormatException($"{where}: unknown key '{key}'");
        }

        return new CorpusEntry(fields[0], rows, IPAddress.Parse(server[0]), int.Parse(server[1], CultureInfo.InvariantCulture),
            IPAddress.Parse(Required("relay")), IPAddress.Parse(Required("giaddr")), known,
            pairs.TryGetValue("flexboot", out string? guid) ? guid : null, pairs.TryGetValue("hosts", out string? hosts) ? hosts : null);
    }

    private static bool SameNetwork(IPAddress a, IPAddress b, int prefix)
    {
        uint mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        return (ToUInt(a) & mask) == (ToUInt(b) & mask);
    }

    private static uint ToUInt(IPAddress address) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
}

/// <summary>The identity a host stanza keys on: an Ethernet MAC (<c>hardware ethernet</c>) or an IPoIB port GUID presented in FlexBoot's client-identifier form.</summary>
public sealed record ClientIdentity(bool IsInfiniBand, byte[] Bytes)
{
    /// <summary>Parses <c>ethernet:MAC</c> or <c>flexboot:GUID</c> (GUID as 0002:c903:0000:1039).</summary>
    public static ClientIdentity Parse(string text, string where)
    {
        if (text.StartsWith("ethernet:", StringComparison.Ordinal))
        {
            return new ClientIdentity(false, Hex.Octets(text["ethernet:".Length..], 6, where));
        }

        if (text.StartsWith("flexboot:", StringComparison.Ordinal))
        {
            return new ClientIdentity(true, Hex.Guid(text["flexboot:".Length..], where));
        }

        throw new FormatException($"{where}: known= must be ethernet:MAC or flexboot:GUID, not '{text}'");
    }
}

/// <summary>Hex spellings used in the manifest.</summary>
public static class Hex
{
    /// <summary>Colon-separated octets (one or two digits each), exactly <paramref name="count"/> of them.</summary>
    public static byte[] Octets(string text, int count, string where)
    {
        string[] parts = text.Split(':');
        if (parts.Length != count)
        {
            throw new FormatException($"{where}: '{text}' is not {count} colon-separated octets");
        }

        return [.. parts.Select(p => byte.Parse(p, NumberStyles.HexNumber, CultureInfo.InvariantCulture))];
    }

    /// <summary>A port GUID in its usual grouped spelling (four groups of four hex digits).</summary>
    public static byte[] Guid(string text, string where)
    {
        string digits = text.Replace(":", "", StringComparison.Ordinal);
        if (digits.Length != 16)
        {
            throw new FormatException($"{where}: '{text}' is not a 64-bit GUID");
        }

        return Convert.FromHexString(digits);
    }
}
