using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Leases;

/// <summary>
/// One lease as ISC dhcpd keeps it in <c>dhcpd.leases</c>: immutable, so a committed value can be
/// shared by the indexes, the journal writer and readers without copies or locks; updates are
/// <c>with</c> expressions that produce the next version of the lease.
/// </summary>
/// <remarks>
/// Times have ISC's one-second resolution and are held as Unix seconds (8 bytes instead of a
/// 24-byte nullable <see cref="DateTimeOffset"/>) because a server keeps a million of these in memory;
/// sub-second parts are dropped on assignment. ISC's <c>never</c> is <see cref="DateTimeOffset.MaxValue"/>.
/// Equality compares identifiers and variables by content, so a lease read back from a file equals
/// the one that was written.
/// </remarks>
/// <param name="Address">The leased IPv4 address; the key of the lease file (last record wins).</param>
public sealed record Lease(IPv4Address Address)
{
    private const long NotSet = long.MinValue;
    private const long NeverSeconds = long.MaxValue;

    private readonly long _starts = NotSet;
    private readonly long _ends = NotSet;
    private readonly long _tstp = NotSet;
    private readonly long _tsfp = NotSet;
    private readonly long _atsfp = NotSet;
    private readonly long _cltt = NotSet;

    /// <summary>The client identifier (option 61, ISC's <c>uid</c>); empty when the client sent none.
    /// IPoIB clients always send one (RFC 4390), so this is the identity the server matches on.</summary>
    public ReadOnlyMemory<byte> ClientId { get; init; }

    /// <summary>The ARP hardware type of <see cref="HardwareAddress"/> (1 Ethernet, 32 InfiniBand);
    /// 0 when the lease has no <c>hardware</c> statement.</summary>
    public byte HardwareType { get; init; }

    /// <summary>The client hardware address; empty when unknown (IPoIB sends hlen 0).</summary>
    public ReadOnlyMemory<byte> HardwareAddress { get; init; }

    /// <summary>When the lease began (ISC <c>starts</c>).</summary>
    public DateTimeOffset? Starts { get => FromSeconds(_starts); init => _starts = ToSeconds(value); }

    /// <summary>When the lease ends (ISC <c>ends</c>); <see cref="DateTimeOffset.MaxValue"/> for "never".</summary>
    public DateTimeOffset? Ends { get => FromSeconds(_ends); init => _ends = ToSeconds(value); }

    /// <summary>Failover: the end time told to the partner (ISC <c>tstp</c>).</summary>
    public DateTimeOffset? Tstp { get => FromSeconds(_tstp); init => _tstp = ToSeconds(value); }

    /// <summary>Failover: the end time the partner acknowledged (ISC <c>tsfp</c>).</summary>
    public DateTimeOffset? Tsfp { get => FromSeconds(_tsfp); init => _tsfp = ToSeconds(value); }

    /// <summary>Failover: the actual time sent from the partner (ISC <c>atsfp</c>).</summary>
    public DateTimeOffset? Atsfp { get => FromSeconds(_atsfp); init => _atsfp = ToSeconds(value); }

    /// <summary>Client last transaction time (ISC <c>cltt</c>).</summary>
    public DateTimeOffset? Cltt { get => FromSeconds(_cltt); init => _cltt = ToSeconds(value); }

    /// <summary>The current binding state; ISC treats a lease without one as free.</summary>
    public LeaseBindingState BindingState { get; init; } = LeaseBindingState.Free;

    /// <summary>The state the lease moves to when it ends; null means "same as
    /// <see cref="BindingState"/>" (ISC only writes it when it differs).</summary>
    public LeaseBindingState? NextBindingState { get; init; }

    /// <summary>The state to restore if a failover partner rewinds the lease; null when not written.</summary>
    public LeaseBindingState? RewindBindingState { get; init; }

    /// <summary>The host name the client sent (option 12), if any.</summary>
    public string? ClientHostname { get; init; }

    /// <summary>The <c>set name = value;</c> bindings in file order.</summary>
    public IReadOnlyList<LeaseVariable> Variables { get; init; } = [];

    /// <summary>True when the client identifier is present.</summary>
    public bool HasClientId => !ClientId.IsEmpty;

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
            && _starts == other._starts && _ends == other._ends && _tstp == other._tstp
            && _tsfp == other._tsfp && _atsfp == other._atsfp && _cltt == other._cltt
            && BindingState == other.BindingState
            && NextBindingState == other.NextBindingState
            && RewindBindingState == other.RewindBindingState
            && HardwareType == other.HardwareType
            && ClientId.Span.SequenceEqual(other.ClientId.Span)
            && HardwareAddress.Span.SequenceEqual(other.HardwareAddress.Span)
            && string.Equals(ClientHostname, other.ClientHostname, StringComparison.Ordinal)
            && Variables.SequenceEqual(other.Variables);
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Address);
        hash.Add(_starts);
        hash.Add(_ends);
        hash.Add(BindingState);
        hash.AddBytes(ClientId.Span);
        return hash.ToHashCode();
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
}
