using System.Text;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Tests.Dhcpd.Leases;

public class IscLeaseFileReaderTests
{
    private static LeaseFileContent Read(string text) => new IscLeaseFileReader().Read(Encoding.Latin1.GetBytes(text));

    [Test]
    public void Fixture_ReadsEveryRecordInFileOrder()
    {
        var content = new IscLeaseFileReader().ReadFile(LeaseFixtures.IscFixturePath);

        Assert.That(content.Leases.Select(l => l.Address.ToString()),
            Is.EqualTo(new[] { "10.20.0.10", "10.20.0.11", "10.20.0.12", "10.20.0.13", "10.20.0.10" }));
        Assert.That(content.TornTail, Is.False);
        Assert.That(content.ValidLength, Is.EqualTo(new FileInfo(LeaseFixtures.IscFixturePath).Length));
        Assert.That(content.AuthoringByteOrder, Is.EqualTo("little-endian"));
        // server-duid "\000\001\000\001.\232o>\010\000'\2240\202": DUID-LLT, hw type 1, time, MAC 08:00:27:94:30:82
        Assert.That(Convert.ToHexString(content.ServerDuid.Span), Is.EqualTo("000100012E9A6F3E080027943082"));
        Assert.That(content.FailoverBlocksSkipped, Is.EqualTo(1));
        Assert.That(content.Diagnostics, Has.Count.EqualTo(1));
        Assert.That(content.Diagnostics[0].Line, Is.EqualTo(10)); // failover peer "ib-fabric" state {
        Assert.That(content.Diagnostics[0].Message, Does.Contain("failover"));
    }

    [Test]
    public void Fixture_InfiniBandLease_AllFields()
    {
        var lease = new IscLeaseFileReader().ReadFile(LeaseFixtures.IscFixturePath).Leases[0];

        Assert.That(lease.Starts, Is.EqualTo(new DateTimeOffset(2026, 11, 24, 23, 51, 59, TimeSpan.Zero)));
        Assert.That(lease.Ends, Is.EqualTo(new DateTimeOffset(2026, 11, 25, 11, 51, 59, TimeSpan.Zero)));
        Assert.That(lease.Cltt, Is.EqualTo(new DateTimeOffset(2026, 11, 24, 23, 51, 59, TimeSpan.Zero)));
        Assert.That(lease.Tstp, Is.Null);
        Assert.That(lease.BindingState, Is.EqualTo(LeaseBindingState.Active));
        Assert.That(lease.NextBindingState, Is.EqualTo(LeaseBindingState.Free));
        Assert.That(lease.RewindBindingState, Is.EqualTo(LeaseBindingState.Free));
        Assert.That(lease.HardwareType, Is.EqualTo(0)); // IPoIB: hlen 0, no hardware statement
        // uid "\377\000...\241\262\300": RFC 4390 type 255, IAID 0, DUID type 2 (enterprise 0x2c9 Mellanox), GUID tail a1:b2:c0
        Assert.That(lease.ClientId.ToArray(), Is.EqualTo(LeaseFixtures.IbClientId1));
        Assert.That(lease.Variables, Is.EqualTo(new[] { new LeaseVariable("vendor-class-identifier", "PXEClient:Arch:00007:UNDI:003016") }));
        Assert.That(lease.ClientHostname, Is.EqualTo("ib-node-010"));
    }

    [Test]
    public void Fixture_EthernetAbandonedAndFreeLeases()
    {
        var leases = new IscLeaseFileReader().ReadFile(LeaseFixtures.IscFixturePath).Leases;

        // uid "\001\000\021\"3DU": type 1 + MAC 00:11:22:33:44:55, with an escaped quote (0x22)
        Assert.That(Convert.ToHexString(leases[1].ClientId.Span), Is.EqualTo("01001122334455"));
        Assert.That(leases[1].HardwareType, Is.EqualTo(1));
        Assert.That(Convert.ToHexString(leases[1].HardwareAddress.Span), Is.EqualTo("001122334455"));

        Assert.That(leases[2].BindingState, Is.EqualTo(LeaseBindingState.Abandoned));
        Assert.That(leases[2].Tstp, Is.EqualTo(new DateTimeOffset(2026, 11, 25, 0, 52, 10, TimeSpan.Zero)));
        Assert.That(leases[2].HasClientId, Is.False);
        Assert.That(leases[2].RewindBindingState, Is.Null);

        Assert.That(leases[3].BindingState, Is.EqualTo(LeaseBindingState.Free));
        Assert.That(leases[3].NextBindingState, Is.Null);
        Assert.That(leases[3].HardwareType, Is.EqualTo(32)); // "infiniband"
        Assert.That(leases[3].HardwareAddress.Length, Is.EqualTo(20));
        Assert.That(leases[4].Ends, Is.EqualTo(new DateTimeOffset(2026, 11, 25, 17, 57, 1, TimeSpan.Zero)));
    }

