using System.Buffers;
using System.Globalization;
using System.Text;

namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>
/// Formats leases exactly as ISC dhcpd 4.4's <c>write_lease</c> does (two-space indent, statements in
/// ISC's order, ISC's quoting), so the file stays readable by ISC dhcpd and by the tools people point
/// at <c>dhcpd.leases</c>. Output goes straight into an <see cref="IBufferWriter{T}"/>: one span is
/// reserved per lease and filled byte by byte, with no intermediate strings.
/// </summary>
/// <remarks>
/// As in ISC, a <c>client-hostname</c> that is not printable ASCII (or contains a quote or backslash)
/// is omitted rather than escaped. The <see cref="Stream"/> overload reuses one internal buffer, so an
/// instance is not thread-safe.
/// </remarks>
public sealed class IscLeaseFileWriter
{
    private readonly IscLeaseTimeFormat _timeFormat;
    private readonly IscLeaseIdFormat _idFormat;
    private readonly TimeZoneInfo _localZone;
    private readonly ArrayBufferWriter<byte> _streamBuffer = new(4096);

    /// <summary>Creates a writer for the given <c>db-time-format</c> and <c>lease-id-format</c>;
    /// <paramref name="localZone"/> (default: the machine's) only feeds the human comment of
    /// <see cref="IscLeaseTimeFormat.LocalEpoch"/>.</summary>
    public IscLeaseFileWriter(IscLeaseTimeFormat timeFormat = IscLeaseTimeFormat.Utc,
        IscLeaseIdFormat idFormat = IscLeaseIdFormat.Octal, TimeZoneInfo? localZone = null)
    {
        _timeFormat = timeFormat;
        _idFormat = idFormat;
        _localZone = localZone ?? TimeZoneInfo.Local;
    }

    /// <summary>Writes the lines ISC's <c>new_lease_file</c> starts a rewritten file with: the two
    /// comment lines, <c>authoring-byte-order</c>, and <c>server-duid</c> when one is known.</summary>
    public void WriteHeader(IBufferWriter<byte> output, ReadOnlySpan<byte> serverDuid)
    {
        var writer = new SpanCursor(output.GetSpan(256 + serverDuid.Length * 4));
        writer.Append("# The format of this file is documented in the dhcpd.leases(5) manual page.\n"u8);
        writer.Append("# This lease file was written by IPoIBDhcp\n\n"u8);
        writer.Append("# authoring-byte-order entry is generated, DO NOT DELETE\n"u8);
        writer.Append(BitConverter.IsLittleEndian
            ? "authoring-byte-order little-endian;\n\n"u8
            : "authoring-byte-order big-endian;\n\n"u8);
        if (!serverDuid.IsEmpty)
        {
            writer.Append("server-duid \""u8);
            writer.AppendQuoted(serverDuid);
            writer.Append("\";\n\n"u8);
        }
        output.Advance(writer.Position);
    }

    /// <summary>Writes one <c>lease a.b.c.d { … }</c> record followed by a newline.</summary>
    public void WriteLease(IBufferWriter<byte> output, Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var writer = new SpanCursor(output.GetSpan(MaximumLength(lease)));
        writer.Append("lease "u8);
        writer.AppendAddress(lease.Address.Value);
        writer.Append(" {"u8);
        WriteTime(ref writer, "\n  starts "u8, lease.Starts);
        WriteTime(ref writer, "\n  ends "u8, lease.Ends);
        WriteTime(ref writer, "\n  tstp "u8, lease.Tstp);
        WriteTime(ref writer, "\n  tsfp "u8, lease.Tsfp);
        WriteTime(ref writer, "\n  atsfp "u8, lease.Atsfp);
        WriteTime(ref writer, "\n  cltt "u8, lease.Cltt);
        writer.Append("\n  binding state "u8);
        writer.Append(IscLeaseSyntax.StateName(lease.BindingState));
        writer.Append(";"u8);
        if (lease.NextBindingState is { } next && next != lease.BindingState)
        {
            writer.Append("\n  next binding state "u8);
            writer.Append(IscLeaseSyntax.StateName(next));
            writer.Append(";"u8);
        }
        if (lease.RewindBindingState is { } rewind && rewind != lease.BindingState)
        {
            writer.Append("\n  rewind binding state "u8);
            writer.Append(IscLeaseSyntax.StateName(rewind));
            writer.Append(";"u8);
        }
        if (lease.HardwareType != 0 && !lease.HardwareAddress.IsEmpty)
        {
            writer.Append("\n  hardware "u8);
            writer.AppendHardwareType(lease.HardwareType);
            writer.Append(" "u8);
            writer.AppendColonHex(lease.HardwareAddress.Span);
            writer.Append(";"u8);
        }
        if (!lease.ClientId.IsEmpty)
        {
            writer.Append("\n  uid "u8);
            if (_idFormat == IscLeaseIdFormat.Hex) writer.AppendColonHex(lease.ClientId.Span);
            else
            {
                writer.Append("\""u8);
                writer.AppendQuoted(lease.ClientId.Span);
                writer.Append("\""u8);
            }
            writer.Append(";"u8);
        }
        foreach (var variable in lease.Variables)
        {
            writer.Append("\n  set "u8);
            writer.AppendLatin1(variable.Name);
            writer.Append(" = "u8);
            switch (variable.Kind)
            {
                case LeaseVariableKind.Numeric:
                    writer.Append("%"u8);
                    writer.AppendLatin1(variable.Value);
                    break;
                case LeaseVariableKind.Boolean:
                    writer.AppendLatin1(variable.Value);
                    break;
                default:
                    writer.Append("\""u8);
                    writer.AppendQuotedLatin1(variable.Value);
                    writer.Append("\""u8);
                    break;
            }
            writer.Append(";"u8);
        }
        if (lease.ClientHostname is { } hostname && IscLeaseSyntax.IsDbPrintable(hostname))
        {
            writer.Append("\n  client-hostname \""u8);
            writer.AppendLatin1(hostname);
            writer.Append("\";"u8);
        }
        writer.Append("\n}\n"u8);
        output.Advance(writer.Position);
    }

