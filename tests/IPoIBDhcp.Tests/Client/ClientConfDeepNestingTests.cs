using System.Text;
using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.Tests.Client;

/// <summary>
/// dhclient.conf is read by a cursor that never recurses into what it cannot use: deep or unbalanced braces are
/// refused with <c>file:line:col</c>, never a stack overflow. Parses run on a 256 KiB stack.
/// </summary>
public class ClientConfDeepNestingTests
{
    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    private static string[] Errors(string text) =>
        SmallStack.Run(() =>
        {
            ClientConfParser.TryParse(text, "dhclient.conf", out _, out var errors);
            return errors.Select(e => e.ToString()).ToArray();
        });

    [Test]
    public void AHundredThousandOpenBracesAreOneError()
    {
        Assert.That(Errors(Repeat("{", 100_000)), Is.EqualTo(new[] { "dhclient.conf:1:1: expected a statement, found '{'" }));
    }

    [Test]
    public void AHundredThousandCloseBracesAreEachReported()
    {
        var errors = Errors(Repeat("}", 100_000));
        Assert.That(errors, Has.Length.EqualTo(100_000));
        Assert.That(errors[^1], Is.EqualTo("dhclient.conf:1:100000: unexpected '}'"));
    }

    [Test]
    public void DeepBlocksInsideAnInterfaceAreOneErrorAndTheInterfaceStillCloses()
    {
        string text = "interface \"ib0\" {\n" + Repeat("{\n", 100_000) + Repeat("}\n", 100_000) + "  request subnet-mask;\n}\nrequest routers;\n";
        Assert.That(Errors(text), Is.EqualTo(new[] { "dhclient.conf:2:1: expected a statement, found '{'" }));
    }

    [Test]
    public void TwentyThousandNestedLeaseBlocksAreRefusedAtTheFirstInner()
    {
        var errors = Errors(Repeat("lease {\n", 20_000) + Repeat("}\n", 20_000));
        Assert.That(errors, Is.EqualTo(new[]
        {
            "dhclient.conf:2:1: 'lease' is not a lease statement (expected interface, fixed-address, option, renew, rebind, expire, bootp, filename, server-name or medium)",
        }));
    }

    [Test]
    public void AHundredThousandNeverClosedInterfacesAreReported()
    {
        var errors = Errors(Repeat("interface \"ib0\" {\n", 100_000));
        Assert.That(errors[0], Is.EqualTo("dhclient.conf:2:1: an interface block cannot be nested in another"));
        Assert.That(errors, Has.Some.EqualTo("dhclient.conf:1:17: '{' of interface \"ib0\" is never closed by '}'"));
    }

    [Test]
    public void AHundredThousandStatementsInOneInterfaceAreAccepted()
    {
        string text = "interface \"ib0\" {\n" + Repeat("request subnet-mask;\n", 100_000) + "}\n";
        var config = SmallStack.Run(() => ClientConfParser.Parse(text, "dhclient.conf"));
        Assert.That(config.For("ib0").Request.ToArray(), Is.EqualTo(new byte[] { 1 }));
    }
}
