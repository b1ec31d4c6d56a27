using System.Globalization;
using System.Text;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>
/// Reads a <c>dhcpd.leases</c> file as ISC dhcpd 4.x writes it (and as this server appends to it).
/// It never throws on content: whatever it cannot use becomes a <see cref="ConfigDiagnostic"/> (with no file
/// name: the caller that prints it names the file as the admin gave it),
/// because one bad record must not keep a DHCP server from starting. An incomplete last record (the
/// write a crash interrupted) or unrecognisable bytes after the last complete record are dropped
/// and reported, and <see cref="LeaseFileContent.ValidLength"/> says where the intact part ends.
/// </summary>
/// <remarks>
/// A hand-written token scanner over the file bytes, with statement boundaries found lexically
/// before a statement is interpreted, so a malformed statement can never desynchronise the rest.
/// Repeated strings (variable names, vendor classes) are interned per reader. An instance reuses its
/// buffers and is not thread-safe; use one per load.
/// </remarks>
public sealed class IscLeaseFileReader
{
    private const int MaxInternedLength = 128;
    private const int MaxInternedStrings = 16384;
    private const int UnixEpochDayNumber = 719162; // DateOnly(1970, 1, 1).DayNumber

    /// <summary>Deepest block nesting a statement may have (ISC writes at most two: <c>lease { on … { } }</c>).</summary>
    public const int MaxDepth = 64;

    /// <summary>Most tokens one top-level statement may have (an ISC lease record has a few dozen).</summary>
    public const int MaxStatementTokens = 1 << 20;

    private readonly int _maxDiagnostics;
    private readonly Dictionary<string, string> _interned = new(StringComparer.Ordinal);
    private readonly List<LeaseVariable> _variables = [];
    private IscToken[] _tokens = new IscToken[64];
    private List<ConfigDiagnostic> _diagnostics = [];
    private int _suppressedDiagnostics;

