using IPoIBDhcp.Bench;
using IPoIBDhcp.Bench.BootStorm;
using IPoIBDhcp.Server.Leases.IscFile;

namespace IPoIBDhcp.Tests.Bench;

/// <summary>
/// A small boot storm end to end: the real dhcpd core and journal, 200 nodes each going FlexBoot → iPXE → OS
/// dhclient on the in-process fabric. Every node must end bound, keep one address through all three client-id
/// forms, share it with no one, and the lease file must hold exactly the nodes' leases.
/// </summary>
[TestFixture]
public sealed class BootStormTests
{
    private string directory = "";

    [SetUp]
    public void SetUp() => directory = Directory.CreateTempSubdirectory("bootstorm-test-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task TwoHundredNodesAllBindWithoutAddressChanges()
    {
        var options = new StormOptions { Nodes = 200, Seed = 7, JitterMilliseconds = 200, TimeoutSeconds = 60, Progress = false };
        var result = await new StormRunner(options, TextWriter.Null).RunAsync(directory, CancellationToken.None);

        Assert.That(result.BoundCount, Is.EqualTo(200));
        Assert.That(result.UnboundCount, Is.Zero);
        Assert.That(result.AddressChanges, Is.Zero);
        Assert.That(result.DuplicateAddresses, Is.Zero);
        Assert.That(result.TimedOut, Is.False);
        Assert.That(result.Succeeded, Is.True);
        // Every stage's ACK was committed before it was sent: 3 records per node, batched into fewer fsyncs.
        Assert.That(result.Server.Acks, Is.EqualTo(result.Server.RecordsWritten));
        Assert.That(result.Server.RecordsWritten, Is.GreaterThanOrEqualTo(600));
        Assert.That(result.Server.Syncs, Is.InRange(1, result.Server.RecordsWritten!.Value));
        Assert.That(result.Server.CommitFailures, Is.Zero);
        // 3 partitions weighted 2:1:1.
        Assert.That(result.Layout.Partitions.Select(result.Layout.CountIn), Is.EqualTo(new[] { 100, 50, 50 }));

        var leases = new IscLeaseFileReader().ReadFile(result.Layout.LeasePath);
        Assert.That(leases.Diagnostics, Is.Empty);
        var final = leases.Leases.GroupBy(l => l.Address).Select(g => g.Last()).ToList();
        Assert.That(final, Has.Count.EqualTo(200));
        Assert.That(final.Select(l => l.Address), Is.EquivalentTo(result.Nodes.Select(n => n.Address[2])));
    }

    [Test]
    public async Task TimeoutEndsTheStormWithUnboundNodesReported()
    {
        // Stage delay beyond the timeout: every node gets through FlexBoot, then the storm is cut off.
        var options = new StormOptions { Nodes = 20, Seed = 3, JitterMilliseconds = 0, StageDelayMilliseconds = 30_000, TimeoutSeconds = 2, Progress = false };
        var result = await new StormRunner(options, TextWriter.Null).RunAsync(directory, CancellationToken.None);

        Assert.That(result.TimedOut, Is.True);
        Assert.That(result.BoundCount, Is.Zero);
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Nodes.All(n => n.FailedStage == BootStage.Ipxe), Is.True);
        Assert.That(result.Counters.BoundCount(BootStage.FlexBoot), Is.EqualTo(20));
    }

    [TestCase("--nodes 0")]
    [TestCase("--nodes 200000")]
    [TestCase("--nodes 100000 --partitions 1")]
    [TestCase("--partitions 4")]
    [TestCase("--bogus")]
    [TestCase("--demux")]
    [TestCase("--out")]
    public void BadCommandLinesAreRefused(string line)
    {
        Assert.That(StormOptions.TryParse(line.Split(' '), out _, out string error), Is.False);
        Assert.That(error, Is.Not.Empty);
    }

    [Test]
    public void CommandLineIsRead()
    {
        Assert.That(StormOptions.TryParse(["--nodes", "10000", "--partitions", "2", "--seed", "9", "--no-progress"], out var o, out _), Is.True);
        Assert.That((o.Nodes, o.Partitions, o.Seed, o.Progress), Is.EqualTo((10000, 2, 9, false)));
    }

    [TestCase(1, 65525)]
    [TestCase(2, 98271)]
    [TestCase(3, 120000)]
    public void CapacityFollowsSubnetSizesAndWeights(int partitions, int capacity) =>
        Assert.That(StormLayout.Capacity(partitions), Is.EqualTo(capacity));

    [Test]
    public void PercentilesAreNearestRank()
    {
        var p = Percentiles.Of([.. Enumerable.Range(1, 100).Select(i => (double)i).Reverse()]);
        Assert.That((p.Count, p.P50, p.P90, p.P99, p.Max), Is.EqualTo((100, 50.0, 90.0, 99.0, 100.0)));
        Assert.That(Percentiles.Of([]).Count, Is.Zero);
    }
}
