using System.Reflection;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Server.Allocation;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Tests.Dhcpd;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// Every parameter declared in <see cref="ServerParameters"/>, one by one: it parses in every scope that allows it
/// (and is refused where ISC refuses it), the most specific scope wins in ISC's order through the real plan, and it
/// reaches the reply on the wire. A parameter added to the table is tested here without a new test; a new syntax or
/// a parameter without a reply probe fails until the test learns it.
/// </summary>
public class ServerParameterTableTests
{
    private static IEnumerable<ServerParameter> Parameters => ServerParameters.All;

    private static readonly byte[] HostMac = [0x02, 0, 0, 0, 0, 0x01];
    private static readonly ClientIdentifier Client = ClientIdentifier.FlexBoot(new PortGuid(0x0002c90300001001UL));

    [Test]
    public void TheTableHoldsEveryDeclaredParameterOnceInSlotOrder()
    {
        var declared = typeof(ServerParameters).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => typeof(ServerParameter).IsAssignableFrom(f.FieldType))
            .Select(f => (ServerParameter)f.GetValue(null)!).ToList();
        Assert.That(ServerParameters.All, Is.EquivalentTo(declared), "every declared parameter is in All, and only those");
        for (int i = 0; i < ServerParameters.All.Length; i++)
            Assert.That(ServerParameters.All[i].Index, Is.EqualTo(i), ServerParameters.All[i].Name);
        Assert.That(ServerParameters.All.Select(p => p.Name), Is.Unique);
        Assert.That(ServerParameters.All.Select(p => p.Name), Is.All.Matches<string>(n => n == n!.ToLowerInvariant()));
        foreach (var p in ServerParameters.All)
        {
            Assert.That(ServerParameters.TryFind(p.Name, out var found) && ReferenceEquals(found, p), p.Name);
            Assert.That(ScopeParameters.Empty.Find(p), Is.Null, p.Name);
            Assert.That(Resolve(ReplyParameters.Defaults, p), Is.EqualTo(p.DefaultValue), $"{p.Name}: the default reaches the reply");
        }
    }

    /// <summary>The statement that sets <paramref name="p"/> to its <paramref name="k"/>-th sample, and that value.</summary>
    private static (string Statement, object Value) Sample(ServerParameter p, int k)
    {
        // Two-valued parameters alternate, starting away from the default, so each level differs from the one below.
        bool flag = (k % 2 == 0) != (p.DefaultValue is true);
        var mode = new[] { AccessMode.Deny, AccessMode.Allow, AccessMode.Ignore }[k % 3];
        return p.Syntax switch
        {
            ParameterSyntax.Number => ($"{p.Name} {1000 + k};", (uint)(1000 + k)),
            ParameterSyntax.Address => ($"{p.Name} 198.18.0.{200 + k};", IPv4Address.Parse($"198.18.0.{200 + k}")),
            ParameterSyntax.Text => ($"{p.Name} \"v{k}\";", $"v{k}"),
            ParameterSyntax.Flag => ($"{p.Name} {(flag ? "on" : "off")};", flag),
            ParameterSyntax.Switch => (flag ? $"{p.Name};" : $"not {p.Name};", flag),
            ParameterSyntax.Access => ($"{mode.ToString().ToLowerInvariant()} {p.Name};", mode),
            _ => throw new AssertionException($"{p.Name}: no sample for syntax {p.Syntax}; teach this test the new syntax"),
        };
    }

    // Least specific first; the text of each level goes where its marker is.
    private static readonly (ScopeKind Kind, string Marker)[] Levels =
    [
        (ScopeKind.Global, "@global"), (ScopeKind.Group, "@group"), (ScopeKind.SharedNetwork, "@shared"),
        (ScopeKind.Subnet, "@subnet"), (ScopeKind.Pool, "@pool"), (ScopeKind.Class, "@class"), (ScopeKind.Host, "@host"),
    ];

    private const string Layout = """
        @global
        class "c" { match if exists user-class; @class }
        group {
          @group
          shared-network sn {
            @shared
            subnet 198.18.0.0 netmask 255.255.255.0 {
              @subnet
              pool { @pool range 198.18.0.10 198.18.0.20; }
            }
          }
        }
        host h { hardware ethernet 02:00:00:00:00:01; @host }
        if exists user-class { @if }
        """;

    private static string Fill(Dictionary<string, string> texts) =>
        Levels.Select(l => l.Marker).Append("@if").Aggregate(Layout, (text, marker) => text.Replace(marker, texts.GetValueOrDefault(marker, "")));

    // In a pool, "allow|deny unknown-clients" is a pool permit (as in ISC), not the scope parameter.
    private static bool IsPoolPermit(ServerParameter p, ScopeKind kind) => kind == ScopeKind.Pool && p == ServerParameters.UnknownClients;

    [TestCaseSource(nameof(Parameters))]
    public void ParsesInEveryScopeThatAllowsIt(ServerParameter p)
    {
        foreach (var (kind, marker) in Levels.Append((ScopeKind.Conditional, "@if")))
        {
            var (statement, value) = Sample(p, 0);
            var result = DhcpdConfigParser.ParseText(Fill(new() { [marker] = statement }), "dhcpd.conf");
            if (!p.IsAllowedIn(kind))
            {
                Assert.That(result.Diagnostics.Select(d => d.Message), Has.Some.StartsWith($"'{p.Name}' makes no sense in "), $"{p.Name} {kind}");
                continue;
            }
            Assert.That(result.Diagnostics, Is.Empty, $"{p.Name} {kind}");
            var config = result.Config!;
            var pool = config.Subnets.Single().Pools.Single();
            var scope = kind switch
            {
                ScopeKind.Global or ScopeKind.Conditional => config.Global,
                ScopeKind.Group => config.Subnets.Single().Scope.Parent!.Parent!,
                ScopeKind.SharedNetwork => config.Subnets.Single().Scope.Parent!,
                ScopeKind.Subnet => config.Subnets.Single().Scope,
                ScopeKind.Pool => pool.Scope,
                ScopeKind.Class => config.Classes.Single().Scope,
                _ => config.Hosts.Single().Scope,
            };
            Assert.That(scope.Kind, Is.EqualTo(kind == ScopeKind.Conditional ? ScopeKind.Global : kind));
            var own = kind == ScopeKind.Conditional ? scope.Parameters.Conditionals.Single().Branches.Single().Parameters : scope.Parameters;
            if (IsPoolPermit(p, kind))
            {
                Assert.That(own.Find(p), Is.Null, $"{p.Name} {kind}");
                Assert.That(pool.Permits.Single().Kind, Is.EqualTo(PoolPermitKind.UnknownClients));
                continue;
            }
            Assert.That(own.Find(p), Is.EqualTo(value), $"{p.Name} {kind}");
            // Only this parameter is set: no statement writes two slots.
            Assert.That(ServerParameters.All.Where(other => other != p).Select(own.Find), Is.All.Null, $"{p.Name} {kind}");
        }
    }

    [TestCaseSource(nameof(Parameters))]
    public void TheMostSpecificScopeWinsThroughThePlan(ServerParameter p)
    {
        // Levels 0..top each set their own sample: the answer must be the top one's (host > class > pool > subnet >
        // shared-network > group > global), as resolved by the plan a running server uses.
        for (int top = 0; top < Levels.Length; top++)
        {
            var texts = new Dictionary<string, string>();
            object? expected = null;
            for (int level = 0; level <= top; level++)
            {
                var (kind, marker) = Levels[level];
                if (!p.IsAllowedIn(kind) || IsPoolPermit(p, kind)) continue;
                var (statement, value) = Sample(p, level);
                texts[marker] = statement;
                expected = value;
            }
            var result = DhcpdConfigParser.ParseText(Fill(texts), "dhcpd.conf");
            Assert.That(result.Diagnostics, Is.Empty, $"{p.Name} up to {Levels[top].Kind}");
            var plan = ConfigPlanBuilder.Build(result.Config!);
            var request = new DhcpMessage();
            request.Read(ServerHarness.Build(DhcpMessageType.Discover, Client, userClass: "iPXE"));
            var subnet = plan.Subnets.Single();
            var host = plan.FindHost(ClientKey.ForHardware(HardwareType.Ethernet, HostMac));
            Assert.That(host, Is.Not.Null);
            var classes = plan.Resolver.Classify(request);
            Assert.That(classes, Is.EqualTo(new[] { "c" }));
            var parameters = plan.Resolver.Resolve(request, subnet, subnet.Pools.Single(), host, classes);
            Assert.That(Resolve(parameters, p), Is.EqualTo(expected), $"{p.Name} set up to {Levels[top].Kind}");
        }
    }

    [TestCaseSource(nameof(Parameters))]
    public void ReachesTheReply(ServerParameter p)
    {
        var probe = ProbeFor(p);
        Assert.That(probe(null), Is.EqualTo(Expect(p, p.DefaultValue)), $"{p.Name}: not set");
        for (int k = 0; k < 2; k++)
        {
            var (statement, value) = Sample(p, k);
            Assert.That(probe(statement), Is.EqualTo(Expect(p, value)), $"{p.Name}: {statement}");
        }
    }

    /// <summary>What the wire shows for each parameter, given the statement at global scope (null: none).</summary>
    private static Func<string?, object?> ProbeFor(ServerParameter p) => p.Name switch
    {
        "default-lease-time" => s => LeaseTime(s, asked: null),
        "max-lease-time" => s => LeaseTime(s, asked: uint.MaxValue - 1),
        "min-lease-time" => s => LeaseTime(s, asked: 1),
        "authoritative" => s => Exchange(s, WrongNetworkRequest()) is { } nak && nak.MessageType == DhcpMessageType.Nak,
        "next-server" => s => Offer(s).NextServerAddress is { IsAny: false } siaddr ? siaddr : null,
        "filename" => s => Offer(s).BootFileName is { IsEmpty: false } f ? System.Text.Encoding.ASCII.GetString(f) : null,
        "server-name" => s => Offer(s).ServerName is { IsEmpty: false } n ? System.Text.Encoding.ASCII.GetString(n) : null,
        // Unset, option 54 is the receiving port's address.
        "server-identifier" => s => Offer(s).TryGetServerIdentifier(out var id) && id != ServerHarness.A("198.18.0.1") ? id : null,
        "echo-client-id" => s => Offer(s).TryGetOption(DhcpOptionCode.ClientIdentifier, out _),
        "unknown-clients" => s => Exchange(s, Discover()) is not null,
        // The probe's client has no host declaration, and its DISCOVER says secs 0.
        "booting" or "boot-unknown-clients" or "min-secs" => s => Exchange(s, Discover()) is not null,
        "use-host-decl-names" => s => Exchange(s + "\nhost node1001 { hardware infiniband 00:02:c9:03:00:00:10:01; }", ServerHarness.Build(DhcpMessageType.Discover, Client, prl: [1, 3, 12]))!
            .TryGetOption(DhcpOptionCode.HostName, out var name) ? System.Text.Encoding.ASCII.GetString(name) : null,
        // An Ethernet client without the broadcast flag: the reply carries it only when always-broadcast says so.
        "always-broadcast" => s => Exchange(s, ServerHarness.Build(DhcpMessageType.Discover, null, HardwareType.Ethernet, chaddr: HostMac))!.IsBroadcast,
        // Accepted for ISC compatibility and stored, but no reply depends on them yet (BOOTP requests are not served).
        // ping-check's ping happens in the host, around the decision (ServerHost, PingCheckTests); the reply is the same.
        "ping-check" or "ping-timeout" or "ping-timeout-ms" or "bootp" => Unchanged,
        _ => throw new AssertionException($"{p.Name}: no reply probe; say here how the parameter reaches the reply"),
    };

    /// <summary>The value the probe of <paramref name="p"/> should see when the parameter is <paramref name="value"/>.</summary>
    private static object? Expect(ServerParameter p, object? value) => p.Name switch
    {
        "default-lease-time" or "max-lease-time" => value,
        "min-lease-time" => Math.Max(1u, (uint)value!),
        "unknown-clients" or "booting" => value is not (AccessMode.Deny or AccessMode.Ignore),
        "min-secs" => (uint)value! == 0,
        "use-host-decl-names" => value is true ? "node1001" : null,
        "ping-check" or "ping-timeout" or "ping-timeout-ms" or "bootp" => null,
        _ => value,
    };

    // For a parameter no reply depends on: null when the reply is byte for byte the one without the statement.
    private static object? Unchanged(string? statement)
    {
        var without = Exchange(null, Discover())!.Raw.ToArray();
        var with = Exchange(statement, Discover())!.Raw.ToArray();
        return with.SequenceEqual(without) ? null : "the reply changed";
    }

    private static uint LeaseTime(string? statement, uint? asked)
    {
        var offer = Exchange(statement, Discover(asked)) ?? throw new AssertionException("no offer");
        return offer.TryGetLeaseTime(out uint time) ? time : throw new AssertionException("no lease time");
    }

    private static DhcpMessage Offer(string? statement) => Exchange(statement, Discover()) ?? throw new AssertionException("no offer");

    /// <summary>The reply of a server configured with <paramref name="statement"/> to <paramref name="request"/>, or null.</summary>
    private static DhcpMessage? Exchange(string? statement, byte[] request)
    {
        var result = DhcpdConfigParser.ParseText($"{statement}\nsubnet 198.18.0.0 netmask 255.255.255.0 {{ range 198.18.0.10 198.18.0.20; }}\n", "dhcpd.conf");
        Assert.That(result.Diagnostics, Is.Empty);
        var h = new ServerHarness(ConfigPlanBuilder.Build(result.Config!));
        var decision = h.Send(request, h.Port("ib0", "198.18.0.1"));
        if (decision.ReplyLength == 0) return null;
        var copy = new DhcpMessage();
        copy.Read(h.Reply.Raw);
        return copy;
    }

    private static byte[] Discover(uint? leaseTime = null)
    {
        var bytes = ServerHarness.Build(DhcpMessageType.Discover, Client);
        if (leaseTime is not { } time) return bytes;
        // The same DISCOVER with option 51 before the end option.
        var buffer = new byte[bytes.Length + 6];
        int end = bytes.Length - 1;
        while (bytes[end] != DhcpOptionCode.End) end--;
        bytes.AsSpan(0, end).CopyTo(buffer);
        buffer[end] = DhcpOptionCode.LeaseTime;
        buffer[end + 1] = 4;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(end + 2), time);
        buffer[end + 6] = DhcpOptionCode.End;
        return buffer.AsSpan(0, end + 7).ToArray();
    }

    // INIT-REBOOT for an address on no network this server has: an authoritative server NAKs it, another stays silent.
    private static byte[] WrongNetworkRequest() => ServerHarness.Build(DhcpMessageType.Request, Client, requested: "198.51.100.7");

    /// <summary>The typed value of <paramref name="p"/> in <paramref name="parameters"/>, read the way the reply reads it.</summary>
    private static object? Resolve(ReplyParameters parameters, ServerParameter p)
    {
        var reader = new TypedRead(parameters);
        p.Accept(reader);
        return reader.Value;
    }

    private sealed class TypedRead(ReplyParameters parameters) : IServerParameterVisitor
    {
        public object? Value { get; private set; }

        public void Visit<T>(ServerParameter<T> parameter) => Value = parameters.Get(parameter);
    }
}