    /// <summary>Creates a reader that keeps at most <paramref name="maxDiagnostics"/> detailed
    /// diagnostics (a file of a million leases with one odd statement each must not produce a million
    /// messages); the rest are summarised in one final diagnostic.</summary>
    public IscLeaseFileReader(int maxDiagnostics = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDiagnostics);
        _maxDiagnostics = maxDiagnostics;
    }

    /// <summary>Reads a whole lease file from disk; a missing file reads as empty.</summary>
    public LeaseFileContent ReadFile(string path) =>
        File.Exists(path) ? Read(File.ReadAllBytes(path)) : Read([]);

    /// <summary>Parses lease file bytes; <paramref name="firstLine"/> numbers the first line (for a part of a file).</summary>
    public LeaseFileContent Read(ReadOnlySpan<byte> data, int firstLine = 1)
    {
        _diagnostics = [];
        _suppressedDiagnostics = 0;
        var leases = new List<Lease>(Math.Max(16, data.Length / 256));
        var hosts = new List<IscHostRecord>();
        var scanner = new IscLeaseScanner(data, firstLine);
        ReadOnlyMemory<byte> serverDuid = default;
        string? byteOrder = null;
        int failoverBlocks = 0;
        var damage = new DamagedRegion();
        int regions = 0;
        long regionBytes = 0;

        while (true)
        {
            var outcome = CollectStatement(data, ref scanner, out int count, out string? reason);
            if (outcome == StatementOutcome.EndOfInput) break;
            var first = _tokens[0];
            if (outcome == StatementOutcome.Torn)
            {
                damage.Open(first, null);
                break;
            }
            if (outcome == StatementOutcome.Damaged)
            {
                damage.Open(first, reason);
                SkipToRecord(data, ref scanner);
                continue;
            }
            // Damage is skipped up to a record, so a statement after it is where the damage ends.
            if (damage.IsOpen)
            {
                int size = first.Start - damage.Start.Start;
                AddDiagnostic(data, damage.Start, $"damaged data skipped ({size} bytes): {damage.Reason}");
                regions++;
                regionBytes += size;
                damage = default;
            }

            var tokens = _tokens.AsSpan(0, count);
            if (first.Kind == IscTokenKind.Semicolon)
            {
                // An empty statement (e.g. ";" after a block) is harmless.
            }
            else if (first.Kind != IscTokenKind.Word)
            {
                damage.Open(first, $"unexpected '{(char)data[first.Start]}' at top level");
            }
            else
            {
                var keyword = Text(data, first);
                if (keyword.SequenceEqual("lease"u8))
                {
                    var lease = ParseLease(data, tokens);
                    if (lease is not null) leases.Add(lease);
                }
                else if (keyword.SequenceEqual("host"u8))
                {
                    if (ParseHost(data, tokens) is { } host) hosts.Add(host);
                }
                else if (keyword.SequenceEqual("server-duid"u8))
                {
                    if (tokens.Length == 3 && TryReadData(data, tokens[1], out var duid)) serverDuid = duid;
                    else AddDiagnostic(data, first, "malformed server-duid skipped");
                }
                else if (keyword.SequenceEqual("authoring-byte-order"u8))
                {
                    if (tokens.Length == 3 && tokens[1].Kind == IscTokenKind.Word)
                        byteOrder = Encoding.ASCII.GetString(Text(data, tokens[1]));
                    else AddDiagnostic(data, first, "malformed authoring-byte-order skipped");
                }
                else if (keyword.SequenceEqual("failover"u8))
                {
                    failoverBlocks++;
                    AddDiagnostic(data, first, "failover peer state block skipped (failover is not supported)", isNote: true);
                }
                else if (IsSkippableIscDeclaration(keyword))
                {
                    AddDiagnostic(data, first, $"'{Encoding.ASCII.GetString(keyword)}' declaration skipped", isNote: true);
                }
                else
                {
                    damage.Open(first, $"unknown statement '{Printable(keyword)}'");
                }
            }
            if (damage.IsOpen) SkipToRecord(data, ref scanner);
        }

        // Damage that runs to the end of the input is the torn tail: the write a crash interrupted, or what it left.
        long validLength = data.Length;
        if (damage.IsOpen)
        {
            validLength = damage.Start.Start;
            int line = damage.Start.Line;
            AddDiagnostic(data, damage.Start, $"torn record at line {line} dropped ({data.Length - damage.Start.Start} bytes){(damage.Reason is null ? "" : $": {damage.Reason}")}");
        }
        if (_suppressedDiagnostics > 0)
            _diagnostics.Add(new ConfigDiagnostic("", 0, 0, $"{_suppressedDiagnostics} further diagnostics suppressed"));

        return new LeaseFileContent
        {
            Leases = leases,
            Hosts = hosts,
            Diagnostics = _diagnostics,
            ServerDuid = serverDuid,
            AuthoringByteOrder = byteOrder,
            FailoverBlocksSkipped = failoverBlocks,
            ValidLength = validLength,
            TornTail = damage.IsOpen,
            DamagedRegions = regions,
            DamagedBytes = regionBytes,
        };
    }

    /// <summary>Where skipped damage began (its first token) and why; open until the next record.</summary>
    private struct DamagedRegion
    {
        public IscToken Start;
        public string? Reason;
        public bool IsOpen;

        /// <summary>Starts a region at <paramref name="start"/>, unless one is already open (it continues).</summary>
        public void Open(IscToken start, string? reason)
        {
            if (IsOpen) return;
            Start = start;
            Reason = reason;
            IsOpen = true;
        }
    }

    private enum StatementOutcome { Complete, EndOfInput, Torn, Damaged }

    /// <summary>
    /// Collects one top-level statement: up to a ';' or the '}' closing its outermost block. A statement that a
    /// record at the start of a line interrupts (an unclosed '{', a record cut mid-way, a lone '"') is damage that
    /// ends there; one nested deeper than <see cref="MaxDepth"/> or longer than <see cref="MaxStatementTokens"/>
    /// tokens is refused as damage too, so no input can exhaust the stack or the memory.
    /// </summary>
    private StatementOutcome CollectStatement(ReadOnlySpan<byte> data, ref IscLeaseScanner scanner, out int count, out string? damage)
    {
        count = 0;
        damage = null;
        int depth = 0;
        while (scanner.TryNext(out var token))
        {
            if (count > 0 && token.Kind == IscTokenKind.Word && IscLeaseScanner.IsLineStart(data, token.Start)
                && IscLeaseScanner.StartsRecord(data, token.Start))
            {
                scanner.Rewind(token);
                damage = depth > 0 ? "'{' is never closed before the next record" : "statement is never ended by ';' before the next record";
                return StatementOutcome.Damaged;
            }
            if (count == _tokens.Length)
            {
                if (count >= MaxStatementTokens)
                {
                    damage = $"statement longer than {MaxStatementTokens} tokens";
                    return StatementOutcome.Damaged;
                }
                Array.Resize(ref _tokens, _tokens.Length * 2);
            }
            _tokens[count++] = token;
            switch (token.Kind)
            {
                case IscTokenKind.Semicolon when depth == 0:
                    return StatementOutcome.Complete;
                case IscTokenKind.OpenBrace:
                    if (++depth > MaxDepth)
                    {
                        damage = $"blocks nested deeper than {MaxDepth} levels";
                        return StatementOutcome.Damaged;
                    }
                    break;
                case IscTokenKind.CloseBrace:
                    if (depth == 0 || --depth == 0) return StatementOutcome.Complete;
                    break;
                case IscTokenKind.Unterminated:
                    if (scanner.AtEnd) return StatementOutcome.Torn;
                    damage = "a string is never closed by '\"' before the next record";
                    return StatementOutcome.Damaged;
            }
        }
        return count == 0 ? StatementOutcome.EndOfInput : StatementOutcome.Torn;
    }

    /// <summary>Skips to the next line that starts a record (or the end), where reading resumes after damage.</summary>
    private static void SkipToRecord(ReadOnlySpan<byte> data, ref IscLeaseScanner scanner)
    {
        while (scanner.TryNext(out var token))
        {
            if (token.Kind == IscTokenKind.Word && IscLeaseScanner.IsLineStart(data, token.Start)
                && IscLeaseScanner.StartsRecord(data, token.Start))
            {
                scanner.Rewind(token);
                return;
            }
        }
    }

    private static bool IsSkippableIscDeclaration(ReadOnlySpan<byte> keyword) =>
        keyword.SequenceEqual("group"u8) || keyword.SequenceEqual("class"u8)
        || keyword.SequenceEqual("subclass"u8) || keyword.SequenceEqual("lease-id-format"u8)
        || keyword.SequenceEqual("ia-na"u8) || keyword.SequenceEqual("ia-ta"u8) || keyword.SequenceEqual("ia-pd"u8);

    /// <summary>
    /// A <c>host NAME { … }</c> record: its name, whether it is <c>deleted;</c>, its <c>uid</c>, and its text as a
    /// dhcpd.conf declaration (the statements only the lease file has blanked out), for the server to read as one.
    /// </summary>
    private IscHostRecord? ParseHost(ReadOnlySpan<byte> data, ReadOnlySpan<IscToken> tokens)
    {
        var at = tokens[0];
        if (tokens.Length < 4 || tokens[1].Kind is not (IscTokenKind.Word or IscTokenKind.String) || tokens[2].Kind != IscTokenKind.OpenBrace
            || tokens[^1].Kind != IscTokenKind.CloseBrace)
        {
            AddDiagnostic(data, at, "malformed host declaration skipped");
            return null;
        }
        var nameText = Text(data, tokens[1]);
        byte[] nameBytes = nameText.ToArray();
        if (tokens[1].Kind == IscTokenKind.String && !IscLeaseSyntax.TryUnescape(nameText, out nameBytes))
        {
            AddDiagnostic(data, at, "host with a malformed name skipped");
            return null;
        }
        string name = Encoding.Latin1.GetString(nameBytes);
        int start = at.Start;
        var close = tokens[^1];
        var raw = data[start..(close.Start + close.Length)].ToArray();
        var declaration = Encoding.Latin1.GetString(raw).ToCharArray();
        bool deleted = false;
        byte[] clientId = [];
        var body = tokens[3..^1];
        int i = 0;
        while (i < body.Length)
        {
            int end = StatementEnd(body, i);
            var statement = body[i..Math.Min(end, body.Length)];
            int last = Math.Min(end, body.Length - 1);
            i = end + 1;
            if (statement.IsEmpty || statement[0].Kind != IscTokenKind.Word) continue;
            var keyword = Text(data, statement[0]);
            bool leaseFileOnly;
            if (keyword.SequenceEqual("dynamic"u8) && statement.Length == 1) leaseFileOnly = true;
            else if (keyword.SequenceEqual("deleted"u8) && statement.Length == 1) leaseFileOnly = deleted = true;
            else if (keyword.SequenceEqual("uid"u8))
            {
                if (statement.Length != 2 || !TryReadData(data, statement[1], out clientId))
                {
                    AddDiagnostic(data, statement[0], $"host {name}: uid is neither a quoted string nor colon-hex; host skipped");
                    return null;
                }
                leaseFileOnly = true;
            }
            else leaseFileOnly = false;
            if (!leaseFileOnly) continue;
            // Blank the statement through its ';' (line breaks stay, so every later position is unchanged).
            int from = statement[0].Start - start;
            int to = body[last].Start + body[last].Length - start;
            for (int c = from; c < to; c++)
                if (declaration[c] != '\n') declaration[c] = ' ';
        }
        return new IscHostRecord(name, deleted, clientId, raw, new string(declaration), at.Line, SourceText.ColumnOf(data, start));
    }

    /// <summary>
    /// Where the statement of <paramref name="body"/> starting at <paramref name="start"/> ends: its ';', or the '}' that
    /// closes its block; <paramref name="body"/>'s length when it runs off the end.
    /// </summary>
    private static int StatementEnd(ReadOnlySpan<IscToken> body, int start)
    {
        int end = start;
        int depth = 0;
        for (; end < body.Length; end++)
        {
            var kind = body[end].Kind;
            if (kind == IscTokenKind.Semicolon && depth == 0) break;
            if (kind == IscTokenKind.OpenBrace) depth++;
            else if (kind == IscTokenKind.CloseBrace && --depth == 0) break;
        }
        return end;
    }

    private Lease? ParseLease(ReadOnlySpan<byte> data, ReadOnlySpan<IscToken> tokens)
    {
        var at = tokens[0];
        if (tokens.Length < 4 || tokens[1].Kind != IscTokenKind.Word || tokens[2].Kind != IscTokenKind.OpenBrace
            || tokens[^1].Kind != IscTokenKind.CloseBrace)
        {
            AddDiagnostic(data, at, "malformed lease declaration skipped");
            return null;
        }
        if (!IscLeaseSyntax.TryParseAddress(Text(data, tokens[1]), out var address))
        {
            AddDiagnostic(data, at, $"lease with invalid address '{Printable(Text(data, tokens[1]))}' skipped");
            return null;
        }

        var builder = new LeaseFields();
        _variables.Clear();
        var body = tokens[3..^1];
        int i = 0;
        while (i < body.Length)
        {
            int end = StatementEnd(body, i);
            var statement = body[i..Math.Min(end, body.Length)];
            bool endsWithBlock = end < body.Length && body[end].Kind == IscTokenKind.CloseBrace;
            i = end + 1;
            if (statement.IsEmpty) continue;
            string? reason = "block statements are not supported";
            if (endsWithBlock || !ParseLeaseStatement(data, statement, ref builder, out reason))
            {
                AddDiagnostic(data, statement[0],
                    $"statement '{Printable(Text(data, statement[0]))}' in lease {address} skipped: {reason}");
            }
        }

        return new Lease(address)
        {
            Starts = builder.Starts,
            Ends = builder.Ends,
            Tstp = builder.Tstp,
            Tsfp = builder.Tsfp,
            Atsfp = builder.Atsfp,
            Cltt = builder.Cltt,
            BindingState = builder.State ?? LeaseBindingState.Free,
            NextBindingState = builder.Next,
            RewindBindingState = builder.Rewind,
            HardwareType = builder.HardwareType,
            HardwareAddress = builder.HardwareAddress,
            ClientId = builder.ClientId,
            ClientHostname = builder.ClientHostname,
            Variables = _variables.Count == 0 ? [] : _variables.ToArray(),
        };
    }

    private struct LeaseFields
    {
        public DateTimeOffset? Starts, Ends, Tstp, Tsfp, Atsfp, Cltt;
        public LeaseBindingState? State, Next, Rewind;
        public byte HardwareType;
        public byte[]? HardwareAddress, ClientId;
        public string? ClientHostname;
    }

    private bool ParseLeaseStatement(ReadOnlySpan<byte> data, ReadOnlySpan<IscToken> s, ref LeaseFields f, out string? reason)
    {
        reason = null;
        var keyword = Text(data, s[0]);
        if (s[0].Kind != IscTokenKind.Word) { reason = "unexpected token"; return false; }
        switch (keyword.Length > 0 ? keyword[0] : (byte)0)
        {
            case (byte)'s' when keyword.SequenceEqual("starts"u8): return TryDate(data, s, out f.Starts, out reason);
            case (byte)'e' when keyword.SequenceEqual("ends"u8): return TryDate(data, s, out f.Ends, out reason);
            case (byte)'c' when keyword.SequenceEqual("cltt"u8): return TryDate(data, s, out f.Cltt, out reason);
            case (byte)'t' when keyword.SequenceEqual("tstp"u8): return TryDate(data, s, out f.Tstp, out reason);
            case (byte)'t' when keyword.SequenceEqual("tsfp"u8): return TryDate(data, s, out f.Tsfp, out reason);
            case (byte)'a' when keyword.SequenceEqual("atsfp"u8): return TryDate(data, s, out f.Atsfp, out reason);
            case (byte)'b' when keyword.SequenceEqual("binding"u8): return TryState(data, s, 1, out f.State, out reason);
            case (byte)'n' when keyword.SequenceEqual("next"u8):
                if (s.Length > 1 && Text(data, s[1]).SequenceEqual("binding"u8)) return TryState(data, s, 2, out f.Next, out reason);
                break;
            case (byte)'r' when keyword.SequenceEqual("rewind"u8):
                if (s.Length > 1 && Text(data, s[1]).SequenceEqual("binding"u8)) return TryState(data, s, 2, out f.Rewind, out reason);
                break;
            case (byte)'h' when keyword.SequenceEqual("hardware"u8):
                if (s.Length is < 2 or > 3 || !IscLeaseSyntax.TryParseHardwareType(Text(data, s[1]), out f.HardwareType))
                {
                    reason = "unknown hardware type";
                    return false;
                }
                f.HardwareAddress = [];
                if (s.Length == 3 && !IscLeaseSyntax.TryParseColonHex(Text(data, s[2]), out f.HardwareAddress))
                {
                    f.HardwareType = 0;
                    f.HardwareAddress = null;
                    reason = "hardware address is not colon-hex";
                    return false;
                }
                return true;
            case (byte)'u' when keyword.SequenceEqual("uid"u8):
                if (s.Length == 2 && TryReadData(data, s[1], out f.ClientId)) return true;
                reason = "uid is neither a quoted string nor colon-hex";
                return false;
            case (byte)'c' when keyword.SequenceEqual("client-hostname"u8):
                if (s.Length == 2 && s[1].Kind == IscTokenKind.String && IscLeaseSyntax.TryUnescape(Text(data, s[1]), out var host))
                {
                    f.ClientHostname = Encoding.Latin1.GetString(host);
                    return true;
                }
                reason = "client-hostname is not a quoted string";
                return false;
            case (byte)'s' when keyword.SequenceEqual("set"u8):
                return TryVariable(data, s, out reason);
        }
        reason = "not supported";
        return false;
    }

    private bool TryVariable(ReadOnlySpan<byte> data, ReadOnlySpan<IscToken> s, out string? reason)
    {
        reason = "expected set name = value";
        if (s.Length != 4 || s[1].Kind != IscTokenKind.Word || s[2].Kind != IscTokenKind.EqualsSign) return false;
        string name = Intern(Text(data, s[1]));
        var valueText = Text(data, s[3]);
        LeaseVariable variable;
        if (s[3].Kind == IscTokenKind.String)
        {
            if (!IscLeaseSyntax.TryUnescape(valueText, out var bytes)) { reason = "bad escape in string"; return false; }
            variable = new(name, Intern(bytes), LeaseVariableKind.Data);
        }
        else if (valueText.Length > 1 && valueText[0] == (byte)'%')
        {
            if (!long.TryParse(valueText[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
            {
                reason = "bad numeric value";
                return false;
            }
            variable = new(name, number.ToString(CultureInfo.InvariantCulture), LeaseVariableKind.Numeric);
        }
        else if (valueText.SequenceEqual("true"u8) || valueText.SequenceEqual("false"u8))
        {
            variable = new(name, valueText[0] == (byte)'t' ? "true" : "false", LeaseVariableKind.Boolean);
        }
        else if (IscLeaseSyntax.TryParseColonHex(valueText, out var hex))
        {
            variable = new(name, Intern(hex), LeaseVariableKind.Data);
        }
        else
        {
            reason = "unrecognised value";
            return false;
        }
        _variables.Add(variable);
        return true;
    }

    private static bool TryState(ReadOnlySpan<byte> data, ReadOnlySpan<IscToken> s, int stateKeyword, out LeaseBindingState? state, out string? reason)
    {
        state = null;
        reason = "expected binding state <name>";
        if (s.Length != stateKeyword + 2 || !Text(data, s[stateKeyword]).SequenceEqual("state"u8)) return false;
        if (!IscLeaseSyntax.TryParseState(Text(data, s[stateKeyword + 1]), out var parsed))
        {
            reason = "unknown binding state";
            return false;
        }
        state = parsed;
        return true;
    }

    /// <summary>ISC dates: <c>W YYYY/MM/DD HH:MM:SS</c> (UTC, weekday ignored as ISC does),
    /// <c>never</c>, or <c>epoch N</c> (db-time-format local; the "# …" comment is skipped by the scanner).</summary>
    private static bool TryDate(ReadOnlySpan<byte> data, ReadOnlySpan<IscToken> s, out DateTimeOffset? value, out string? reason)
    {
        value = null;
        reason = "malformed date";
        if (s.Length == 2 && Text(data, s[1]).SequenceEqual("never"u8))
        {
            value = DateTimeOffset.MaxValue;
            return true;
        }
        if (s.Length == 3 && Text(data, s[1]).SequenceEqual("epoch"u8))
        {
            if (!long.TryParse(Text(data, s[2]), NumberStyles.None, CultureInfo.InvariantCulture, out long epoch)
                || epoch > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
                return false;
            value = DateTimeOffset.FromUnixTimeSeconds(epoch);
            return true;
        }
        if (s.Length != 4) return false;
        var date = Text(data, s[2]);
        var time = Text(data, s[3]);
        if (!TryFields(date, (byte)'/', out int year, out int month, out int day)
            || !TryFields(time, (byte)':', out int hour, out int minute, out int second))
            return false;
        if (year < 100) year += 1900; // ISC's parser accepts two-digit years as 19xx
        if (year is < 1970 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60)
            return false;
        long days = new DateOnly(year, month, day).DayNumber - UnixEpochDayNumber;
        value = DateTimeOffset.FromUnixTimeSeconds(days * 86400 + hour * 3600 + minute * 60 + second);
        return true;
    }

    private static bool TryFields(ReadOnlySpan<byte> text, byte separator, out int a, out int b, out int c)
    {
        a = b = c = 0;
        int field = 0, value = 0, digits = 0;
        foreach (byte ch in text)
        {
            if (ch == separator)
            {
                if (digits == 0 || field == 2) return false;
                if (field == 0) a = value; else b = value;
                field++;
                value = 0;
                digits = 0;
            }
            else if (ch - (uint)'0' <= 9 && digits < 5)
            {
                value = value * 10 + (ch - '0');
                digits++;
            }
            else return false;
        }
        if (digits == 0 || field != 2) return false;
        c = value;
        return true;
    }

    /// <summary>A data value: a quoted string with ISC escapes or bare colon-hex.</summary>
    private static bool TryReadData(ReadOnlySpan<byte> data, IscToken token, out byte[] bytes)
    {
        var text = Text(data, token);
        return token.Kind == IscTokenKind.String
            ? IscLeaseSyntax.TryUnescape(text, out bytes)
            : IscLeaseSyntax.TryParseColonHex(text, out bytes);
    }

    private string Intern(ReadOnlySpan<byte> latin1)
    {
        if (latin1.Length > MaxInternedLength) return Encoding.Latin1.GetString(latin1);
        Span<char> chars = stackalloc char[latin1.Length];
        Encoding.Latin1.GetChars(latin1, chars);
        var lookup = _interned.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars, out var existing)) return existing;
        string created = new(chars);
        if (_interned.Count < MaxInternedStrings) _interned.Add(created, created);
        return created;
    }

    private void AddDiagnostic(ReadOnlySpan<byte> data, IscToken at, string message, bool isNote = false)
    {
        if (_diagnostics.Count >= _maxDiagnostics)
        {
            _suppressedDiagnostics++;
            return;
        }
        int start = at.Kind == IscTokenKind.String ? at.Start - 1 : at.Start; // a string token starts after its quote
        _diagnostics.Add(new ConfigDiagnostic("", at.Line, SourceText.ColumnOf(data, start), message) { IsNote = isNote });
    }

    private static ReadOnlySpan<byte> Text(ReadOnlySpan<byte> data, IscToken token) => data.Slice(token.Start, token.Length);

    private static string Printable(ReadOnlySpan<byte> text)
    {
        var shown = text.Length > 40 ? text[..40] : text;
        var sb = new StringBuilder(shown.Length);
        foreach (byte b in shown) sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        if (text.Length > shown.Length) sb.Append('…');
        return sb.ToString();
    }
}
