using System.Text;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Tests.Dhcpd.Leases;

/// <summary>
/// Damage in the middle of a dhcpd.leases (an unclosed '{', a record cut off by the next one, binary junk, NULs, a
/// lone '"', nesting without end): the reader skips exactly the damaged bytes, reports them with line, column and
/// size, and keeps every intact lease before and after; only damage that runs to the end of the file is a torn tail.
/// </summary>
public sealed class DamagedLeaseFileTests
{
    private static string Record(int host, int uid) =>
        $"lease 198.18.8.{host} {{ starts 3 2025/01/01 00:00:00; ends 4 2037/01/01 00:00:00; binding state active; uid \"\\001\\002\\{uid:D3}\"; }}\n";

    private static readonly string L20 = Record(20, 3), L21 = Record(21, 4), L22 = Record(22, 5);

    private static LeaseFileContent Read(string latin1) => new IscLeaseFileReader().Read(Encoding.Latin1.GetBytes(latin1));

    private static string[] Hosts(LeaseFileContent content) => content.Leases.Select(l => l.Address.ToString()).ToArray();

    private static void AssertOneRegion(LeaseFileContent content, int line, int column, int bytes, string reason)
    {
        Assert.That(content.TornTail, Is.False);
        Assert.That(content.DamagedRegions, Is.EqualTo(1));
        Assert.That(content.DamagedBytes, Is.EqualTo(bytes));
        Assert.That(content.Diagnostics, Is.EqualTo(new[]
        {
            new ConfigDiagnostic("", line, column, $"damaged data skipped ({bytes} bytes): {reason}"),
        }));
    }

    [Test]
    public void UnclosedBrace_TheIssueReproduction_KeepsAllThreeLeases()
    {
        var content = Read(L20 + "garbage {\n" + L21 + L22);

        Assert.That(Hosts(content), Is.EqualTo(new[] { "198.18.8.20", "198.18.8.21", "198.18.8.22" }));
        AssertOneRegion(content, 2, 1, "garbage {\n".Length, "'{' is never closed before the next record");
        Assert.That(content.ValidLength, Is.EqualTo(Encoding.Latin1.GetByteCount(L20 + "garbage {\n" + L21 + L22)));
        Assert.That((content.Diagnostics[0] with { File = "/var/lib/dhcp/dhcpd.leases" }).ToString(),
            Is.EqualTo("/var/lib/dhcp/dhcpd.leases:2:1: damaged data skipped (10 bytes): '{' is never closed before the next record"));
    }

    [Test]
    public void RecordCutMidWay_FollowedByRecords_OnlyTheCutOneIsLost()
    {
        const string cut = "lease 198.18.8.23 {\n  starts 3 2025/01/01 00:0";
        var content = Read(L20 + cut + "\n" + L21 + L22);

        Assert.That(Hosts(content), Is.EqualTo(new[] { "198.18.8.20", "198.18.8.21", "198.18.8.22" }));
        AssertOneRegion(content, 2, 1, cut.Length + 1, "'{' is never closed before the next record");
    }

    [Test]
    public void BinaryJunk_WithBracesAndAQuote_IsSkippedToTheNextRecord()
    {
        const string junk = "\x89PNG\r\n\x1a\n\x00\x00{\xff\xfe}\"\x7f{{\x01\n";
        var content = Read(L20 + junk + L21 + L22);

        Assert.That(Hosts(content), Is.EqualTo(new[] { "198.18.8.20", "198.18.8.21", "198.18.8.22" }));
        Assert.That(content.DamagedRegions, Is.EqualTo(1));
        Assert.That(content.DamagedBytes, Is.EqualTo(junk.Length));
        Assert.That(content.Diagnostics.Single().Line, Is.EqualTo(2));
        Assert.That(content.Diagnostics.Single().Column, Is.EqualTo(1));
        Assert.That(content.Diagnostics.Single().Message, Does.StartWith($"damaged data skipped ({junk.Length} bytes): "));
        Assert.That(content.TornTail, Is.False);
    }

    [Test]
    public void ZeroFilledBlock_BetweenRecords_IsSkipped()
    {
        string zeros = new string('\0', 4096) + "\n";
        var content = Read(L20 + zeros + L21 + L22);

        Assert.That(Hosts(content), Is.EqualTo(new[] { "198.18.8.20", "198.18.8.21", "198.18.8.22" }));
        AssertOneRegion(content, 2, 1, zeros.Length, "statement is never ended by ';' before the next record");
    }

