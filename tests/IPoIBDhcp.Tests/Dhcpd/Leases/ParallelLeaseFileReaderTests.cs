using System.Text;
using IPoIBDhcp.Server.Leases.IscFile;

namespace IPoIBDhcp.Tests.Dhcpd.Leases;

/// <summary>The parallel reader must answer exactly as one reader would, whatever the file holds.</summary>
public sealed class ParallelLeaseFileReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static byte[] File(int leases, string? middle = null)
    {
        var writer = new IscLeaseFileWriter();
        var text = new StringBuilder("# written by a test\nauthoring-byte-order little-endian;\nserver-duid \"\\000\\001\\000\\001\";\n\n");
        for (int i = 0; i < leases; i++)
        {
            if (i == leases / 2 && middle is not null) text.Append(middle);
            // Every address twice, the renewal later in the file: the parts must keep the order.
            text.Append(writer.Format(LeaseFixtures.BootLease((uint)(i % (leases / 2) + 1), Now.AddMinutes(i))));
        }
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    private static void AssertSame(LeaseFileContent parallel, LeaseFileContent sequential)
    {
        Assert.That(parallel.Leases, Is.EqualTo(sequential.Leases));
        Assert.That(parallel.Diagnostics, Is.EqualTo(sequential.Diagnostics));
        Assert.That(parallel.ServerDuid.ToArray(), Is.EqualTo(sequential.ServerDuid.ToArray()));
        Assert.That(parallel.AuthoringByteOrder, Is.EqualTo(sequential.AuthoringByteOrder));
        Assert.That(parallel.FailoverBlocksSkipped, Is.EqualTo(sequential.FailoverBlocksSkipped));
        Assert.That(parallel.ValidLength, Is.EqualTo(sequential.ValidLength));
        Assert.That(parallel.TornTail, Is.EqualTo(sequential.TornTail));
    }

    [TestCase(2)]
    [TestCase(4)]
    [TestCase(7)]
    public void InParts_TheSameLeasesInTheSameOrder_AndTheSameLineNumbers(int parts)
    {
        byte[] data = File(2000, "failover peer \"peer\" state {\n  my state normal at 3 2026/11/25 00:00:00;\n}\n");
        var sequential = new IscLeaseFileReader().Read(data);
        Assert.That(sequential.Leases, Has.Count.EqualTo(2000));
        Assert.That(sequential.Diagnostics, Has.Count.EqualTo(1), "the failover block's note, with its line number");
        AssertSame(ParallelLeaseFileReader.Read(data, parts, minimumBytes: 0), sequential);
    }

    [Test]
    public void ATornLastRecord_IsCutWhereOneReaderCutsIt()
    {
        byte[] whole = File(1000);
        byte[] torn = whole[..(whole.Length - 40)];
        var sequential = new IscLeaseFileReader().Read(torn);
        Assert.That(sequential.TornTail, Is.True);
        AssertSame(ParallelLeaseFileReader.Read(torn, 4, minimumBytes: 0), sequential);
    }

    [Test]
    public void GarbageInsideAPart_FallsBackToOneReader()
    {
        byte[] data = File(1000, "this is not a lease file statement\n");
        var sequential = new IscLeaseFileReader().Read(data);
        Assert.That(sequential.Diagnostics.Any(d => !d.IsNote), Is.True);
        AssertSame(ParallelLeaseFileReader.Read(data, 4, minimumBytes: 0), sequential);
    }

    [Test]
    public void ASmallFile_IsReadByOneReader()
    {
        byte[] data = File(10);
        AssertSame(ParallelLeaseFileReader.Read(data), new IscLeaseFileReader().Read(data));
    }
}