    [Test]
    public void Uid_ColonHexForm_IsAccepted()
    {
        var lease = Read("lease 10.0.0.1 {\n  binding state active;\n  uid ff:0:00:02:c9;\n}\n").Leases.Single();

        Assert.That(Convert.ToHexString(lease.ClientId.Span), Is.EqualTo("FF000002C9"));
    }

    [Test]
    public void Dates_EpochNeverAndTwoFormats()
    {
        var lease = Read("lease 10.0.0.1 {\n  starts epoch 1795607519; # Wed Nov 25 12:51:59 2026\n  ends never;\n  cltt 3 2026/11/25 11:51:59;\n}\n").Leases.Single();

        Assert.That(lease.Starts, Is.EqualTo(new DateTimeOffset(2026, 11, 25, 11, 51, 59, TimeSpan.Zero)));
        Assert.That(lease.Ends, Is.EqualTo(DateTimeOffset.MaxValue));
        Assert.That(lease.Cltt, Is.EqualTo(lease.Starts));
        Assert.That(lease.BindingState, Is.EqualTo(LeaseBindingState.Free)); // ISC default without a state
    }

    [Test]
    public void Variables_NumericBooleanAndEscapes()
    {
        var lease = Read("lease 10.0.0.1 {\n  set n = %-7;\n  set b = false;\n  set s = \"a\\\"b\\\\c\\001\\x41\";\n  set h = 41:42;\n}\n").Leases.Single();

        Assert.That(lease.Variables, Is.EqualTo(new LeaseVariable[]
        {
            new("n", "-7", LeaseVariableKind.Numeric),
            new("b", "false", LeaseVariableKind.Boolean),
            new("s", "a\"b\\c\u0001A"),
            new("h", "AB"),
        }));
    }

    [Test]
    public void UnknownAndBlockStatements_AreSkippedWithLineNumbers_RestOfLeaseKept()
    {
        var content = Read(
            "lease 10.0.0.1 {\n" +                 // 1
            "  starts 2 2026/11/24 23:51:59;\n" +  // 2
            "  billing class \"pxe\";\n" +          // 3
            "  on expiry {\n" +                     // 4
            "    set ddns-fwd-name = \"x\";\n" +    // 5
            "  }\n" +                               // 6
            "  ends 2 2026/11/24 23:59:99;\n" +     // 7 bad seconds
            "  binding state active;\n" +           // 8
            "}\n");

        var lease = content.Leases.Single();
        Assert.That(lease.BindingState, Is.EqualTo(LeaseBindingState.Active));
        Assert.That(lease.Starts, Is.Not.Null);
        Assert.That(lease.Ends, Is.Null);
        Assert.That(content.Diagnostics.Select(d => d.Line), Is.EqualTo(new[] { 3, 4, 7 }));
        Assert.That(content.TornTail, Is.False);
    }

    [Test]
    public void InvalidAddress_SkipsRecordButNotTheNext()
    {
        var content = Read("lease 10.0.0.256 {\n  binding state active;\n}\nlease 10.0.0.2 {\n  binding state free;\n}\n");

        Assert.That(content.Leases.Single().Address, Is.EqualTo(IPv4Address.Parse("10.0.0.2")));
        Assert.That(content.Diagnostics.Single().Line, Is.EqualTo(1));
        Assert.That(content.TornTail, Is.False);
    }

