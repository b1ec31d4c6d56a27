using System.Globalization;
using System.Text;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// The generated cluster of one storm: a head node and N diskless nodes spread over up to three P_Key
/// partitions, written as the fabric.conf, OpenSM partitions.conf and dhcpd.conf an admin would write for
/// it, plus where the lease file and logs go. Everything the storm runs is read back from these files, so
/// the configuration parsers and planners are part of what is measured and what can be inspected afterwards.
/// </summary>
internal sealed class StormLayout
{
    /// <summary>Port GUID of the head node's HCA.</summary>
    public static readonly PortGuid HeadGuid = new(0x0002_c903_0000_0001);

    /// <summary>Node GUIDs are this base plus the node number (fabric.conf <c>guid-base</c>).</summary>
    public const ulong GuidBase = 0x0002_c903_0100_0000;

    /// <summary>The head host's name in fabric.conf.</summary>
    public const string HeadName = "head";

    private static readonly PartitionSpec[] AllPartitions =
    [
        new("Default", PKey.Default, "ib0", new IPv4Address(0xC612_0000), 16, 5, 2),      // 198.18.0.0/16
        new("storage", new PKey(0x8001), "ib0.8001", new IPv4Address(0xC613_0000), 17, 4, 1), // 198.19.0.0/17
        new("compute", new PKey(0x8002), "ib0.8002", new IPv4Address(0xC613_8000), 17, 5, 1), // 198.19.128.0/17
    ];

    private StormLayout(string directory, string fabricName, IReadOnlyList<PartitionSpec> partitions, NodeSpec[] nodes)
    {
        Directory = directory;
        FabricName = fabricName;
        Partitions = partitions;
        Nodes = nodes;
    }

    /// <summary>Where every file of the storm is.</summary>
    public string Directory { get; }

    /// <summary>The fabric's name (unique per run, so concurrent storms on one machine never share a loopback registry).</summary>
    public string FabricName { get; }

    /// <summary>The partitions in use.</summary>
    public IReadOnlyList<PartitionSpec> Partitions { get; }

    /// <summary>The nodes, in power-on index order.</summary>
    public NodeSpec[] Nodes { get; }

    /// <summary>fabric.conf.</summary>
    public string FabricPath => Path.Combine(Directory, "fabric.conf");

    /// <summary>OpenSM partitions.conf.</summary>
    public string PartitionsPath => Path.Combine(Directory, "partitions.conf");

    /// <summary>dhcpd.conf.</summary>
    public string DhcpdConfPath => Path.Combine(Directory, "dhcpd.conf");

    /// <summary>dhcpd.leases (fsync'd journal).</summary>
    public string LeasePath => Path.Combine(Directory, "dhcpd.leases");

    /// <summary>dhcpd's log lines.</summary>
    public string DhcpdLogPath => Path.Combine(Directory, "dhcpd.log");

    /// <summary>The storm's own summary.</summary>
    public string SummaryPath => Path.Combine(Directory, "bootstorm.log");

    /// <summary>Most nodes <paramref name="partitions"/> partitions hold, given their weights and subnet sizes.</summary>
    public static int Capacity(int partitions)
    {
        var used = AllPartitions.AsSpan(0, Math.Clamp(partitions, 1, AllPartitions.Length));
        int total = 0;
        foreach (var p in used) total += p.Weight;
        long capacity = long.MaxValue;
        foreach (var p in used) capacity = Math.Min(capacity, (long)p.Capacity * total / p.Weight);
        return (int)Math.Min(capacity, StormOptions.MaxNodes);
    }

    /// <summary>Plans the cluster for <paramref name="options"/> and writes its files into <paramref name="directory"/>.</summary>
    public static StormLayout Create(StormOptions options, string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        var partitions = AllPartitions[..Math.Clamp(options.Partitions, 1, AllPartitions.Length)];
        var slots = new List<int>();
        for (int p = 0; p < partitions.Length; p++)
            for (int w = 0; w < partitions[p].Weight; w++) slots.Add(p);
        var nodes = new NodeSpec[options.Nodes];
        for (int i = 0; i < nodes.Length; i++)
        {
            int number = i + 1;
            nodes[i] = new NodeSpec(i, string.Create(CultureInfo.InvariantCulture, $"node{number:D6}"), new PortGuid(GuidBase + (ulong)number), partitions[slots[i % slots.Count]]);
        }
        string fabricName = string.Create(CultureInfo.InvariantCulture, $"storm-{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}");
        var layout = new StormLayout(Path.GetFullPath(directory), fabricName, partitions, nodes);
        File.WriteAllText(layout.FabricPath, layout.FabricConf());
        File.WriteAllText(layout.PartitionsPath, layout.PartitionsConf());
        File.WriteAllText(layout.DhcpdConfPath, layout.DhcpdConf());
        return layout;
    }

    /// <summary>Nodes placed in <paramref name="partition"/>.</summary>
    public int CountIn(PartitionSpec partition) => Nodes.Count(n => ReferenceEquals(n.Partition, partition));

