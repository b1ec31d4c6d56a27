using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Wire.Dhcp;

public class DhcpMessageReadTests
{
    private static readonly byte[] SeedClientId = HexFixture.Parse("ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39");

    [Test]
    public void Rfc4390DiscoverFixtureDecodes()
    {
        var bytes = HexFixture.Load("rfc4390-discover-flexboot.hex");
        Assert.That(bytes, Has.Length.EqualTo(300));
        var m = new DhcpMessage();
        Assert.That(m.TryRead(bytes, out var error), Is.True, error.ToString());
        Assert.That(m.Op, Is.EqualTo(BootpOpCode.BootRequest));
        Assert.That(m.HardwareType, Is.EqualTo(HardwareType.InfiniBand));
        Assert.That(m.HardwareAddressLength, Is.Zero);
        Assert.That(m.ClientHardwareAddress.Length, Is.Zero);
        Assert.That(m.TransactionId, Is.EqualTo(0x5e1f223au));
        Assert.That(m.IsBroadcast, Is.True);
        Assert.That(m.MessageType, Is.EqualTo(DhcpMessageType.Discover));
        Assert.That(m.ClientIdentifier.ToArray(), Is.EqualTo(SeedClientId));
        Assert.That(m.ParameterRequestList.ToArray(), Is.EqualTo(new byte[] { 1, 3, 6, 12, 26 }));
        Assert.That(m.TryGetMaxMessageSize(out var max) && max == 2044, Is.True);
        Assert.That(m.OptionCount, Is.EqualTo(4));
        Assert.That(m.OptionCodeAt(0), Is.EqualTo(53));
        Assert.That(m.OptionCodeAt(3), Is.EqualTo(57));
    }

    [Test]
    public void RepeatedOptionsAreConcatenatedInOrder()
    {
        // RFC 3396 section 7 example: two instances of option 61 separated by another option.
        var m = Build((ref DhcpMessageWriter w) =>
        {
            w.WriteOption(61, [0xff, 1, 2]);
            w.WriteOption(53, (byte)1);
            w.WriteOption(61, [3, 4]);
        });
        Assert.That(m.GetOption(61).ToArray(), Is.EqualTo(new byte[] { 0xff, 1, 2, 3, 4 }));
        Assert.That(m.OptionCount, Is.EqualTo(2));
    }

    [Test]
    public void OverloadedFileAndSnameAreReadAfterOptionsField()
    {
        var bytes = new byte[300];
        var header = HexFixture.Load("rfc4390-discover-flexboot.hex");
        header.AsSpan(0, 240).CopyTo(bytes);
        int i = 240;
        foreach (byte b in new byte[] { 52, 1, 3, 53, 1, 3, 12, 2, (byte)'a', (byte)'b', 255 }) bytes[i++] = b;
        int file = BootpFieldLocations.File, sname = BootpFieldLocations.SName;
        foreach (byte b in new byte[] { 12, 1, (byte)'c', 15, 3, (byte)'x', (byte)'.', (byte)'y', 255 }) bytes[file++] = b;
        foreach (byte b in new byte[] { 12, 1, (byte)'d', 255 }) bytes[sname++] = b;
        var m = new DhcpMessage();
        Assert.That(m.TryRead(bytes, out var error), Is.True, error.ToString());
        Assert.That(m.Overload, Is.EqualTo(3));
        Assert.That(m.MessageType, Is.EqualTo(DhcpMessageType.Request));
        Assert.That(System.Text.Encoding.ASCII.GetString(m.GetOption(12)), Is.EqualTo("abcd"));
        Assert.That(System.Text.Encoding.ASCII.GetString(m.GetOption(15)), Is.EqualTo("x.y"));
        Assert.That(m.BootFileName.IsEmpty && m.ServerName.IsEmpty, Is.True);
    }

    [TestCase(52, new byte[] { 4 }, "option 52 (overload) must be one byte of value 1, 2 or 3")]
    [TestCase(53, new byte[] { 1, 1 }, "option 53 (message type) must be 1 byte")]
    [TestCase(50, new byte[] { 1, 2, 3 }, "option 50 (requested address) must be 4 bytes")]
    [TestCase(61, new byte[] { 1 }, "option 61 (client identifier) is shorter than 2 bytes")]
    public void MalformedFixedOptionsAreReportedWithOffset(int code, byte[] value, string reason)
    {
        var bytes = HexFixture.Load("rfc4390-discover-flexboot.hex");
        // Replace the options with [code len value] 255 at offset 240.
        var packet = bytes.AsSpan(0, 240).ToArray().Concat(new[] { (byte)code, (byte)value.Length }).Concat(value).Append((byte)255).ToArray();
        var m = new DhcpMessage();
        Assert.That(m.TryRead(packet, out var error), Is.False);
        Assert.That(error.Reason, Is.EqualTo(reason));
        Assert.That(error.Offset, Is.EqualTo(240));
    }

