namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>
/// A parsed fabric.conf: the emulated fabric's name, its hosts and HCA ports, and where its OpenSM-style
/// partitions file lives. The name keeps independent fabrics on one machine apart.
/// </summary>
public sealed class FabricDefinition
{
    private readonly Dictionary<string, FabricHost> hostsByName;

    /// <summary>Creates a definition; host names must be unique.</summary>
    /// <param name="name">Fabric name (the loopback transport's registry directory and frame tag derive from it).</param>
    /// <param name="partitionsPath">Full path of the partitions file, or null when none is given (then every port is a full member of the default partition, as OpenSM does without a file).</param>
    /// <param name="hosts">Hosts in file order, generated nodes expanded in place.</param>
    /// <param name="faults">Fabric-wide fault injection.</param>
    /// <exception cref="ArgumentException">Two hosts share a name.</exception>
    public FabricDefinition(string name, string? partitionsPath, IReadOnlyList<FabricHost> hosts, FabricFaults faults)
    {
        Name = name;
        PartitionsPath = partitionsPath;
        Hosts = hosts;
        Faults = faults;
        hostsByName = new Dictionary<string, FabricHost>(hosts.Count, StringComparer.Ordinal);
        foreach (FabricHost host in hosts)
        {
            if (!hostsByName.TryAdd(host.Name, host))
                throw new ArgumentException($"host '{host.Name}' is defined twice", nameof(hosts));
        }
    }

    /// <summary>Fabric name.</summary>
    public string Name { get; }

    /// <summary>Full path of the partitions file, or null for "no file" (everyone full member of Default).</summary>
    public string? PartitionsPath { get; }

    /// <summary>Hosts in file order; the first is the default host of a process that names none.</summary>
    public IReadOnlyList<FabricHost> Hosts { get; }

    /// <summary>Fabric-wide fault injection (<see cref="FabricFaults.None"/> when not configured).</summary>
    public FabricFaults Faults { get; }

    /// <summary>The host called <paramref name="name"/>, or null; a hash lookup, since storms open 100,000 hosts.</summary>
    public FabricHost? FindHost(string name) => hostsByName.GetValueOrDefault(name);
}