    /// <summary>Writes one lease record to a stream through this writer's reusable buffer.</summary>
    public void WriteLease(Stream stream, Lease lease)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _streamBuffer.ResetWrittenCount();
        WriteLease(_streamBuffer, lease);
        stream.Write(_streamBuffer.WrittenSpan);
    }

    /// <summary>Formats one lease record as text (tests, logs, diagnostics; not the hot path).</summary>
    public string Format(Lease lease)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteLease(buffer, lease);
        return Encoding.Latin1.GetString(buffer.WrittenSpan);
    }

    private void WriteTime(ref SpanCursor writer, ReadOnlySpan<byte> prefix, DateTimeOffset? value)
    {
        if (value is not { } time) return;
        writer.Append(prefix);
        if (time == DateTimeOffset.MaxValue)
        {
            writer.Append("never;"u8);
            return;
        }
        var utc = time.UtcDateTime;
        if (_timeFormat == IscLeaseTimeFormat.LocalEpoch)
        {
            writer.Append("epoch "u8);
            writer.AppendNumber(time.ToUnixTimeSeconds());
            writer.Append("; "u8);
            var local = TimeZoneInfo.ConvertTimeFromUtc(utc, _localZone);
            writer.AppendFormatted(local, "'# 'ddd MMM dd HH:mm:ss yyyy");
            return;
        }
        writer.AppendDigits((int)utc.DayOfWeek, 1);
        writer.Append(" "u8);
        writer.AppendDigits(utc.Year, 4);
        writer.Append("/"u8);
        writer.AppendDigits(utc.Month, 2);
        writer.Append("/"u8);
        writer.AppendDigits(utc.Day, 2);
        writer.Append(" "u8);
        writer.AppendDigits(utc.Hour, 2);
        writer.Append(":"u8);
        writer.AppendDigits(utc.Minute, 2);
        writer.Append(":"u8);
        writer.AppendDigits(utc.Second, 2);
        writer.Append(";"u8);
    }

    /// <summary>An upper bound of the record's length, so one span reservation always suffices.</summary>
    private static int MaximumLength(Lease lease)
    {
        int length = 1024 + lease.ClientId.Length * 4 + lease.HardwareAddress.Length * 3
            + (lease.ClientHostname?.Length ?? 0);
        foreach (var variable in lease.Variables)
            length += 16 + variable.Name.Length + variable.Value.Length * 4;
        return length;
    }

    /// <summary>A write position in a reserved span.</summary>
    private ref struct SpanCursor(Span<byte> span)
    {
        private readonly Span<byte> _span = span;

        public int Position { get; private set; }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_span[Position..]);
            Position += bytes.Length;
        }

        public void AppendLatin1(string text) => Position += Encoding.Latin1.GetBytes(text, _span[Position..]);

        public void AppendDigits(int value, int width)
        {
            value.TryFormat(_span[Position..], out int written, width == 1 ? default : (width == 2 ? "D2" : "D4"), CultureInfo.InvariantCulture);
            Position += written;
        }

        public void AppendNumber(long value)
        {
            value.TryFormat(_span[Position..], out int written, default, CultureInfo.InvariantCulture);
            Position += written;
        }

        public void AppendFormatted(DateTime value, string format)
        {
            value.TryFormat(_span[Position..], out int written, format, CultureInfo.InvariantCulture);
            Position += written;
        }

        public void AppendAddress(uint value)
        {
            AppendNumber(value >> 24);
            Append("."u8);
            AppendNumber((value >> 16) & 0xFF);
            Append("."u8);
            AppendNumber((value >> 8) & 0xFF);
            Append("."u8);
            AppendNumber(value & 0xFF);
        }

        public void AppendHardwareType(byte type) =>
            Position += IscLeaseSyntax.WriteHardwareTypeName(type, _span[Position..]);

        public void AppendColonHex(ReadOnlySpan<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                if (i > 0) _span[Position++] = (byte)':';
                _span[Position++] = (byte)"0123456789abcdef"[bytes[i] >> 4];
                _span[Position++] = (byte)"0123456789abcdef"[bytes[i] & 0xF];
            }
        }

        /// <summary>ISC's <c>quotify_buf</c>: printable ASCII as is, quote and backslash escaped,
        /// everything else as a three-digit octal escape.</summary>
        public void AppendQuoted(ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes) AppendQuotedByte(b);
        }

        public void AppendQuotedLatin1(string text)
        {
            foreach (char c in text) AppendQuotedByte((byte)c);
        }

        private void AppendQuotedByte(byte b)
        {
            if (b is < 0x20 or > 0x7E)
            {
                _span[Position++] = (byte)'\\';
                _span[Position++] = (byte)('0' + (b >> 6));
                _span[Position++] = (byte)('0' + ((b >> 3) & 7));
                _span[Position++] = (byte)('0' + (b & 7));
            }
            else
            {
                if (b is (byte)'"' or (byte)'\\') _span[Position++] = (byte)'\\';
                _span[Position++] = b;
            }
        }
    }
}
