namespace IPoIBDhcp.Wire.Dhcp;

public sealed partial class DhcpMessage
{
    private readonly int[] valueOffset = new int[256];
    private readonly int[] valueLength = new int[256];
    private readonly bool[] present = new bool[256];
    private readonly byte[] codesInOrder = new byte[256];
    private int codeCount;
    private byte[] optionValues;
    private (byte Code, int Offset, int Length)[] pieces = new (byte, int, int)[64];
    private int pieceCount;

    /// <summary>The option-overload value (52): bit 1 = file, bit 2 = sname carry options.</summary>
    public byte Overload { get; private set; }

    /// <summary>Number of distinct option codes present.</summary>
    public int OptionCount => codeCount;

    /// <summary>The code of the <paramref name="index"/>th distinct option, in order of first appearance.</summary>
    public byte OptionCodeAt(int index) => codesInOrder[index];

    /// <summary>True when option <paramref name="code"/> is present (even with an empty value).</summary>
    public bool HasOption(byte code) => present[code];

    /// <summary>The option's value, concatenated from every instance (RFC 3396).</summary>
    public bool TryGetOption(byte code, out ReadOnlySpan<byte> value)
    {
        if (!present[code])
        {
            value = default;
            return false;
        }
        value = optionValues.AsSpan(valueOffset[code], valueLength[code]);
        return true;
    }

    /// <summary>The option's value as memory (for expression evaluation that cannot hold spans); valid until the next read.</summary>
    public bool TryGetOptionMemory(byte code, out ReadOnlyMemory<byte> value)
    {
        value = present[code] ? optionValues.AsMemory(valueOffset[code], valueLength[code]) : default;
        return present[code];
    }

    /// <summary>The option's value, or an empty span when absent.</summary>
    public ReadOnlySpan<byte> GetOption(byte code) =>
        present[code] ? optionValues.AsSpan(valueOffset[code], valueLength[code]) : default;

    private void ClearOptions()
    {
        for (int i = 0; i < codeCount; i++)
        {
            byte code = codesInOrder[i];
            present[code] = false;
            valueLength[code] = 0;
        }
        codeCount = 0;
        pieceCount = 0;
        Overload = 0;
        HasMagicCookie = false;
    }

    private bool TryIndexOptions(out WireError error)
    {
        if (!TryScanArea(BootpFieldLocations.Options, length, out error)) return false;
        if (present[DhcpOptionCode.OptionOverload])
        {
            var (_, offset, _) = pieces[FindPiece(DhcpOptionCode.OptionOverload)];
            if (valueLength[DhcpOptionCode.OptionOverload] != 1 || raw[offset] is < 1 or > 3)
            {
                error = new WireError(offset - 2, "option 52 (overload) must be one byte of value 1, 2 or 3");
                return false;
            }
            Overload = raw[offset];
            if ((Overload & 1) != 0 &&
                !TryScanArea(BootpFieldLocations.File, BootpFieldLocations.File + BootpFieldLocations.FileLength, out error))
                return false;
            if ((Overload & 2) != 0 &&
                !TryScanArea(BootpFieldLocations.SName, BootpFieldLocations.SName + BootpFieldLocations.SNameLength, out error))
                return false;
        }
        Assemble();
        return TryValidateFixedOptions(out error);
    }

    private int FindPiece(byte code)
    {
        for (int i = 0; i < pieceCount; i++) if (pieces[i].Code == code) return i;
        return -1;
    }

    private bool TryScanArea(int start, int end, out WireError error)
    {
        int i = start;
        while (i < end)
        {
            byte code = raw[i];
            if (code == DhcpOptionCode.End)
            {
                error = default;
                return true;
            }
            if (code == DhcpOptionCode.Pad)
            {
                i++;
                continue;
            }
            if (i + 1 >= end)
            {
                error = new WireError(i, "option has no length byte before the end of its field");
                return false;
            }
            int len = raw[i + 1];
            if (i + 2 + len > end)
            {
                error = new WireError(i, "option runs past the end of its field");
                return false;
            }
            if (pieceCount == pieces.Length) Array.Resize(ref pieces, pieces.Length * 2);
            pieces[pieceCount++] = (code, i + 2, len);
            if (!present[code])
            {
                present[code] = true;
                codesInOrder[codeCount++] = code;
            }
            valueLength[code] += len;
            i += 2 + len;
        }
        // A missing End option is tolerated: several firmware clients omit it and the field end is unambiguous.
        error = default;
        return true;
    }

    private void Assemble()
    {
        int cursor = 0;
        for (int i = 0; i < codeCount; i++)
        {
            byte code = codesInOrder[i];
            valueOffset[code] = cursor;
            cursor += valueLength[code];
            valueLength[code] = 0; // refilled below as pieces are copied
        }
        for (int i = 0; i < pieceCount; i++)
        {
            var (code, offset, len) = pieces[i];
            raw.AsSpan(offset, len).CopyTo(optionValues.AsSpan(valueOffset[code] + valueLength[code]));
            valueLength[code] += len;
        }
    }

    private bool TryValidateFixedOptions(out WireError error)
    {
        if (!CheckLength(DhcpOptionCode.MessageType, 1, out error)) return false;
        if (!CheckLength(DhcpOptionCode.RequestedAddress, 4, out error)) return false;
        if (!CheckLength(DhcpOptionCode.ServerIdentifier, 4, out error)) return false;
        if (!CheckLength(DhcpOptionCode.LeaseTime, 4, out error)) return false;
        if (!CheckLength(DhcpOptionCode.RenewalTime, 4, out error)) return false;
        if (!CheckLength(DhcpOptionCode.RebindingTime, 4, out error)) return false;
        if (!CheckLength(DhcpOptionCode.MaxMessageSize, 2, out error)) return false;
        if (!CheckLength(DhcpOptionCode.SubnetSelection, 4, out error)) return false;
        if (present[DhcpOptionCode.ClientIdentifier] && valueLength[DhcpOptionCode.ClientIdentifier] < 2)
        {
            error = new WireError(PieceHeaderOffset(DhcpOptionCode.ClientIdentifier), "option 61 (client identifier) is shorter than 2 bytes");
            return false;
        }
        error = default;
        return true;
    }

    private bool CheckLength(byte code, int expected, out WireError error)
    {
        if (present[code] && valueLength[code] != expected)
        {
            error = new WireError(PieceHeaderOffset(code), code switch
            {
                DhcpOptionCode.MessageType => "option 53 (message type) must be 1 byte",
                DhcpOptionCode.RequestedAddress => "option 50 (requested address) must be 4 bytes",
                DhcpOptionCode.ServerIdentifier => "option 54 (server identifier) must be 4 bytes",
                DhcpOptionCode.LeaseTime => "option 51 (lease time) must be 4 bytes",
                DhcpOptionCode.RenewalTime => "option 58 (renewal time) must be 4 bytes",
                DhcpOptionCode.RebindingTime => "option 59 (rebinding time) must be 4 bytes",
                DhcpOptionCode.MaxMessageSize => "option 57 (maximum message size) must be 2 bytes",
                _ => "option 118 (subnet selection) must be 4 bytes",
            });
            return false;
        }
        error = default;
        return true;
    }

    private int PieceHeaderOffset(byte code)
    {
        int index = FindPiece(code);
        return index < 0 ? BootpFieldLocations.Options : pieces[index].Offset - 2;
    }
}
