using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Script;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Client.Protocol;

/// <summary>
/// The RFC 2131 client state machine for one interface, as ISC dhclient runs it: INIT-REBOOT from the saved
/// lease, SELECTING for <c>select-timeout</c>, REQUESTING, BOUND until T1, RENEWING by unicast, REBINDING by
/// broadcast after T2, EXPIRE, NAK back to INIT, and after <c>timeout</c> the recorded or fallback leases,
/// else FAIL and a retry. It never waits or does I/O itself: each step takes "now", acts through the
/// <see cref="IClientHost"/> and leaves <see cref="NextDeadline"/> for the runner to wake it at.
/// </summary>
/// <remarks>
/// Retransmissions (DISCOVER, REQUEST in every state) back off exponentially from <c>initial-interval</c>,
/// doubling up to <c>backoff-cutoff</c>, each delay randomised by ±1 s (RFC 2131 section 4.1), and never
/// past the state's own end (the select, reboot or panic timeout, T2, expiry). Going back to INIT after a
/// failed attempt (NAK, DECLINE, an ACK that cannot be used) backs off the same way when it happens again
/// before a lease is bound, so no server's answers can make the client loop. A lease of 0xffffffff seconds
/// is infinite (RFC 2131 section 3.3): it is never renewed and never expires, and no deadline is set for it.
/// </remarks>
public sealed class DhcpClientMachine
{
    /// <summary>RFC 2131 section 3.1 step 5: at least ten seconds between a DHCPDECLINE and the next DISCOVER (ISC's decline-wait-time).</summary>
    private static readonly TimeSpan DeclineWait = TimeSpan.FromSeconds(10);

    /// <summary>ISC dhclient's pause before INIT after an ACK it cannot use.</summary>
    private static readonly TimeSpan BadAckWait = TimeSpan.FromSeconds(0.5);

    private readonly ClientLink link;
    private readonly ClientSettings settings;
    private readonly ClientMessageBuilder builder;
    private readonly IClientHost host;
    private readonly Random random;
    private readonly bool oneTry;

    private readonly List<ClientLease> offers = [];
    private readonly List<ClientLease> recorded = [];
    private readonly Dictionary<IPv4Address, DateTimeOffset> quenched = [];
    private List<ClientLease> fallbacks = [];
    private uint xid;
    private DateTimeOffset firstSending;
    private DateTimeOffset discoverStart;
    private DateTimeOffset nextSend;
    private DateTimeOffset? selectEnd;
    private DateTimeOffset retryAt;
    private TimeSpan interval;
    private ClientLease? requesting;
    private IPv4Address? requestedAddress;
    private bool started;
    private int failures;

    /// <summary>Creates the machine; nothing is sent until <see cref="Start"/>.</summary>
    /// <param name="link">The port's link facts.</param>
    /// <param name="settings">The interface's dhclient.conf settings.</param>
    /// <param name="builder">Builds the messages (carries the identity).</param>
    /// <param name="host">Effects: send, script, lease file, log.</param>
    /// <param name="random">Source of transaction ids and jitter (seeded in tests).</param>
    /// <param name="oneTry"><c>-1</c>: give up with exit status 2 instead of retrying.</param>
    public DhcpClientMachine(ClientLink link, ClientSettings settings, ClientMessageBuilder builder, IClientHost host, Random random, bool oneTry = false)
    {
        this.link = link;
        this.settings = settings;
        this.builder = builder;
        this.host = host;
        this.random = random;
        this.oneTry = oneTry;
    }

    /// <summary>The current state.</summary>
    public ClientState State { get; private set; } = ClientState.Init;

    /// <summary>The lease in use, if any.</summary>
    public ClientLease? Active { get; private set; }

