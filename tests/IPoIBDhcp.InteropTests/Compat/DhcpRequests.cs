using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>
/// Builds the exact bytes each request row sends, as the relay agent forwards them (hops 1, giaddr set): the
/// DISCOVER, and the REQUEST that selects a server's offer (options 50 and 54 added). The options are those the
/// real clients send (PXE spec 2.1 and RFC 4578 for the firmware rows, iPXE's option 175 feature flags, RFC 4390
/// with FlexBoot's client identifier, ISC dhclient's default request list) so that the corpus's conditionals see
/// what they were written for.
/// </summary>
public static class DhcpRequests
{
    private const byte Discover = 1;
    private const byte Request = 3;
    private static readonly byte[] MagicCookie = [99, 130, 83, 99];

    /// <summary>PXE ROMs ask for these (the PXE 2.1 spec's list, vendor options 128-135 included).</summary>
    private static readonly byte[] PxeParameters = [1, 2, 3, 4, 5, 6, 11, 12, 13, 15, 16, 17, 18, 22, 23, 28, 40, 41, 42, 43, 50, 51, 54, 58, 59, 60, 66, 67, 97, 128, 129, 130, 131, 132, 133, 134, 135];

    /// <summary>iPXE's request list (undionly.kpxe, 1.21).</summary>
    private static readonly byte[] IpxeParameters = [1, 3, 6, 7, 12, 15, 17, 26, 43, 60, 66, 67, 119, 128, 129, 130, 131, 132, 133, 134, 135, 175, 203];

    /// <summary>Debian's dhclient.conf default <c>request</c> list.</summary>
    private static readonly byte[] DhclientParameters = [1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42];

    /// <summary>The FlexBoot client-identifier prefix: type 0xFF, IAID 0, DUID-EN with enterprise 0x000002c9, a zero byte.</summary>
    private static readonly byte[] FlexBootPrefix = [0xff, 0, 0, 0, 0, 0, 0x02, 0, 0, 0x02, 0xc9, 0];

    /// <summary>The transaction id of a row: fixed, so both servers see byte-identical DISCOVERs.</summary>
    public static uint TransactionId(RequestRow row) => 0x18c0_0000u + (uint)row;

    /// <summary>The row's DISCOVER.</summary>
    public static byte[] BuildDiscover(CorpusEntry entry, RequestRow row) => Build(entry, row, Discover, null, null);

    /// <summary>The row's REQUEST (SELECTING) for <paramref name="offered"/> from <paramref name="serverId"/>.</summary>
    public static byte[] BuildRequest(CorpusEntry entry, RequestRow row, IPAddress offered, byte[] serverId) =>
        Build(entry, row, Request, offered, serverId);

    /// <summary>The row's parameter request list (option 55), empty when it sends none.</summary>
    public static byte[] RequestedOptions(CorpusEntry entry, RequestRow row) =>
        ClientOf(entry, row).Options.Where(o => o.Code == 55).Select(o => o.Value).FirstOrDefault([]);

    private static byte[] Build(CorpusEntry entry, RequestRow row, byte type, IPAddress? offered, byte[]? serverId)
    {
        Client client = ClientOf(entry, row);
        var packet = new List<byte>(600);
        packet.AddRange([1, client.HardwareType, (byte)client.HardwareAddress.Length, 1]);
        packet.AddRange(BigEndian(TransactionId(row)));
        packet.AddRange([0, 0]);                                              // secs
        packet.AddRange(client.Broadcast ? [0x80, 0] : [0, 0]);              // flags
        packet.AddRange(new byte[12]);                                        // ciaddr, yiaddr, siaddr
        packet.AddRange(entry.Gateway.GetAddressBytes());                     // giaddr
        byte[] chaddr = new byte[16];
        client.HardwareAddress.CopyTo(chaddr, 0);
        packet.AddRange(chaddr);
        packet.AddRange(new byte[64 + 128]);                                  // sname, file
        packet.AddRange(MagicCookie);
        Option(packet, 53, [type]);
        if (offered is not null && serverId is not null)
        {
            Option(packet, 50, offered.GetAddressBytes());
            Option(packet, 54, serverId);
        }

        foreach ((byte code, byte[] value) in client.Options)
        {
            Option(packet, code, value);
        }

        if (row == RequestRow.Relay82)
        {
            // The relay's agent information goes last (RFC 3046 2.1): circuit-id and remote-id.
            Option(packet, 82, [1, 8, .. "swp7:v10"u8, 2, 6, 0x02, 0x18, 0x00, 0x00, 0x00, 0xfe]);
        }

        packet.Add(255);
        while (packet.Count < 300)
        {
            packet.Add(0);
        }

        return [.. packet];
    }

