namespace IPoIBDhcp.Client.Protocol;

/// <summary>
/// T1, T2 and the lease end as offsets in whole seconds from the ACK, with <see cref="Infinite"/> for "never"
/// (0xffffffff is an infinite lease, RFC 2131 section 3.3). The server's values are taken when they make sense
/// and replaced by RFC 2131 section 4.4.5's defaults (T1 = 0.5, T2 = 0.875 of the lease) when they do not, as
/// ISC dhclient's dhcpack does: a T2 at or past the lease's end becomes 0.875 of the lease, and a T1 at or past
/// T2 becomes three quarters of T2.
/// </summary>
/// <param name="Renewal">T1 in seconds, or <see cref="Infinite"/>.</param>
/// <param name="Rebinding">T2 in seconds, or <see cref="Infinite"/>.</param>
/// <param name="Lease">The lease time in seconds, or <see cref="Infinite"/>.</param>
public readonly record struct LeaseTimes(uint Renewal, uint Rebinding, uint Lease)
{
    /// <summary>The wire value that means "infinite".</summary>
    public const uint Infinite = uint.MaxValue;

    /// <summary>
    /// Derives consistent times from a non-zero <paramref name="lease"/> (option 51) and the server's optional
    /// T1 (option 58) and T2 (option 59); a zero T1 or T2 counts as absent, as in ISC. A renewal sooner than one
    /// second after binding is moved to one second, so a very short lease cannot make the client renew in a loop.
    /// </summary>
    public static LeaseTimes From(uint lease, uint? renewal, uint? rebinding)
    {
        if (lease == 0) throw new ArgumentOutOfRangeException(nameof(lease), "a lease time of 0 is no lease");
        bool infinite = lease == Infinite;
        uint t2 = rebinding is { } b && b > 0 ? b : infinite ? Infinite : (uint)(lease * 7UL / 8);
        if (!infinite && t2 >= lease) t2 = (uint)(lease * 7UL / 8);
        uint t1 = renewal is { } r && r > 0 ? r : infinite ? Infinite : lease / 2;
        if (t1 >= t2 && t2 != Infinite) t1 = (uint)(t2 * 3UL / 4);
        if (t1 < 1) t1 = Math.Min(1, lease);
        if (t2 < t1) t2 = t1;
        return new LeaseTimes(t1, t2, lease);
    }

    /// <summary>The instant <paramref name="seconds"/> after <paramref name="start"/>, or <see cref="DateTimeOffset.MaxValue"/> for "never".</summary>
    public static DateTimeOffset After(DateTimeOffset start, uint seconds) =>
        seconds == Infinite ? DateTimeOffset.MaxValue : start + TimeSpan.FromSeconds(seconds);
}
