using System.Collections.Immutable;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Options;
using Pidgin;
using static IPoIBDhcp.Text.TokenParsers;
using static Pidgin.Parser;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Pidgin grammars for the head of each dhcpd.conf statement (the tokens after its keyword). Heads are
/// short and grouped beforehand, so no grammar here ever backtracks across statements.
/// </summary>
internal static class DhcpdStatementGrammar
{
    public static readonly Parser<ConfigToken, uint> NumberOnly = Number.Before(EndOfHead);

    /// <summary>A lease time: seconds, or <c>infinite</c> (0xffffffff, ISC's infinite lease: <c>ends never</c>).</summary>
    public static readonly Parser<ConfigToken, uint> LeaseTimeOnly =
        Keyword("infinite").Select(_ => uint.MaxValue).Or(Number).Labelled("a number of seconds or infinite").Before(EndOfHead);

    public static readonly Parser<ConfigToken, IPv4Address> AddressOnly = Address.Before(EndOfHead);

    public static readonly Parser<ConfigToken, string> StringOnly = QuotedString.Before(EndOfHead);

    public static readonly Parser<ConfigToken, bool> FlagOnly = Flag.Before(EndOfHead);

    public static readonly Parser<ConfigToken, ConfigToken> WordOnly = Word.Before(EndOfHead);

    public static readonly Parser<ConfigToken, Unit> Nothing = EndOfHead;

    public static readonly Parser<ConfigToken, string> NameOnly = NameOrString.Before(EndOfHead);

    public static readonly Parser<ConfigToken, (bool DynamicBootp, IPv4Address Low, IPv4Address High)> Range =
        Map((bootp, low, high) => (bootp.HasValue, low, high.HasValue ? high.Value : low),
            Keyword("dynamic-bootp").Optional(), Address, Address.Optional())
        .Before(EndOfHead);

    public static readonly Parser<ConfigToken, (IPv4Address Address, IPv4Address Mask)> SubnetHeader =
        Map((a, m) => (a, m), Address, Keyword("netmask").Then(Address)).Before(EndOfHead);

    public static readonly Parser<ConfigToken, ImmutableArray<ConfigToken>> FixedAddressList =
        Word.Labelled("an IPv4 address or host name").SeparatedAtLeastOnce(Comma).Before(EndOfHead)
            .Select(ts => ts.ToImmutableArray());

    /// <summary>
    /// What <see cref="FixedAddressList"/> gives for a well-formed head (words separated by commas), read without Pidgin:
    /// nearly every host of a large file has one, and the grammar's bookkeeping of expected tokens was a quarter of
    /// reading 100,000 hosts. Null for anything else, which the grammar then reads and reports; the two agree (tested).
    /// </summary>
    public static ImmutableArray<ConfigToken>? WellFormedWordList(ReadOnlySpan<ConfigToken> args)
    {
        if (args.Length % 2 == 0) return null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i].Kind != (i % 2 == 0 ? K.Word : K.Comma)) return null;
        }
        var words = ImmutableArray.CreateBuilder<ConfigToken>(args.Length / 2 + 1);
        for (int i = 0; i < args.Length; i += 2) words.Add(args[i]);
        return words.MoveToImmutable();
    }

    /// <summary>What <see cref="NameOnly"/> gives for a bare word, read without Pidgin (a host's name); null otherwise.</summary>
    public static string? BareName(ReadOnlySpan<ConfigToken> args) => args is [{ Kind: K.Word } word] ? word.Text : null;

    /// <summary>Comma-separated words: addresses or host names (<c>zone</c>'s <c>primary</c>).</summary>
    public static readonly Parser<ConfigToken, ImmutableArray<ConfigToken>> Words =
        Word.SeparatedAtLeastOnce(Comma).Before(EndOfHead).Select(ts => ts.ToImmutableArray());

    public static readonly Parser<ConfigToken, (ConfigToken Kind, ConfigToken Address)> Hardware =
        Map((k, a) => (k, a), Keyword("ethernet").Or(Keyword("infiniband")), Word.Labelled("a hardware address"))
            .Before(EndOfHead);

    public static readonly Parser<ConfigToken, (string Words, Maybe<string> Class)> AccessBody =
        Map((words, cls) => (string.Join(" ", words.Select(w => w.Text.ToLowerInvariant())), cls),
            Word.Labelled("what to allow").AtLeastOnce(), QuotedString.Optional())
        .Before(EndOfHead);
}
