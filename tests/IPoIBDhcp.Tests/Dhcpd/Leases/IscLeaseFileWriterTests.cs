using System.Buffers;
using System.Text;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd.Leases;

public class IscLeaseFileWriterTests
{
    [Test]
    public void EveryFixtureLease_IsWrittenByteForByteAsIscWroteIt()
    {
        string file = Encoding.Latin1.GetString(LeaseFixtures.IscFixtureBytes());
        var leases = new IscLeaseFileReader().ReadFile(LeaseFixtures.IscFixturePath).Leases;
        var writer = new IscLeaseFileWriter();

        int searchFrom = 0;
        foreach (var lease in leases)
        {
            int start = file.IndexOf("\nlease ", searchFrom, StringComparison.Ordinal) + 1;
            int end = file.IndexOf("\n}\n", start, StringComparison.Ordinal) + 3;
            Assert.That(writer.Format(lease), Is.EqualTo(file[start..end]));
            searchFrom = end - 1;
        }
    }

    [Test]
    public void Golden_MinimalLease_WeekdayAndOrder()
    {
        var lease = new Lease(IPv4Address.Parse("192.168.10.150"))
        {
            // 2026-07-20 is a Monday: ISC writes weekday 1 (0 = Sunday)
            Starts = new DateTimeOffset(2026, 7, 20, 5, 51, 34, TimeSpan.Zero),
            Ends = new DateTimeOffset(2026, 7, 21, 5, 51, 34, TimeSpan.Zero),
            Cltt = new DateTimeOffset(2026, 7, 20, 5, 51, 34, TimeSpan.Zero),
            BindingState = LeaseBindingState.Active,
            NextBindingState = LeaseBindingState.Free,
            RewindBindingState = LeaseBindingState.Free,
            HardwareType = 1,
            HardwareAddress = new byte[] { 0x00, 0x0c, 0x29, 0xa1, 0xc1, 0x54 },
            ClientId = new byte[] { 0x01, 0x00, 0x0c, 0x29, 0xa1, 0xc1, 0x54 },
            ClientHostname = "Client-L",
        };

        Assert.That(new IscLeaseFileWriter().Format(lease), Is.EqualTo(
            "lease 192.168.10.150 {\n" +
            "  starts 1 2026/07/20 05:51:34;\n" +
            "  ends 2 2026/07/21 05:51:34;\n" +
            "  cltt 1 2026/07/20 05:51:34;\n" +
            "  binding state active;\n" +
            "  next binding state free;\n" +
            "  rewind binding state free;\n" +
            "  hardware ethernet 00:0c:29:a1:c1:54;\n" +
            "  uid \"\\001\\000\\014)\\241\\301T\";\n" +   // quotify_buf: octal for non-printables
            "  client-hostname \"Client-L\";\n" +
            "}\n"));
    }

    [Test]
    public void LocalEpochFormat_HexUid_NeverAndAllTimestamps()
    {
        var start = new DateTimeOffset(2026, 11, 25, 11, 51, 59, TimeSpan.Zero);
        var lease = new Lease(IPv4Address.Parse("10.0.0.1"))
        {
            Starts = start, Ends = DateTimeOffset.MaxValue, Tstp = start, Tsfp = start, Atsfp = start, Cltt = start,
            BindingState = LeaseBindingState.Backup,
            ClientId = new byte[] { 0xff, 0x00, 0x02 },
        };
        var writer = new IscLeaseFileWriter(IscLeaseTimeFormat.LocalEpoch, IscLeaseIdFormat.Hex, TimeZoneInfo.Utc);

        Assert.That(writer.Format(lease), Is.EqualTo(
            "lease 10.0.0.1 {\n" +
            "  starts epoch 1795607519; # Wed Nov 25 11:51:59 2026\n" +
            "  ends never;\n" +
            "  tstp epoch 1795607519; # Wed Nov 25 11:51:59 2026\n" +
            "  tsfp epoch 1795607519; # Wed Nov 25 11:51:59 2026\n" +
            "  atsfp epoch 1795607519; # Wed Nov 25 11:51:59 2026\n" +
            "  cltt epoch 1795607519; # Wed Nov 25 11:51:59 2026\n" +
            "  binding state backup;\n" +
            "  uid ff:00:02;\n" +
            "}\n"));
    }

    [Test]
    public void UnprintableHostname_IsOmittedAsIscDoes()
    {
        var lease = new Lease(IPv4Address.Parse("10.0.0.1")) { ClientHostname = "bad\"name" };

        Assert.That(new IscLeaseFileWriter().Format(lease), Does.Not.Contain("client-hostname"));
    }

    [Test]
    public void Header_MatchesIsc44Layout()
    {
        var buffer = new ArrayBufferWriter<byte>();
        new IscLeaseFileWriter().WriteHeader(buffer, new byte[] { 0, 1, 0, 1, 0x2e, 0x22 });

        Assert.That(Encoding.Latin1.GetString(buffer.WrittenSpan), Is.EqualTo(
            "# The format of this file is documented in the dhcpd.leases(5) manual page.\n" +
            "# This lease file was written by IPoIBDhcp\n\n" +
            "# authoring-byte-order entry is generated, DO NOT DELETE\n" +
            "authoring-byte-order little-endian;\n\n" +
            "server-duid \"\\000\\001\\000\\001.\\\"\";\n\n"));
    }

    [TestCase(IscLeaseTimeFormat.Utc, IscLeaseIdFormat.Octal)]
    [TestCase(IscLeaseTimeFormat.LocalEpoch, IscLeaseIdFormat.Hex)]
    public void RoundTrip_WriteThenRead_YieldsEqualLeases(IscLeaseTimeFormat timeFormat, IscLeaseIdFormat idFormat)
    {
        var writer = new IscLeaseFileWriter(timeFormat, idFormat);
        var leases = Enumerable.Range(1, 300).Select(i => LeaseFixtures.FullLease((uint)i, seed: i)).ToList();
        using var stream = new MemoryStream();
        var header = new ArrayBufferWriter<byte>();
        writer.WriteHeader(header, new byte[] { 0, 1, 2, 0xff });
        stream.Write(header.WrittenSpan);
        foreach (var lease in leases) writer.WriteLease(stream, lease);

        var content = new IscLeaseFileReader().Read(stream.ToArray());

        Assert.That(content.Diagnostics, Is.Empty);
        Assert.That(content.Leases, Is.EqualTo(leases));
        Assert.That(content.ServerDuid.ToArray(), Is.EqualTo(new byte[] { 0, 1, 2, 0xff }));
    }
}
