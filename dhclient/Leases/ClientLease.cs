using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Client.Leases;

/// <summary>
/// A lease as dhclient keeps it: the address, every option the server sent (by code, as bytes) and the
/// three times, in UTC. The same shape comes from a DHCPACK, from a <c>lease { }</c> block in
/// dhclient.leases, and from a fallback <c>lease { }</c> in dhclient.conf (<see cref="IsStatic"/>).
/// </summary>
public sealed class ClientLease
{
    /// <summary>The interface the lease belongs to (<c>interface "ib1";</c>); null when a conf lease names none.</summary>
    public string? Interface { get; set; }

    /// <summary>The leased address (<c>fixed-address</c>, yiaddr of the ACK).</summary>
    public IPv4Address Address { get; set; }

    /// <summary>Options by code, in code order (how the lease file lists them).</summary>
    public SortedDictionary<byte, byte[]> Options { get; init; } = [];

    /// <summary>T1: when RENEWING starts.</summary>
    public DateTimeOffset Renewal { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>T2: when REBINDING starts.</summary>
    public DateTimeOffset Rebinding { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>When the address must be given up.</summary>
    public DateTimeOffset Expiry { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>True for a fallback lease from dhclient.conf: never written to the lease file (as ISC).</summary>
    public bool IsStatic { get; set; }

    /// <summary>True when it came from a BOOTP reply (<c>bootp;</c>).</summary>
    public bool IsBootp { get; set; }

    /// <summary>The <c>file</c> field of the reply (<c>filename "…";</c>).</summary>
    public string? FileName { get; set; }

    /// <summary>The <c>sname</c> field of the reply (<c>server-name "…";</c>).</summary>
    public string? ServerName { get; set; }

    /// <summary>siaddr of the reply; unknown for leases read from a file (ISC does not store it).</summary>
    public IPv4Address? NextServer { get; set; }

    /// <summary>The option's bytes, when present.</summary>
    public bool TryGetOption(byte code, out byte[] value) => Options.TryGetValue(code, out value!);

    /// <summary>Option 54, the server to unicast renewals and releases to.</summary>
    public IPv4Address? ServerIdentifier =>
        Options.TryGetValue(DhcpOptionCode.ServerIdentifier, out var v) && v.Length == 4 ? IPv4Address.Read(v) : null;

    /// <summary>Option 1.</summary>
    public IPv4Address? SubnetMask =>
        Options.TryGetValue(DhcpOptionCode.SubnetMask, out var v) && v.Length >= 4 ? IPv4Address.Read(v) : null;

    /// <summary>A deep copy, so a lease handed to the script or the file cannot change under the state machine.</summary>
    public ClientLease Clone() => new()
    {
        Interface = Interface,
        Address = Address,
        Options = new SortedDictionary<byte, byte[]>(Options.ToDictionary(kv => kv.Key, kv => (byte[])kv.Value.Clone())),
        Renewal = Renewal,
        Rebinding = Rebinding,
        Expiry = Expiry,
        IsStatic = IsStatic,
        IsBootp = IsBootp,
        FileName = FileName,
        ServerName = ServerName,
        NextServer = NextServer,
    };
}
