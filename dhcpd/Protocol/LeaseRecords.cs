using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Server.Planning;

namespace IPoIBDhcp.Server.Protocol;

/// <summary>
/// Converts between the allocator's bindings and the lease records the store keeps (ISC dhcpd.leases), beside the
/// decisions that make them: the core turns the binding it decided into the <see cref="Lease"/> its decision carries,
/// so the host commits that record as it is, and start-up turns the stored records back into bindings.
/// </summary>
public static class LeaseRecords
{
    /// <summary>
    /// The lease record of a binding, as ISC would write it after the same event. Made under the core's lock, so it is
    /// a snapshot of the binding that a later request cannot change while the record waits for its commit.
    /// </summary>
    public static Lease ToLease(Binding b, ReadOnlySpan<byte> clientId, byte htype, ReadOnlySpan<byte> chaddr, DateTimeOffset now)
    {
        var state = b.State switch
        {
            BindingState.Active or BindingState.Offered => LeaseBindingState.Active,
            BindingState.Abandoned => LeaseBindingState.Abandoned,
            _ => LeaseBindingState.Free,
        };
        return new Lease(b.Address)
        {
            ClientId = clientId.ToArray(),
            HardwareType = chaddr.IsEmpty ? (byte)0 : htype,
            HardwareAddress = chaddr.ToArray(),
            Starts = b.Starts,
            Ends = state == LeaseBindingState.Active ? b.Expires : now,
            Tstp = state == LeaseBindingState.Active ? null : now,
            Cltt = now,
            BindingState = state,
            NextBindingState = state == LeaseBindingState.Active ? LeaseBindingState.Free : null,
            RewindBindingState = state == LeaseBindingState.Active ? LeaseBindingState.Free : null,
            ClientHostname = b.ClientHostname,
            Variables = b.Variables,
        };
    }

    /// <summary>
    /// The host name a request carries (option 12), as ISC records it for <c>client-hostname</c>: the bytes up to the first
    /// NUL (ISC keeps a C string), or null when the client sent none.
    /// </summary>
    public static string? ClientHostnameOf(Wire.Dhcp.DhcpMessage request)
    {
        if (!request.TryGetOption(Wire.Dhcp.DhcpOptionCode.HostName, out var name)) return null;
        int nul = name.IndexOf((byte)0);
        if (nul >= 0) name = name[..nul];
        return name.IsEmpty ? null : System.Text.Encoding.Latin1.GetString(name);
    }

    /// <summary>The binding state a stored lease restores to at <paramref name="now"/>, or null to skip it.</summary>
    public static BindingState? RestoredState(Lease lease, DateTimeOffset now) => lease.BindingState switch
    {
        LeaseBindingState.Active => lease.Ends is { } ends && ends > now ? BindingState.Active : BindingState.Expired,
        LeaseBindingState.Abandoned => BindingState.Abandoned,
        LeaseBindingState.Free or LeaseBindingState.Released => BindingState.Released,
        LeaseBindingState.Expired => BindingState.Expired,
        _ => null,
    };

    /// <summary>The key a stored lease was held under (the same rules as for requests).</summary>
    public static bool TryKeyOf(Lease lease, ClientKeyResolver resolver, out ClientKey key) =>
        resolver.TryResolve(lease.ClientId.Span, lease.HardwareType, lease.HardwareAddress.Span, out key);

    /// <summary>
    /// Restores every stored lease into the allocator; returns how many were restored. A lease whose address no
    /// subnet holds is not served (as ISC's <c>enter_lease</c>: "lease A.B.C.D: no subnet."): it is reported to
    /// <paramref name="noSubnet"/> and left out of the allocator, but it stays in the store, so a configuration
    /// that drops a subnet by mistake loses no lease once the subnet is back.
    /// </summary>
    public static int Restore(IReadOnlyCollection<Lease> leases, ServerPlan plan, AddressAllocator allocator, ClientKeyResolver resolver, DateTimeOffset now,
        Action<Lease>? noSubnet = null)
    {
        int restored = 0;
        allocator.Reserve(leases.Count);
        resolver.Reserve(leases.Count);
        // Lease files hold neighbouring addresses one after the other: try the range of the previous lease first.
        AddressPool? lastPool = null;
        foreach (var lease in leases)
        {
            AddressPool? pool;
            if (lastPool is not null && lastPool.Contains(lease.Address)) pool = lastPool;
            else if (plan.SubnetContaining(lease.Address) is { } subnet) pool = subnet.Link.PoolOf(lease.Address).Range is { } range ? allocator.PoolFor(range) : null;
            else
            {
                noSubnet?.Invoke(lease);
                continue;
            }
            if (RestoredState(lease, now) is not { } state || !TryKeyOf(lease, resolver, out var key)) continue;
            lastPool = pool ?? lastPool;
            var starts = lease.Starts ?? now;
            // An infinite lease ('ends never;') stays infinite, abandoned or not: never past DateTimeOffset.MaxValue.
            var ends = state == BindingState.Abandoned && lease.Ends != DateTimeOffset.MaxValue ? (lease.Ends ?? now) + allocator.AbandonTime : lease.Ends ?? now;
            var binding = allocator.Restore(key, lease.Address, pool, state, starts, ends);
            binding.ClientHostname = lease.ClientHostname;
            binding.Variables = lease.Variables;
            restored++;
        }
        return restored;
    }
}