    [Test]
    public void OptionRunningPastTheEndIsMalformed()
    {
        var bytes = HexFixture.Load("rfc4390-discover-flexboot.hex").AsSpan(0, 250).ToArray();
        var m = new DhcpMessage();
        Assert.That(m.TryRead(bytes, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new WireError(243, "option runs past the end of its field")));
        Assert.Throws<WireFormatException>(() => m.Read(bytes));
    }

    [Test]
    public void BadOpAndHlenAreRejected()
    {
        var bytes = HexFixture.Load("rfc4390-discover-flexboot.hex");
        var m = new DhcpMessage();
        bytes[0] = 3;
        Assert.That(m.TryRead(bytes, out var e1) || e1.Offset != 0, Is.False);
        bytes[0] = 1;
        bytes[2] = 17;
        Assert.That(m.TryRead(bytes, out var e2), Is.False);
        Assert.That(e2.Reason, Is.EqualTo("hlen exceeds the 16-byte chaddr field"));
    }

    [Test]
    public void BootpWithoutCookieHasNoOptions()
    {
        var bytes = HexFixture.Load("rfc4390-discover-flexboot.hex");
        bytes[236] = 0;
        var m = new DhcpMessage();
        Assert.That(m.TryRead(bytes, out _), Is.True);
        Assert.That(m.HasMagicCookie, Is.False);
        Assert.That(m.MessageType, Is.EqualTo(DhcpMessageType.None));
        Assert.That(m.OptionCount, Is.Zero);
    }

    [Test]
    public void EveryTruncationFailsCleanlyOrDecodes()
    {
        var bytes = HexFixture.Load("rfc4390-discover-flexboot.hex");
        var m = new DhcpMessage();
        for (int n = 0; n <= bytes.Length; n++)
        {
            bool ok = m.TryRead(bytes.AsSpan(0, n), out var error);
            if (n < 236) Assert.That(ok, Is.False, $"length {n}");
            if (!ok) Assert.That(error.Offset, Is.InRange(0, n), $"length {n}");
            // Whole options up to byte 279 decode; a cut inside an option never yields a partial value.
            if (ok && m.HasOption(61)) Assert.That(m.GetOption(61).Length, Is.EqualTo(20));
        }
    }

    [Test]
    public void RandomBytesNeverThrow()
    {
        var random = new Random(4390);
        var m = new DhcpMessage();
        var buffer = new byte[1500];
        var valid = HexFixture.Load("rfc4390-discover-flexboot.hex");
        for (int i = 0; i < 20000; i++)
        {
            int n = random.Next(0, buffer.Length);
            random.NextBytes(buffer.AsSpan(0, n));
            if (i % 2 == 0 && n > 240)
            {
                // Keep a valid header and cookie so the option walker sees random options.
                valid.AsSpan(0, 240).CopyTo(buffer);
            }
            Assert.DoesNotThrow(() => m.TryRead(buffer.AsSpan(0, n), out _));
        }
    }

    [Test]
    public void DecodingAllocatesNothingAfterWarmUp()
    {
        var bytes = HexFixture.Load("rfc4390-discover-flexboot.hex");
        var m = new DhcpMessage();
        m.TryRead(bytes, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        int sum = 0;
        for (int i = 0; i < 1000; i++)
        {
            m.TryRead(bytes, out _);
            sum += m.ClientIdentifier.Length + (int)m.MessageType;
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(sum, Is.EqualTo(21000));
        Assert.That(allocated, Is.Zero);
    }

    internal static DhcpMessage Build(WriteAction action, int max = 576)
    {
        var buffer = new byte[1500];
        var w = new DhcpMessageWriter(buffer, max) { Op = BootpOpCode.BootRequest, HardwareType = HardwareType.InfiniBand };
        action(ref w);
        int n = w.Finish();
        var m = new DhcpMessage();
        Assert.That(m.TryRead(buffer.AsSpan(0, n), out var error), Is.True, error.ToString());
        return m;
    }

    internal delegate void WriteAction(ref DhcpMessageWriter writer);
}