    [Test]
    public void ZeroFilledEndOfARecord_LosesThatRecordOnly()
    {
        string damaged = "lease 198.18.8.23 { starts 3 2025/01/01 00" + new string('\0', 300) + "\n";
        var content = Read(L20 + damaged + L21 + L22);

        Assert.That(Hosts(content), Is.EqualTo(new[] { "198.18.8.20", "198.18.8.21", "198.18.8.22" }));
        AssertOneRegion(content, 2, 1, damaged.Length, "'{' is never closed before the next record");
    }

    [Test]
    public void LoneQuote_BetweenRecords_DoesNotSwallowTheRecordsAfterIt()
    {
        var content = Read(L20 + "  \"\n" + L21 + L22);

        Assert.That(Hosts(content), Is.EqualTo(new[] { "198.18.8.20", "198.18.8.21", "198.18.8.22" }));
        AssertOneRegion(content, 2, 3, 2, "a string is never closed by '\"' before the next record");
    }

    [Test]
    public void LoneQuote_InsideARecord_LosesThatRecordOnly()
    {
        const string damaged = "lease 198.18.8.23 {\n  client-hostname \"node1;\n}\n";
        var content = Read(L20 + damaged + L21 + L22);

        Assert.That(Hosts(content), Is.EqualTo(new[] { "198.18.8.20", "198.18.8.21", "198.18.8.22" }));
        AssertOneRegion(content, 2, 1, damaged.Length, "a string is never closed by '\"' before the next record");
    }

    [Test]
    public void HundredThousandOpenBraces_AreRefusedAtTheStatedDepth_WithoutCrashing()
    {
        string braces = new string('{', 100_000) + "\n";
        var content = Read(L20 + braces + L21 + L22);

        Assert.That(Hosts(content), Is.EqualTo(new[] { "198.18.8.20", "198.18.8.21", "198.18.8.22" }));
        AssertOneRegion(content, 2, 1, braces.Length, $"blocks nested deeper than {IscLeaseFileReader.MaxDepth} levels");
    }

    [Test]
    public void DeepNestingInsideALease_AtTheEnd_IsATornTail()
    {
        string text = L20 + "lease 198.18.8.21 " + new string('{', 100_000);
        var content = Read(text);

        Assert.That(Hosts(content), Is.EqualTo(new[] { "198.18.8.20" }));
        Assert.That(content.TornTail, Is.True);
        Assert.That(content.ValidLength, Is.EqualTo(L20.Length));
        Assert.That(content.DamagedRegions, Is.Zero);
        Assert.That(content.Diagnostics.Single(), Is.EqualTo(new ConfigDiagnostic("", 2, 1,
            $"torn record at line 2 dropped ({text.Length - L20.Length} bytes): blocks nested deeper than {IscLeaseFileReader.MaxDepth} levels")));
    }

    [Test]
    public void TwoDamagedRegions_AreReportedApart_InFileOrder()
    {
        var content = Read(L20 + "}\n" + L21 + "# a comment\n  junk junk;\n" + L22);

        Assert.That(Hosts(content), Is.EqualTo(new[] { "198.18.8.20", "198.18.8.21", "198.18.8.22" }));
        Assert.That(content.DamagedRegions, Is.EqualTo(2));
        Assert.That(content.Diagnostics.Select(d => (d.Line, d.Column, d.Message)), Is.EqualTo(new[]
        {
            (2, 1, "damaged data skipped (2 bytes): unexpected '}' at top level"),
            (5, 3, "damaged data skipped (11 bytes): unknown statement 'junk'"),
        }));
    }

    [Test]
    public void DamageFollowedByATornLastRecord_IsOneTornTail()
    {
        string text = L20 + "garbage {\n" + "lease 198.18.8.21 { starts 3 2025/01/01";
        var content = Read(text);

        Assert.That(Hosts(content), Is.EqualTo(new[] { "198.18.8.20" }));
        Assert.That(content.TornTail, Is.True);
        Assert.That(content.ValidLength, Is.EqualTo(L20.Length));
        Assert.That(content.Diagnostics.Single().Message, Does.StartWith($"torn record at line 2 dropped ({text.Length - L20.Length} bytes)"));
    }

