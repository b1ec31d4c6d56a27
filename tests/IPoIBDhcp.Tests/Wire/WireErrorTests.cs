using IPoIBDhcp.Wire;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.Wire;

public class WireErrorTests
{
    [Test]
    public void ExceptionCarriesOffsetAndReason()
    {
        var ex = new WireFormatException(new WireError(240, "magic cookie missing"));
        Assert.That(ex.Offset, Is.EqualTo(240));
        Assert.That(ex.Message, Is.EqualTo("offset 240: magic cookie missing"));
    }
}
