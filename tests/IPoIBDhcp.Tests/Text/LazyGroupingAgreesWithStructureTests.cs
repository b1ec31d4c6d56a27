using CsCheck;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Tests.Text;

/// <summary>
/// The level-at-a-time grouping dhcpd reads its files with gives the statements of the whole-file grouping, body for
/// body: the same heads, terminators and structural errors at the same offsets, on random text made of the pieces that
/// decide where a statement or a block ends (braces, semicolons, record types, strings and comments that hide them),
/// and on the repository's example files.
/// </summary>
public sealed class LazyGroupingAgreesWithStructureTests
{
    private static readonly string[] Pieces =
    [
        "host", "a", "option", "x", "code", "9", "=", "array", "of", "ARRAY", "Of", "ip-address",
        "{", "}", ";", ",", " ", "\n", "\"s;}\"", "\"{", "# { ; }\n", "\"\\\"}\"", "@", "\t", "!=", "~~", "*", "(", ")", "\0",
    ];

    private static readonly Gen<string> Text =
        Gen.Int[0, Pieces.Length - 1].Array[0, 80].Select(ix => string.Join(" ", ix.Select(i => Pieces[i])));

    /// <summary>A statement and its body, all the way down, as comparable text.</summary>
    private static IEnumerable<string> Eager(IEnumerable<ConfigStatement> statements, int depth) =>
        statements.SelectMany(s => Describe(s, depth).Concat(s.HasBody ? Eager(s.Body, depth + 1) : []));

    private static IEnumerable<string> Lazy(LazyStatementParser parser, IEnumerable<ConfigStatement> statements, int depth) =>
        statements.SelectMany(s => Describe(s, depth).Concat(s.HasBody ? Lazy(parser, parser.ParseBody(s), depth + 1) : []));

    private static IEnumerable<string> Describe(ConfigStatement s, int depth)
    {
        string head = string.Join(" ", s.Head.ToArray().Select(t => $"{t.Kind}:{t.Text}@{t.Offset}+{t.Length}"));
        yield return $"{depth} [{head}] {s.Terminator.Kind}:{s.Terminator.Text}@{s.Terminator.Offset} body={s.HasBody} error={s.Error}";
    }

    private static void AssertAgree(string text)
    {
        var eager = Eager(StatementStructureParser.Parse(ConfigLexer.Tokenize(text)), 0).ToList();
        var parser = new LazyStatementParser(text, new ConfigWords());
        var lazy = Lazy(parser, parser.ParseFile(), 0).ToList();
        Assert.That(lazy, Is.EqualTo(eager), text);
    }

    [Test]
    public void RandomTextGroupsAsTheWholeFileGroupingDoes() => Text.Sample(AssertAgree, iter: 20_000);

    [Test]
    public void AsciiBytesGroupAsTheirTextDoes() => Text.Sample(text =>
    {
        var fromText = new LazyStatementParser(text, new ConfigWords());
        var fromBytes = new LazyStatementParser(new SourceText("f.conf", System.Text.Encoding.ASCII.GetBytes(text)), new ConfigWords());
        Assert.That(Lazy(fromBytes, fromBytes.ParseFile(), 0), Is.EqualTo(Lazy(fromText, fromText.ParseFile(), 0)), text);
    }, iter: 10_000);

    [Test]
    public void AsciiBytesHaveTheLinesAndColumnsOfTheirText() => Text.Sample(text =>
    {
        var asText = new SourceText("f.conf", text);
        var asBytes = new SourceText("f.conf", System.Text.Encoding.ASCII.GetBytes(text));
        for (int offset = 0; offset <= text.Length; offset++)
            Assert.That(asBytes.PositionOf(offset), Is.EqualTo(asText.PositionOf(offset)), text);
        Assert.That(asBytes.Text, Is.EqualTo(text));
    }, iter: 2_000);

    [Test]
    public void ExampleFilesGroupAsTheWholeFileGroupingDoes()
    {
        var files = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "conf-examples"), "*", SearchOption.AllDirectories).ToList();
        Assert.That(files, Is.Not.Empty);
        foreach (var file in files) AssertAgree(File.ReadAllText(file));
    }

    [TestCase("host a { option x code 9 = { ip-address, ip-address }; fixed-address 198.18.0.1; }")]
    [TestCase("group { host a { } option x code 9 = array of { ip-address ; host b { } }")]
    [TestCase("group { host a { fixed-address 198.18.0.1 } } }")]
    [TestCase("group { { } host a {")]
    public void RecordTypesMissingSemicolonsAndUnclosedBlocks(string text) => AssertAgree(text);

    [Test]
    public void ABodyIsGroupedOnlyWhenAsked()
    {
        var parser = new LazyStatementParser("group { host a { fixed-address 198.18.0.1; } }\nhost b { }", new ConfigWords());
        var top = parser.ParseFile();
        Assert.That(top.Select(s => (s.Keyword.Text, s.HasBody, s.Body.IsDefault)), Is.EqualTo(new[] { ("group", true, true), ("host", true, true) }));
        var group = parser.ParseBody(top[0]);
        Assert.That(group.Select(s => s.Head.ToArray().Select(t => t.Text)), Is.EqualTo(new[] { new[] { "host", "a" } }));
        Assert.That(parser.ParseBody(group[0]).Single().Head.ToArray().Select(t => t.Text), Is.EqualTo(new[] { "fixed-address", "198.18.0.1" }));
    }

    [Test]
    public void TwentyThousandNestedBlocksAreIndexedOnce()
    {
        const int depth = 20_000;
        string text = string.Concat(Enumerable.Repeat("group { ", depth)) + "host a { }" + string.Concat(Enumerable.Repeat(" }", depth));
        var parser = new LazyStatementParser(text, new ConfigWords());
        var level = parser.ParseFile();
        for (int i = 0; i < depth; i++)
        {
            Assert.That(level, Has.Length.EqualTo(1));
            level = parser.ParseBody(level[0]);
        }
        Assert.That(level.Single().Keyword.Text, Is.EqualTo("host"));
    }
}