    private string FabricConf()
    {
        var b = new StringBuilder();
        b.AppendLine(CultureInfo.InvariantCulture, $"# Generated by bootstorm: a head node and {Nodes.Length} diskless nodes.");
        b.AppendLine(CultureInfo.InvariantCulture, $"fabric \"{FabricName}\" {{");
        b.AppendLine("    partitions \"partitions.conf\";");
        b.AppendLine("    mtu 4096;");
        b.AppendLine("}");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"host {HeadName} {{");
        b.AppendLine(CultureInfo.InvariantCulture, $"    port ib0 guid {HeadGuid} mtu 4096;");
        foreach (var p in Partitions) b.AppendLine(CultureInfo.InvariantCulture, $"    address {p.Interface} {p.Head};");
        b.AppendLine("}");
        b.AppendLine();
        b.AppendLine(CultureInfo.InvariantCulture, $"nodes node%06d count {Nodes.Length} start 1 guid-base {new PortGuid(GuidBase)} port ib0 mtu 4096;");
        return b.ToString();
    }

    private string PartitionsConf()
    {
        var b = new StringBuilder();
        b.AppendLine("# Generated by bootstorm (OpenSM syntax). Every port is a full member of the default partition;");
        b.AppendLine("# nodes placed in storage are limited members of it (they reach the head, not each other),");
        b.AppendLine("# nodes placed in compute are full members.");
        foreach (var p in Partitions)
        {
            if (p.PKey == PKey.Default)
            {
                b.AppendLine(CultureInfo.InvariantCulture, $"{p.Name}=0x7fff, ipoib, mtu={p.MtuCode} : ALL=full;");
                continue;
            }
            bool full = p.Name == "compute";
            b.AppendLine(CultureInfo.InvariantCulture, $"{p.Name}=0x{p.PKey.Value:x4}, ipoib, mtu={p.MtuCode}{(full ? ", defmember=full" : "")} :");
            b.Append(CultureInfo.InvariantCulture, $"    {HeadGuid.ToPrefixedHex()}=full");
            foreach (var n in Nodes)
                if (ReferenceEquals(n.Partition, p)) b.Append(",\n    ").Append(n.Guid.ToPrefixedHex());
            b.AppendLine(" ;");
        }
        return b.ToString();
    }

    private string DhcpdConf()
    {
        var b = new StringBuilder();
        var head = Partitions[0].Head;
        b.AppendLine(CultureInfo.InvariantCulture, $"# Generated by bootstorm for {Nodes.Length} diskless nodes in {Partitions.Count} partition(s).");
        b.AppendLine("authoritative;");
        b.AppendLine("ping-check false;");
        b.AppendLine("ddns-update-style none;");
        b.AppendLine("default-lease-time 3600;");
        b.AppendLine("max-lease-time 86400;");
        b.AppendLine(CultureInfo.InvariantCulture, $"next-server {head};");
        b.AppendLine("option domain-name \"cluster.example\";");
        b.AppendLine(CultureInfo.InvariantCulture, $"option domain-name-servers {head};");
        b.AppendLine(CultureInfo.InvariantCulture, $"option root-path \"{head}:/srv/nfsroot\";");
        b.AppendLine("option ib-pkey code 224 = unsigned integer 16;");
        b.AppendLine();
        b.AppendLine("class \"pxe-firmware\" {");
        b.AppendLine("  match if substring(option vendor-class-identifier, 0, 9) = \"PXEClient\";");
        b.AppendLine("}");
        b.AppendLine("class \"ipxe\" {");
        b.AppendLine("  match if option user-class = \"iPXE\";");
        b.AppendLine("}");
        b.AppendLine("if exists user-class and option user-class = \"iPXE\" {");
        b.AppendLine(CultureInfo.InvariantCulture, $"  filename \"http://{head}/boot.ipxe\";");
        b.AppendLine("} else {");
        b.AppendLine("  filename \"undionly.kpxe\";");
        b.AppendLine("}");
        foreach (var p in Partitions)
        {
            int count = CountIn(p);
            int size = (int)Math.Min(p.Capacity, count + Math.Max(16L, count / 10));
            var first = new IPv4Address(p.Network.Value + PartitionSpec.FirstDynamicOffset);
            var last = new IPv4Address(first.Value + (uint)size - 1);
            b.AppendLine();
            b.AppendLine(CultureInfo.InvariantCulture, $"# {p.Name}: P_Key 0x{p.PKey.Value:x4} on {p.Interface}, {count} nodes.");
            b.AppendLine(CultureInfo.InvariantCulture, $"subnet {p.Network} netmask {p.Mask} {{");
            b.AppendLine(CultureInfo.InvariantCulture, $"  option routers {p.Head};");
            b.AppendLine(CultureInfo.InvariantCulture, $"  option broadcast-address {p.BroadcastAddress};");
            b.AppendLine(CultureInfo.InvariantCulture, $"  option interface-mtu {p.IPoIBMtu};");
            b.AppendLine(CultureInfo.InvariantCulture, $"  option ib-pkey {p.PKey.Value};");
            b.AppendLine(CultureInfo.InvariantCulture, $"  range {first} {last};");
            b.AppendLine("}");
        }
        return b.ToString();
    }
}
