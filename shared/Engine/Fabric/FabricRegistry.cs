using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Engine.Fabric;

/// <summary>
/// The loopback transport's directory of processes: one small text file per engine saying where its socket
/// is and which ports it hosts (GUID, QPN, P_Key, UDP port, IPv4 address). Written atomically (temporary file
/// + rename), removed on dispose; entries of processes that no longer run are ignored. Readers re-scan when
/// the directory changes, and at least every second.
/// </summary>
internal sealed class FabricRegistry
{
    private const string Extension = ".peer";
    private const long FullRescanMilliseconds = 1000;

    private readonly string ownFile;
    private readonly Lock gate = new();
    private Snapshot snapshot = Snapshot.Empty;
    private DateTime directoryStamp;
    private long lastScan = long.MinValue;

    public FabricRegistry(string directory, string entryName)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        ownFile = Path.Combine(directory, entryName + Extension);
    }

    public string Directory { get; }

    public string OwnFile => ownFile;

    /// <summary>The default registry directory for a fabric: per user, in the runtime directory when there is one.</summary>
    public static string DefaultDirectory(string fabricName)
    {
        string? runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        return !string.IsNullOrEmpty(runtime) && System.IO.Directory.Exists(runtime)
            ? Path.Combine(runtime, "ipoib-fabric-" + fabricName)
            : Path.Combine(Path.GetTempPath(), $"ipoib-fabric-{fabricName}-{Environment.UserName}");
    }

    public void Publish(IPEndPoint endpoint, IReadOnlyCollection<FabricPort> ports)
    {
        var text = new StringBuilder(64 + (ports.Count * 80));
        text.Append(CultureInfo.InvariantCulture, $"# emulated IPoIB fabric peer (removed when the process closes its fabric)\n");
        text.Append(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId}\nendpoint {endpoint}\n");
        foreach (FabricPort port in ports)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"port {port.Guid.Value:x16} {port.Qpn:x6} {port.PKey!.Value.Value:x4} {port.LocalPort} {port.LocalAddress?.ToString() ?? "-"} {port.Name} {port.HostName}\n");
        }
        string temporary = $"{ownFile}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, text.ToString());
        File.Move(temporary, ownFile, overwrite: true);
    }

    public void Remove()
    {
        try
        {
            File.Delete(ownFile);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The other processes' entries, re-read when the directory changed.</summary>
    public Snapshot Peers()
    {
        lock (gate)
        {
            DateTime stamp;
            try
            {
                stamp = System.IO.Directory.GetLastWriteTimeUtc(Directory);
            }
            catch (IOException)
            {
                return snapshot;
            }
            long now = Environment.TickCount64;
            if (stamp != directoryStamp || now - lastScan > FullRescanMilliseconds)
            {
                directoryStamp = stamp;
                lastScan = now;
                snapshot = Scan();
            }
            return snapshot;
        }
    }

    private Snapshot Scan()
    {
        var peers = new List<Peer>();
        foreach (string file in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension))
        {
            if (string.Equals(file, ownFile, StringComparison.Ordinal))
                continue;
            string[] lines;
            try
            {
                lines = File.ReadAllLines(file);
            }
            catch (IOException)
            {
                continue;
            }
            if (TryReadEntry(lines, out Peer? peer) && IsAlive(peer.Pid))
                peers.Add(peer);
        }
        return new Snapshot(peers);
    }

    private static bool TryReadEntry(string[] lines, out Peer peer)
    {
        peer = null!;
        int pid = 0;
        IPEndPoint? endpoint = null;
        var ports = new List<PeerPort>();
        foreach (string line in lines)
        {
            string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0 || f[0].StartsWith('#'))
                continue;
            switch (f[0])
            {
                case "pid" when f.Length == 2:
                    int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out pid);
                    break;
                case "endpoint" when f.Length == 2:
                    // The loopback rule: never send fabric frames anywhere but 127.0.0.0/8.
                    if (IPEndPoint.TryParse(f[1], out IPEndPoint? ep) && ep.AddressFamily == AddressFamily.InterNetwork && IPAddress.IsLoopback(ep.Address))
                        endpoint = ep;
                    break;
                case "port" when f.Length >= 6:
                    if (ulong.TryParse(f[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong guid)
                        && uint.TryParse(f[2], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint qpn)
                        && ushort.TryParse(f[3], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort pkey)
                        && ushort.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out ushort udp))
                    {
                        IPv4Address? address = IPv4Address.TryParse(f[5], out IPv4Address a) ? a : null;
                        ports.Add(new PeerPort(guid, qpn & 0xFFFFFF, new PKey(pkey), udp, address));
                    }
                    break;
            }
        }
        if (pid <= 0 || endpoint is null)
            return false;
        peer = new Peer(pid, endpoint.Serialize(), ports);
        return true;
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId)
            return true;
        if (OperatingSystem.IsLinux())
            return System.IO.Directory.Exists("/proc/" + pid.ToString(CultureInfo.InvariantCulture));
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>One port another process hosts.</summary>
    internal readonly record struct PeerPort(ulong Guid, uint Qpn, PKey PKey, ushort UdpPort, IPv4Address? Address);

    /// <summary>Another process on the fabric: where to send, and what it hosts.</summary>
    internal sealed class Peer
    {
        public Peer(int pid, SocketAddress address, List<PeerPort> ports)
        {
            Pid = pid;
            Address = address;
            Ports = ports;
            foreach (PeerPort port in ports)
                Groups.Add(((uint)port.PKey.Base << 16) | port.UdpPort);
        }

        public int Pid { get; }

        public SocketAddress Address { get; }

        public List<PeerPort> Ports { get; }

        public HashSet<uint> Groups { get; } = [];
    }

    /// <summary>An immutable view of all other peers, indexed for the send path.</summary>
    internal sealed class Snapshot
    {
        public static readonly Snapshot Empty = new([]);

        public Snapshot(List<Peer> peers)
        {
            Peers = [.. peers];
            foreach (Peer peer in peers)
            {
                foreach (PeerPort port in peer.Ports)
                {
                    ByAddress.TryAdd((port.Guid, port.Qpn, port.UdpPort), peer);
                    if (port.Address is IPv4Address a)
                        Neighbours.TryAdd((port.PKey.Base, a.Value), port);
                }
            }
        }

        public Peer[] Peers { get; }

        public Dictionary<(ulong Guid, uint Qpn, ushort Udp), Peer> ByAddress { get; } = [];

        public Dictionary<(ushort Partition, uint Address), PeerPort> Neighbours { get; } = [];
    }
}
