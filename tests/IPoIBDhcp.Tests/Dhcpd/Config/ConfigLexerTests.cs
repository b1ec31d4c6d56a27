using IPoIBDhcp.Text;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

public class ConfigLexerTests
{
    [Test]
    public void TokensKeepTextAndOffsets()
    {
        var tokens = ConfigLexer.Tokenize("option x \"a\\\"b\"; # comment\nmatch if a != 01:02 { }");
        Assert.That(tokens.Select(t => (t.Kind, t.Text, t.Offset)), Is.EqualTo(new[]
        {
            (K.Word, "option", 0), (K.Word, "x", 7), (K.String, "\"a\\\"b\"", 9), (K.Semicolon, ";", 15),
            (K.Word, "match", 27), (K.Word, "if", 33), (K.Word, "a", 36), (K.NotEqual, "!=", 38), (K.Word, "01:02", 41),
            (K.LeftBrace, "{", 47), (K.RightBrace, "}", 49),
        }));
    }

    [Test]
    public void StrayCharactersAndUnterminatedStringsBecomeTokens()
    {
        var tokens = ConfigLexer.Tokenize("a @ \"open");
        Assert.That(tokens.Select(t => t.Kind), Is.EqualTo(new[] { K.Word, K.Invalid, K.UnterminatedString }));
    }

    [Test]
    public void PositionsAreOneBased()
    {
        var source = new SourceText("f.conf", "ab\n  cd\r\nef");
        Assert.That(source.PositionOf(0).ToString(), Is.EqualTo("f.conf:1:1"));
        Assert.That(source.PositionOf(5).ToString(), Is.EqualTo("f.conf:2:3"));
        Assert.That(source.PositionOf(9).ToString(), Is.EqualTo("f.conf:3:1"));
    }

    [Test]
    public void StatementsGroupAndRecover()
    {
        var statements = StatementStructureParser.Parse(ConfigLexer.Tokenize("a 1;\n}\nb { c; d }\ne"));
        Assert.That(statements.Select(s => (s.Keyword.Text, s.Error)), Is.EqualTo(new[]
        {
            ("a", (string?)null), ("}", "unexpected '}'"), ("b", null), ("e", "e: missing ';' at end of file"),
        }));
        Assert.That(statements[2].Body.Select(s => (s.Keyword.Text, s.Error)),
            Is.EqualTo(new[] { ("c", (string?)null), ("d", "d: missing ';' before '}'") }));
    }
}
