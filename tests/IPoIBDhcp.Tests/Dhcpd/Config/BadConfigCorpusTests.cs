using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// Every file in Dhcpd/Config/bad starts with one '# expect: file:line:col: message' line per diagnostic the
/// parser must print, in order; nothing more, nothing less.
/// </summary>
public class BadConfigCorpusTests
{
    private static string BadDir => Path.Combine(AppContext.BaseDirectory, "Dhcpd", "Config", "bad");

    public static IEnumerable<string> BadFiles() =>
        Directory.GetFiles(BadDir, "*.conf").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal);

    [Test]
    public void CorpusIsLargeEnough() => Assert.That(BadFiles().Count(), Is.GreaterThanOrEqualTo(12));

    [TestCaseSource(nameof(BadFiles))]
    public void ReportsExactlyTheExpectedDiagnostics(string name)
    {
        string text = File.ReadAllText(Path.Combine(BadDir, name));
        var expected = text.Split('\n')
            .TakeWhile(l => l.StartsWith("# expect: ", StringComparison.Ordinal))
            .Select(l => l["# expect: ".Length..].TrimEnd('\r'))
            .ToArray();
        Assert.That(expected, Is.Not.Empty, "the file states what it expects");

        // Includes resolve against the corpus folder; none of the named files exists there.
        var result = DhcpdConfigParser.ParseText(text, name, path => throw new FileNotFoundException(path));

        Assert.That(result.Success, Is.False);
        Assert.That(result.Config, Is.Null);
        Assert.That(result.Diagnostics.Select(d => d.ToString()).ToArray(), Is.EqualTo(expected));
    }
}
