using System.Text;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Config.Hooks;
using IPoIBDhcp.Server.Leases;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>
/// <c>on commit|release|expiry { … }</c> and its statements, as dhcp-eval(5) and dhcpd.conf(5) write them. ISC 4.4.3's
/// <c>dhcpd -t</c> accepts every valid file here (an <c>on</c> in a subnet, pool, class, host, group and at global scope,
/// <c>on commit or release</c>, log with and without a priority, set to a number, true and a string, unset, if/else), and
/// refuses <c>execute(concat(…))</c> ("Expecting a quoted string.") and <c>log(warn, …)</c> ("right parenthesis expected."),
/// as the refusals below do.
/// </summary>
public class HookParseTests
{
    private static ServerConfig Parse(string text)
    {
        var result = DhcpdConfigParser.ParseText(text, "dhcpd.conf");
        Assert.That(result.Diagnostics.Select(d => d.ToString()), Is.Empty);
        return result.Config!;
    }

    private static string[] Errors(string text) =>
        [.. DhcpdConfigParser.ParseText(text, "dhcpd.conf").Diagnostics.Select(d => d.ToString())];

    [Test]
    public void EveryScopeIscAllowsTakesAHandlerAndTheEventsItNames()
    {
        var config = Parse(
            "on expiry { execute(\"/bin/true\"); }\n" +
            "subnet 198.18.0.0 netmask 255.255.255.0 {\n" +
            "  on commit or release { log(info, \"subnet\"); }\n" +
            "  pool { range 198.18.0.50 198.18.0.60; on expiry { log(error, \"pool\"); } }\n" +
            "}\n" +
            "class \"c\" { match if exists user-class; on commit { log(\"class\"); } }\n" +
            "group { on release { log(debug, \"group\"); } host a { hardware ethernet 00:11:22:33:44:55; on commit { unset x; } } }\n");

        var execute = (ExecuteStatement)config.Global.Parameters.Hooks.Expiry!.Body.Single();
        Assert.That((execute.Program, execute.Arguments.Length, execute.Position.ToString()), Is.EqualTo(("/bin/true", 0, "dhcpd.conf:1:13")));
        var subnet = config.Subnets.Single();
        Assert.That(subnet.Scope.Parameters.Hooks.Commit, Is.SameAs(subnet.Scope.Parameters.Hooks.Release));
        Assert.That(subnet.Scope.Parameters.Hooks.Expiry, Is.Null);
        var pool = subnet.Pools.Single(p => !p.IsImplicit);
        Assert.That(((LogStatement)pool.Scope.Parameters.Hooks.Expiry!.Body.Single()).Priority, Is.EqualTo(HookLogPriority.Error));
        Assert.That(((LogStatement)config.Classes.Single().Scope.Parameters.Hooks.Commit!.Body.Single()).Priority, Is.EqualTo(HookLogPriority.Info));
        var host = config.HostsByName["a"];
        Assert.That(host.Scope.Parameters.Hooks.Commit!.Body.Single(), Is.EqualTo(new UnsetStatement("x", new("dhcpd.conf", 7, 103))));
        Assert.That(host.Scope.Parent!.Parameters.Hooks.Release, Is.Not.Null);
        Assert.That(HookScan.Any(config), Is.True);
        Assert.That(HookScan.Any(Parse("subnet 198.18.0.0 netmask 255.255.255.0 { }\n")), Is.False);
    }

    [Test]
    public void TheMostSpecificScopesHandlerWinsEventByEvent()
    {
        var config = Parse(
            "on commit { log(\"global commit\"); }\n" +
            "on expiry { log(\"global expiry\"); }\n" +
            "host a { hardware ethernet 00:11:22:33:44:55; on commit { log(\"host commit\"); } }\n");

        var resolved = ParameterResolver.Resolve(null, config.HostsByName["a"].Scope, [], null).Hooks;

        Assert.That(Message(resolved.Commit!), Is.EqualTo("host commit"));
        Assert.That(Message(resolved.Expiry!), Is.EqualTo("global expiry"));
        Assert.That(resolved.Release, Is.Null);
    }

    [Test]
    public void AHandlerInsideAnIfArmIsTakenWithTheArm()
    {
        var config = Parse("if exists user-class { on commit { log(\"ipxe\"); } } else { on commit { log(\"firmware\"); } }\n");

        var ipxe = config.Global.Parameters.Evaluate(TestOptionSource.Ipxe).Hooks.Commit!;
        var firmware = config.Global.Parameters.Evaluate(TestOptionSource.PxeFirmware).Hooks.Commit!;

        Assert.That((Message(ipxe), Message(firmware)), Is.EqualTo(("ipxe", "firmware")));
    }

    [Test]
    public void SetTakesANumberABooleanOrADataExpression()
    {
        var body = Parse("on commit { set n = 5; set b = true; set s = substring(option host-name, 0, 3); set v = s; }\n").Global.Parameters.Hooks.Commit!.Body;

        Assert.That(((SetStatement)body[0]).Literal, Is.EqualTo(new LeaseVariable("n", "5", LeaseVariableKind.Numeric)));
        Assert.That(((SetStatement)body[1]).Literal, Is.EqualTo(new LeaseVariable("b", "true", LeaseVariableKind.Boolean)));
        Assert.That(((SetStatement)body[2]).Value, Is.InstanceOf<SubstringExpression>());
        Assert.That(((SetStatement)body[3]).Value, Is.EqualTo(new VariableReferenceExpression("s")));
    }

    [Test]
    public void WhatIscRefusesIsRefusedWithItsPlace()
    {
        Assert.That(Errors("on commit { execute(substring(option host-name, 0, 3)); }\n"),
            Is.EqualTo(new[] { "dhcpd.conf:1:21: execute: expected the program as a quoted string, found 'substring'" }));
        Assert.That(Errors("on commit { log(warn, \"x\"); }\n"),
            Is.EqualTo(new[] { "dhcpd.conf:1:21: log: expected ')', found ','" }));
        Assert.That(Errors("on lease { log(\"x\"); }\n"),
            Is.EqualTo(new[] { "dhcpd.conf:1:4: on: expected commit, release or expiry, found 'lease'" }));
        Assert.That(Errors("on commit;\n"), Is.EqualTo(new[] { "dhcpd.conf:1:1: 'on' needs a { … } block" }));
        Assert.That(Errors("on commit { option routers 198.18.0.1; }\n"),
            Is.EqualTo(new[] { "dhcpd.conf:1:13: 'option' is not supported in an 'on' block; only execute, log, set, unset and if" }));
        Assert.That(Errors("on commit { log(option no-such-option); }\n"),
            Is.EqualTo(new[] { "dhcpd.conf:1:24: unknown option 'no-such-option'" }));
        // Outside a hook these statements still are not run at request time.
        Assert.That(Errors("log(info, \"x\");\n"), Is.EqualTo(new[] { "dhcpd.conf:1:1: 'log' is not supported" }));
    }

    private static string Message(Hook hook) =>
        Encoding.ASCII.GetString(((LogStatement)hook.Body.Single()).Message.Evaluate(TestOptionSource.Empty)!.Value.Span);
}
