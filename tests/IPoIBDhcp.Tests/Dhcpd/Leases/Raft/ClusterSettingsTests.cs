using IPoIBDhcp.Server.Leases.Raft;
using IPoIBDhcp.Server.Hosting;

namespace IPoIBDhcp.Tests.Dhcpd.Leases.Raft;

/// <summary>The <c>Cluster</c> settings section: how an admin writes the member list, and the mistakes refused in plain words.</summary>
public sealed class ClusterSettingsTests
{
    private static DaemonSettings Load(params string[] arguments) => DaemonSettings.Load(arguments, _ => null, _ => false);

    [Test]
    public void CommaSeparatedMembers_OnTheCommandLine()
    {
        var settings = Load("--LeaseStore=raft", "--Cluster:Endpoint=127.0.0.12:7000", "--Cluster:Members=127.0.0.11:7000, 127.0.0.12:7000,127.0.0.13:7000",
            "--Cluster:Directory=/tmp/x", "--Cluster:LowerElectionTimeoutMs=200", "--Cluster:UpperElectionTimeoutMs=400");
        Assert.That(settings.LeaseStore, Is.EqualTo("raft"));
        Assert.That(settings.Cluster.TryResolve(out var membership, out var error), Is.True, error);
        Assert.That(membership.Local.ToString(), Is.EqualTo("127.0.0.12:7000"));
        Assert.That(membership.Members.Select(m => m.ToString()), Is.EqualTo(new[] { "127.0.0.11:7000", "127.0.0.12:7000", "127.0.0.13:7000" }));
        Assert.That(membership.Quorum, Is.EqualTo(2));
        Assert.That(settings.Cluster.Directory, Is.EqualTo("/tmp/x"));
        Assert.That(settings.Cluster.LowerElectionTimeoutMs, Is.EqualTo(200));
        Assert.That(settings.Cluster.UpperElectionTimeoutMs, Is.EqualTo(400));
    }

    [Test]
    public void IndexedMembers_AsJsonArraysBind()
    {
        var settings = Load("--Cluster:Endpoint=10.0.0.1:7000", "--Cluster:Members:0=10.0.0.1:7000", "--Cluster:Members:1=10.0.0.2:7000", "--Cluster:Members:2=10.0.0.3:7000",
            "--Cluster:Members:3=10.0.0.4:7000", "--Cluster:Members:4=10.0.0.5:7000");
        Assert.That(settings.LeaseStore, Is.EqualTo("journal"), "the journal stays the default");
        Assert.That(settings.Cluster.TryResolve(out var membership, out var error), Is.True, error);
        Assert.That(membership.Members, Has.Count.EqualTo(5));
        Assert.That(membership.Quorum, Is.EqualTo(3));
    }

    [TestCase("head1.json", "198.18.0.1:7000")]
    [TestCase("head2.json", "198.18.0.2:7000")]
    [TestCase("head3.json", "198.18.0.3:7000")]
    public void TheClusterExamples_DescribeOneThreeMemberCluster(string file, string endpoint)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "conf-examples", "cluster", file);
        var settings = DaemonSettings.Load([], name => name == "IPOIBDHCP_SETTINGS" ? path : null, File.Exists);
        Assert.That(settings.LeaseStore, Is.EqualTo("raft"));
        Assert.That(settings.Cluster.TryResolve(out var membership, out var error), Is.True, error);
        Assert.That(membership.Local.ToString(), Is.EqualTo(endpoint));
        Assert.That(membership.Members.Select(m => m.ToString()), Is.EqualTo(new[] { "198.18.0.1:7000", "198.18.0.2:7000", "198.18.0.3:7000" }));
    }

    [TestCase("--Cluster:Members=", "Cluster:Members is empty")]
    [TestCase("--Cluster:Members=127.0.0.1:1,127.0.0.1:2", "use an odd number")]
    [TestCase("--Cluster:Members=127.0.0.1:1,127.0.0.1:1,127.0.0.1:3", "'127.0.0.1:1' is listed twice")]
    [TestCase("--Cluster:Members=head1,127.0.0.1:2,127.0.0.1:3", "'head1' is not addr:port")]
    public void BadMemberLists_AreRefused(string members, string expected)
    {
        var settings = Load("--Cluster:Endpoint=127.0.0.1:1", members);
        Assert.That(settings.Cluster.TryResolve(out _, out var error), Is.False);
        Assert.That(error, Does.Contain(expected));
    }

    [TestCase("", "Cluster:Endpoint is not set")]
    [TestCase("127.0.0.1:9", "is not one of Cluster:Members")]
    public void AnEndpointOutsideTheMembers_IsRefused(string endpoint, string expected)
    {
        var settings = Load($"--Cluster:Endpoint={endpoint}", "--Cluster:Members=127.0.0.1:1,127.0.0.1:2,127.0.0.1:3");
        Assert.That(settings.Cluster.TryResolve(out _, out var error), Is.False);
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    public void ElectionTimeouts_MustBeOrdered()
    {
        var settings = Load("--Cluster:Endpoint=127.0.0.1:1", "--Cluster:Members=127.0.0.1:1", "--Cluster:LowerElectionTimeoutMs=500", "--Cluster:UpperElectionTimeoutMs=500");
        Assert.That(settings.Cluster.TryResolve(out _, out var error), Is.False);
        Assert.That(error, Does.Contain("must be at least 50 and below Cluster:UpperElectionTimeoutMs"));
    }
}
