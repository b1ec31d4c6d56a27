using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Wire.Dhcp;

public class DhcpMessageWriterTests
{
    [Test]
    public void WritesTheRfc4390DiscoverFixtureByteForByte()
    {
        var expected = HexFixture.Load("rfc4390-discover-flexboot.hex");
        var buffer = new byte[1500];
        buffer.AsSpan().Fill(0xAA); // stale bytes from a previous packet must not leak
        var w = new DhcpMessageWriter(buffer)
        {
            Op = BootpOpCode.BootRequest,
            HardwareType = HardwareType.InfiniBand,
            TransactionId = 0x5e1f223a,
            Flags = BootpFieldLocations.BroadcastFlag,
        };
        w.SetClientHardwareAddress([]);
        w.WriteMessageType(DhcpMessageType.Discover);
        w.WriteOption(DhcpOptionCode.ClientIdentifier, HexFixture.Parse("ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39"));
        w.WriteOption(DhcpOptionCode.ParameterRequestList, [1, 3, 6, 12, 26]);
        w.WriteOption(DhcpOptionCode.MaxMessageSize, (ushort)2044);
        int n = w.Finish();
        Assert.That(buffer.AsSpan(0, n).ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void LongOptionIsSplitIntoInstancesAndReassembled()
    {
        var value = Enumerable.Range(0, 600).Select(i => (byte)i).ToArray();
        var buffer = new byte[1500];
        var w = new DhcpMessageWriter(buffer, 1500) { Op = BootpOpCode.BootReply };
        w.WriteOption(43, value);
        int n = w.Finish();
        // 255 + 255 + 90 in three instances (RFC 3396 section 5).
        Assert.That(buffer[240], Is.EqualTo(43));
        Assert.That(buffer[241], Is.EqualTo(255));
        Assert.That(buffer[240 + 257], Is.EqualTo(43));
        Assert.That(buffer[240 + 514 + 1], Is.EqualTo(90));
        Assert.That(n, Is.EqualTo(240 + 600 + 6 + 1));
        var m = new DhcpMessage();
        m.Read(buffer.AsSpan(0, n));
        Assert.That(m.GetOption(43).ToArray(), Is.EqualTo(value));
    }

    [Test]
    public void OverflowMovesIntoFileThenSnameWithOption52()
    {
        var buffer = new byte[1500];
        var w = new DhcpMessageWriter(buffer, 300) { Op = BootpOpCode.BootReply };
        var values = new List<byte[]>();
        // 300-byte limit: options field takes two 27-byte instances, file four, sname two.
        for (byte code = 100; code < 108; code++)
        {
            var v = Enumerable.Repeat(code, 25).ToArray();
            values.Add(v);
            w.WriteOption(code, v);
        }
        int n = w.Finish();
        Assert.That(n, Is.EqualTo(300));
        var m = new DhcpMessage();
        m.Read(buffer.AsSpan(0, n));
        Assert.That(m.Overload, Is.EqualTo(3));
        for (int i = 0; i < values.Count; i++)
            Assert.That(m.GetOption((byte)(100 + i)).ToArray(), Is.EqualTo(values[i]), $"option {100 + i}");
    }

    [Test]
    public void BootFileNameBlocksOverloadOfFile()
    {
        var buffer = new byte[1500];
        var w = new DhcpMessageWriter(buffer, 300) { Op = BootpOpCode.BootReply };
        w.SetBootFileName("pxelinux.0"u8);
        Assert.That(w.TryWriteOption(200, new byte[50]), Is.True);
        Assert.That(w.TryWriteOption(201, new byte[50]), Is.True); // goes to sname
        Assert.That(w.TryWriteOption(202, new byte[50]), Is.False); // nowhere left
        int n = w.Finish();
        var m = new DhcpMessage();
        m.Read(buffer.AsSpan(0, n));
        Assert.That(m.Overload, Is.EqualTo(2));
        Assert.That(System.Text.Encoding.ASCII.GetString(m.BootFileName), Is.EqualTo("pxelinux.0"));
        Assert.That(m.GetOption(201).Length, Is.EqualTo(50));
        Assert.That(m.HasOption(202), Is.False);
    }

    [Test]
    public void OptionThatDoesNotFitLeavesTheMessageUnchanged()
    {
        var buffer = new byte[1500];
        var w = new DhcpMessageWriter(buffer, 300) { Op = BootpOpCode.BootReply };
        w.SetBootFileName("f"u8);
        w.SetServerName("s"u8);
        Assert.That(w.TryWriteOption(1, new byte[100]), Is.False);
        w.WriteOption(DhcpOptionCode.SubnetMask, new IPv4Address(0xFFFFFF00));
        int n = w.Finish();
        var m = new DhcpMessage();
        m.Read(buffer.AsSpan(0, n));
        Assert.That(m.OptionCount, Is.EqualTo(1));
        Assert.That(m.GetOption(1).ToArray(), Is.EqualTo(new byte[] { 255, 255, 255, 0 }));
    }

    [Test]
    public void HeaderFieldsRoundTrip()
    {
        var m = DhcpMessageReadTests.Build((ref DhcpMessageWriter w) =>
        {
            w.Op = BootpOpCode.BootReply;
            w.Hops = 2;
            w.Seconds = 7;
            w.ClientAddress = IPv4Address.Parse("198.18.0.9");
            w.YourAddress = IPv4Address.Parse("198.18.0.10");
            w.NextServerAddress = IPv4Address.Parse("198.18.0.1");
            w.GatewayAddress = IPv4Address.Parse("198.19.0.1");
            w.SetClientHardwareAddress([2, 0, 0, 0, 0, 1]);
            w.SetServerName("head"u8);
            w.WriteMessageType(DhcpMessageType.Ack);
            w.WriteOption(DhcpOptionCode.LeaseTime, 3600u);
        });
        Assert.That(m.Op, Is.EqualTo(BootpOpCode.BootReply));
        Assert.That(m.Hops, Is.EqualTo(2));
        Assert.That(m.Seconds, Is.EqualTo(7));
        Assert.That(m.ClientAddress.ToString(), Is.EqualTo("198.18.0.9"));
        Assert.That(m.YourAddress.ToString(), Is.EqualTo("198.18.0.10"));
        Assert.That(m.NextServerAddress.ToString(), Is.EqualTo("198.18.0.1"));
        Assert.That(m.GatewayAddress.ToString(), Is.EqualTo("198.19.0.1"));
        Assert.That(m.ClientHardwareAddress.ToArray(), Is.EqualTo(new byte[] { 2, 0, 0, 0, 0, 1 }));
        Assert.That(System.Text.Encoding.ASCII.GetString(m.ServerName), Is.EqualTo("head"));
        Assert.That(m.TryGetLeaseTime(out var lease) && lease == 3600, Is.True);
    }

    [Test]
    public void WritingAllocatesNothing()
    {
        var buffer = new byte[1500];
        byte[] clientId = HexFixture.Parse("ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39");
        int Write()
        {
            var w = new DhcpMessageWriter(buffer) { Op = BootpOpCode.BootReply, HardwareType = 32 };
            w.WriteMessageType(DhcpMessageType.Offer);
            w.WriteOption(DhcpOptionCode.ServerIdentifier, new IPv4Address(0xC6120001));
            w.WriteOption(DhcpOptionCode.LeaseTime, 3600u);
            w.WriteOption(DhcpOptionCode.ClientIdentifier, clientId);
            return w.Finish();
        }
        Write();
        long before = GC.GetAllocatedBytesForCurrentThread();
        int total = 0;
        for (int i = 0; i < 1000; i++) total += Write();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(total, Is.EqualTo(300 * 1000));
    }

    [Test]
    public void TheLastOptionMayPassTheLimitAndFollowsEverything()
    {
        // Option 82 goes back to the relay, which removes it: the rest of the message keeps to the client's limit.
        var buffer = new byte[1500];
        var w = new DhcpMessageWriter(buffer, 548) { Op = BootpOpCode.BootReply };
        w.WriteMessageType(DhcpMessageType.Offer);
        Assert.That(w.TryWriteOption(200, new byte[250]), Is.True);
        var rai = Enumerable.Range(0, 255).Select(i => (byte)i).ToArray();
        Assert.That(w.TryWriteLastOption(DhcpOptionCode.RelayAgentInformation, rai, 1500), Is.True);
        int n = w.Finish();
        Assert.That(n, Is.EqualTo(240 + 3 + 252 + 257 + 1));
        Assert.That(buffer[240 + 3 + 252], Is.EqualTo(DhcpOptionCode.RelayAgentInformation), "right after the other options");
        Assert.That(buffer[n - 1], Is.EqualTo(DhcpOptionCode.End));
        var m = new DhcpMessage();
        m.Read(buffer.AsSpan(0, n));
        Assert.That(m.GetOption(DhcpOptionCode.RelayAgentInformation).ToArray(), Is.EqualTo(rai));
        Assert.That(m.Overload, Is.Zero);
    }

    [Test]
    public void AfterAnOverflowTheLastOptionStaysInTheOptionsField()
    {
        var buffer = new byte[1500];
        var w = new DhcpMessageWriter(buffer, 300) { Op = BootpOpCode.BootReply };
        w.SetBootFileName("pxelinux.0"u8);
        Assert.That(w.TryWriteOption(200, new byte[50]), Is.True);
        Assert.That(w.TryWriteOption(201, new byte[50]), Is.True); // into sname
        var rai = Enumerable.Repeat((byte)0x82, 100).ToArray();
        Assert.That(w.TryWriteLastOption(DhcpOptionCode.RelayAgentInformation, rai, 1500), Is.True);
        int n = w.Finish();
        // Options field: 200 (52 bytes), 52 (3 bytes), 82 (102 bytes), End; sname: 201, End.
        Assert.That(buffer[240 + 52], Is.EqualTo(DhcpOptionCode.OptionOverload));
        Assert.That(buffer[240 + 55], Is.EqualTo(DhcpOptionCode.RelayAgentInformation));
        Assert.That(buffer[240 + 55 + 102], Is.EqualTo(DhcpOptionCode.End));
        Assert.That(n, Is.EqualTo(240 + 55 + 102 + 1));
        Assert.That(buffer[BootpFieldLocations.SName], Is.EqualTo(201));
        var m = new DhcpMessage();
        m.Read(buffer.AsSpan(0, n));
        Assert.That(m.Overload, Is.EqualTo(2));
        Assert.That(m.GetOption(201).Length, Is.EqualTo(50));
        Assert.That(m.GetOption(DhcpOptionCode.RelayAgentInformation).ToArray(), Is.EqualTo(rai));
        Assert.That(System.Text.Encoding.ASCII.GetString(m.BootFileName), Is.EqualTo("pxelinux.0"));
    }

    [Test]
    public void ALastOptionLongerThan255BytesIsSplitIntoInstances()
    {
        var buffer = new byte[1500];
        var w = new DhcpMessageWriter(buffer) { Op = BootpOpCode.BootReply };
        var value = Enumerable.Range(0, 600).Select(i => (byte)(i * 7)).ToArray();
        Assert.That(w.TryWriteLastOption(DhcpOptionCode.RelayAgentInformation, value, 1500), Is.True);
        int n = w.Finish();
        Assert.That((buffer[240], buffer[241], buffer[240 + 257], buffer[240 + 514], buffer[240 + 515]), Is.EqualTo((82, 255, 82, 82, 90)));
        Assert.That(n, Is.EqualTo(240 + DhcpMessageWriter.EncodedLength(600) + 1));
        var m = new DhcpMessage();
        m.Read(buffer.AsSpan(0, n));
        Assert.That(m.GetOption(DhcpOptionCode.RelayAgentInformation).ToArray(), Is.EqualTo(value));
    }

    [Test]
    public void ALastOptionThatDoesNotFitWritesNothingAndNoOptionFollowsOne()
    {
        var buffer = new byte[1500];
        var w = new DhcpMessageWriter(buffer, 548) { Op = BootpOpCode.BootReply };
        w.WriteMessageType(DhcpMessageType.Offer);
        Assert.That(w.TryWriteLastOption(DhcpOptionCode.RelayAgentInformation, new byte[302], 548), Is.False);
        Assert.That(w.TryWriteLastOption(DhcpOptionCode.RelayAgentInformation, new byte[10], 548), Is.True);
        var caught = Assert.Throws<InvalidOperationException>(() => WriteAfterLast(buffer));
        Assert.That(caught!.Message, Does.Contain("no option may follow"));
        Assert.That(w.Finish(), Is.EqualTo(300));
        Assert.That(buffer[240 + 3 + 12], Is.EqualTo(DhcpOptionCode.End));

        static void WriteAfterLast(byte[] buffer)
        {
            var w = new DhcpMessageWriter(buffer) { Op = BootpOpCode.BootReply };
            w.TryWriteLastOption(DhcpOptionCode.RelayAgentInformation, [1, 0], 548);
            w.TryWriteOption(DhcpOptionCode.Routers, [198, 18, 0, 1]);
        }
    }

    [TestCase(0, 2)]
    [TestCase(1, 3)]
    [TestCase(255, 257)]
    [TestCase(256, 260)]
    [TestCase(510, 514)]
    [TestCase(511, 517)]
    public void EncodedLengthCountsACodeAndLengthPerInstance(int valueLength, int expected) =>
        Assert.That(DhcpMessageWriter.EncodedLength(valueLength), Is.EqualTo(expected));
}
