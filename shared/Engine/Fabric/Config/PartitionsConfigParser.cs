using System.Globalization;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Text;
using Pidgin;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>
/// Reads OpenSM's partitions.conf (<c>[Name][=PKey][,flag[=value]]… : [member[=full|limited]][, …] ;</c>, <c>#</c>
/// comments, free line wrapping), so the emulated fabric is driven by the same file a real subnet manager
/// reads. Supported members: port GUIDs, <c>ALL</c>, <c>ALL_CAS</c>; supported flags: <c>ipoib</c>,
/// <c>mtu=</c>, <c>rate=</c>, <c>sl=</c>, <c>scope=</c>, <c>defmember=full|limited</c>, <c>indx0</c>. Anything
/// else is refused with <c>file:line:col: reason</c> rather than silently mis-modelled.
/// </summary>
public static class PartitionsConfigParser
{
    private sealed record Word(string Text, int Position);

    private sealed record Pair(Word Key, Word? Value);

    private sealed record Rule(int Start, Word? Name, Word? PKey, IReadOnlyList<Pair> Flags, IReadOnlyList<Pair> Members);

    private static readonly Parser<char, Unit> Space =
        OneOf(Token(char.IsWhiteSpace).IgnoreResult(), Char('#').Then(Token(c => c != '\n').SkipMany())).SkipMany();

    private static Parser<char, char> Symbol(char c) => Char(c).Before(Space);

