using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Tests.Client;

/// <summary>
/// dhclient.leases with damage in the middle: every intact lease before and after it is kept, the damaged bytes
/// are reported with file:line:col and size, and the original is kept as dhclient.leases~ before a rewrite.
/// </summary>
public sealed class DamagedClientLeaseFileTests
{
    private static string Lease(int host) =>
        $"lease {{\n  interface \"ib0\";\n  fixed-address 198.18.8.{host};\n  option subnet-mask 255.255.255.0;\n" +
        "  renew 4 2037/01/01 00:00:00;\n  rebind 4 2037/01/01 00:00:00;\n  expire 4 2037/01/01 00:00:00;\n}\n";

    private static readonly string L20 = Lease(20), L21 = Lease(21), L22 = Lease(22);

    private static string[] Addresses(LeaseFile file) => file.Leases.Select(l => l.Address.ToString()).ToArray();

    private static readonly string[] All = ["198.18.8.20", "198.18.8.21", "198.18.8.22"];

    private static int LineOf(string text, int offset) => text[..offset].Count(c => c == '\n') + 1;

    [TestCase("garbage {\n", TestName = "Unclosed brace")]
    [TestCase("lease {\n  interface \"ib0\";\n  fixed-addr", TestName = "Record cut mid-way")]
    [TestCase("\u0089PNG\r\n\u001a\n\0\0{\u00ff}\"\u007f{{\n", TestName = "Binary junk")]
    [TestCase("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\n", TestName = "NULs")]
    [TestCase("  \"\n", TestName = "Lone quote")]
    public void Damage_BetweenRecords_KeepsEveryIntactLease_AndReportsItsSize(string damage)
    {
        string text = L20 + damage + (damage.EndsWith('\n') ? "" : "\n") + L21 + L22;
        int indent = damage.Length - damage.TrimStart(' ').Length;
        int damageBytes = System.Text.Encoding.UTF8.GetByteCount(text[(L20.Length + indent)..text.IndexOf(L21, StringComparison.Ordinal)]);

        var file = LeaseFile.Parse(text, "dhclient.leases", DhcpOptionTable.Standard);

        Assert.That(Addresses(file), Is.EqualTo(All));
        Assert.That(file.DamagedBytes, Is.EqualTo(damageBytes));
        Assert.That(file.Errors[0].ToString(), Is.EqualTo($"dhclient.leases:{LineOf(text, L20.Length)}:{indent + 1}: damaged record skipped ({damageBytes} bytes)"));
        Assert.That(file.Errors.Skip(1), Is.Not.Empty, "then the reason, where it was found");
        Assert.That(file.Errors.Skip(1).Select(e => e.Line), Has.All.InRange(LineOf(text, L20.Length), LineOf(text, L20.Length + damage.Length)));
    }

    [Test]
    public void HundredThousandOpenBraces_NeverCrash_AndTheNextLeaseIsKept()
    {
        string text = L20 + "lease " + new string('{', 100_000) + "\n" + L21;

        var file = LeaseFile.Parse(text, "dhclient.leases", DhcpOptionTable.Standard);

        Assert.That(Addresses(file), Is.EqualTo(new[] { "198.18.8.20", "198.18.8.21" }));
        Assert.That(file.Errors[0].Line, Is.EqualTo(LineOf(text, L20.Length)));
        Assert.That(file.Errors[0].Message, Is.EqualTo($"damaged record skipped ({100_007} bytes)"));
    }

    [Test]
    public void LoadOfADamagedFile_KeepsTheOriginalAsTilde_BeforeTheRewriteLeavesTheDamageOut()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dhclient-damage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "dhclient.leases");
            string original = L20 + "garbage {\n" + L21 + L22;
            File.WriteAllText(path, original);
            var time = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var db = new LeaseDatabase(path, DhcpOptionTable.Standard, time);

            var problems = db.Load();
            db.Rewrite();

            Assert.That(problems[0], Is.EqualTo($"{path}:9:1: damaged record skipped (10 bytes)"));
            Assert.That(problems[^1], Is.EqualTo($"{path}: 10 damaged bytes left out (3 intact leases kept); the original is kept as {path}~"));
            Assert.That(File.ReadAllText(path + "~"), Is.EqualTo(original));
            var reread = LeaseFile.Load(path, DhcpOptionTable.Standard);
            Assert.That(reread.Errors, Is.Empty);
            Assert.That(Addresses(reread), Is.EqualTo(All));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void LoadOfACleanFile_MakesNoBackup()
    {
        string dir = Path.Combine(Path.GetTempPath(), "dhclient-damage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "dhclient.leases");
            File.WriteAllText(path, L20 + L21);
            var db = new LeaseDatabase(path, DhcpOptionTable.Standard, new ManualTimeProvider(DateTimeOffset.UnixEpoch));
            Assert.That(db.Load(), Is.Empty);
            Assert.That(File.Exists(path + "~"), Is.False);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
