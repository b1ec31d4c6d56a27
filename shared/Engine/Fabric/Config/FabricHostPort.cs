using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>One HCA port of an emulated host: the parent interface (<c>ib0</c>), its burned-in GUID and link MTU.</summary>
/// <param name="Interface">Parent interface name; child interfaces (<c>ib0.8001</c>) are opened on top of it.</param>
/// <param name="Guid">Port GUID: the identity partitions.conf and DHCP client-identifiers refer to.</param>
/// <param name="LinkMtu">Active IB link MTU in bytes (2048 or 4096; 256..4096 allowed).</param>
public sealed record FabricHostPort(string Interface, PortGuid Guid, int LinkMtu);
