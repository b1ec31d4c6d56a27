using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Wire.Dhcp;

public class RelayAgentInformationTests
{
    // RFC 3046 option 82 value: circuit-id "ib0" (1), remote-id 4 bytes (2), link-selection 198.18.4.0 (RFC 3527, 5).
    private static readonly byte[] Value = HexFixture.Parse("01 03 69 62 30  02 04 de ad be ef  05 04 c6 12 04 00");

    [Test]
    public void SubOptionsAreFound()
    {
        var info = new RelayAgentInformation(Value);
        Assert.That(info.IsPresent && info.IsWellFormed, Is.True);
        Assert.That(info.TryGetSubOption(RelayAgentInformation.CircuitId, out var circuit), Is.True);
        Assert.That(circuit.ToArray(), Is.EqualTo("ib0"u8.ToArray()));
        Assert.That(info.TryGetLinkSelection(out var link), Is.True);
        Assert.That(link.ToString(), Is.EqualTo("198.18.4.0"));
        Assert.That(info.TryGetSubOption(11, out _), Is.False);
    }

    [Test]
    public void TruncatedSubOptionIsNotWellFormedAndNotReturned()
    {
        var info = new RelayAgentInformation(Value.AsSpan(0, Value.Length - 1));
        Assert.That(info.IsWellFormed, Is.False);
        Assert.That(info.TryGetLinkSelection(out _), Is.False);
        Assert.That(info.TryGetSubOption(2, out var remote) && remote.Length == 4, Is.True);
    }

    [Test]
    public void WriteSubOptionProducesTheWireForm()
    {
        var buffer = new byte[16];
        int n = RelayAgentInformation.WriteSubOption(buffer, 5, [198, 18, 4, 0]);
        Assert.That(buffer.AsSpan(0, n).ToArray(), Is.EqualTo(Value.AsSpan(11).ToArray()));
    }
}
