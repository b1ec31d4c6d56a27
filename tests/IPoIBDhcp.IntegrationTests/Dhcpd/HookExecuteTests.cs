using System.Diagnostics;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.IntegrationTests.Support;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.IntegrationTests.Dhcpd;

/// <summary>
/// <c>on commit { … execute(…); }</c> on the real dhcpd: the program runs with the arguments the hook gave once the lease
/// is durable, its <c>set</c> is written with the lease, and a program that fails, cannot start or hangs costs one log
/// line (the hanging one is killed at ExecuteTimeoutSeconds) while the client gets its ACK at once.
/// </summary>
public sealed class HookExecuteTests
{
    private static readonly ClientIdentifier Node001 = ClientIdentifier.FlexBoot(PortGuid.Parse("0002:c903:0000:1001"));
    private static readonly IPv4Address Server = IPv4Address.Parse("198.18.0.1");

    private static async Task<(DhcpReply Ack, TimeSpan Took)> LeaseAsync(DhcpTestClient client, uint xid)
    {
        var discover = new DhcpPacket(DhcpMessageType.Discover, xid, Node001);
        var offer = await client.ExchangeAsync(discover, DhcpRoute.Broadcast);
        IPoIBReplyAssert.Framing(offer, discover, DhcpMessageType.Offer);
        var request = new DhcpPacket(DhcpMessageType.Request, xid + 1, Node001) { RequestedAddress = offer!.YourAddress, ServerIdentifier = Server };
        var clock = Stopwatch.StartNew();
        var ack = await client.ExchangeAsync(request, DhcpRoute.Broadcast);
        var took = clock.Elapsed;
        IPoIBReplyAssert.Framing(ack, request, DhcpMessageType.Ack);
        return (ack!, took);
    }

    [Test]
    public async Task ACommitHookRunsTheProgramWithItsArgumentsAfterTheLeaseIsWritten()
    {
        using var workspace = Workspace.Create();
        var fabric = TestFabric.Create(workspace);
        string output = workspace.File("hook.out");
        string leases = workspace.File("dhcpd.leases");
        // The script records its arguments and whether the lease was already in the lease file when it ran.
        string script = workspace.Write("on-commit.sh",
            $"#!/bin/sh\nif grep -q 'set who = \"node001\";' '{leases}'; then state=durable; else state=missing; fi\nprintf '%s|' \"$@\" \"$state\" >> '{output}'\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string config = workspace.Write("dhcpd.conf", $$"""
            authoritative;
            subnet 198.18.0.0 netmask 255.255.240.0 {
              range 198.18.1.10 198.18.1.20;
              on commit {
                set who = "node001";
                execute("{{script}}", "commit", who, "two words");
              }
            }
            """);
        await using var dhcpd = await Support.Dhcpd.StartOnFabricAsync(fabric, config, leases, "head", ["ib0"]);
        await using var engine = fabric.Join("node001");
        await using var client = DhcpTestClient.OverPort(engine.OpenPort("node001", "ib0", 68));

        var (ack, _) = await LeaseAsync(client, (uint)TestContext.CurrentContext.Random.Next());

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(output) && DateTime.UtcNow < deadline) await Task.Delay(50);
        await Task.Delay(200);
        Assert.That(await File.ReadAllTextAsync(output), Is.EqualTo("commit|node001|two words|durable|"));
        Assert.That(ack.YourAddress, Is.EqualTo(IPv4Address.Parse("198.18.1.10")));
        Assert.That(dhcpd.Count("execute:"), Is.Zero, dhcpd.Output);
    }

    [Test]
    public async Task AFailingAMissingAndAHangingProgramAreLoggedTheHangingOneKilledAndTheAckIsNotDelayed()
    {
        using var workspace = Workspace.Create();
        var fabric = TestFabric.Create(workspace);
        string failing = workspace.Write("fails.sh", "#!/bin/sh\nexit 3\n");
        string pids = workspace.File("hanging.pids");
        string hanging = workspace.Write("hangs.sh", $"#!/bin/sh\necho $$ >> '{pids}'\nexec sleep 60\n");
        foreach (var s in new[] { failing, hanging })
            File.SetUnixFileMode(s, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string missing = workspace.File("no-such-program");
        string config = workspace.Write("dhcpd.conf", $$"""
            authoritative;
            subnet 198.18.0.0 netmask 255.255.240.0 {
              range 198.18.1.10 198.18.1.20;
              on commit { execute("{{hanging}}"); execute("{{failing}}", "x"); execute("{{missing}}"); }
            }
            """);
        await using var dhcpd = await Support.Dhcpd.StartOnFabricAsync(fabric, config, workspace.File("dhcpd.leases"), "head", ["ib0"],
            ["--ExecuteTimeoutSeconds=2"]);
        await using var engine = fabric.Join("node001");
        await using var client = DhcpTestClient.OverPort(engine.OpenPort("node001", "ib0", 68));
        uint xid = (uint)TestContext.CurrentContext.Random.Next();

        var (_, first) = await LeaseAsync(client, xid);
        // While the first hanging program still runs, the server answers the next exchange as promptly.
        var (_, second) = await LeaseAsync(client, xid + 10);

        Assert.That(first, Is.LessThan(TimeSpan.FromSeconds(1)), "the ACK does not wait for the programs");
        Assert.That(second, Is.LessThan(TimeSpan.FromSeconds(1)), "nor does the next client's");
        await dhcpd.WaitForLineAsync($"execute: {failing} (commit of 198.18.1.10): exit status 3", TimeSpan.FromSeconds(10));
        await dhcpd.WaitForLineAsync($"execute: {missing} (commit of 198.18.1.10): cannot run: No such file or directory", TimeSpan.FromSeconds(10));
        await dhcpd.WaitForLineAsync($"execute: {hanging} (commit of 198.18.1.10): killed after 2 s", TimeSpan.FromSeconds(10));
        int firstHanging = int.Parse((await File.ReadAllLinesAsync(pids))[0]);
        var gone = DateTime.UtcNow.AddSeconds(5);
        while (Directory.Exists($"/proc/{firstHanging}") && DateTime.UtcNow < gone) await Task.Delay(50);
        Assert.That(Directory.Exists($"/proc/{firstHanging}"), Is.False, "the hanging program was killed");
    }
}
