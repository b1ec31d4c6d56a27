using System.Collections.Immutable;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// A known client. On IPoIB the client identifier (RFC 4390: type 0xff, IAID, DUID holding the port GUID) is
/// the usual key, since the 20-byte hardware address changes with the queue pair number.
/// </summary>
/// <param name="Name">Host name as written.</param>
/// <param name="Scope">The host's scope; its <c>option dhcp-client-identifier</c> is moved to <paramref name="ClientIdentifier"/>.</param>
/// <param name="ClientIdentifier">Option 61 bytes to match, or null.</param>
/// <param name="Hardware">The <c>hardware</c> line, or null.</param>
/// <param name="FixedAddresses">Addresses reserved for the host, in written order (one per subnet it may appear on).</param>
/// <param name="Position">Where the declaration is.</param>
public sealed record Host(string Name, ConfigScope Scope, ImmutableArray<byte>? ClientIdentifier, HardwareAddress? Hardware, ImmutableArray<IPv4Address> FixedAddresses, SourcePosition Position)
{
    /// <summary>The <c>host-identifier option NAME DATA;</c> that also recognises the host, or null.</summary>
    public HostIdentifier? Identifier { get; init; }
}
