using IPoIBDhcp.Server.Config.Hooks;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Allocation;

/// <summary>
/// The allocator's record of one address and who has it. Mutable on purpose: it is the in-memory
/// working set behind the durable lease store, touched only under the allocator's lock.
/// </summary>
/// <remarks>
/// A head node restores a million of these at start-up, so the object is 72 bytes: times are UTC ticks (a
/// <see cref="DateTimeOffset"/> field is 16 bytes), and the host name, variables and hooks that few bindings have
/// share one reference that most bindings leave null.
/// </remarks>
public sealed class Binding
{
    private long starts;
    private long expires;
    private BindingDetails? details;

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

    /// <summary>Current state.</summary>
    public BindingState State { get; internal set; }

    /// <summary>
    /// The dynamic range (bitmap) that holds the address; null for a fixed address, or when no range of the plan in force
    /// holds it any more (a reload removed it: the binding is kept until it ends). A reload re-points it (<see cref="AddressAllocator.Rebase"/>).
    /// </summary>
    public AddressPool? Pool { get; internal set; }

    /// <summary>When the offer hold, lease or abandonment ends.</summary>
    public DateTimeOffset Expires { get => new(expires, TimeSpan.Zero); internal set => expires = value.UtcTicks; }

    /// <summary><see cref="Expires"/> as UTC ticks: the allocator's expiry queue orders by it.</summary>
    internal long ExpiresTicks => expires;

    /// <summary>When the current lease began (ISC <c>starts</c>).</summary>
    public DateTimeOffset Starts { get => new(starts, TimeSpan.Zero); internal set => starts = value.UtcTicks; }

    /// <summary>The host name the client sent (option 12) in the request that made the lease; kept, as ISC keeps it, in
    /// the records a release or decline writes.</summary>
    public string? ClientHostname
    {
        get => details?.ClientHostname;
        set => Change(details is null && value is null ? null : (details ?? BindingDetails.None) with { ClientHostname = value });
    }

    /// <summary>The lease's <c>set</c> variables (ISC's binding scope): what hooks set, kept from one event of the lease to the next.</summary>
    public IReadOnlyList<LeaseVariable> Variables
    {
        get => details?.Variables ?? [];
        set => Change(details is null && value.Count == 0 ? null : (details ?? BindingDetails.None) with { Variables = value.Count == 0 ? null : value });
    }

    /// <summary>
    /// The <c>on release</c>/<c>on expiry</c> handlers in force when the lease was last committed (ISC keeps them with the
    /// lease the same way); null for a lease restored from the store, whose handlers are looked up when it needs them.
    /// </summary>
    public HookSet? Hooks
    {
        get => details?.Hooks;
        set => Change(details is null && value is null ? null : (details ?? BindingDetails.None) with { Hooks = value });
    }

    /// <summary>True when the address is held for <see cref="Key"/> at <paramref name="now"/>.</summary>
    public bool IsHeld(DateTimeOffset now) => State is BindingState.Offered or BindingState.Active && expires > now.UtcTicks;

    private void Change(BindingDetails? next) =>
        details = next is { ClientHostname: null, Variables: null, Hooks: null } ? null : next;

    /// <summary>What few bindings carry, behind one reference.</summary>
    private sealed record BindingDetails
    {
        public static readonly BindingDetails None = new();

        public string? ClientHostname { get; init; }
        public IReadOnlyList<LeaseVariable>? Variables { get; init; }
        public HookSet? Hooks { get; init; }
    }
}
