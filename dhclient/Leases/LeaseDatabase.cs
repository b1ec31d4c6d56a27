using IPoIBDhcp.Identity;
using IPoIBDhcp.Wire.Dhcp;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Client.Leases;

/// <summary>
/// dhclient.leases managed as ISC does: each new lease is appended and synced to disk; after 20 appends,
/// and at start-up, the file is rewritten from memory (compacted) so it cannot grow without bound. The
/// rewrite keeps every lease that has not expired plus the newest lease of each interface even when it has,
/// because that lease pins the client identity across bond failovers.
/// </summary>
public sealed class LeaseDatabase : ILeaseStore
{
    private const int AppendsBeforeRewrite = 20;
    private readonly string path;
    private readonly DhcpOptionTable table;
    private readonly TimeProvider time;
    private readonly List<ClientLease> leases = [];
    private readonly Lock gate = new();
    private string? defaultDuid;
    private int appends;

    /// <summary>Opens (without reading) the lease file at <paramref name="path"/>.</summary>
    public LeaseDatabase(string path, DhcpOptionTable table, TimeProvider time)
    {
        this.path = path;
        this.table = table;
        this.time = time;
    }

    /// <summary>
    /// Reads the file into memory and returns the problems found (each a <c>file:line:col</c> line). When damaged
    /// records were skipped, the file is first copied to <c>dhclient.leases~</c> (ISC's backup name), because the
    /// next rewrite leaves them out; a copy, not a link, since appends change the file in place.
    /// </summary>
    public IReadOnlyList<string> Load()
    {
        var file = LeaseFile.Load(path, table);
        List<string> problems = [.. file.Errors.Select(e => e.ToString())];
        if (file.DamagedBytes > 0)
        {
            string backup = path + "~";
            File.Copy(path, backup, overwrite: true);
            problems.Add($"{path}: {file.DamagedBytes} damaged bytes left out ({file.Leases.Length} intact leases kept); the original is kept as {backup}");
        }
        lock (gate)
        {
            leases.Clear();
            foreach (var lease in file.Leases) Remember(lease);
            defaultDuid = file.DefaultDuid;
        }
        return problems;
    }

    /// <summary>The leases held, oldest first.</summary>
    public IReadOnlyList<ClientLease> Leases
    {
        get
        {
            lock (gate) return [.. leases];
        }
    }

    /// <summary>The newest lease for <paramref name="interfaceName"/> (INIT-REBOOT uses it if it has not expired).</summary>
    public ClientLease? LatestFor(string interfaceName)
    {
        lock (gate) return leases.LastOrDefault(l => l.Interface == interfaceName);
    }

    /// <summary>
    /// The client identifier of the newest lease of <paramref name="interfaceName"/> that carries one: the
    /// identity pinned at first start, reused even after the port GUID changed (bond failover).
    /// </summary>
    public ClientIdentifier? PinnedIdentity(string interfaceName)
    {
        lock (gate)
        {
            var lease = leases.LastOrDefault(l => l.Interface == interfaceName && l.Options.ContainsKey(DhcpOptionCode.ClientIdentifier));
            return lease is not null && ClientIdentifier.TryRead(lease.Options[DhcpOptionCode.ClientIdentifier], out var id, out _) ? id : null;
        }
    }

    /// <inheritdoc/>
    public void Record(ClientLease lease)
    {
        if (lease.IsStatic) return;
        lock (gate)
        {
            Remember(lease.Clone());
            if (++appends > AppendsBeforeRewrite)
            {
                RewriteLocked();
                return;
            }
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            var bytes = System.Text.Encoding.UTF8.GetBytes(LeaseFileFormat.Format(lease, table));
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Rewrites the file from memory (compacting it), atomically: a crash leaves the old or the new file.</summary>
    public void Rewrite()
    {
        lock (gate) RewriteLocked();
    }

    private void RewriteLocked()
    {
        appends = 0;
        var now = time.GetUtcNow();
        var newest = leases.GroupBy(l => l.Interface).Select(g => g.Last()).ToHashSet();
        leases.RemoveAll(l => l.Expiry <= now && !newest.Contains(l));
        var text = new System.Text.StringBuilder();
        if (defaultDuid is not null) text.Append("default-duid ").Append(defaultDuid).Append(";\n");
        foreach (var lease in leases) text.Append(LeaseFileFormat.Format(lease, table));
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, full, overwrite: true);
    }

    // As ISC: a lease for the same interface and address replaces the older one, the newest goes last.
    private void Remember(ClientLease lease)
    {
        leases.RemoveAll(l => l.Interface == lease.Interface && l.Address == lease.Address);
        leases.Add(lease);
    }
}
