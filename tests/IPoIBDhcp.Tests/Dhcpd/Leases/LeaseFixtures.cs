using System.Text;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Tests.Dhcpd.Leases;

/// <summary>Shared sample data: the ISC 4.4.3 fixture file and generated leases.</summary>
internal static class LeaseFixtures
{
    public static string IscFixturePath => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "isc-dhcpd-4.4.3.leases");

    public static byte[] IscFixtureBytes() => File.ReadAllBytes(IscFixturePath);

    /// <summary>RFC 4390 client-id of the fixture's first InfiniBand client: type 0xFF, IAID 0,
    /// DUID-LL type 2 ... as ConnectX firmware sends it, GUID 00:02:c9:03:00:a1:b2:c0.</summary>
    public static readonly byte[] IbClientId1 = Convert.FromHexString("ff00000000000200000" + "2c9000002c90300a1b2c0");

    /// <summary>A lease with every field set and values that need every kind of escaping.</summary>
    public static Lease FullLease(uint host, int seed)
    {
        var random = new Random(seed);
        var clientId = new byte[random.Next(1, 24)];
        random.NextBytes(clientId);
        var hardware = new byte[6];
        random.NextBytes(hardware);
        var vendor = new byte[random.Next(0, 40)];
        random.NextBytes(vendor);
        var start = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000 + random.Next(0, 10_000_000));
        return new Lease(new IPv4Address(0x0A000000 + host))
        {
            Starts = start,
            Ends = random.Next(10) == 0 ? DateTimeOffset.MaxValue : start.AddSeconds(random.Next(60, 86400)),
            Tstp = start.AddSeconds(7),
            Tsfp = start.AddSeconds(8),
            Atsfp = start.AddSeconds(9),
            Cltt = start,
            BindingState = LeaseBindingState.Active,
            NextBindingState = LeaseBindingState.Free,
            RewindBindingState = LeaseBindingState.Expired,
            HardwareType = 1,
            HardwareAddress = hardware,
            ClientId = clientId,
            ClientHostname = $"node-{host}",
            Variables =
            [
                new("vendor-class-identifier", Encoding.Latin1.GetString(vendor)),
                new("quoted", "say \"hi\" \\ back"),
                new("count", "-42", LeaseVariableKind.Numeric),
                new("flag", "true", LeaseVariableKind.Boolean),
            ],
        };
    }

    /// <summary>A small realistic lease as the boot storm produces (IPoIB client id, PXE vendor class).</summary>
    public static Lease BootLease(uint host, DateTimeOffset now)
    {
        var clientId = (byte[])IbClientId1.Clone();
        clientId[^3] = (byte)(host >> 16);
        clientId[^2] = (byte)(host >> 8);
        clientId[^1] = (byte)host;
        return new Lease(new IPv4Address(0x0A000000 + host))
        {
            Starts = now,
            Ends = now.AddHours(12),
            Cltt = now,
            BindingState = LeaseBindingState.Active,
            NextBindingState = LeaseBindingState.Free,
            RewindBindingState = LeaseBindingState.Free,
            ClientId = clientId,
            ClientHostname = $"ib-node-{host}",
            Variables = [new("vendor-class-identifier", "PXEClient:Arch:00007:UNDI:003016")],
        };
    }
}
