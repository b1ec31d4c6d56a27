using CsCheck;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Text;
using NUnit.Framework;
using Pidgin;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// The shortcuts that read a host's name and fixed addresses without Pidgin give exactly what the grammar gives
/// whenever they give anything; on every other head they step aside, so the grammar's own error is the one reported.
/// </summary>
public sealed class HeadShortcutsAgreeWithGrammarTests
{
    private static readonly string[] Pieces = ["node01", "198.18.0.1", ",", ";", "\"n 1\"", "{", "(", "="];

    private static readonly Gen<ConfigToken[]> Heads =
        Gen.Int[0, Pieces.Length - 1].Array[0, 7].Select(ix => ConfigLexer.Tokenize(string.Join(" ", ix.Select(i => Pieces[i]))).ToArray());

    [Test]
    public void WordListAgrees() =>
        Heads.Sample(head =>
        {
            var grammar = DhcpdStatementGrammar.FixedAddressList.Parse(head);
            var shortcut = DhcpdStatementGrammar.WellFormedWordList(head);
            if (shortcut is { } words) Assert.That(grammar.Success && grammar.Value.SequenceEqual(words), Is.True, Describe(head));
            else Assert.That(grammar.Success, Is.False, Describe(head));
        }, iter: 5_000);

    [Test]
    public void BareNameAgrees() =>
        Heads.Sample(head =>
        {
            var grammar = DhcpdStatementGrammar.NameOnly.Parse(head);
            if (DhcpdStatementGrammar.BareName(head) is { } name) Assert.That(grammar.Success && grammar.Value == name, Is.True, Describe(head));
            else if (grammar.Success) Assert.That(head[0].Kind, Is.EqualTo(ConfigTokenKind.String), Describe(head)); // quoted names: the grammar's
        }, iter: 5_000);

    [Test]
    public void CommonHeadsTakeTheShortcut()
    {
        Assert.That(DhcpdStatementGrammar.WellFormedWordList(ConfigLexer.Tokenize("198.18.0.1 , node02").AsSpan())!.Value.Select(t => t.Text),
            Is.EqualTo(new[] { "198.18.0.1", "node02" }));
        Assert.That(DhcpdStatementGrammar.BareName(ConfigLexer.Tokenize("node01").AsSpan()), Is.EqualTo("node01"));
    }

    private static string Describe(ConfigToken[] head) => string.Join(" ", head.Select(t => t.Text));
}
