using NUnit.Framework;
namespace IPoIBDhcp.Tests;
public class SmokeTests { [Test] public void One() => Assert.That(IPoIBDhcp.Wire.Placeholder.One, Is.EqualTo(1)); }
