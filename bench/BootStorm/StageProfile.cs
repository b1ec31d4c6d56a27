using System.Collections.Immutable;
using System.Text;
using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Client.Protocol;
using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire.Dhcp;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// How each boot stage presents itself on the wire, as the real firmware and software do: the link framing the
/// dhclient state machine builds (IPoIB, or iPXE's Ethernet view of the IPoIB port), the client identifier,
/// the options sent and requested, and the retransmission bounds (RFC 2131: 4 s, doubling, ±1 s).
/// </summary>
internal static class StageProfile
{
    /// <summary>PXE vendor class of FlexBoot on x86-64 UEFI (arch 7) with UNDI 3.16.</summary>
    public const string PxeVendorClass = "PXEClient:Arch:00007:UNDI:003016";

    private static readonly ImmutableArray<byte> PxeRequest = [1, 3, 6, 12, 15, 17, 26, 43, 60, 66, 67, 128, 129, 130, 131, 132, 133, 134, 135];
    private static readonly ImmutableArray<byte> IpxeRequest = [1, 3, 6, 7, 12, 15, 17, 26, 43, 60, 66, 67, 119, 128, 129, 130, 131, 132, 133, 134, 135, 175, 203];
    private static readonly ImmutableArray<byte> OsRequest = [1, 28, 2, 3, 15, 6, 12, 26];

    /// <summary>The settings a firmware stage runs with: bounded tries (4, 8, 16 s), first offer taken.</summary>
    private static readonly ClientSettings Firmware = new()
    {
        Timeout = 30,
        InitialInterval = 4,
        BackoffCutoff = 16,
        Reboot = 10,
        Retry = 30,
    };

    /// <summary>The link the stage's client sees on <paramref name="port"/>.</summary>
    public static ClientLink Link(BootStage stage, FabricPort port)
    {
        if (stage == BootStage.Ipxe)
        {
            var mac = new byte[6];
            port.Guid.WriteEui48Mac(mac);
            return new ClientLink(port.Name, LinkType.Ethernet, new LinkAddress(mac), port.Mtu) { RequestBroadcastReplies = true };
        }
        return new ClientLink(port.Name, LinkType.InfiniBand, port.LinkAddress, port.Mtu);
    }

    /// <summary>The client identifier of the stage, derived from the port GUID.</summary>
    public static ClientIdentifier Identity(BootStage stage, PortGuid guid) => stage switch
    {
        BootStage.FlexBoot => ClientIdentifier.FlexBoot(guid),
        BootStage.Ipxe => ClientIdentifier.IpxeMac(guid),
        _ => ClientIdentifier.Rfc4390(guid, (uint)guid.Value),
    };

    /// <summary>What the stage sends and requests, and how long it tries.</summary>
    public static ClientSettings Settings(BootStage stage, PortGuid guid) => stage switch
    {
        BootStage.FlexBoot => Firmware with
        {
            Request = PxeRequest,
            Send = [.. PxeOptions(guid)],
        },
        BootStage.Ipxe => Firmware with
        {
            Request = IpxeRequest,
            Send = [.. PxeOptions(guid), new SentOption(DhcpOptionCode.UserClass, [.. "iPXE"u8])],
        },
        _ => new ClientSettings { Request = OsRequest },
    };

    private static IEnumerable<SentOption> PxeOptions(PortGuid guid)
    {
        yield return new SentOption(DhcpOptionCode.VendorClassIdentifier, [.. Encoding.ASCII.GetBytes(PxeVendorClass)]);
        yield return new SentOption(93, [0x00, 0x07]);             // client system architecture: EFI x86-64
        yield return new SentOption(94, [0x01, 0x03, 0x10]);       // network interface id: UNDI 3.16
        var uuid = new byte[17];                                   // client machine identifier: type 0 + UUID
        guid.Write(uuid.AsSpan(9));
        yield return new SentOption(97, [.. uuid]);
    }
}
