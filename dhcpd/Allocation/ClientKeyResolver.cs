using System.Collections.Concurrent;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Allocation;

/// <summary>
/// Maps what a request carries to the <see cref="ClientKey"/> its lease is kept under. It remembers
/// every port GUID it has seen (from hosts, leases and requests) so that iPXE, which presents IPoIB as
/// Ethernet with a MAC made of six of the GUID's eight bytes, is recognised as the same node.
/// </summary>
public sealed class ClientKeyResolver
{
    private readonly ConcurrentDictionary<ulong, ulong> guidByMac = new();

    /// <summary>Remembers a port GUID so that its iPXE MAC resolves to it.</summary>
    public void LearnGuid(PortGuid guid)
    {
        Span<byte> mac = stackalloc byte[6];
        guid.WriteEui48Mac(mac);
        guidByMac.TryAdd(ClientKey.Mac48(mac), guid.Value);
    }

    /// <summary>
    /// Resolves the key of a request. Returns false for an IPoIB request (htype 32) without a
    /// client-id, which RFC 4390 forbids and which could not be told from any other such client.
    /// </summary>
    public bool TryResolve(ReadOnlySpan<byte> clientId, byte htype, ReadOnlySpan<byte> chaddr, out ClientKey key)
    {
        if (!clientId.IsEmpty)
        {
            if (ClientIdentifier.TryGetPortGuid(clientId, out var guid))
            {
                LearnGuid(guid);
                key = ClientKey.ForGuid(guid);
                return true;
            }
            if (clientId.Length == 7 && clientId[0] == ClientIdentifier.TypeEthernet && TryGuidOfMac(clientId[1..], out key))
                return true;
            key = ClientKey.ForClientIdentifier(clientId);
            return true;
        }
        if (htype == HardwareType.InfiniBand || chaddr.IsEmpty)
        {
            key = default;
            return false;
        }
        if (htype == HardwareType.Ethernet && chaddr.Length == 6 && TryGuidOfMac(chaddr, out key)) return true;
        key = ClientKey.ForHardware(htype, chaddr);
        return true;
    }

    private bool TryGuidOfMac(ReadOnlySpan<byte> mac, out ClientKey key)
    {
        if (guidByMac.TryGetValue(ClientKey.Mac48(mac), out ulong guid))
        {
            key = ClientKey.ForGuid(new PortGuid(guid));
            return true;
        }
        key = default;
        return false;
    }
}
