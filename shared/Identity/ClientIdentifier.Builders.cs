using System.Buffers.Binary;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Identity;

// Builders: the identifiers each boot stage sends, made from a port GUID (for host entries and the client).
public readonly partial struct ClientIdentifier
{
    /// <summary>
    /// FlexBoot's ConnectX identifier: <c>ff</c>, IAID 0, DUID-EN (type 2) with enterprise 0x000002c9,
    /// a zero octet, then the GUID — 20 bytes.
    /// </summary>
    public static ClientIdentifier FlexBoot(PortGuid guid)
    {
        var bytes = new byte[FlexBootLength];
        bytes[0] = TypeRfc4361;
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(DuidOffset), (ushort)DuidType.EnterpriseNumber);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(DuidOffset + 2), MellanoxEnterpriseNumber);
        guid.Write(bytes.AsSpan(FlexBootGuidOffset));
        return new ClientIdentifier(bytes);
    }

    /// <summary>
    /// An RFC 4390 identifier: RFC 4390 section 2.1 requires the RFC 4361 form (type 255, IAID, DUID) but
    /// does not pick a DUID type. This builder uses DUID-LL with hardware type 32 (InfiniBand) and the
    /// 8-byte port GUID — not the 20-byte link address, whose QPN changes every boot — so the identifier
    /// is stable and <see cref="TryGetPortGuid(out PortGuid)"/> reads the GUID back. 17 bytes.
    /// </summary>
    public static ClientIdentifier Rfc4390(PortGuid guid, uint iaid)
    {
        var bytes = new byte[DuidOffset + 4 + PortGuid.Size];
        bytes[0] = TypeRfc4361;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), iaid);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(DuidOffset), (ushort)DuidType.LinkLayer);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(DuidOffset + 2), TypeInfiniBand);
        guid.Write(bytes.AsSpan(DuidOffset + 4));
        return new ClientIdentifier(bytes);
    }

    /// <summary>Type 32 + GUID (9 bytes), as FlexBoot's "client-id HW type IB" and Red Hat dhclient send.</summary>
    public static ClientIdentifier InfiniBandGuid(PortGuid guid)
    {
        var bytes = new byte[InfiniBandGuidLength];
        bytes[0] = TypeInfiniBand;
        guid.Write(bytes.AsSpan(1));
        return new ClientIdentifier(bytes);
    }

    /// <summary>Type 1 + the MAC iPXE derives from the GUID (GUID bytes 0,1,2,5,6,7), 7 bytes, as iPXE sends on IPoIB.</summary>
    public static ClientIdentifier IpxeMac(PortGuid guid)
    {
        var bytes = new byte[EthernetMacLength];
        bytes[0] = TypeEthernet;
        guid.WriteEui48Mac(bytes.AsSpan(1));
        return new ClientIdentifier(bytes);
    }
}
