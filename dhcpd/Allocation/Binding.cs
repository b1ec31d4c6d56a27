using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Allocation;

/// <summary>
/// The allocator's record of one address and who has it. Mutable on purpose: it is the in-memory
/// working set behind the durable lease store, touched only under the allocator's lock.
/// </summary>
public sealed class Binding
{
    internal Binding(ClientKey key, IPv4Address address, AddressPool? pool)
    {
        Key = key;
        Address = address;
        Pool = pool;
    }

    /// <summary>Who holds the address.</summary>
    public ClientKey Key { get; internal set; }

    /// <summary>The address.</summary>
    public IPv4Address Address { get; }

    /// <summary>
    /// The dynamic range (bitmap) that holds the address; null for a fixed address, or when no range of the plan in force
    /// holds it any more (a reload removed it: the binding is kept until it ends). A reload re-points it (<see cref="AddressAllocator.Rebase"/>).
    /// </summary>
    public AddressPool? Pool { get; internal set; }

    /// <summary>Current state.</summary>
    public BindingState State { get; internal set; }

    /// <summary>When the offer hold, lease or abandonment ends.</summary>
    public DateTimeOffset Expires { get; internal set; }

    /// <summary>When the current lease began (ISC <c>starts</c>).</summary>
    public DateTimeOffset Starts { get; internal set; }

    /// <summary>The host name the client sent (option 12) in the request that made the lease; kept, as ISC keeps it, in
    /// the records a release or decline writes.</summary>
    public string? ClientHostname { get; set; }

    /// <summary>The lease's <c>set</c> variables (ISC's binding scope): what hooks set, kept from one event of the lease to the next.</summary>
    public IReadOnlyList<Leases.LeaseVariable> Variables { get; set; } = [];

    /// <summary>
    /// The <c>on release</c>/<c>on expiry</c> handlers in force when the lease was last committed (ISC keeps them with the
    /// lease the same way); null for a lease restored from the store, whose handlers are looked up when it needs them.
    /// </summary>
    public Config.Hooks.HookSet? Hooks { get; set; }

    /// <summary>True when the address is held for <see cref="Key"/> at <paramref name="now"/>.</summary>
    public bool IsHeld(DateTimeOffset now) => State is BindingState.Offered or BindingState.Active && Expires > now;
}
