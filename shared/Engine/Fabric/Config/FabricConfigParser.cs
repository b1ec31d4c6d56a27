using System.Globalization;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>
/// Reads fabric.conf, the description of an emulated IPoIB fabric (docs/fabric.md):
/// <code>
/// fabric "lab" { partitions "partitions.conf"; mtu 4096; faults loss 0.01 seed 7; }
/// host head { port ib0 guid 0002:c903:0000:0001 mtu 4096; }
/// nodes node%03d count 64 start 1 guid-base 0002:c903:0001:0000 port ib0 mtu 2048;
/// </code>
/// Errors are <see cref="ConfigDiagnostic"/>s located as <c>file:line:col</c> (thrown inside a <see cref="FabricConfigException"/> by <see cref="Parse"/>).
/// </summary>
public static class FabricConfigParser
{
    /// <summary>Most nodes one <c>nodes</c> statement may generate: large storms, but no typo-sized allocations.</summary>
    public const int MaxGeneratedNodes = 1_048_576;

    /// <summary>IB link MTU of a port that names none and whose fabric block gives no default.</summary>
    public const int DefaultLinkMtu = 4096;

    /// <summary>Reads and parses a file; a relative <c>partitions</c> path is taken relative to its directory.</summary>
    /// <exception cref="FabricConfigException">The file is not a valid fabric.conf.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static FabricDefinition Load(string path)
    {
        string full = Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), path, Path.GetDirectoryName(full));
    }

    /// <summary>Parses fabric.conf text.</summary>
    /// <param name="text">The file's contents.</param>
    /// <param name="fileName">Name used in error messages.</param>
    /// <param name="baseDirectory">Directory a relative partitions path is resolved against (null: the current directory).</param>
    /// <exception cref="FabricConfigException">The text is not a valid fabric.conf.</exception>
    public static FabricDefinition Parse(string text, string fileName = "fabric.conf", string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        IReadOnlyList<ConfStatement> statements = ConfSyntax.Parse(text, fileName);
        return new Interpreter(fileName, baseDirectory ?? Directory.GetCurrentDirectory()).Run(statements);
    }

    /// <summary>Non-throwing twin of <see cref="Parse"/>: the definition, or the first error.</summary>
    public static bool TryParse(string text, string fileName, string? baseDirectory, out FabricDefinition? definition, out ConfigDiagnostic? error) =>
        FabricConfigException.Try(() => Parse(text, fileName, baseDirectory), out definition, out error);

    private sealed class Interpreter(string fileName, string baseDirectory)
    {
        private readonly List<FabricHost> hosts = [];
        private readonly Dictionary<string, SourcePosition> hostNames = new(StringComparer.Ordinal);
        private readonly Dictionary<ulong, SourcePosition> guids = [];
        private string? name;
        private string? partitions;
        private int defaultMtu = DefaultLinkMtu;
        private FabricFaults faults = FabricFaults.None;

        public FabricDefinition Run(IReadOnlyList<ConfStatement> statements)
        {
            // The fabric block comes first in meaning (its mtu is the hosts' default) wherever it is written.
            ConfStatement? fabric = null;
            foreach (ConfStatement s in statements)
            {
                if (s.Words[0].Text == "fabric")
                {
                    if (fabric is not null)
                        throw Error(s.Words[0], "only one 'fabric' block is allowed");
                    fabric = s;
                }
            }
            if (fabric is null)
                throw Error(new SourcePosition(fileName, 1, 1), "missing 'fabric \"name\" { … }' block");
            ReadFabric(fabric);

            foreach (ConfStatement s in statements)
            {
                switch (s.Words[0].Text)
                {
                    case "fabric": break;
                    case "host": ReadHost(s); break;
                    case "nodes": ReadNodes(s); break;
                    default: throw Error(s.Words[0], $"unknown statement '{s.Words[0].Text}' (expected fabric, host or nodes)");
                }
            }
            if (hosts.Count == 0)
                throw Error(fabric.Words[0].Position, "the fabric has no hosts: add 'host NAME { port ib0 guid …; }' or a 'nodes' statement");
            return new FabricDefinition(name!, partitions, hosts, faults);
        }

        private void ReadFabric(ConfStatement s)
        {
            if (s.Words.Count != 2 || s.Block is null)
                throw Error(s.Words[0], "expected 'fabric NAME { … }'");
            name = s.Words[1].Text;
            if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
                throw Error(s.Words[1], "fabric name must be letters, digits, '-', '_' or '.' (it names a directory)");
            foreach (ConfStatement item in s.Block)
            {
                ConfWord key = item.Words[0];
                RequireNoBlock(item);
                switch (key.Text)
                {
                    case "partitions":
                        RequireCount(item, 2, "partitions \"FILE\"");
                        // Path APIs throw on these; the user gets file:line:col instead.
                        if (item.Words[1].Text.Length == 0 || item.Words[1].Text.Contains('\0'))
                            throw Error(item.Words[1], "partitions needs a file name (not empty, no NUL character)");
                        partitions = Path.GetFullPath(Path.Combine(baseDirectory, item.Words[1].Text));
                        break;
                    case "mtu":
                        RequireCount(item, 2, "mtu 2048|4096");
                        defaultMtu = ReadMtu(item.Words[1]);
                        break;
                    case "faults":
                        faults = ReadFaults(item);
                        break;
                    default:
                        throw Error(key, $"unknown fabric setting '{key.Text}' (expected partitions, mtu or faults)");
                }
            }
        }

        private void ReadHost(ConfStatement s)
        {
            if (s.Words.Count != 2 || s.Block is null)
                throw Error(s.Words[0], "expected 'host NAME { port ib0 guid …; }'");
            ConfWord hostName = s.Words[1];
            CheckHostName(hostName, hostName.Text);
            var ports = new List<FabricHostPort>();
            var addresses = new Dictionary<string, IPoIBDhcp.Wire.IPv4Address>(StringComparer.Ordinal);
            foreach (ConfStatement item in s.Block)
            {
                RequireNoBlock(item);
                if (item.Words[0].Text == "address")
                {
                    if (item.Words.Count != 3)
                        throw Error(item.End, "expected 'address ib0[.PKEY] A.B.C.D;'");
                    string[] parts = item.Words[1].Text.Split('.');
                    if (parts.Length > 2 || parts.Length == 2 && !IPoIBDhcp.InfiniBand.PKey.TryParse(parts[1], out _))
                        throw Error(item.Words[1], $"'{item.Words[1].Text}' is not an interface name such as ib0 or ib0.8001");
                    if (!IPoIBDhcp.Wire.IPv4Address.TryParse(item.Words[2].Text, out var address))
                        throw Error(item.Words[2], $"'{item.Words[2].Text}' is not an IPv4 address");
                    if (!addresses.TryAdd(item.Words[1].Text, address))
                        throw Error(item.Words[1], $"interface '{item.Words[1].Text}' already has an address on host '{hostName.Text}'");
                    continue;
                }
                if (item.Words[0].Text != "port")
                    throw Error(item.Words[0], $"unknown host setting '{item.Words[0].Text}' (expected port or address)");
                if (item.Words.Count < 2)
                    throw Error(item.End, "expected 'port ib0 guid GUID [mtu 2048|4096];'");
                ConfWord ifName = item.Words[1];
                CheckInterface(ifName);
                if (ports.Any(p => p.Interface == ifName.Text))
                    throw Error(ifName, $"port '{ifName.Text}' is defined twice on host '{hostName.Text}'");
                var options = ReadOptions(item, 2, "guid", "mtu");
                if (!options.TryGetValue("guid", out ConfWord? guidWord))
                    throw Error(item.End, $"port '{ifName.Text}' needs 'guid GUID'");
                PortGuid guid = ReadGuid(guidWord);
                ClaimGuid(guid, guidWord);
                int mtu = options.TryGetValue("mtu", out ConfWord? mtuWord) ? ReadMtu(mtuWord) : defaultMtu;
                ports.Add(new FabricHostPort(ifName.Text, guid, mtu));
            }
            if (ports.Count == 0)
                throw Error(hostName, $"host '{hostName.Text}' has no ports");
            foreach (var name in addresses.Keys)
            {
                string parent = name.Split('.')[0];
                if (!ports.Any(p => p.Interface == parent))
                    throw Error(s.Block.First(i => i.Words.Count > 1 && i.Words[1].Text == name).Words[1], $"address on '{name}', but host '{hostName.Text}' has no port '{parent}'");
            }
            hosts.Add(new FabricHost(hostName.Text, ports, false) { Addresses = addresses });
        }

        private void ReadNodes(ConfStatement s)
        {
            RequireNoBlock(s);
            if (s.Words.Count < 2)
                throw Error(s.Words[0], "expected 'nodes PATTERN count N guid-base GUID;'");
            ConfWord pattern = s.Words[1];
            (string prefix, int width, string suffix) = ReadPattern(pattern);
            var options = ReadOptions(s, 2, "count", "start", "guid-base", "port", "mtu");
            if (!options.TryGetValue("count", out ConfWord? countWord))
                throw Error(s.End, "'nodes' needs 'count N'");
            if (!options.TryGetValue("guid-base", out ConfWord? baseWord))
                throw Error(s.End, "'nodes' needs 'guid-base GUID'");
            int count = ReadInt(countWord, 1, MaxGeneratedNodes, "count");
            int start = options.TryGetValue("start", out ConfWord? startWord) ? ReadInt(startWord, 0, int.MaxValue - count, "start") : 1;
            PortGuid guidBase = ReadGuid(baseWord);
            string ifName = "ib0";
            if (options.TryGetValue("port", out ConfWord? portWord))
            {
                CheckInterface(portWord);
                ifName = portWord.Text;
            }
            int mtu = options.TryGetValue("mtu", out ConfWord? mtuWord) ? ReadMtu(mtuWord) : defaultMtu;
            if (guidBase.Value > ulong.MaxValue - (ulong)(start + count))
                throw Error(baseWord, "guid-base + node number overflows 64 bits");
            hosts.EnsureCapacity(hosts.Count + count);
            for (int i = 0; i < count; i++)
            {
                int number = start + i;
                string hostName = string.Concat(prefix, number.ToString(width > 0 ? "D" + width.ToString(CultureInfo.InvariantCulture) : "D", CultureInfo.InvariantCulture), suffix);
                CheckHostName(pattern, hostName);
                var guid = new PortGuid(guidBase.Value + (ulong)number);
                ClaimGuid(guid, baseWord);
                hosts.Add(new FabricHost(hostName, [new FabricHostPort(ifName, guid, mtu)], true));
            }
        }

        private (string Prefix, int Width, string Suffix) ReadPattern(ConfWord word)
        {
            string text = word.Text;
            int percent = text.IndexOf('%', StringComparison.Ordinal);
            if (percent < 0 || text.IndexOf('%', percent + 1) >= 0)
                throw Error(word, "node pattern needs exactly one number placeholder such as %d or %03d (e.g. node%03d)");
            int i = percent + 1;
            int width = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                width = (width * 10) + (text[i] - '0');
                if (width > 9)
                    throw Error(word, "node number width is at most 9 digits");
                i++;
            }
            if (i >= text.Length || text[i] != 'd')
                throw Error(word, "node pattern placeholder must be %d or %0Nd (e.g. node%03d)");
            return (text[..percent], width, text[(i + 1)..]);
        }

        private Dictionary<string, ConfWord> ReadOptions(ConfStatement s, int from, params string[] allowed)
        {
            var options = new Dictionary<string, ConfWord>(StringComparer.Ordinal);
            for (int i = from; i < s.Words.Count; i += 2)
            {
                ConfWord key = s.Words[i];
                if (!allowed.Contains(key.Text))
                    throw Error(key, $"unknown option '{key.Text}' (expected {string.Join(", ", allowed)})");
                if (i + 1 >= s.Words.Count)
                    throw Error(s.End, $"'{key.Text}' needs a value");
                if (!options.TryAdd(key.Text, s.Words[i + 1]))
                    throw Error(key, $"'{key.Text}' is given twice");
            }
            return options;
        }

        private FabricFaults ReadFaults(ConfStatement item)
        {
            var options = ReadOptions(item, 1, "loss", "duplicate", "reorder", "corrupt", "delay", "jitter", "seed");
            double P(string key) => options.TryGetValue(key, out ConfWord? w) ? ReadProbability(w) : 0;
            TimeSpan D(string key) => options.TryGetValue(key, out ConfWord? w) ? ReadDuration(w) : TimeSpan.Zero;
            int seed = options.TryGetValue("seed", out ConfWord? seedWord) ? ReadInt(seedWord, int.MinValue, int.MaxValue, "seed") : 1;
            return new FabricFaults(P("loss"), P("duplicate"), P("reorder"), P("corrupt"), D("delay"), D("jitter"), seed);
        }

        private double ReadProbability(ConfWord word)
        {
            if (!double.TryParse(word.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double p) || p is < 0 or > 1)
                throw Error(word, $"'{word.Text}' is not a probability between 0 and 1 (e.g. 0.01)");
            return p;
        }

        private TimeSpan ReadDuration(ConfWord word)
        {
            string text = word.Text;
            (string digits, double scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
                : text.EndsWith("us", StringComparison.Ordinal) ? (text[..^2], 0.001)
                : text.EndsWith('s') ? (text[..^1], 1000.0)
                : (text, double.NaN);
            if (double.IsNaN(scale) || !double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) || value * scale > 60_000)
                throw Error(word, $"'{text}' is not a duration such as 5ms, 250us or 1s (at most 60s)");
            return TimeSpan.FromMilliseconds(value * scale);
        }

        private int ReadInt(ConfWord word, int min, int max, string what)
        {
            if (!int.TryParse(word.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
                throw Error(word, $"{what} must be a whole number from {min} to {max}, not '{word.Text}'");
            return value;
        }

        private int ReadMtu(ConfWord word)
        {
            if (!int.TryParse(word.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int mtu) || !InfiniBandMtu.TryToCode(mtu, out _))
                throw Error(word, $"'{word.Text}' is not an IB link MTU (256, 512, 1024, 2048 or 4096 bytes)");
            return mtu;
        }

        private PortGuid ReadGuid(ConfWord word) =>
            PortGuid.TryParse(word.Text, out PortGuid guid)
                ? guid
                : throw Error(word, $"'{word.Text}' is not a port GUID (e.g. 0002:c903:0000:1001 or 0x0002c90300001001)");

        private void ClaimGuid(PortGuid guid, ConfWord where)
        {
            if (!guids.TryAdd(guid.Value, where.Position))
            {
                SourcePosition first = guids[guid.Value];
                throw Error(where, $"GUID {guid} is already used (line {first.Line}); every HCA port has its own GUID");
            }
        }

        private void CheckHostName(ConfWord where, string hostName)
        {
            if (hostName.Length == 0 || hostName.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
                throw Error(where, $"host name '{hostName}' must be letters, digits, '-', '_' or '.'");
            if (!hostNames.TryAdd(hostName, where.Position))
                throw Error(where, $"host '{hostName}' is defined twice (first on line {hostNames[hostName].Line})");
        }

        private void CheckInterface(ConfWord word)
        {
            string text = word.Text;
            if (text.Length is 0 or > 10 || !char.IsAsciiLetter(text[0]) || text.Any(c => !char.IsAsciiLetterOrDigit(c)))
                throw Error(word, $"'{text}' is not a parent interface name such as ib0 (letters and digits, at most 10, no '.': child interfaces like ib0.8001 come from partitions)");
        }

        private void RequireCount(ConfStatement s, int count, string form)
        {
            if (s.Words.Count < count)
                throw Error(s.End, $"expected '{form};'");
            if (s.Words.Count > count)
                throw Error(s.Words[count], $"unexpected '{s.Words[count].Text}': expected '{form};'");
        }

        private void RequireNoBlock(ConfStatement s)
        {
            if (s.Block is not null)
                throw Error(s.End, $"'{s.Words[0].Text}' does not take a {{ }} block");
        }

        private static FabricConfigException Error(ConfWord word, string reason) => Error(word.Position, reason);

        private static FabricConfigException Error(SourcePosition position, string reason) => new(new ConfigDiagnostic(position, reason));
    }
}
