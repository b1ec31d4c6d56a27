using System.Buffers.Binary;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Identity;

// Layout: which form an identifier is, and where the port GUID sits in it. All span-based and allocation-free.
public readonly partial struct ClientIdentifier
{
    /// <summary>Type octet of the RFC 4361 form.</summary>
    public const byte TypeRfc4361 = 0xff;

    /// <summary>Type octet meaning "InfiniBand" (ARP hardware type 32).</summary>
    public const byte TypeInfiniBand = 32;

    /// <summary>Type octet meaning "Ethernet" (ARP hardware type 1).</summary>
    public const byte TypeEthernet = 1;

    /// <summary>IANA enterprise number of Mellanox (now NVIDIA), which FlexBoot puts in its DUID-EN.</summary>
    public const uint MellanoxEnterpriseNumber = 0x2c9;

    private const int DuidOffset = 5;              // type (1) + IAID (4)
    private const int MinRfc4361Length = DuidOffset + 2;
    private const int FlexBootLength = 20;         // ff, IAID, 00 02, 00 00 02 c9, 00, GUID
    private const int FlexBootGuidOffset = 12;
    private const int InfiniBandGuidLength = 1 + PortGuid.Size;
    private const int InfiniBandAddressLength = 1 + IPoIBHardwareAddress.Size;
    private const int EthernetMacLength = 7;

    /// <summary>Which producer's layout this identifier follows.</summary>
    public ClientIdentifierKind Kind => Classify(Span);

    /// <summary>The DUID type of an RFC 4361 (or FlexBoot) identifier; <see cref="DuidType.None"/> otherwise.</summary>
    public DuidType DuidType => GetDuidType(Span);

    /// <summary>The IAID of an RFC 4361 (or FlexBoot) identifier; null otherwise.</summary>
    public uint? Iaid => IsRfc4361Shaped(Span) ? BinaryPrimitives.ReadUInt32BigEndian(Span[1..]) : null;

    /// <summary>The DUID of an RFC 4361 (or FlexBoot) identifier; empty otherwise.</summary>
    public ReadOnlySpan<byte> Duid => IsRfc4361Shaped(Span) ? Span[DuidOffset..] : default;

    /// <summary>Finds the port GUID this identifier carries, if its form carries one in full.</summary>
    public bool TryGetPortGuid(out PortGuid guid) => TryGetPortGuid(Span, out guid);

    /// <summary>True when this identifier belongs to the port with <paramref name="guid"/>, including iPXE's GUID-derived MAC (a 48-bit match).</summary>
    public bool MatchesPortGuid(PortGuid guid) => MatchesPortGuid(Span, guid);

    /// <summary>Classifies raw option 61 bytes without allocating.</summary>
    public static ClientIdentifierKind Classify(ReadOnlySpan<byte> id)
    {
        if (id.IsEmpty)
            return ClientIdentifierKind.Other;
        switch (id[0])
        {
            case TypeRfc4361 when IsFlexBoot(id):
                return ClientIdentifierKind.FlexBootConnectX;
            case TypeRfc4361 when id.Length >= MinRfc4361Length:
                return ClientIdentifierKind.Rfc4361;
            case TypeInfiniBand when id.Length == InfiniBandGuidLength:
                return ClientIdentifierKind.InfiniBandGuid;
            case TypeInfiniBand when id.Length == InfiniBandAddressLength:
                return ClientIdentifierKind.InfiniBandHardwareAddress;
            case TypeEthernet when id.Length == EthernetMacLength:
                return ClientIdentifierKind.EthernetMac;
            default:
                return ClientIdentifierKind.Other;
        }
    }

    /// <summary>
    /// Finds the port GUID in raw option 61 bytes without allocating: the FlexBoot form, <c>20:</c>+GUID,
    /// <c>20:</c>+IPoIB address (last 8 bytes of its GID), and RFC 4361 with a DUID-LL or DUID-LLT of
    /// hardware type 32 whose address is the 8-byte GUID or a 20-byte IPoIB address. The <c>01:</c>+MAC
    /// form keeps only 6 of the 8 bytes, so it gives no GUID; use <see cref="MatchesPortGuid(ReadOnlySpan{byte}, PortGuid)"/>.
    /// </summary>
    public static bool TryGetPortGuid(ReadOnlySpan<byte> id, out PortGuid guid)
    {
        switch (Classify(id))
        {
            case ClientIdentifierKind.FlexBootConnectX:
                return PortGuid.TryRead(id[FlexBootGuidOffset..], out guid, out _);
            case ClientIdentifierKind.InfiniBandGuid:
                return PortGuid.TryRead(id[1..], out guid, out _);
            case ClientIdentifierKind.InfiniBandHardwareAddress:
                return PortGuid.TryRead(id[(InfiniBandAddressLength - PortGuid.Size)..], out guid, out _);
            case ClientIdentifierKind.Rfc4361 when TryGetDuidLinkAddress(id[DuidOffset..], out ushort hardwareType, out ReadOnlySpan<byte> address)
                                                  && hardwareType == TypeInfiniBand:
                if (address.Length == PortGuid.Size)
                    return PortGuid.TryRead(address, out guid, out _);
                if (address.Length == IPoIBHardwareAddress.Size)
                    return PortGuid.TryRead(address[(IPoIBHardwareAddress.Size - PortGuid.Size)..], out guid, out _);
                break;
        }
        guid = default;
        return false;
    }

    /// <summary>
    /// True when raw option 61 bytes belong to the port with <paramref name="guid"/>: every form
    /// <see cref="TryGetPortGuid(ReadOnlySpan{byte}, out PortGuid)"/> reads, plus <c>01:</c>+MAC (and a
    /// DUID-LL/LLT of hardware type 1) whose MAC is the one iPXE derives from the GUID. The MAC match
    /// compares 48 of the 64 bits; GUID bytes 3 and 4 are not checked.
    /// </summary>
    public static bool MatchesPortGuid(ReadOnlySpan<byte> id, PortGuid guid)
    {
        if (TryGetPortGuid(id, out PortGuid carried))
            return carried == guid;
        return Classify(id) switch
        {
            ClientIdentifierKind.EthernetMac => guid.MatchesEui48Mac(id[1..]),
            ClientIdentifierKind.Rfc4361 => TryGetDuidLinkAddress(id[DuidOffset..], out ushort hardwareType, out ReadOnlySpan<byte> address)
                                            && hardwareType == TypeEthernet
                                            && guid.MatchesEui48Mac(address),
            _ => false,
        };
    }

    private static bool IsRfc4361Shaped(ReadOnlySpan<byte> id) => id.Length >= MinRfc4361Length && id[0] == TypeRfc4361;

    private static DuidType GetDuidType(ReadOnlySpan<byte> id)
        => IsRfc4361Shaped(id) ? (DuidType)BinaryPrimitives.ReadUInt16BigEndian(id[DuidOffset..]) : DuidType.None;

    private static bool IsFlexBoot(ReadOnlySpan<byte> id)
        => id.Length == FlexBootLength
           && GetDuidType(id) == DuidType.EnterpriseNumber
           && BinaryPrimitives.ReadUInt32BigEndian(id[(DuidOffset + 2)..]) == MellanoxEnterpriseNumber
           && id[FlexBootGuidOffset - 1] == 0;

    // DUID-LLT: type(2) hardware type(2) time(4) address; DUID-LL: type(2) hardware type(2) address.
    private static bool TryGetDuidLinkAddress(ReadOnlySpan<byte> duid, out ushort hardwareType, out ReadOnlySpan<byte> address)
    {
        hardwareType = 0;
        address = default;
        if (duid.Length < 4)
            return false;
        var type = (DuidType)BinaryPrimitives.ReadUInt16BigEndian(duid);
        int addressOffset = type switch
        {
            DuidType.LinkLayer => 4,
            DuidType.LinkLayerPlusTime => 8,
            _ => -1,
        };
        if (addressOffset < 0 || duid.Length <= addressOffset)
            return false;
        hardwareType = BinaryPrimitives.ReadUInt16BigEndian(duid[2..]);
        address = duid[addressOffset..];
        return true;
    }
}