    private static readonly Parser<char, Word> WordP =
        Map((offset, text) => new Word(text, offset), CurrentOffset, Token(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.').AtLeastOnceString())
            .Before(Space)
            .Labelled("name, number or keyword");

    private static readonly Parser<char, Pair> PairP =
        Map((key, value) => new Pair(key, value.HasValue ? value.Value : null), WordP, Symbol('=').Then(WordP).Optional());

    private static readonly Parser<char, Rule> RuleP =
        Map(
            (start, name, pkey, flags, members) => new Rule(
                start,
                name.HasValue ? name.Value : null,
                pkey.HasValue ? pkey.Value : null,
                flags.ToList(),
                members.ToList()),
            CurrentOffset,
            WordP.Optional(),
            Symbol('=').Then(WordP).Optional(),
            Symbol(',').Then(PairP).Many().Before(Symbol(':')),
            PairP.Separated(Symbol(',')).Before(Symbol(';')));

    private static readonly Parser<char, List<Rule>> FileP = Space.Then(RuleP.Many()).Before(End).Select(r => r.ToList());

    /// <summary>Reads and parses a partitions file.</summary>
    /// <exception cref="FabricConfigException">The file is not a valid partitions.conf (or uses unsupported features).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PartitionsFile Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses partitions.conf text.</summary>
    /// <exception cref="FabricConfigException">The text is not a valid partitions.conf (or uses unsupported features).</exception>
    public static PartitionsFile Parse(string text, string fileName = "partitions.conf")
    {
        ArgumentNullException.ThrowIfNull(text);
        Result<char, List<Rule>> result = FileP.Parse(text);
        var source = new SourceText(fileName, text);
        if (!result.Success)
            throw SyntaxError(result.Error!, source);
        var partitions = new List<PartitionDefinition>(result.Value.Count);
        foreach (Rule rule in result.Value)
            partitions.Add(Interpret(rule, source));
        return new PartitionsFile(partitions);
    }

    /// <summary>Non-throwing twin of <see cref="Parse"/>: the partitions, or the first error.</summary>
    public static bool TryParse(string text, string fileName, out PartitionsFile? partitions, out ConfigDiagnostic? error) =>
        FabricConfigException.Try(() => Parse(text, fileName), out partitions, out error);

    private static PartitionDefinition Interpret(Rule rule, SourceText source)
    {
        FabricConfigException Error(int offset, string reason) => new(source.Diagnostic(offset, reason));

        if (rule.PKey is null)
            throw Error(rule.Name?.Position ?? rule.Start, "the partition needs an explicit P_Key (Name=0x8001): the emulated fabric does not auto-generate P_Keys");
        if (!TryParseNumber(rule.PKey.Text, out ulong rawPKey) || rawPKey > 0xffff)
            throw Error(rule.PKey.Position, $"'{rule.PKey.Text}' is not a P_Key (0x0001..0x7fff, e.g. 0x8001; hex needs 0x)");
        ushort partition = (ushort)(rawPKey & 0x7fff);
        if (partition == 0)
            throw Error(rule.PKey.Position, $"P_Key {rule.PKey.Text} is invalid (the low 15 bits must not be 0)");

        bool ipoib = false;
        int mtu = InfiniBandMtu.DefaultCode;
        int? rate = null, sl = null, scope = null;
        PartitionMembership defmember = PartitionMembership.Limited;
        foreach (Pair flag in rule.Flags)
        {
            string key = flag.Key.Text;
            switch (key)
            {
                case "ipoib":
                case "indx0":
                    if (flag.Value is not null)
                        throw Error(flag.Value.Position, $"flag '{key}' takes no value");
                    ipoib |= key == "ipoib";
                    break;
                case "mtu":
                    mtu = FlagNumber(flag, 1, 5, "an IBTA MTU code: 1=256, 2=512, 3=1024, 4=2048, 5=4096");
                    break;
                case "rate":
                    rate = FlagNumber(flag, 2, 63, "an IBTA rate code (e.g. 3 = 10 Gb/s)");
                    break;
                case "sl":
                    sl = FlagNumber(flag, 0, 15, "a service level 0..15");
                    break;
                case "scope":
                    scope = FlagNumber(flag, 1, 15, "a multicast scope 1..15 (2 = link local)");
                    break;
                case "defmember":
                    defmember = flag.Value?.Text switch
                    {
                        "full" => PartitionMembership.Full,
                        "limited" => PartitionMembership.Limited,
                        "both" => throw Error(flag.Value.Position, "defmember=both is not supported by the emulated fabric (use full or limited)"),
                        _ => throw Error(flag.Value?.Position ?? flag.Key.Position, "defmember needs full or limited"),
                    };
                    break;
                default:
                    throw Error(flag.Key.Position, $"unknown partition flag '{key}' (supported: ipoib, mtu=, rate=, sl=, scope=, defmember=, indx0)");
            }
        }

        var members = new List<PartitionMember>(rule.Members.Count);
        foreach (Pair member in rule.Members)
        {
            PartitionMembership membership = member.Value?.Text switch
            {
                null => defmember,
                "full" => PartitionMembership.Full,
                "limited" => PartitionMembership.Limited,
                _ => throw Error(member.Value.Position, $"membership must be full or limited, not '{member.Value.Text}'"),
            };
            string name = member.Key.Text;
            members.Add(name switch
            {
                "ALL" => new PartitionMember(PartitionMemberKind.All, default, membership),
                "ALL_CAS" => new PartitionMember(PartitionMemberKind.AllCas, default, membership),
                "SELF" => throw Error(member.Key.Position, "SELF (the subnet manager's own port) is not supported by the emulated fabric: list the port GUID instead"),
                "ALL_SWITCHES" or "ALL_ROUTERS" => throw Error(member.Key.Position, $"{name} is not supported: the emulated fabric has only channel-adapter ports (use ALL, ALL_CAS or port GUIDs)"),
                _ when TryParseNumber(name, out ulong guid) => new PartitionMember(PartitionMemberKind.Guid, new PortGuid(guid), membership),
                _ => throw Error(member.Key.Position, $"'{name}' is not a port GUID (0x0002c90300001001 or decimal), ALL or ALL_CAS"),
            });
        }

        return new PartitionDefinition(rule.Name?.Text ?? "", new PKey((ushort)(partition | PKey.FullMembershipBit)), ipoib, mtu, rate, sl, scope, defmember, members, source.PositionOf(rule.Start).Line);

        int FlagNumber(Pair flag, int min, int max, string what)
        {
            if (flag.Value is null)
                throw Error(flag.Key.Position, $"flag '{flag.Key.Text}' needs a value: {what}");
            if (!TryParseNumber(flag.Value.Text, out ulong value) || value < (ulong)min || value > (ulong)max)
                throw Error(flag.Value.Position, $"{flag.Key.Text}={flag.Value.Text} is out of range: expected {what}");
            return (int)value;
        }
    }

    /// <summary>OpenSM reads numbers with strtoull base 0: <c>0x</c> hex, otherwise decimal (octal is not supported here).</summary>
    private static bool TryParseNumber(string text, out ulong value)
    {
        value = 0;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return text.Length is > 2 and <= 18 && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Turns a Pidgin error into <c>file:line:col: unexpected X, expected Y</c>.</summary>
    private static FabricConfigException SyntaxError(ParseError<char> error, SourceText source)
    {
        string unexpected = error.EOF ? "end of file"
            : error.Unexpected.HasValue ? Describe(error.Unexpected.Value)
            : "input";
        string[] expected = error.Expected.Select(e => e.ToString()).Where(e => e.Length > 0).Distinct().ToArray();
        string reason = error.Message is { Length: > 0 } message
            ? message
            : expected.Length > 0 ? $"unexpected {unexpected}, expected {string.Join(" or ", expected)}" : $"unexpected {unexpected}";
        return new FabricConfigException(source.Diagnostic(error.ErrorOffset, reason));
    }

    private static string Describe(char c) => c switch
    {
        '\n' => "end of line",
        _ when char.IsControl(c) => $"character U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