    private sealed record Client(byte HardwareType, byte[] HardwareAddress, bool Broadcast, List<(byte Code, byte[] Value)> Options);

    private static Client ClientOf(CorpusEntry entry, RequestRow row)
    {
        ClientIdentity? known = entry.Known;
        byte[] knownMac = known is { IsInfiniBand: false } ? known.Bytes : Mac(0xd1);
        return row switch
        {
            RequestRow.Bios => Pxe(Mac(0xb1), 0, "PXEClient:Arch:00000:UNDI:002001", [1, 2, 1]),
            RequestRow.Uefi7 => Pxe(Mac(0x07), 7, "PXEClient:Arch:00007:UNDI:003016", [1, 3, 16]),
            RequestRow.Uefi9 => Pxe(Mac(0x09), 9, "PXEClient:Arch:00009:UNDI:003016", [1, 3, 16]),
            RequestRow.Ipxe => Ipxe(Mac(0x1e)),
            RequestRow.FlexBoot => FlexBoot(Hex.Guid(entry.FlexBootGuid ?? CorpusEntry.DefaultFlexBootGuid, entry.File)),
            RequestRow.Dhclient => Dhclient(knownMac, "node-os"),
            RequestRow.Relay82 => Dhclient(Mac(0x82), "relayed"),
            RequestRow.Known when known is { IsInfiniBand: true } => FlexBoot(known.Bytes),
            RequestRow.Known when known is not null => Pxe(known.Bytes, 0, "PXEClient:Arch:00000:UNDI:002001", [1, 2, 1]),
            RequestRow.Unknown => Dhclient(Mac(0xee), "stranger"),
            _ => throw new ArgumentOutOfRangeException(nameof(row), row, $"{entry.File}: no client for this row"),
        };
    }

    private static Client Pxe(byte[] mac, ushort architecture, string vendorClass, byte[] undi) =>
        new(1, mac, false, [
            (57, BigEndian((ushort)1260)),
            (93, BigEndian(architecture)),
            (94, undi),
            (97, [0, .. Uuid(mac)]),
            (55, PxeParameters),
            (60, Encoding.ASCII.GetBytes(vendorClass)),
        ]);

    private static Client Ipxe(byte[] mac) =>
        new(1, mac, false, [
            (57, BigEndian((ushort)1472)),
            (93, BigEndian((ushort)0)),
            (94, [1, 2, 1]),
            (60, "PXEClient:Arch:00000:UNDI:002001"u8.ToArray()),
            (77, "iPXE"u8.ToArray()),
            (55, IpxeParameters),
            // Feature flags (iPXE include/ipxe/dhcp.h): version 1.21.1, PXE ext, iSCSI, HTTP, TFTP, DNS, bzImage,
            // menu, and the PCI bus id of an e1000 (8086:100e).
            (175, [0xeb, 3, 1, 21, 1, 0x10, 1, 2, 0x11, 1, 1, 0x13, 1, 1, 0x15, 1, 1, 0x17, 1, 1, 0x18, 1, 1, 0x27, 1, 1,
                   0xb1, 5, 1, 0x80, 0x86, 0x10, 0x0e]),
            (61, [1, .. mac]),
            (97, [0, .. Uuid(mac)]),
        ]);

    private static Client FlexBoot(byte[] guid) =>
        new(32, [], true, [
            (57, BigEndian((ushort)1472)),
            (93, BigEndian((ushort)0)),
            (94, [1, 2, 1]),
            (97, [0, .. Uuid(guid)]),
            (55, PxeParameters),
            (60, "PXEClient:Arch:00000:UNDI:002001"u8.ToArray()),
            (61, [.. FlexBootPrefix, .. guid]),
        ]);

    private static Client Dhclient(byte[] mac, string hostName) =>
        new(1, mac, false, [
            (12, Encoding.ASCII.GetBytes(hostName)),
            (55, DhclientParameters),
        ]);

    /// <summary>A locally administered MAC 02:18:00:00:00:<paramref name="last"/>, never in a corpus file.</summary>
    private static byte[] Mac(byte last) => [0x02, 0x18, 0x00, 0x00, 0x00, last];

    /// <summary>The SMBIOS UUID a firmware sends in option 97, derived from its MAC/GUID so that it is stable.</summary>
    private static byte[] Uuid(byte[] id)
    {
        byte[] uuid = new byte[16];
        uuid[0] = 0x18;
        id.CopyTo(uuid, 16 - id.Length);
        return uuid;
    }

    private static byte[] BigEndian(uint value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian(ushort value)
    {
        byte[] bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }

    private static void Option(List<byte> packet, byte code, byte[] value)
    {
        packet.Add(code);
        packet.Add((byte)value.Length);
        packet.AddRange(value);
    }
}