    /// <summary>When <see cref="OnTimer"/> must run next; null when nothing is due (stopped, or bound to an infinite lease).</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            DateTimeOffset? due = State switch
            {
                ClientState.Init => retryAt,
                ClientState.Selecting => Min(selectEnd ?? nextSend, firstSending + Seconds(settings.Timeout) + TimeSpan.FromTicks(1)),
                ClientState.Requesting or ClientState.Rebooting => Min(nextSend, firstSending + Seconds(settings.Reboot) + TimeSpan.FromTicks(1)),
                ClientState.Bound => Min(Active!.Renewal, Active.Expiry),
                ClientState.Renewing => Min(nextSend, Min(Active!.Rebinding, Active.Expiry)),
                ClientState.Rebinding => Min(nextSend, Active!.Expiry),
                _ => null,
            };
            return due == DateTimeOffset.MaxValue ? null : due;
        }
    }

    /// <summary>Set when the client is done: 0 after release/stop, 2 when <c>-1</c> found no lease (as ISC).</summary>
    public int? ExitCode { get; private set; }

    /// <summary>The transaction id of the exchange in progress.</summary>
    public uint TransactionId => xid;

    /// <summary>
    /// Starts the client: PREINIT, then INIT-REBOOT when <paramref name="saved"/> is a lease that has not
    /// expired, else INIT. <paramref name="fallbackLeases"/> are the dhclient.conf <c>lease { }</c> blocks.
    /// </summary>
    public void Start(DateTimeOffset now, ClientLease? saved, IEnumerable<ClientLease> fallbackLeases)
    {
        if (started) throw new InvalidOperationException("the client is already started");
        started = true;
        fallbacks = [.. fallbackLeases];
        host.RunScript(ScriptReason.Preinit, null, null);
        if (saved is not null && !saved.IsBootp && saved.Expiry > now)
        {
            recorded.Add(saved);
            requestedAddress = saved.Address;
            State = ClientState.Rebooting;
            xid = NewXid();
            firstSending = now;
            discoverStart = now;
            interval = TimeSpan.Zero;
            requesting = saved;
            SendRequest(now);
            return;
        }
        StartDiscover(now);
    }

    /// <summary><c>-r</c>: releases <paramref name="saved"/> (if still current) and stops, as ISC's do_release.</summary>
    public void Release(DateTimeOffset now, ClientLease? saved)
    {
        started = true;
        Active ??= saved is not null && saved.Expiry > now ? saved : null;
        if (Active is { } lease)
        {
            var server = lease.ServerIdentifier;
            var payload = builder.Build(DhcpMessageType.Release, NewXid(), 0, lease.Address, null, server, withParameters: false);
            var (destination, target) = server is { } s ? (s, LinkTarget.Routed) : Broadcast();
            host.Log($"DHCPRELEASE of {lease.Address} on {link.Name} to {destination} port {link.ServerPort}");
            host.Send(payload, new DatagramEndpoints(lease.Address, link.ClientPort, destination, link.ServerPort), target);
            var ended = lease.Clone();
            ended.Renewal = ended.Rebinding = ended.Expiry = Truncate(now);
            host.RecordLease(ended);
            host.RunScript(ScriptReason.Release, lease, null);
            Active = null;
        }
        Finish(0);
    }

    /// <summary><c>-x</c>: tells the script to STOP using the current lease, without releasing it.</summary>
    public void Stop(DateTimeOffset now, ClientLease? saved)
    {
        started = true;
        Active ??= saved is not null && saved.Expiry > now ? saved : null;
        if (Active is not null) host.RunScript(ScriptReason.Stop, Active, null);
        Finish(0);
    }

    /// <summary>Runs whatever is due at <paramref name="now"/> (retransmission, selection, T1, T2, expiry, panic).</summary>
    public void OnTimer(DateTimeOffset now)
    {
        switch (State)
        {
            case ClientState.Init when now >= retryAt:
                StartDiscover(now);
                break;
            case ClientState.Selecting:
                if (offers.Count > 0 && selectEnd is { } end && now >= end) Select(now);
                else if (now - firstSending > Seconds(settings.Timeout)) Panic(now);
                else if (now >= nextSend) SendDiscover(now);
                break;
            case ClientState.Requesting or ClientState.Rebooting:
                if (now - firstSending > Seconds(settings.Reboot)) StartDiscover(now);
                else if (now >= nextSend) SendRequest(now);
                break;
            case ClientState.Bound when now >= Active!.Expiry:
                Expire(now);
                break;
            case ClientState.Bound when now >= Active!.Renewal:
                EnterRenewing(now);
                break;
            case ClientState.Renewing:
                if (now >= Active!.Expiry) Expire(now);
                else if (now >= Active.Rebinding) EnterRebinding(now);
                else if (now >= nextSend) SendRequest(now);
                break;
            case ClientState.Rebinding:
                if (now >= Active!.Expiry) Expire(now);
                else if (now >= nextSend) SendRequest(now);
                break;
        }
    }

    /// <summary>Handles one reply. Replies for another transaction, another client or the wrong state are dropped.</summary>
    /// <param name="message">The decoded reply.</param>
    /// <param name="source">IP source of the datagram, named in the log as ISC does.</param>
    /// <param name="now">Current time.</param>
    public void OnMessage(DhcpMessage message, IPv4Address source, DateTimeOffset now)
    {
        if (message.Op != BootpOpCode.BootReply || message.TransactionId != xid || !IsForUs(message)) return;
        if (IsQuenched(message, source, now)) return;
        switch (message.MessageType)
        {
            case DhcpMessageType.Offer when State == ClientState.Selecting:
                OnOffer(message, source, now);
                break;
            case DhcpMessageType.Ack when State is ClientState.Requesting or ClientState.Rebooting or ClientState.Renewing or ClientState.Rebinding:
                OnAck(message, source, now);
                break;
            case DhcpMessageType.Nak when State is ClientState.Requesting or ClientState.Rebooting or ClientState.Renewing or ClientState.Rebinding:
                host.Log($"DHCPNAK from {source}");
                if (Active is not null)
                {
                    host.RunScript(ScriptReason.Expire, Active, null);
                    host.RunScript(ScriptReason.Preinit, null, null);
                    Active = null;
                }
                recorded.Clear();
                requestedAddress = null;
                Restart(now, TimeSpan.Zero);
                break;
        }
    }

    /// <summary>
    /// Offers and new-lease ACKs from a server that just sent an unusable ACK are ignored for a while (ISC's
    /// reject list, which in ISC lasts until restart; here <c>retry</c> seconds, so a mended server is used again).
    /// </summary>
    private bool IsQuenched(DhcpMessage message, IPv4Address source, DateTimeOffset now)
    {
        bool newLease = (message.MessageType == DhcpMessageType.Offer && State == ClientState.Selecting)
            || (message.MessageType == DhcpMessageType.Ack && State is ClientState.Requesting or ClientState.Rebooting);
        if (!newLease || quenched.Count == 0) return false;
        var server = ServerOf(message, source);
        if (!quenched.TryGetValue(server, out var until)) return false;
        if (now >= until)
        {
            quenched.Remove(server);
            return false;
        }
        string type = message.MessageType == DhcpMessageType.Offer ? "DHCPOFFER" : "DHCPACK";
        host.Log($"{type} from {source} rejected: server {server} is on the list of rejected servers for {(long)Math.Ceiling((until - now).TotalSeconds)} more seconds.");
        return true;
    }

    private static IPv4Address ServerOf(DhcpMessage message, IPv4Address source) =>
        message.TryGetServerIdentifier(out var server) ? server : source;

    private bool IsForUs(DhcpMessage message)
    {
        if (link.LinkType == LinkType.Ethernet)
        {
            var mac = link.HardwareAddress;
            if (!message.ClientHardwareAddress.SequenceEqual(mac.Span)) return false;
        }
        // RFC 6842: a server that echoes option 61 must echo ours; one that does not (ISC 4.4) is trusted by xid.
        if (builder.Identity is { } id && message.HasOption(DhcpOptionCode.ClientIdentifier) && !id.Equals(message.ClientIdentifier))
            return false;
        return true;
    }

    private void StartDiscover(DateTimeOffset now)
    {
        State = ClientState.Selecting;
        xid = NewXid();
        firstSending = now;
        discoverStart = now;
        interval = TimeSpan.Zero;
        offers.Clear();
        selectEnd = null;
        requesting = null;
        SendDiscover(now);
    }

    private void SendDiscover(DateTimeOffset now)
    {
        NextInterval(now);
        var payload = builder.Build(DhcpMessageType.Discover, xid, SecondsSince(discoverStart, now), IPv4Address.Any,
            requestedAddress, null, withParameters: true);
        var (destination, target) = Broadcast();
        host.Log($"DHCPDISCOVER on {link.Name} to {destination} port {link.ServerPort} interval {(int)interval.TotalSeconds}");
        host.Send(payload, new DatagramEndpoints(IPv4Address.Any, link.ClientPort, destination, link.ServerPort), target);
    }

    private void OnOffer(DhcpMessage message, IPv4Address source, DateTimeOffset now)
    {
        var address = message.YourAddress;
        string what = $"DHCPOFFER of {address} from {source}";
        if (AssignableAddress.Problem(address, SubnetMaskOf(message)) is { } problem)
        {
            host.Log($"{what}: unusable address ({problem}).");
            return;
        }
        foreach (byte code in settings.Require)
        {
            if (!message.HasOption(code))
            {
                host.Log($"{what}: no {NameOf(code)} option.");
                return;
            }
        }
        if (!message.TryGetServerIdentifier(out _))
        {
            host.Log($"{what}: no dhcp-server-identifier option.");
            return;
        }
        if (offers.Any(o => o.Address == address)) return;
        var lease = LeaseFrom(message);
        if (requestedAddress == address) offers.Insert(0, lease);
        else offers.Add(lease);
        host.Log(what);
        var end = firstSending + Seconds(settings.SelectTimeout);
        if (now >= end) Select(now);
        else selectEnd = end;
    }

    private void Select(DateTimeOffset now)
    {
        requesting = offers[0];
        offers.Clear();
        selectEnd = null;
        State = ClientState.Requesting;
        firstSending = now;
        interval = TimeSpan.Zero;
        SendRequest(now);
    }

    private void SendRequest(DateTimeOffset now)
    {
        NextInterval(now);
        IPv4Address ciaddr = IPv4Address.Any, source = IPv4Address.Any, destination;
        LinkTarget target;
        IPv4Address? requested = null, server = null;
        IPv4Address address;
        ushort secs;
        switch (State)
        {
            case ClientState.Requesting:
                address = requesting!.Address;
                requested = address;
                server = requesting.ServerIdentifier;
                (destination, target) = Broadcast();
                secs = SecondsSince(discoverStart, now);
                break;
            case ClientState.Rebooting:
                address = requesting!.Address;
                requested = address;
                (destination, target) = Broadcast();
                secs = SecondsSince(firstSending, now);
                break;
            case ClientState.Renewing:
                address = ciaddr = source = Active!.Address;
                (destination, target) = link.Server is { } s ? (s, LinkTarget.Routed)
                    : Active.ServerIdentifier is { } sid ? (sid, LinkTarget.Routed) : Broadcast();
                secs = SecondsSince(firstSending, now);
                break;
            default: // Rebinding
                address = ciaddr = source = Active!.Address;
                (destination, target) = Broadcast();
                secs = SecondsSince(firstSending, now);
                break;
        }
        var payload = builder.Build(DhcpMessageType.Request, xid, secs, ciaddr, requested, server, withParameters: true);
        host.Log($"DHCPREQUEST for {address} on {link.Name} to {destination} port {link.ServerPort}");
        host.Send(payload, new DatagramEndpoints(source, link.ClientPort, destination, link.ServerPort), target);
    }

    private void EnterRenewing(DateTimeOffset now)
    {
        State = ClientState.Renewing;
        xid = NewXid();
        firstSending = now;
        interval = TimeSpan.Zero;
        SendRequest(now);
    }

    private void EnterRebinding(DateTimeOffset now)
    {
        State = ClientState.Rebinding;
        interval = TimeSpan.Zero;
        SendRequest(now);
    }

    private void OnAck(DhcpMessage message, IPv4Address source, DateTimeOffset now)
    {
        var address = message.YourAddress;
        host.Log($"DHCPACK of {address} from {source}");
        string? problem = AssignableAddress.Problem(address, SubnetMaskOf(message));
        if (problem is null && message.TryGetLeaseTime(out uint leaseTime) && leaseTime != 0)
        {
            var lease = LeaseFrom(message);
            SetTimes(lease, message, leaseTime, now);
            Bind(lease, now);
            return;
        }
        host.Log(problem is null ? "no expiry time on offered lease." : $"DHCPACK of {address} from {source}: unusable address ({problem}).");
        if (State is ClientState.Renewing or ClientState.Rebinding)
        {
            // The lease in hand stays good until its own T2 or expiry: keep asking on the usual schedule.
            host.Log($"keeping the current lease of {Active!.Address}.");
            return;
        }
        Quench(ServerOf(message, source), now);
        if (problem is not null && !address.IsAny)
        {
            // RFC 2131 sections 3.1 (step 5) and 4.4.1: an address the client cannot use is declined, and the
            // client waits at least ten seconds before starting over.
            SendDecline(address, message.TryGetServerIdentifier(out var sid) ? sid : null);
            if (GiveUpOnOneTry("declined")) return;
            Restart(now, DeclineWait);
            return;
        }
        // ISC dhclient: quench this server, and start over at INIT after half a second.
        Restart(now, BadAckWait);
    }

    private void Quench(IPv4Address server, DateTimeOffset now)
    {
        var span = Seconds(Math.Max(1, settings.Retry));
        foreach (var (lapsed, until) in quenched.ToList())
        {
            if (until <= now) quenched.Remove(lapsed);
        }
        quenched[server] = now + span;
        host.Log($"Server {server} added to list of rejected servers for {(long)span.TotalSeconds} seconds.");
    }

    private static void SetTimes(ClientLease lease, DhcpMessage message, uint leaseTime, DateTimeOffset now)
    {
        var start = Truncate(now);
        var times = LeaseTimes.From(leaseTime,
            message.TryGetRenewalTime(out uint r) ? r : null,
            message.TryGetRebindingTime(out uint b) ? b : null);
        lease.Expiry = LeaseTimes.After(start, times.Lease);
        lease.Rebinding = LeaseTimes.After(start, times.Rebinding);
        lease.Renewal = LeaseTimes.After(start, times.Renewal);
    }

    private void Bind(ClientLease lease, DateTimeOffset now)
    {
        var reason = State switch
        {
            ClientState.Requesting => ScriptReason.Bound,
            ClientState.Renewing => ScriptReason.Renew,
            ClientState.Rebooting => ScriptReason.Reboot,
            _ => ScriptReason.Rebind,
        };
        // Pin the identity in the lease (ISC keeps option 61 in each lease): a bond failover to a port with
        // another GUID keeps asking with the identity the lease was granted to.
        if (builder.Identity is { } id && !lease.Options.ContainsKey(DhcpOptionCode.ClientIdentifier))
            lease.Options[DhcpOptionCode.ClientIdentifier] = id.Span.ToArray();
        var old = State == ClientState.Rebooting ? null : Active;
        // As in ISC, the script's exit status is the conflict check.
        if (host.RunScript(reason, old, lease) != 0)
        {
            Decline(lease, now);
            return;
        }
        host.RecordLease(lease);
        Active = lease;
        recorded.Clear();
        requestedAddress = lease.Address;
        State = ClientState.Bound;
        failures = 0;
        host.Log(lease.Renewal == DateTimeOffset.MaxValue
            ? $"bound to {lease.Address} -- infinite lease, no renewal."
            : $"bound to {lease.Address} -- renewal in {(long)Math.Max(0, (lease.Renewal - Truncate(now)).TotalSeconds)} seconds.");
    }

    private void Decline(ClientLease lease, DateTimeOffset now)
    {
        SendDecline(lease.Address, lease.ServerIdentifier);
        Active = null;
        requestedAddress = null;
        if (GiveUpOnOneTry("declined")) return;
        Restart(now, DeclineWait);
    }

    private void SendDecline(IPv4Address address, IPv4Address? server)
    {
        var payload = builder.Build(DhcpMessageType.Decline, xid, 0, IPv4Address.Any, address, server, withParameters: false);
        var (destination, target) = Broadcast();
        host.Log($"DHCPDECLINE of {address} on {link.Name} to {destination} port {link.ServerPort}");
        host.Send(payload, new DatagramEndpoints(IPv4Address.Any, link.ClientPort, destination, link.ServerPort), target);
    }

    private bool GiveUpOnOneTry(string why)
    {
        if (!oneTry) return false;
        host.Log($"Unable to obtain a lease on first try ({why}).  Exiting.");
        Finish(2);
        return true;
    }

    /// <summary>
    /// Back to INIT after a failed attempt: after <paramref name="minimum"/> the first time, and when attempts keep
    /// failing before a lease is bound, after the retransmission backoff (initial-interval doubling up to
    /// backoff-cutoff, ±1 s), whichever is longer.
    /// </summary>
    private void Restart(DateTimeOffset now, TimeSpan minimum)
    {
        failures++;
        var wait = minimum;
        if (failures > 1)
        {
            double backoff = Math.Min(Math.Max(1, settings.BackoffCutoff),
                Math.Max(1, settings.InitialInterval) * Math.Pow(2, Math.Min(failures - 2, 30)));
            var delay = Seconds(Math.Max(0.5, backoff + random.NextDouble() * 2 - 1));
            if (delay > wait) wait = delay;
        }
        if (wait <= TimeSpan.Zero)
        {
            StartDiscover(now);
            return;
        }
        State = ClientState.Init;
        offers.Clear();
        selectEnd = null;
        requesting = null;
        retryAt = now + wait;
    }

    private void Expire(DateTimeOffset now)
    {
        host.RunScript(ScriptReason.Expire, Active, null);
        host.RunScript(ScriptReason.Preinit, null, null);
        Active = null;
        recorded.Clear();
        StartDiscover(now);
    }

    private void Panic(DateTimeOffset now)
    {
        host.Log("No DHCPOFFERS received.");
        foreach (var lease in recorded.Concat(fallbacks).ToList())
        {
            if (lease.Expiry <= now) continue;
            host.Log($"Trying recorded lease {lease.Address}");
            if (host.RunScript(ScriptReason.Timeout, null, lease) != 0) continue;
            Active = lease;
            if (now < lease.Renewal)
            {
                State = ClientState.Bound;
                host.Log(lease.Renewal == DateTimeOffset.MaxValue
                    ? "bound: no renewal (infinite lease)."
                    : $"bound: renewal in {(long)(lease.Renewal - Truncate(now)).TotalSeconds} seconds.");
            }
            else
            {
                State = ClientState.Bound;
                host.Log("bound: immediate renewal.");
                EnterRenewing(now);
            }
            return;
        }
        if (oneTry)
        {
            host.Log("Unable to obtain a lease on first try.  Exiting.");
            Finish(2);
            return;
        }
        host.Log("No working leases in persistent database - sleeping.");
        host.RunScript(ScriptReason.Fail, null, null);
        State = ClientState.Init;
        int retry = Math.Max(1, settings.Retry);
        retryAt = now + TimeSpan.FromSeconds((retry + 1) / 2 + random.NextDouble() * retry);
    }

    private void Finish(int code)
    {
        State = ClientState.Stopped;
        ExitCode = code;
    }

    /// <summary>Exponential backoff: initial-interval, doubled up to backoff-cutoff, ±1 s of jitter.</summary>
    private void NextInterval(DateTimeOffset now)
    {
        var cutoff = Seconds(Math.Max(1, settings.BackoffCutoff));
        interval = interval == TimeSpan.Zero ? Seconds(Math.Max(1, settings.InitialInterval)) : interval * 2;
        if (interval > cutoff) interval = cutoff;
        var jitter = TimeSpan.FromSeconds(random.NextDouble() * 2 - 1);
        var delay = interval + jitter;
        if (delay < TimeSpan.FromSeconds(0.5)) delay = TimeSpan.FromSeconds(0.5);
        nextSend = now + delay;
    }

    private ClientLease LeaseFrom(DhcpMessage message)
    {
        var lease = new ClientLease { Interface = link.Name, Address = message.YourAddress, NextServer = message.NextServerAddress };
        for (int i = 0; i < message.OptionCount; i++)
        {
            byte code = message.OptionCodeAt(i);
            if (code is DhcpOptionCode.Pad or DhcpOptionCode.End or DhcpOptionCode.OptionOverload) continue;
            lease.Options[code] = message.GetOption(code).ToArray();
        }
        if (!message.ServerName.IsEmpty) lease.ServerName = System.Text.Encoding.Latin1.GetString(message.ServerName);
        if (!message.BootFileName.IsEmpty) lease.FileName = System.Text.Encoding.Latin1.GetString(message.BootFileName);
        return lease;
    }

    private static IPv4Address? SubnetMaskOf(DhcpMessage message)
    {
        var mask = message.GetOption(DhcpOptionCode.SubnetMask);
        return mask.Length == 4 ? IPv4Address.Read(mask) : null;
    }

    private (IPv4Address Destination, LinkTarget Target) Broadcast() =>
        link.Server is { } server ? (server, LinkTarget.Routed) : (IPv4Address.Broadcast, LinkTarget.Broadcast);

    private uint NewXid() => (uint)random.NextInt64(1, uint.MaxValue);

    private static ushort SecondsSince(DateTimeOffset start, DateTimeOffset now) =>
        (ushort)Math.Clamp((long)(now - start).TotalSeconds, 0, ushort.MaxValue);

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string NameOf(byte code) => Wire.Options.DhcpOptionTable.Standard[code]?.Name ?? $"unknown-{code}";
}
