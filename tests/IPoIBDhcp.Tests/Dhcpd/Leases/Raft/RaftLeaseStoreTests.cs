using IPoIBDhcp.Logging;
using System.Buffers;
using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Leases.Raft;
using IPoIBDhcp.Tests.Dhcpd.Leases;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd.Leases.Raft;

/// <summary>
/// The replicated lease store on a one-member cluster (its own majority), in process: commits become visible,
/// the log entry format is the lease file's, and a restart restores every lease from the snapshot plus the log.
/// </summary>
public sealed class RaftLeaseStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void LogEntry_IsABatchOfLeaseFileRecords_AndRoundTrips()
    {
        var codec = new LeaseLogEntry();
        Lease[] batch = [Lease(7, 0x42), Lease(8, 0x43), Lease(7, 0x44)];
        byte[] payload = codec.Encode(batch);
        Assert.That(System.Text.Encoding.ASCII.GetString(payload), Does.StartWith("lease 198.18.0.7 {"));
        Assert.That(codec.Decode(new ReadOnlySequence<byte>(payload)), Is.EqualTo(batch), "in order: a later record for an address wins");
    }

    [Test]
    public void LogEntry_CarriesClientHostnameAndHookVariables()
    {
        var codec = new LeaseLogEntry();
        var lease = LeaseFixtures.FullLease(9, 7);

        var decoded = codec.Decode(new ReadOnlySequence<byte>(codec.Encode([lease]))).Single();

        Assert.That(decoded.ClientHostname, Is.EqualTo("node-9"));
        Assert.That(decoded.Variables, Is.EqualTo(lease.Variables));
        Assert.That(decoded, Is.EqualTo(lease));
    }

    [Test]
    public void LogEntry_SplitAcrossSegments_Decodes()
    {
        var codec = new LeaseLogEntry();
        byte[] payload = codec.Encode([Lease(1, 1), Lease(2, 2)]);
        var first = new Segment(payload.AsMemory(0, 40));
        var last = first.Append(payload.AsMemory(40));
        Assert.That(codec.Decode(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length)), Has.Count.EqualTo(2));
    }

    [TestCase("lease 198.18.0.7 {")]
    [TestCase("")]
    [TestCase("lease 198.18.0.7 { starts yesterday; }")]
    public void LogEntry_ThatIsNotWellFormedLeases_IsRefused(string text)
    {
        var codec = new LeaseLogEntry();
        Assert.Throws<InvalidDataException>(() => codec.Decode(new ReadOnlySequence<byte>(System.Text.Encoding.ASCII.GetBytes(text))));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }

    [Test]
    public async Task Commits_AreVisible_AndSurviveARestart_ThroughSnapshotAndLog()
    {
        string directory = Path.Combine(Path.GetTempPath(), "raft-store-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            int port = FreeTcpPort();
            var settings = new ClusterSettings
            {
                Endpoint = $"127.0.0.1:{port}",
                Members = [$"127.0.0.1:{port}"],
                Directory = directory,
                LowerElectionTimeoutMs = 100,
                UpperElectionTimeoutMs = 200,
                SnapshotEvery = 8, // 21 sequential commits (one lease per entry): snapshots, then a tail of log entries
            };
            Assert.That(settings.TryResolve(out var membership, out var error), Is.True, error);

            await using (var store = await RaftLeaseStore.StartAsync(settings, membership, NullLogSink.Instance, CancellationToken.None))
            {
                await WaitServingAsync(store);
                for (int i = 1; i <= 20; i++) await store.CommitAsync(Lease(i, (byte)i));
                await store.CommitAsync(Lease(3, 0x99)); // last write wins per address
                Assert.That(store.Count, Is.EqualTo(20));
                Assert.That(store.TryGetByAddress(IPv4Address.Parse("198.18.0.3"), out var three), Is.True);
                Assert.That(three!.ClientId.ToArray(), Is.EqualTo(ClientId(0x99)));
                Assert.That(store.Counters.Commits, Is.EqualTo(21));
            }

            await using (var reopened = await RaftLeaseStore.StartAsync(settings, membership, NullLogSink.Instance, CancellationToken.None))
            {
                await WaitServingAsync(reopened);
                Assert.That(reopened.Count, Is.EqualTo(20));
                Assert.That(reopened.TryGetByAddress(IPv4Address.Parse("198.18.0.3"), out var moved), Is.True);
                Assert.That(moved!.ClientId.ToArray(), Is.EqualTo(ClientId(0x99)));
                Assert.That(reopened.TryGetByAddress(IPv4Address.Parse("198.18.0.20"), out var last), Is.True);
                Assert.That(last!.ClientId.ToArray(), Is.EqualTo(ClientId(20)));
                Assert.That(Directory.GetFiles(Path.Combine(directory, "snapshots"), "*", SearchOption.AllDirectories), Is.Not.Empty, "snapshots were written");
            }
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task WaitServingAsync(RaftLeaseStore store)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (store.ServingEpoch < 0)
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) Assert.Fail("a one-member cluster did not elect itself");
            await Task.Delay(20);
        }
    }

    // The fixture's boot lease of a node (10.0.0.host, the node's FlexBoot client-id), moved to 198.18.0.host.
    private static Lease Lease(int host, byte client) =>
        LeaseFixtures.BootLease(client, Start) with { Address = IPv4Address.Parse($"198.18.0.{host}") };

    private static byte[] ClientId(byte client) => LeaseFixtures.BootLease(client, Start).ClientId.ToArray();

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
