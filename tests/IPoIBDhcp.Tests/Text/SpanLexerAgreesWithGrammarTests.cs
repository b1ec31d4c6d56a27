using CsCheck;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Tests.Text;

/// <summary>
/// The hand-written lexer gives exactly the tokens (kind, text, offset, length) of the combinator grammar that
/// defined the token language before it, on random text built from every character class the language knows,
/// and on the repository's example files.
/// </summary>
public sealed class SpanLexerAgreesWithGrammarTests
{
    private static readonly string[] Pieces =
    [
        "a", "host", "01:02", "198.18.0.1", "-", "_", "/", "+", ".", ":", "9",
        " ", "\t", "\n", "\r\n", "\u00a0", "# note", "#", "\"", "\\", "\\\"", "\"x y\"",
        "{", "}", ";", ",", "(", ")", "=", "!=", "!", "~", "~=", "~~", "*", "%", "&", "|", "^",
        "@", "$", "é", "\ud83d", "\0",
    ];

    private static readonly Gen<string> Text =
        Gen.Int[0, Pieces.Length - 1].Array[0, 60].Select(ix => string.Concat(ix.Select(i => Pieces[i])));

    private static IEnumerable<(ConfigTokenKind, string, int, int)> Shape(IEnumerable<ConfigToken> tokens) =>
        tokens.Select(t => (t.Kind, t.Text, t.Offset, t.Length));

    [Test]
    public void RandomTextLexesAsTheGrammarLexesIt() =>
        Text.Sample(text => Assert.That(Shape(ConfigLexer.Tokenize(text)), Is.EqualTo(Shape(GrammarLexer.Tokenize(text))), text), iter: 20_000);

    [Test]
    public void NextTokenIsTheFirstTokenOfTheRestOfTheText() =>
        Gen.Select(Text, Gen.Int[0, 200]).Sample((text, at) =>
        {
            int offset = Math.Min(at, text.Length);
            var rest = GrammarLexer.Tokenize(text[offset..]);
            var expected = rest.IsEmpty ? [] : Shape([rest[0] with { Offset = rest[0].Offset + offset }]);
            var found = ConfigLexer.NextToken(text, offset);
            Assert.That(found is { } f ? Shape([f]) : [], Is.EqualTo(expected), text);
        }, iter: 5_000);

    [Test]
    public void ExampleFilesLexAsTheGrammarLexesThem()
    {
        var files = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "conf-examples"), "*", SearchOption.AllDirectories).ToList();
        Assert.That(files, Is.Not.Empty);
        foreach (var file in files)
        {
            string text = File.ReadAllText(file);
            Assert.That(Shape(ConfigLexer.Tokenize(text)), Is.EqualTo(Shape(GrammarLexer.Tokenize(text))), file);
        }
    }

    [Test]
    public void RepeatedWordsShareOneString()
    {
        var tokens = ConfigLexer.Tokenize("host a { fixed-address 198.18.0.1; }\nhost b { fixed-address 198.18.0.2; }\n");
        var hosts = tokens.Where(t => t.Text == "host").ToList();
        var fixedAddress = tokens.Where(t => t.Text == "fixed-address").ToList();
        Assert.That(ReferenceEquals(hosts[0].Text, hosts[1].Text) && ReferenceEquals(fixedAddress[0].Text, fixedAddress[1].Text), Is.True);
    }
}
