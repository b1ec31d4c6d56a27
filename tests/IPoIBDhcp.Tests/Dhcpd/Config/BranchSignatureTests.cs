using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>The arms of <c>if</c> statements a request takes, as the key that lets dhcpd cache merged parameters.</summary>
public class BranchSignatureTests
{
    private const string Text = """
        if option user-class = "iPXE" {
          filename "ipxe";
          if exists vendor-class-identifier { option domain-name "pxe.example"; }
        } elsif exists vendor-class-identifier {
          filename "undionly.kpxe";
        } else {
          filename "other";
        }
        subnet 198.18.0.0 netmask 255.255.0.0 {
          if exists vendor-class-identifier { option domain-name "subnet.example"; }
        }
        """;

    private static (ConfigScope Subnet, IReadOnlyList<ConfigScope> Ordered) Scopes()
    {
        var result = DhcpdConfigParser.ParseText(Text, "dhcpd.conf");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        var subnet = result.Config!.Subnets.Single().Scope;
        return (subnet, ParameterResolver.Order([subnet]));
    }

    private static ulong Signature(TestOptionSource request)
    {
        Assert.That(ParameterResolver.TryBranchSignature(request, Scopes().Ordered, out ulong signature), Is.True);
        return signature;
    }

    [Test]
    public void EachCombinationOfArmsHasItsOwnSignature()
    {
        ulong ipxe = Signature(TestOptionSource.Ipxe), firmware = Signature(TestOptionSource.PxeFirmware), none = Signature(TestOptionSource.Empty);
        Assert.That(new[] { ipxe, firmware, none }, Is.Unique);
        Assert.That(Signature(TestOptionSource.Ipxe), Is.EqualTo(ipxe), "the same request, the same signature");
    }

    [Test]
    public void RequestsTakingTheSameArmsGetTheSameParameters()
    {
        var (subnet, _) = Scopes();
        (TestOptionSource, TestOptionSource)[] alike =
        [
            (TestOptionSource.Ipxe, new(new() { [60] = "PXEClient:Arch:00007:UNDI:003016"u8.ToArray(), [77] = "iPXE"u8.ToArray() })),
            (TestOptionSource.PxeFirmware, new(new() { [60] = "PXEClient:Arch:00007:UNDI:003016"u8.ToArray() })),
            (TestOptionSource.Empty, new(new() { [12] = "node1"u8.ToArray() })),
        ];
        foreach (var (first, second) in alike)
        {
            Assert.That(Signature(second), Is.EqualTo(Signature(first)));
            Assert.That(SameParameters(ParameterResolver.Resolve(second, [subnet]), ParameterResolver.Resolve(first, [subnet])), Is.True);
        }
    }

    [Test]
    public void MoreStatementsThanFitAreNotSigned()
    {
        string many = string.Concat(Enumerable.Range(0, 16).Select(i => $"if exists vendor-class-identifier {{ option domain-name \"d{i}\"; }}\n"));
        var result = DhcpdConfigParser.ParseText(many, "dhcpd.conf");
        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(ParameterResolver.TryBranchSignature(TestOptionSource.PxeFirmware, [result.Config!.Global], out _), Is.False);
    }

    private static bool SameParameters(ScopeParameters a, ScopeParameters b) =>
        Equals(a.Find(ServerParameters.Filename), b.Find(ServerParameters.Filename)) && a.Options.Count == b.Options.Count
        && a.Options.All(o => b.Options.TryGetValue(o.Key, out var v) && v.SequenceEqual(o.Value));
}
