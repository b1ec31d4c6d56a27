using System.Runtime.InteropServices;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Leases;

/// <summary>
/// One lease as ISC dhcpd keeps it in <c>dhcpd.leases</c>: immutable, so a committed value can be
/// shared by the indexes, the journal writer and readers without copies or locks; updates are
/// <c>with</c> expressions that produce the next version of the lease.
/// </summary>
/// <remarks>
/// A head node keeps a million of these in memory, so the object is 64 bytes: times have ISC's one-second
/// resolution and are held as Unix seconds (sub-second parts are dropped on assignment; ISC's <c>never</c> is
/// <see cref="DateTimeOffset.MaxValue"/>), the states are bytes, the client-id is one array, and what an IPoIB
/// client's active lease does not carry (failover times, a hardware address, a host name, <c>set</c> variables)
/// lives in one shared <see cref="LeaseDetails"/> object that most leases do not have.
/// Equality compares identifiers and variables by content, so a lease read back from a file equals
/// the one that was written.
/// </remarks>
/// <param name="Address">The leased IPv4 address; the key of the lease file (last record wins).</param>
public sealed record Lease(IPv4Address Address)
{
    private const long NotSet = long.MinValue;
    private const long NeverSeconds = long.MaxValue;

    private readonly LeaseBindingState _state = LeaseBindingState.Free;
    // 0 (no such LeaseBindingState) stands for "not written".
    private readonly LeaseBindingState _next;
    private readonly LeaseBindingState _rewind;
    private readonly byte _hardwareType;
    private readonly long _starts = NotSet;
    private readonly long _ends = NotSet;
    private readonly long _cltt = NotSet;
    private readonly byte[] _clientId = [];
    private readonly LeaseDetails? _details;

    /// <summary>The client identifier (option 61, ISC's <c>uid</c>); empty when the client sent none.
    /// IPoIB clients always send one (RFC 4390), so this is the identity the server matches on.</summary>
    public ReadOnlyMemory<byte> ClientId { get => _clientId; init => _clientId = WholeArray(value); }

    /// <summary>The ARP hardware type of <see cref="HardwareAddress"/> (1 Ethernet, 32 InfiniBand);
    /// 0 when the lease has no <c>hardware</c> statement.</summary>
    public byte HardwareType { get => _hardwareType; init => _hardwareType = value; }

    /// <summary>The client hardware address; empty when unknown (IPoIB sends hlen 0).</summary>
    public ReadOnlyMemory<byte> HardwareAddress
    {
        get => _details?.HardwareAddress ?? [];
        init => _details = value.IsEmpty && _details is null ? null : Kept(Details with { HardwareAddress = value.IsEmpty ? null : WholeArray(value) });
    }

    /// <summary>When the lease began (ISC <c>starts</c>).</summary>
    public DateTimeOffset? Starts { get => FromSeconds(_starts); init => _starts = ToSeconds(value); }

    /// <summary>When the lease ends (ISC <c>ends</c>); <see cref="DateTimeOffset.MaxValue"/> for "never".</summary>
    public DateTimeOffset? Ends { get => FromSeconds(_ends); init => _ends = ToSeconds(value); }

    /// <summary>Failover: the end time told to the partner (ISC <c>tstp</c>).</summary>
    public DateTimeOffset? Tstp
    {
        get => FromSeconds(_details?.Tstp ?? NotSet);
        init => _details = value is null && _details is null ? null : Kept(Details with { Tstp = ToSeconds(value) });
    }

    /// <summary>Failover: the end time the partner acknowledged (ISC <c>tsfp</c>).</summary>
    public DateTimeOffset? Tsfp
    {
        get => FromSeconds(_details?.Tsfp ?? NotSet);
        init => _details = value is null && _details is null ? null : Kept(Details with { Tsfp = ToSeconds(value) });
    }

    /// <summary>Failover: the actual time sent from the partner (ISC <c>atsfp</c>).</summary>
    public DateTimeOffset? Atsfp
    {
        get => FromSeconds(_details?.Atsfp ?? NotSet);
        init => _details = value is null && _details is null ? null : Kept(Details with { Atsfp = ToSeconds(value) });
    }

    /// <summary>Client last transaction time (ISC <c>cltt</c>).</summary>
    public DateTimeOffset? Cltt { get => FromSeconds(_cltt); init => _cltt = ToSeconds(value); }

    /// <summary>The current binding state; ISC treats a lease without one as free.</summary>
    public LeaseBindingState BindingState { get => _state; init => _state = value; }

