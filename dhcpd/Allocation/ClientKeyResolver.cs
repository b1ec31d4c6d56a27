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
    // A plain dictionary under a lock: one 24-byte entry per GUID instead of a ConcurrentDictionary node object
    // each (a head node restoring a million leases learns a million GUIDs), and the lock is uncontended.
    private readonly Dictionary<ulong, ulong> guidByMac = [];
    private readonly Lock gate = new();

    /// <summary>Makes room for <paramref name="count"/> more GUIDs at once (before a large restore).</summary>
    public void Reserve(int count)
    {
        lock (gate) guidByMac.EnsureCapacity(guidByMac.Count + count);
    }

    /// <summary>Remembers a port GUID so that its iPXE MAC resolves to it.</summary>
    public void LearnGuid(PortGuid guid)
    {
        Span<byte> mac = stackalloc byte[6];
        guid.WriteEui48Mac(mac);
        ulong key = ClientKey.Mac48(mac);
        lock (gate) guidByMac.TryAdd(key, guid.Value);
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
        ulong found;
        bool known;
        lock (gate) known = guidByMac.TryGetValue(ClientKey.Mac48(mac), out found);
        if (known)
        {
            key = ClientKey.ForGuid(new PortGuid(found));
            return true;
        }
        key = default;
        return false;
    }
}
