namespace IPoIBDhcp.Wire.Dhcp;

/// <summary>
/// Reads the sub-options of option 82 (RFC 3046) without copying: circuit-id (1), remote-id (2),
/// link-selection (5, RFC 3527) and any other, by code. A view over the message's buffer.
/// </summary>
public readonly ref struct RelayAgentInformation
{
    /// <summary>Circuit id: which port of the relay the request came in on.</summary>
    public const byte CircuitId = 1;
    /// <summary>Remote id: the relay's idea of the remote host.</summary>
    public const byte RemoteId = 2;
    /// <summary>Link selection (RFC 3527): the subnet to allocate from when giaddr cannot tell.</summary>
    public const byte LinkSelection = 5;
    /// <summary>Server identifier override (RFC 5107).</summary>
    public const byte ServerIdentifierOverride = 11;

    private readonly ReadOnlySpan<byte> value;

    /// <summary>Wraps the raw option 82 value.</summary>
    public RelayAgentInformation(ReadOnlySpan<byte> value) => this.value = value;

    /// <summary>The raw option value, echoed back verbatim in replies (RFC 3046 section 2.2).</summary>
    public ReadOnlySpan<byte> Raw => value;

    /// <summary>True when option 82 was present with content.</summary>
    public bool IsPresent => !value.IsEmpty;

    /// <summary>True when the sub-options are well formed (each fits in the option).</summary>
    public bool IsWellFormed
    {
        get
        {
            int i = 0;
            while (i < value.Length)
            {
                if (i + 2 > value.Length || i + 2 + value[i + 1] > value.Length) return false;
                i += 2 + value[i + 1];
            }
            return true;
        }
    }

    /// <summary>The first sub-option with <paramref name="code"/>.</summary>
    public bool TryGetSubOption(byte code, out ReadOnlySpan<byte> subOption)
    {
        int i = 0;
        while (i + 2 <= value.Length)
        {
            int len = value[i + 1];
            if (i + 2 + len > value.Length) break;
            if (value[i] == code)
            {
                subOption = value.Slice(i + 2, len);
                return true;
            }
            i += 2 + len;
        }
        subOption = default;
        return false;
    }

    /// <summary>Link-selection sub-option as an address.</summary>
    public bool TryGetLinkSelection(out IPv4Address address)
    {
        address = default;
        if (!TryGetSubOption(LinkSelection, out var v) || v.Length != 4) return false;
        address = IPv4Address.Read(v);
        return true;
    }

    /// <summary>Writes one sub-option into <paramref name="destination"/>; returns bytes written.</summary>
    public static int WriteSubOption(Span<byte> destination, byte code, ReadOnlySpan<byte> data)
    {
        if (data.Length > 255) throw new ArgumentException("a sub-option carries at most 255 bytes", nameof(data));
        destination[0] = code;
        destination[1] = (byte)data.Length;
        data.CopyTo(destination[2..]);
        return 2 + data.Length;
    }
}