    /// <summary>The state the lease moves to when it ends; null means "same as
    /// <see cref="BindingState"/>" (ISC only writes it when it differs).</summary>
    public LeaseBindingState? NextBindingState { get => Optional(_next); init => _next = value ?? 0; }

    /// <summary>The state to restore if a failover partner rewinds the lease; null when not written.</summary>
    public LeaseBindingState? RewindBindingState { get => Optional(_rewind); init => _rewind = value ?? 0; }

    /// <summary>The host name the client sent (option 12), if any.</summary>
    public string? ClientHostname
    {
        get => _details?.ClientHostname;
        init => _details = value is null && _details is null ? null : Kept(Details with { ClientHostname = value });
    }

    /// <summary>The <c>set name = value;</c> bindings in file order.</summary>
    public IReadOnlyList<LeaseVariable> Variables
    {
        get => _details?.Variables ?? [];
        init => _details = value is not { Count: > 0 } && _details is null ? null : Kept(Details with { Variables = value is { Count: > 0 } ? value : null });
    }

    /// <summary>True when the client identifier is present.</summary>
    public bool HasClientId => _clientId.Length != 0;

    /// <summary>True when <see cref="Ends"/> is set and not later than <paramref name="now"/>; a lease
    /// without an end time or ending "never" is not expired.</summary>
    public bool IsExpiredAt(DateTimeOffset now) =>
        _ends != NotSet && _ends != NeverSeconds && _ends <= now.ToUnixTimeSeconds();

    /// <inheritdoc/>
    public bool Equals(Lease? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null) return false;
        return Address == other.Address
            && _starts == other._starts && _ends == other._ends && _cltt == other._cltt
            && _state == other._state && _next == other._next && _rewind == other._rewind
            && _hardwareType == other._hardwareType
            && _clientId.AsSpan().SequenceEqual(other._clientId)
            && (_details ?? LeaseDetails.None).Equals(other._details ?? LeaseDetails.None);
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Address);
        hash.Add(_starts);
        hash.Add(_ends);
        hash.Add(_state);
        hash.AddBytes(_clientId);
        return hash.ToHashCode();
    }

    // The details to derive the next ones from while an initializer runs: the ones set so far, or none.
    private LeaseDetails Details => _details ?? LeaseDetails.None;

    // Null when the details hold nothing: readers and the core set every property, mostly to nothing, and
    // each initializer above allocates only when it has something to keep.
    private static LeaseDetails? Kept(LeaseDetails details) => details.Equals(LeaseDetails.None) ? null : details;

    private static LeaseBindingState? Optional(LeaseBindingState state) => state == 0 ? null : state;

    // The array itself when the memory is a whole array (as readers and the core make them), else a copy: one
    // 8-byte reference in the lease instead of a 16-byte ReadOnlyMemory.
    private static byte[] WholeArray(ReadOnlyMemory<byte> value)
    {
        if (value.IsEmpty) return [];
        return MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : value.ToArray();
    }

    private static DateTimeOffset? FromSeconds(long seconds) => seconds switch
    {
        NotSet => null,
        NeverSeconds => DateTimeOffset.MaxValue,
        _ => DateTimeOffset.FromUnixTimeSeconds(seconds),
    };

    private static long ToSeconds(DateTimeOffset? value) => value switch
    {
        null => NotSet,
        { } v when v == DateTimeOffset.MaxValue => NeverSeconds,
        { } v => v.ToUnixTimeSeconds(),
    };

    /// <summary>What few leases carry, kept out of the lease itself; immutable and shared between versions of a lease.</summary>
    private sealed record LeaseDetails
    {
        public static readonly LeaseDetails None = new();

        public long Tstp { get; init; } = NotSet;
        public long Tsfp { get; init; } = NotSet;
        public long Atsfp { get; init; } = NotSet;
        public byte[]? HardwareAddress { get; init; }
        public string? ClientHostname { get; init; }
        public IReadOnlyList<LeaseVariable>? Variables { get; init; }

        public bool Equals(LeaseDetails? other) =>
            other is not null && Tstp == other.Tstp && Tsfp == other.Tsfp && Atsfp == other.Atsfp
            && HardwareAddress.AsSpan().SequenceEqual(other.HardwareAddress)
            && string.Equals(ClientHostname, other.ClientHostname, StringComparison.Ordinal)
            && (Variables ?? []).SequenceEqual(other.Variables ?? []);

        public override int GetHashCode() => HashCode.Combine(Tstp, ClientHostname);
    }
}
