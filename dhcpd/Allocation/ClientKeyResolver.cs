using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Server.Allocation;

/// <summary>
/// Maps what a request carries to the <see cref="ClientKey"/> its lease is kept under. It remembers the port
/// GUIDs it sees (from hosts, leases and requests) so that iPXE, which presents IPoIB as Ethernet with a MAC
/// made of six of the GUID's eight bytes, is recognised as the same node.
/// </summary>
/// <remarks>
/// Memory is bounded: requests from clients the server has nothing for (a full pool, an unknown segment) would
/// otherwise add a GUID each for ever. Once the GUIDs grow past <see cref="PruneAbove"/>, the server calls
/// <see cref="Prune"/> with what it still knows (a host, a binding: an offer, a lease, a released or expired
/// one still kept); the rest are forgotten. So clients with an offer or a lease keep the iPXE normalisation, and
/// at most <see cref="UnboundAllowance"/> GUIDs (or a quarter of those kept, if more) are held for anyone else.
/// </remarks>
public sealed class ClientKeyResolver
{
    /// <summary>GUIDs held beyond the known clients' before a prune (at least; a quarter of the known ones if more).</summary>
    public const int UnboundAllowance = 4096;

    // A plain dictionary under a lock: one 24-byte entry per GUID instead of a ConcurrentDictionary node object
    // each (a head node restoring a million leases learns a million GUIDs), and the lock is uncontended.
    private readonly Dictionary<ulong, ulong> guidByMac = [];
    private readonly Lock gate = new();
    private int pruneAbove = UnboundAllowance;

    /// <summary>GUIDs remembered.</summary>
    public int Count
    {
        get
        {
            lock (gate) return guidByMac.Count;
        }
    }

    /// <summary>The count past which <see cref="NeedsPrune"/> is true: those kept at the last prune plus the allowance.</summary>
    public int PruneAbove
    {
        get
        {
            lock (gate) return pruneAbove;
        }
    }

    /// <summary>True when the GUIDs have grown past <see cref="PruneAbove"/>: the server should call <see cref="Prune"/>.</summary>
    public bool NeedsPrune
    {
        get
        {
            lock (gate) return guidByMac.Count > pruneAbove;
        }
    }

    /// <summary>
    /// Forgets every GUID <paramref name="isKnown"/> says the server has nothing for, and sets the next bound.
    /// The caller holds whatever lock guards what <paramref name="isKnown"/> reads. Returns how many were forgotten.
    /// </summary>
    public int Prune(Func<PortGuid, bool> isKnown)
    {
        lock (gate)
        {
            int before = guidByMac.Count;
            foreach (var (mac, guid) in guidByMac)
                if (!isKnown(new PortGuid(guid))) guidByMac.Remove(mac);
            int kept = guidByMac.Count;
            pruneAbove = kept + Math.Max(UnboundAllowance, kept / 4);
            return before - kept;
        }
    }

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

    /// <summary>Remembers the GUID of a client the server has just bound (a no-op for keys that are not GUIDs).</summary>
    public void Remember(ClientKey key)
    {
        if (key.Kind == ClientKeyKind.PortGuid) LearnGuid(new PortGuid(key.Guid));
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
