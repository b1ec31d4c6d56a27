using System.Buffers.Binary;

namespace IPoIBDhcp.Wire.Dhcp;

/// <summary>
/// Builds a DHCPv4 message in a caller's buffer without allocating. Options longer than 255 bytes are
/// split into consecutive instances (RFC 3396); when the options field is full and <c>file</c>/<c>sname</c>
/// are unused, the writer sets option 52 and continues there, so a reply always fits the client's
/// maximum message size and the link MTU. Set <c>sname</c>/<c>file</c> before writing options. Options are
/// kept in the order written, and one that does not fit is left out, so write them in order of priority;
/// option 82 goes last with <see cref="TryWriteLastOption"/>, outside the client's limit.
/// </summary>
public ref struct DhcpMessageWriter
{
    private const int AreaOptions = 0, AreaFile = 1, AreaSName = 2;
    private readonly Span<byte> buffer;
    private readonly int optionsEnd;
    private int area;
    private int position;
    private int areaEnd;
    private bool fileInUse, snameInUse;
    private int overloadValueOffset;
    private bool lastWritten;

    /// <summary>
    /// Starts a message: clears the header, writes the magic cookie.
    /// <paramref name="maxMessageLength"/> is the whole DHCP message limit (min of the client's option 57
    /// and the link MTU less 28); it is clamped to the buffer and to at least 300 bytes.
    /// </summary>
    public DhcpMessageWriter(Span<byte> buffer, int maxMessageLength = BootpFieldLocations.DefaultMaximumMessageLength)
    {
        if (buffer.Length < BootpFieldLocations.MinimumMessageLength)
            throw new ArgumentException("the buffer must hold at least 300 bytes", nameof(buffer));
        this.buffer = buffer;
        optionsEnd = Math.Clamp(maxMessageLength, BootpFieldLocations.MinimumMessageLength, buffer.Length);
        buffer[..BootpFieldLocations.Options].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(buffer[BootpFieldLocations.MagicCookie..], BootpFieldLocations.MagicCookieValue);
        area = AreaOptions;
        position = BootpFieldLocations.Options;
        areaEnd = optionsEnd;
        overloadValueOffset = -1;
    }

    /// <summary>op.</summary>
    public BootpOpCode Op { readonly get => (BootpOpCode)buffer[BootpFieldLocations.Op]; set => buffer[BootpFieldLocations.Op] = (byte)value; }

    /// <summary>htype.</summary>
    public byte HardwareType { readonly get => buffer[BootpFieldLocations.HType]; set => buffer[BootpFieldLocations.HType] = value; }

    /// <summary>hops.</summary>
    public byte Hops { readonly get => buffer[BootpFieldLocations.Hops]; set => buffer[BootpFieldLocations.Hops] = value; }

    /// <summary>xid.</summary>
    public uint TransactionId
    {
        readonly get => BinaryPrimitives.ReadUInt32BigEndian(buffer[BootpFieldLocations.Xid..]);
        set => BinaryPrimitives.WriteUInt32BigEndian(buffer[BootpFieldLocations.Xid..], value);
    }

    /// <summary>secs.</summary>
    public ushort Seconds
    {
        readonly get => BinaryPrimitives.ReadUInt16BigEndian(buffer[BootpFieldLocations.Secs..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(buffer[BootpFieldLocations.Secs..], value);
    }

    /// <summary>flags (bit 15 broadcast).</summary>
    public ushort Flags
    {
        readonly get => BinaryPrimitives.ReadUInt16BigEndian(buffer[BootpFieldLocations.Flags..]);
        set => BinaryPrimitives.WriteUInt16BigEndian(buffer[BootpFieldLocations.Flags..], value);
    }

    /// <summary>ciaddr.</summary>
    public IPv4Address ClientAddress { readonly get => IPv4Address.Read(buffer[BootpFieldLocations.CiAddr..]); set => value.Write(buffer[BootpFieldLocations.CiAddr..]); }

    /// <summary>yiaddr.</summary>
    public IPv4Address YourAddress { readonly get => IPv4Address.Read(buffer[BootpFieldLocations.YiAddr..]); set => value.Write(buffer[BootpFieldLocations.YiAddr..]); }

    /// <summary>siaddr (next-server).</summary>
    public IPv4Address NextServerAddress { readonly get => IPv4Address.Read(buffer[BootpFieldLocations.SiAddr..]); set => value.Write(buffer[BootpFieldLocations.SiAddr..]); }

    /// <summary>giaddr.</summary>
    public IPv4Address GatewayAddress { readonly get => IPv4Address.Read(buffer[BootpFieldLocations.GiAddr..]); set => value.Write(buffer[BootpFieldLocations.GiAddr..]); }

    /// <summary>Sets hlen and chaddr (IPoIB per RFC 4390: call with an empty span, giving hlen 0 and a zero chaddr).</summary>
    public void SetClientHardwareAddress(ReadOnlySpan<byte> address)
    {
        if (address.Length > BootpFieldLocations.ChAddrLength)
            throw new ArgumentException("chaddr holds at most 16 bytes", nameof(address));
        buffer[BootpFieldLocations.HLen] = (byte)address.Length;
        var field = buffer.Slice(BootpFieldLocations.ChAddr, BootpFieldLocations.ChAddrLength);
        field.Clear();
        address.CopyTo(field);
    }

    /// <summary>Sets sname (NUL-terminated when shorter than 64 bytes); it is then not used for overload.</summary>
    public void SetServerName(scoped ReadOnlySpan<byte> name) => SetField(BootpFieldLocations.SName, BootpFieldLocations.SNameLength, name, ref snameInUse, AreaSName);

    /// <summary>Sets file (the boot file name); it is then not used for overload.</summary>
    public void SetBootFileName(scoped ReadOnlySpan<byte> name) => SetField(BootpFieldLocations.File, BootpFieldLocations.FileLength, name, ref fileInUse, AreaFile);

    private void SetField(int offset, int size, scoped ReadOnlySpan<byte> value, ref bool inUse, int fieldArea)
    {
        if (value.Length > size) throw new ArgumentException($"the field holds at most {size} bytes", nameof(value));
        if (area >= fieldArea || overloadValueOffset >= 0 && area != AreaOptions)
            throw new InvalidOperationException("set sname and file before options overflow into them");
        var field = buffer.Slice(offset, size);
        field.Clear();
        value.CopyTo(field);
        inUse = value.Length > 0;
    }

    /// <summary>Bytes of option data still writable in the current area (less its End byte).</summary>
    public readonly int RemainingInArea => Math.Max(0, areaEnd - position - 1);

    /// <summary>
    /// Appends an option, split into 255-byte instances when longer (RFC 3396). Returns false, writing
    /// nothing of it, when it does not fit in the space left; the caller then leaves it out.
    /// </summary>
    public bool TryWriteOption(byte code, scoped ReadOnlySpan<byte> value)
    {
        CheckCanAppend(code);
        var saved = this;
        int remaining = value.Length;
        int offset = 0;
        do
        {
            int chunk = Math.Min(remaining, 255);
            if (!EnsureRoom(chunk + 2))
            {
                this = saved;
                return false;
            }
            buffer[position] = code;
            buffer[position + 1] = (byte)chunk;
            value.Slice(offset, chunk).CopyTo(buffer[(position + 2)..]);
            position += 2 + chunk;
            offset += chunk;
            remaining -= chunk;
        }
        while (remaining > 0);
        return true;
    }

    /// <summary>
    /// Appends the last option of the message at the end of the options field, after whatever was written
    /// (and after option 52 if options overflowed into <c>file</c>/<c>sname</c>), split into 255-byte
    /// instances when longer (RFC 3396). It may pass the limit the writer was made with, up to
    /// <paramref name="maxMessageLength"/>: this is for option 82, which the relay removes before the client
    /// sees the message (RFC 3046 section 2.2: echoed, and last), so it does not count against the client's
    /// maximum message size. Returns false, writing nothing, when it does not fit; no option may follow it.
    /// </summary>
    public bool TryWriteLastOption(byte code, scoped ReadOnlySpan<byte> value, int maxMessageLength)
    {
        CheckCanAppend(code);
        int limit = Math.Min(Math.Max(maxMessageLength, optionsEnd), buffer.Length);
        // In the options field: at the write position, or over its End once options moved on to file/sname.
        int at = area == AreaOptions ? position : OptionsLength - 1;
        if (at + EncodedLength(value.Length) + 1 > limit) return false;
        int offset = 0;
        do
        {
            int chunk = Math.Min(value.Length - offset, 255);
            buffer[at] = code;
            buffer[at + 1] = (byte)chunk;
            value.Slice(offset, chunk).CopyTo(buffer[(at + 2)..]);
            at += 2 + chunk;
            offset += chunk;
        }
        while (offset < value.Length);
        if (area == AreaOptions)
        {
            position = at;
        }
        else
        {
            buffer[at++] = DhcpOptionCode.End;
            OptionsLength = at;
        }
        lastWritten = true;
        return true;
    }

    /// <summary>Bytes an option of <paramref name="valueLength"/> bytes takes on the wire: a code and a length per 255-byte instance (RFC 3396).</summary>
    public static int EncodedLength(int valueLength) => valueLength == 0 ? 2 : valueLength + 2 * ((valueLength + 254) / 255);

    private readonly void CheckCanAppend(byte code)
    {
        if (code is DhcpOptionCode.Pad or DhcpOptionCode.End)
            throw new ArgumentException("pad and end are written by the writer itself", nameof(code));
        if (lastWritten)
            throw new InvalidOperationException("no option may follow the one written by TryWriteLastOption");
    }

    /// <summary>Appends an option or throws when it does not fit.</summary>
    public void WriteOption(byte code, scoped ReadOnlySpan<byte> value)
    {
        if (!TryWriteOption(code, value))
            throw new InvalidOperationException($"option {code} ({value.Length} bytes) does not fit in the message");
    }

    /// <summary>Appends a one-byte option (53, 52, …).</summary>
    public void WriteOption(byte code, byte value) => WriteOption(code, [value]);

    /// <summary>Appends a 16-bit option (57, 26, …).</summary>
    public void WriteOption(byte code, ushort value)
    {
        Span<byte> v = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(v, value);
        WriteOption(code, v);
    }

    /// <summary>Appends a 32-bit option (51, 58, 59, …).</summary>
    public void WriteOption(byte code, uint value)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(v, value);
        WriteOption(code, v);
    }

    /// <summary>Appends an address option (1, 50, 54, …).</summary>
    public void WriteOption(byte code, IPv4Address value)
    {
        Span<byte> v = stackalloc byte[4];
        value.Write(v);
        WriteOption(code, v);
    }

    /// <summary>Appends option 53.</summary>
    public void WriteMessageType(DhcpMessageType type) => WriteOption(DhcpOptionCode.MessageType, (byte)type);

    private bool EnsureRoom(int needed)
    {
        // Room in the options field must also keep 3 bytes for option 52 while overflow is still possible.
        int reserve = area == AreaOptions && overloadValueOffset < 0 && NextFreeArea() >= 0 ? 3 : 0;
        if (position + needed + 1 + reserve <= areaEnd) return true;
        while (true)
        {
            int next = NextFreeArea();
            if (next < 0 || needed + 1 > AreaSize(next)) return false;
            if (area == AreaOptions)
            {
                if (position + 3 + 1 > areaEnd) return false;
                buffer[position] = DhcpOptionCode.OptionOverload;
                buffer[position + 1] = 1;
                overloadValueOffset = position + 2;
                buffer[overloadValueOffset] = 0;
                position += 3;
                OptionsLength = position + 1;
            }
            CloseArea();
            area = next;
            position = AreaStart(next);
            areaEnd = position + AreaSize(next);
            buffer[overloadValueOffset] |= (byte)(next == AreaFile ? 1 : 2);
            if (next == AreaFile) fileInUse = true; else snameInUse = true;
            if (position + needed + 1 <= areaEnd) return true;
        }
    }

    private readonly int NextFreeArea()
    {
        if (area < AreaFile && !fileInUse) return AreaFile;
        if (area < AreaSName && !snameInUse) return AreaSName;
        return -1;
    }

    private static int AreaStart(int a) => a == AreaFile ? BootpFieldLocations.File : BootpFieldLocations.SName;

    private static int AreaSize(int a) => a == AreaFile ? BootpFieldLocations.FileLength : BootpFieldLocations.SNameLength;

    private void CloseArea()
    {
        buffer[position++] = DhcpOptionCode.End;
        if (area == AreaOptions) OptionsLength = position;
        else buffer[position..areaEnd].Clear();
    }

    private int OptionsLength { readonly get; set; }

    /// <summary>
    /// Writes End, pads to the 300-byte BOOTP minimum and returns the message length.
    /// </summary>
    public int Finish()
    {
        CloseArea();
        int end = OptionsLength;
        int total = Math.Max(end, BootpFieldLocations.MinimumMessageLength);
        buffer[end..total].Clear();
        return total;
    }
}
