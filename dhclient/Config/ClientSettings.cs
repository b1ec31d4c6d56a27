using System.Collections.Immutable;
using IPoIBDhcp.Identity;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Client.Config;

/// <summary>
/// What dhclient.conf says for one interface (or at top level): the timing knobs, the options to send,
/// request and require, and the script. Immutable so an <c>interface</c> block can start from a snapshot of
/// the top level, as ISC copies its top-level config when it meets the block.
/// </summary>
public sealed record ClientSettings
{
    /// <summary>ISC's default parameter request list for DHCPv4: subnet-mask, broadcast-address, time-offset, routers, domain-name, domain-name-servers, host-name.</summary>
    public static ImmutableArray<byte> DefaultRequest { get; } = [1, 28, 2, 3, 15, 6, 12];

    /// <summary><c>timeout</c>: seconds to look for a server before falling back to saved or static leases (ISC: 60).</summary>
    public int Timeout { get; init; } = 60;

    /// <summary><c>retry</c>: seconds to wait after a failed attempt before trying again (ISC: 300).</summary>
    public int Retry { get; init; } = 300;

    /// <summary><c>select-timeout</c>: seconds to collect offers after the first DISCOVER; 0 takes the first offer (ISC: 0).</summary>
    public int SelectTimeout { get; init; }

    /// <summary><c>reboot</c>: seconds INIT-REBOOT (and REQUESTING) may take before starting over at INIT (ISC: 10).</summary>
    public int Reboot { get; init; } = 10;

    /// <summary>
    /// <c>backoff-cutoff</c>: the largest retransmission interval. Default 64 s, RFC 2131 section 4.1's
    /// ceiling (ISC uses 15; write <c>backoff-cutoff 15;</c> for ISC's pacing).
    /// </summary>
    public int BackoffCutoff { get; init; } = 64;

    /// <summary>
    /// <c>initial-interval</c>: the first retransmission interval, doubled after each try. Default 4 s as
    /// RFC 2131 section 4.1 (ISC uses 3).
    /// </summary>
    public int InitialInterval { get; init; } = 4;

    /// <summary><c>script</c>: the dhclient-script path; null means the command line's (<c>-sf</c>) or the default.</summary>
    public string? Script { get; init; }

    /// <summary><c>send</c> statements in order; a later <c>send</c> of the same option replaces the earlier one.</summary>
    public ImmutableArray<SentOption> Send { get; init; } = [];

    /// <summary><c>request</c>: option codes for the parameter request list (55), DHCPv4 only.</summary>
    public ImmutableArray<byte> Request { get; init; } = DefaultRequest;

    /// <summary><c>require</c>: offers without all of these are ignored.</summary>
    public ImmutableArray<byte> Require { get; init; } = [];

    /// <summary>The configured client identifier (<c>send dhcp-client-identifier …;</c>), if any.</summary>
    public ClientIdentifier? ClientIdentifier =>
        Send.FirstOrDefault(s => s.Code == DhcpOptionCode.ClientIdentifier) is { } s
            ? Identity.ClientIdentifier.FromBytes(s.Value.AsSpan())
            : null;

    /// <summary>A copy with <paramref name="option"/> replacing any earlier <c>send</c> of the same code.</summary>
    public ClientSettings WithSend(SentOption option) =>
        this with { Send = [.. Send.Where(s => s.Code != option.Code), option] };
}
