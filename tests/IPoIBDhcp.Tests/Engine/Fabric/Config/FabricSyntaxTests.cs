using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Tests.Engine.Fabric.Config;

/// <summary>
/// fabric.conf's word layer reads the shared <see cref="ConfigLexer"/>'s tokens: touching tokens are one word, its
/// quoted strings keep their own rules (no escapes, not across a line), its syntax errors keep their words, and its
/// columns are <see cref="SourceText"/>'s, as in every other grammar (a tab is one column).
/// </summary>
public class FabricSyntaxTests
{
    private static ConfigDiagnostic Refusal(string text) =>
        FabricConfigParser.TryParse(text, "f.conf", "/srv", out _, out var error) ? throw new AssertionException("accepted") : error!;

    [Test]
    public void TokensThatTouchAreOneWord()
    {
        var words = ConfSyntax.Parse("nodes n%03d!x,(y)=z count 2;", "f.conf").Single().Words;
        Assert.That(words.Select(w => w.Text), Is.EqualTo(new[] { "nodes", "n%03d!x,(y)=z", "count", "2" }));
        Assert.That(words.Select(w => w.Position.Column), Is.EqualTo(new[] { 1, 7, 21, 27 }));
    }

    [Test]
    public void AQuotedStringTakesNoEscapes()
    {
        var fabric = FabricConfigParser.Parse("fabric x { partitions \"dir\\\"; }\nhost h { port ib0 guid 0x1; }", "f.conf", "/srv");
        Assert.That(fabric.PartitionsPath, Is.EqualTo("/srv/dir\\"));
    }

    [Test]
    public void AQuotedStringEndsAtTheLine()
    {
        Assert.That(Refusal("fabric \"lab\n\" { }").ToString(), Is.EqualTo("f.conf:1:12: unexpected end of line, expected Label: quoted string"));
        Assert.That(Refusal("fabric \"lab").ToString(), Is.EqualTo("f.conf:1:12: unexpected end of file, expected Label: quoted string"));
    }

    [TestCase("fabric x { }\nhost h { port ib0 guid 0x1 }", "f.conf:2:28: unexpected '}', expected Tokens: \";\" or Tokens: \"{\"")]
    [TestCase("fabric x { \nhost h { port ib0 guid 0x1; }", "f.conf:2:30: unexpected end of file, expected Tokens: \"}\"")]
    [TestCase("fabric x { } ;\n;", "f.conf:2:1: unexpected ';', expected EOF")]
    [TestCase("fabric x { ; }", "f.conf:1:12: unexpected ';', expected Tokens: \"}\"")]
    [TestCase("a { a { a { a { a { a { a { a { b }", "f.conf:1:35: unexpected '}', expected Tokens: \";\"")]
    public void SyntaxErrorsKeepTheirWords(string text, string expected) =>
        Assert.That(Refusal(text).ToString(), Is.EqualTo(expected));

    [Test]
    public void ATabIsOneColumnAsInEveryGrammar()
    {
        Assert.That(Refusal("fabric x { }\n\thost\th { port ib0 guid 0x1; }\n\tbogus;").ToString(),
            Is.EqualTo("f.conf:3:2: unknown statement 'bogus' (expected fabric, host or nodes)"));
        Assert.That(PartitionsConfigParser.TryParse("\tp=0x8001 :\tnode7;", "p.conf", out _, out var error), Is.False);
        Assert.That(error!.ToString(), Does.StartWith("p.conf:1:13: 'node7' is not a port GUID"));
    }
}
