using CsCheck;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Logging;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd;

public class IscLogLinesTests
{
    [Test]
    public void IPoIBClientsAreNamedByClientIdAndGuid()
    {
        var m = new DhcpMessage();
        m.Read(HexFixture.Load("rfc4390-discover-flexboot.hex"));
        Assert.That(IscLogLines.Discover(m, IscLogLines.Via(m, "ib0")), Is.EqualTo(
            "DHCPDISCOVER from ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39 (guid 0002:c903:0000:1039) via ib0"));
    }

    [Test]
    public void EthernetClientsAreNamedByChaddrAsIscDoes()
    {
        var m = new DhcpMessage();
        m.Read(HexFixture.Load("peers/isc443-3-request.hex"));
        // The same line ISC dhcpd 4.4.3 logged for this captured packet, plus the GUID its client-id carries.
        Assert.That(IscLogLines.Request(m, IPv4Address.Parse("198.18.0.100"), "cs0"), Is.EqualTo(
            "DHCPREQUEST for 198.18.0.100 (198.18.0.1) from fa:2a:a6:49:92:ac (guid 0002:c903:0000:1039) via cs0"));
        m.Read(HexFixture.Load("peers/kea220-1-discover.hex"));
        Assert.That(IscLogLines.Via(m, "lo"), Is.EqualTo("127.0.0.2"));
    }

    [Test]
    public void StderrSinkDropsDebugUnlessEnabled()
    {
        var w = new StringWriter();
        var sink = new StderrLogSink(w, LogSeverity.Info);
        sink.Write(LogSeverity.Debug, "hidden");
        sink.Write(LogSeverity.Info, "shown");
        Assert.That(w.ToString(), Is.EqualTo("shown" + Environment.NewLine));
    }
}

/// <summary>The span-written client part of a line equals what the string-built one it replaced gave, on any request.</summary>
public class LogClientTests
{
    [Test]
    public void MatchesTheStringBuiltForm_OnRandomRequests()
    {
        var guidPrefix = Convert.FromHexString("ff00000000000200000" + "2c9000002c903");
        var gen = Gen.Select(
            Gen.Byte.Array[0, 16],
            Gen.OneOf(Gen.Byte.Array[2, 255], Gen.Byte.Array[3, 3].Select(tail => (byte[])[.. guidPrefix, 0, .. tail, 0, 0])),
            Gen.Bool,
            Gen.OneOf(Gen.Byte.Array[1, 255], Gen.Const(new byte[] { (byte)'n', 0xE9, 0, 0 }), Gen.Const(new byte[] { 0, 0 })),
            Gen.Bool);
        gen.Sample((chaddr, id, withId, host, withHost) =>
        {
            var m = new DhcpMessage();
            m.Read(Request(chaddr, withId ? id : null, withHost ? host : null));
            Assert.That(IscLogLines.Who(m), Is.EqualTo(StringBuilt(m)));
            Assert.That(IscLogLines.Discover(m, "ib0"), Is.EqualTo($"DHCPDISCOVER from {StringBuilt(m)} via ib0"));
        }, iter: 2000);
    }

    // The form before the span writer, kept as the reference.
    private static string StringBuilt(DhcpMessage request)
    {
        var id = request.ClientIdentifier;
        string who = request.HardwareAddressLength > 0
            ? string.Join(":", request.ClientHardwareAddress.ToArray().Select(b => b.ToString("x2")))
            : id.IsEmpty ? "(no client-id)" : string.Join(":", id.ToArray().Select(b => b.ToString("x2")));
        if (!id.IsEmpty && IPoIBDhcp.Identity.ClientIdentifier.TryGetPortGuid(id, out var guid)) who += $" (guid {guid})";
        if (request.TryGetOption(DhcpOptionCode.HostName, out var name) && !name.IsEmpty)
            who += $" ({System.Text.Encoding.ASCII.GetString(name).TrimEnd('\0')})";
        return who;
    }

    private static byte[] Request(byte[] chaddr, byte[]? clientId, byte[]? hostName)
    {
        var buffer = new byte[1500];
        var w = new DhcpMessageWriter(buffer, buffer.Length) { Op = BootpOpCode.BootRequest, HardwareType = chaddr.Length == 0 ? HardwareType.InfiniBand : HardwareType.Ethernet };
        w.SetClientHardwareAddress(chaddr);
        w.WriteMessageType(DhcpMessageType.Discover);
        if (clientId is not null) w.WriteOption(DhcpOptionCode.ClientIdentifier, clientId);
        if (hostName is not null) w.WriteOption(DhcpOptionCode.HostName, hostName);
        return buffer.AsSpan(0, w.Finish()).ToArray();
    }
}