    [Test]
    public void TornTail_AtEveryByteOfTheLastRecord_KeepsEarlierLeasesAndReports()
    {
        byte[] file = LeaseFixtures.IscFixtureBytes();
        int lastStart = Encoding.Latin1.GetString(file).LastIndexOf("\nlease ", StringComparison.Ordinal) + 1;
        int lastLine = file.AsSpan(0, lastStart).Count((byte)'\n') + 1;
        var reader = new IscLeaseFileReader();

        for (int cut = lastStart + 1; cut < file.Length - 1; cut++)
        {
            var content = reader.Read(file.AsSpan(0, cut));
            Assert.That(content.Leases, Has.Count.EqualTo(4), $"cut at {cut}");
            Assert.That(content.TornTail, Is.True, $"cut at {cut}");
            Assert.That(content.ValidLength, Is.EqualTo(lastStart), $"cut at {cut}");
            Assert.That(content.Diagnostics[^1], Is.EqualTo(new ConfigDiagnostic("", lastLine, 1, $"torn record at line {lastLine} dropped ({cut - lastStart} bytes)")));
        }
        // Cut after the closing brace (newline missing) or before the record: complete, nothing torn.
        Assert.That(reader.Read(file.AsSpan(0, file.Length - 1)).TornTail, Is.False);
        Assert.That(reader.Read(file.AsSpan(0, file.Length - 1)).Leases, Has.Count.EqualTo(5));
        Assert.That(reader.Read(file.AsSpan(0, lastStart)).TornTail, Is.False);
    }

    [Test]
    public void EveryPrefixOfTheFixture_NeverThrows_AndValidPrefixRereadsClean()
    {
        byte[] file = LeaseFixtures.IscFixtureBytes();
        var reader = new IscLeaseFileReader();
        for (int cut = 0; cut <= file.Length; cut++)
        {
            var content = reader.Read(file.AsSpan(0, cut));
            Assert.That(content.ValidLength, Is.LessThanOrEqualTo(cut));
            var again = reader.Read(file.AsSpan(0, (int)content.ValidLength));
            Assert.That(again.TornTail, Is.False, $"cut at {cut}");
            Assert.That(again.Leases, Has.Count.EqualTo(content.Leases.Count), $"cut at {cut}");
        }
    }

    [TestCase("\0\0\0\0\0\0")]
    [TestCase("lease 10.0.0.9 {\n  starts 2 2026/11/2")]
    [TestCase("garbage; more garbage;")]
    [TestCase("lea")]
    [TestCase("lease 10.0.0.9 { binding state \"active")]
    public void GarbageAfterLastRecord_IsDroppedAsTorn(string tail)
    {
        byte[] file = LeaseFixtures.IscFixtureBytes();
        byte[] damaged = [.. file, .. Encoding.Latin1.GetBytes(tail)];

        var content = new IscLeaseFileReader().Read(damaged);

        Assert.That(content.Leases, Has.Count.EqualTo(5));
        Assert.That(content.TornTail, Is.True);
        Assert.That(content.ValidLength, Is.EqualTo(file.Length));
        Assert.That(content.Diagnostics[^1].Message, Does.StartWith("torn record at line 67 dropped"));
    }

    [Test]
    public void SeededRandomBytes_NeverThrow()
    {
        var random = new Random(4390);
        var reader = new IscLeaseFileReader();
        byte[] alphabet = Encoding.ASCII.GetBytes("lease 10.0.0.1{};=\"\\#\n starts binding state active uid 0123456789:/");
        for (int run = 0; run < 2000; run++)
        {
            var bytes = new byte[random.Next(0, 300)];
            for (int i = 0; i < bytes.Length; i++)
                bytes[i] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            var content = reader.Read(bytes);
            Assert.That(content.ValidLength, Is.InRange(0, bytes.Length));
        }
    }

    [Test]
    public void Diagnostics_AreCapped()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 50; i++) text.Append("lease 10.0.0.1 {\n  reserved;\n}\n");

        var content = new IscLeaseFileReader(maxDiagnostics: 10).Read(Encoding.ASCII.GetBytes(text.ToString()));

        Assert.That(content.Leases, Has.Count.EqualTo(50));
        Assert.That(content.Diagnostics, Has.Count.EqualTo(11));
        Assert.That(content.Diagnostics[^1].Message, Is.EqualTo("40 further diagnostics suppressed"));
    }
}
