using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Hosting;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Wire.Dhcp;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// The daemon's statements (lease-file-name, pid-file-name, local-port, db-time-format), the flags whose one value is this
/// server's behaviour, infinite lease times, and the refusals that say why. ISC dhcpd 4.4.3 accepts every statement
/// used here (<c>dhcpd -t -cf</c>); its dhcpd.c lets -lf/-pf and PATH_DHCPD_DB/PID win over the file.
/// </summary>
public class DaemonStatementTests
{
    private const string Subnet = "subnet 198.18.0.0 netmask 255.255.255.0 { range 198.18.0.10 198.18.0.20; }\n";

    private static DhcpdParseResult Parse(string text) => DhcpdConfigParser.ParseText(text + Subnet, "d.conf");

    [Test]
    public void DaemonStatements_AreRead()
    {
        var result = Parse("lease-file-name \"/srv/dhcp/leases\";\npid-file-name \"/run/x.pid\";\nlocal-port 6767;\ndb-time-format local;\n");
        Assert.That(result.Diagnostics, Is.Empty);
        Assert.That(result.Config!.Daemon, Is.EqualTo(new DaemonStatements("/srv/dhcp/leases", "/run/x.pid", 6767, true)));
        Assert.That(Parse("").Config!.Daemon, Is.EqualTo(DaemonStatements.None));
    }

    [Test]
    public void TheCommandLineAndTheEnvironment_WinOverTheFile()
    {
        ServerCommandLine.TryParse(["-lf", "/cli.leases"], out var withFlag, out _);
        ServerCommandLine.TryParse([], out var plain, out _);
        Func<string, string?> none = _ => null;
        Func<string, string?> env = n => n == "PATH_DHCPD_DB" ? "/env.leases" : n == "PATH_DHCPD_PID" ? "/env.pid" : null;
        Assert.That(withFlag.ResolveLeaseFile(env, "/conf.leases"), Is.EqualTo("/cli.leases"));
        Assert.That(plain.ResolveLeaseFile(env, "/conf.leases"), Is.EqualTo("/env.leases"));
        Assert.That(plain.ResolveLeaseFile(none, "/conf.leases"), Is.EqualTo("/conf.leases"));
        Assert.That(plain.ResolveLeaseFile(none), Is.EqualTo("/var/lib/dhcp/dhcpd.leases"));
        Assert.That(plain.ResolvePidFile(env, "/conf.pid"), Is.EqualTo("/env.pid"));
        Assert.That(plain.ResolvePidFile(none, "/conf.pid"), Is.EqualTo("/conf.pid"));
        ServerCommandLine.TryParse(["-p", "6767"], out var port, out _);
        Assert.That((port.PortGiven, plain.PortGiven), Is.EqualTo((true, false)));
    }

    [TestCase("group { lease-file-name \"/x\"; }", "d.conf:1:9: 'lease-file-name' is only allowed at global scope")]
    [TestCase("local-port 0;", "d.conf:1:1: local-port: 0 is not a port number from 1 to 65534")]
    [TestCase("db-time-format utc;", "d.conf:1:16: db-time-format: unknown value 'utc' (expected default or local)")]
    [TestCase("lease-file-name \"\";", "d.conf:1:1: lease-file-name: no file name given")]
    [TestCase("dhcp-cache-threshold 25;", "d.conf:1:1: 'dhcp-cache-threshold 25' is not supported: every renewal is granted afresh and written to the lease file, as with 0")]
    [TestCase("one-lease-per-client off;", "d.conf:1:1: 'one-lease-per-client off' is not supported: this server holds one lease per client: a client that takes a new address gives up its old one")]
    [TestCase("get-lease-hostnames true;", "d.conf:1:1: 'get-lease-hostnames on' is not supported: it looks up the DNS name of every pool address at start-up; give names with 'option host-name' or use-host-decl-names")]
    [TestCase("stash-agent-options on;", "d.conf:1:1: 'stash-agent-options on' is not supported: relay agent options are only seen on the request that carries them")]
    [TestCase("always-reply-rfc1048 on;", "d.conf:1:1: 'always-reply-rfc1048 on' is not supported: this server does not answer BOOTP clients")]
    [TestCase("deny duplicates;", "d.conf:1:1: 'deny duplicates' is not supported: a client is known by its client identifier, so two identifiers on one hardware address are two clients (allow duplicates)")]
    [TestCase("local-address 198.18.0.1;", "d.conf:1:1: 'local-address' is not supported: dhcpd serves whole interfaces; for a socket bound to one address give --listen ADDRESS")]
    [TestCase("ignore-client-uids on;", "d.conf:1:1: 'ignore-client-uids on' is not supported: IPoIB clients are known by their client identifier (RFC 4390 leaves chaddr empty)")]
    [TestCase("default-lease-time forever;", "d.conf:1:20: default-lease-time: expected a number of seconds or infinite, found 'forever'")]
    public void WhatCannotBeHonoured_IsRefusedWithTheReason(string statement, string expected)
    {
        var result = Parse(statement + "\n");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.EqualTo(new[] { expected }));
    }

    [TestCase("one-lease-per-client on;")]
    [TestCase("get-lease-hostnames off;")]
    [TestCase("stash-agent-options off;")]
    [TestCase("always-reply-rfc1048 false;")]
    [TestCase("dhcp-cache-threshold 0;")]
    [TestCase("ignore-client-uids off;")]
    [TestCase("allow duplicates;")]
    [TestCase("db-time-format default;")]
    public void ThisServersOwnBehaviour_IsAccepted(string statement)
    {
        var result = Parse(statement + "\n");
        Assert.That(result.Diagnostics, Is.Empty);
    }

    [Test]
    public void AnInfiniteLease_IsOfferedUntil2038_AndEndsNever_AsIscWritesIt()
    {
        var result = Parse("default-lease-time infinite;\nmax-lease-time infinite;\n");
        Assert.That(result.Diagnostics, Is.Empty);
        var h = new ServerHarness(ConfigPlanBuilder.Build(result.Config!));
        var id = ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300001001UL));
        h.Send(ServerHarness.Build(DhcpMessageType.Discover, id));
        // ISC dhcpd 4.4.3, run with 'default-lease-time infinite;' and ISC dhclient in a veth pair: option 51 was
        // 0x7fffffff minus the time of the reply, and its dhcpd.leases said 'ends never;'.
        uint untilEpochEnd = (uint)(int.MaxValue - ServerHarness.T0.ToUnixTimeSeconds());
        Assert.That(h.Reply.TryGetLeaseTime(out uint offered) ? offered : 0, Is.EqualTo(untilEpochEnd));
        var ack = h.Send(ServerHarness.Build(DhcpMessageType.Request, id, requested: h.Reply.YourAddress.ToString()));
        Assert.That(ack.Lease!.Ends, Is.EqualTo(DateTimeOffset.MaxValue), "written as 'ends never;' in dhcpd.leases");
        Assert.That(h.Reply.TryGetLeaseTime(out uint acked) ? acked : 0, Is.EqualTo(untilEpochEnd));
    }
}
