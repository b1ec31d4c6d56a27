using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.Identity;

/// <summary>The receive path reads addresses and identities per packet: these paths must not allocate.</summary>
public class AllocationTests
{
    private static readonly byte[] ConnectX = Convert.FromHexString("ff000000000002000002c9000002c90300001039");
    private static readonly byte[] InfiniHost = Convert.FromHexString("2000550401fe800000000000000002c90200231392");
    private static readonly byte[] IpxeMac = Convert.FromHexString("010002c9001039");

    [Test]
    public void CodecAndIdentityPathsDoNotAllocate()
    {
        var leases = new Dictionary<ClientIdentifier, int>(ClientIdentifierComparer.Instance) { [ClientIdentifier.FromBytes(ConnectX)] = 1 };
        Dictionary<ClientIdentifier, int>.AlternateLookup<ReadOnlySpan<byte>> lookup = leases.GetAlternateLookup<ReadOnlySpan<byte>>();
        ClientIdentifier a = ClientIdentifier.FromBytes(ConnectX);
        ClientIdentifier b = ClientIdentifier.FromBytes(ConnectX);
        PortGuid guid = PortGuid.Parse("0002:c903:0000:1039");
        var scratch = new byte[32];
        var chars = new char[32];

        int sink = 0;
        void Run()
        {
            for (int i = 0; i < 1000; i++)
            {
                PortGuid.TryRead(ConnectX.AsSpan(12), out PortGuid g, out WireError _);
                g.Write(scratch);
                g.WriteEui48Mac(scratch);
                g.TryFormat(chars, out _);
                Gid.TryRead(InfiniHost.AsSpan(5), out Gid gid, out _);
                gid.Write(scratch);
                IPoIBHardwareAddress.TryRead(InfiniHost.AsSpan(1), out IPoIBHardwareAddress address, out _);
                address.Write(scratch);
                sink += address.IsBroadcast ? 1 : 0;
                IPoIBEncapsulationHeader.TryRead(scratch, out IPoIBEncapsulationHeader header, out _);
                header.Write(scratch);
                sink += (int)ClientIdentifier.Classify(InfiniHost);
                sink += ClientIdentifier.TryGetPortGuid(InfiniHost, out _) ? 1 : 0;
                sink += ClientIdentifier.MatchesPortGuid(IpxeMac, guid) ? 1 : 0;
                sink += a.TryGetPortGuid(out _) ? 1 : 0;
                sink += a.MatchesPortGuid(guid) ? 1 : 0;
                sink += a.Equals(b) ? 1 : 0;
                sink += a.GetHashCode() & 1;
                sink += (int)(a.Iaid ?? 0) + (int)a.DuidType;
                sink += lookup.TryGetValue(ConnectX, out int v) ? v : 0;
            }
        }

        Run(); // warm up (JIT, tiering)
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.EqualTo(0));
        Assert.That(sink, Is.GreaterThan(0));
    }
}
