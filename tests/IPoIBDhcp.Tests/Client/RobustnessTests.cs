using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Client.Protocol;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Dhcp;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Tests.Client;

/// <summary>Cut and random inputs: the parsers report errors (never another exception), the machine drops junk.</summary>
public class RobustnessTests
{
    [Test]
    public void EveryTruncationOfTheExampleConfigIsParsedOrRefusedWithPositions()
    {
        string text = File.ReadAllText(RepoFiles.ConfExample("dhclient.conf"));
        for (int cut = 0; cut <= text.Length; cut++)
        {
            bool ok = ClientConfParser.TryParse(text[..cut], "cut.conf", out _, out var errors);
            Assert.That(ok, Is.EqualTo(errors.Count == 0), $"cut at {cut}");
            foreach (var e in errors)
                Assert.That(e.Line, Is.InRange(1, text.Count(c => c == '\n') + 1), $"cut at {cut}: {e}");
        }
    }

    [Test]
    public void EveryTruncationOfALeaseFileKeepsOnlyCompleteLeases()
    {
        var lease = new ClientLease { Interface = "ib1", Address = IPv4Address.Parse("198.18.0.100"),
            Renewal = new DateTimeOffset(2024, 1, 16, 10, 5, 0, TimeSpan.Zero), Rebinding = new DateTimeOffset(2024, 1, 16, 10, 8, 0, TimeSpan.Zero),
            Expiry = new DateTimeOffset(2024, 1, 16, 10, 10, 0, TimeSpan.Zero) };
        lease.Options[1] = [255, 255, 255, 0];
        lease.Options[61] = [0xff, 0, 0, 0, 0, 0, 2, 0, 0, 2, 0xc9, 0, 0, 2, 0xc9, 3, 0, 0, 0x10, 0x39];
        string one = LeaseFileFormat.Format(lease, DhcpOptionTable.Standard);
        string text = one + one;
        for (int cut = 0; cut <= text.Length; cut++)
        {
            var file = LeaseFile.Parse(text[..cut], "cut.leases", DhcpOptionTable.Standard);
            // A cut at or after a block's "}" keeps that block; a cut inside a block never yields a half lease.
            int complete = cut >= text.Length - 1 ? 2 : cut >= one.Length - 1 ? 1 : 0;
            Assert.That(file.Leases.Length, Is.EqualTo(complete), $"cut at {cut}");
            foreach (var l in file.Leases) Assert.That(l.Expiry, Is.EqualTo(lease.Expiry), $"cut at {cut}");
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void RandomTextNeverThrowsFromTheParsers(int seed)
    {
        var random = new Random(seed);
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_.:/ \t\n{};,=()\"\\#";
        string[] words = ["interface", "lease", "send", "request", "also", "option", "code", "fixed-address", "renew", "expire", "epoch", "never", "array", "of"];
        for (int i = 0; i < 500; i++)
        {
            var sb = new System.Text.StringBuilder();
            int n = random.Next(0, 200);
            for (int j = 0; j < n; j++)
            {
                if (random.Next(5) == 0) sb.Append(' ').Append(words[random.Next(words.Length)]).Append(' ');
                else sb.Append(alphabet[random.Next(alphabet.Length)]);
            }
            string text = sb.ToString();
            Assert.DoesNotThrow(() => ClientConfParser.TryParse(text, "r.conf", out _, out _), text);
            Assert.DoesNotThrow(() => LeaseFile.Parse(text, "r.leases", DhcpOptionTable.Standard), text);
        }
    }

    [Test]
    public void RandomDatagramsAreDroppedWithoutThrowing()
    {
        var link = new ClientLink("ib1", LinkType.InfiniBand, DhcpClientMachineTests.IbAddress, 2044);
        var host = new RecordingHost();
        var machine = new DhcpClientMachine(link, new ClientSettings(), new ClientMessageBuilder(link, new ClientSettings(), DhcpClientMachineTests.FlexBootId, null), host, new Random(9));
        var now = new DateTimeOffset(2024, 1, 16, 10, 0, 0, TimeSpan.Zero);
        machine.Start(now, null, []);
        var random = new Random(11);
        var message = new DhcpMessage();
        uint xid = machine.TransactionId;
        for (int i = 0; i < 2000; i++)
        {
            var bytes = new byte[random.Next(BootpFieldLocations.Options, 600)];
            random.NextBytes(bytes);
            bytes[0] = 2;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(BootpFieldLocations.Xid), xid);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(BootpFieldLocations.MagicCookie), BootpFieldLocations.MagicCookieValue);
            if (!message.TryRead(bytes, out _)) continue;
            Assert.DoesNotThrow(() => machine.OnMessage(message, IPv4Address.Parse("198.18.0.1"), now));
        }
        Assert.That(machine.State, Is.Not.EqualTo(ClientState.Stopped));
        Assert.That(host.Packets, Is.Not.Empty);
    }
}