    [Test]
    public void IndentedKeywordsInsideARecord_DoNotCutIt()
    {
        // Only a keyword at the start of a line resumes: ISC indents what a record holds.
        var content = Read("lease 198.18.8.20 {\n  starts 3 2025/01/01 00:00:00;\n  billing class \"x\";\n  binding state active;\n}\n" + L21);

        Assert.That(Hosts(content), Is.EqualTo(new[] { "198.18.8.20", "198.18.8.21" }));
        Assert.That(content.DamagedRegions, Is.Zero);
        Assert.That(content.Diagnostics.Single().Message, Does.Contain("'billing' in lease 198.18.8.20 skipped"));
        Assert.That(content.Diagnostics.Single().Column, Is.EqualTo(3));
    }

    [Test]
    public void DamageAcrossAParallelPartBoundary_ReadsAsOneReaderReadsIt()
    {
        var writer = new IscLeaseFileWriter();
        var text = new StringBuilder("authoring-byte-order little-endian;\n");
        for (uint i = 1; i <= 2000; i++)
            text.Append(writer.Format(LeaseFixtures.BootLease(i, new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero))));
        string whole = text.ToString();
        // Where the parallel reader would cut a 4-part read: the record start after each quarter.
        var boundaries = Enumerable.Range(1, 3).Select(k => whole.IndexOf("\nlease ", whole.Length * k / 4, StringComparison.Ordinal) + 1).ToArray();
        // Before the first boundary: the record ends cut off (a '{' never closed), so the part ends inside it.
        int recordBefore = whole.LastIndexOf("\nlease ", boundaries[0] - 2, StringComparison.Ordinal) + 1;
        string damaged = whole[..(boundaries[0] - 30)] + "\n" + whole[boundaries[0]..];
        // Before the second: a lone quote that would otherwise run on into the next part.
        int second = damaged.IndexOf("\nlease ", damaged.Length / 2, StringComparison.Ordinal) + 1;
        damaged = damaged[..second] + "\"\n" + damaged[second..];

        byte[] data = Encoding.Latin1.GetBytes(damaged);
        var sequential = new IscLeaseFileReader().Read(data);
        Assert.That(sequential.Leases, Has.Count.EqualTo(1999), "only the cut record is lost");
        Assert.That(sequential.DamagedRegions, Is.EqualTo(2));
        Assert.That(sequential.Diagnostics[0].Line, Is.EqualTo(damaged[..recordBefore].Count(c => c == '\n') + 1));
        Assert.That(sequential.TornTail, Is.False);
        foreach (int parts in new[] { 2, 3, 4, 7 })
        {
            var parallel = ParallelLeaseFileReader.Read(data, parts, minimumBytes: 0);
            Assert.That(parallel.Leases, Is.EqualTo(sequential.Leases), $"{parts} parts");
            Assert.That(parallel.Diagnostics, Is.EqualTo(sequential.Diagnostics), $"{parts} parts");
            Assert.That(parallel.DamagedRegions, Is.EqualTo(2), $"{parts} parts");
            Assert.That(parallel.DamagedBytes, Is.EqualTo(sequential.DamagedBytes), $"{parts} parts");
            Assert.That(parallel.ValidLength, Is.EqualTo(data.Length), $"{parts} parts");
        }
    }

    [Test]
    public void DamageInTheLastParallelPart_IsCountedWithoutFallingBack()
    {
        var writer = new IscLeaseFileWriter();
        var text = new StringBuilder();
        for (uint i = 1; i <= 1000; i++)
        {
            if (i == 900) text.Append("garbage {\n");
            text.Append(writer.Format(LeaseFixtures.BootLease(i, new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero))));
        }
        byte[] data = Encoding.Latin1.GetBytes(text.ToString());
        var sequential = new IscLeaseFileReader().Read(data);
        var parallel = ParallelLeaseFileReader.Read(data, 4, minimumBytes: 0);

        Assert.That(sequential.Leases, Has.Count.EqualTo(1000));
        Assert.That(parallel.Leases, Is.EqualTo(sequential.Leases));
        Assert.That(parallel.Diagnostics, Is.EqualTo(sequential.Diagnostics));
        Assert.That(parallel.DamagedRegions, Is.EqualTo(1));
        Assert.That(parallel.DamagedBytes, Is.EqualTo("garbage {\n".Length));
    }
}
