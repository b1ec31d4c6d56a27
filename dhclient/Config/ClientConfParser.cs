using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Identity;
using IPoIBDhcp.Wire.Dhcp;
using IPoIBDhcp.Wire.Options;
using K = IPoIBDhcp.Text.ConfigTokenKind;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Client.Config;

/// <summary>
/// Parses dhclient.conf. Every statement is either honoured or refused with <c>file:line:col: reason</c>;
/// nothing is skipped silently, because a client that quietly ignores <c>supersede</c> or <c>reject</c>
/// configures a node differently from what its admin wrote.
/// </summary>
/// <remarks>
/// DHCPv6 option names (<c>dhcp6.*</c>) are accepted in <c>request</c>/<c>require</c> lists and in lease
/// <c>option</c> lines and left out of DHCPv4 messages, exactly as ISC dhclient -4 does with the Debian
/// default file (it builds option 55 from DHCPv4-space options only).
/// </remarks>
public static class ClientConfParser
{
    private static readonly string[] Unsupported =
    [
        "supersede", "prepend", "append", "default", "media", "reject", "accept", "alias", "pseudo", "key", "on",
        "initial-delay", "omapi", "bootp-policy", "vendor", "do-forward-updates", "link-timeout", "hardware",
        "fixed-address", "if", "option-space", "lease-id-format", "duid", "reboot-timeout",
    ];

    /// <summary>Parses <paramref name="text"/> read from <paramref name="fileName"/>; throws <see cref="ConfException"/> listing every error.</summary>
    public static ClientConfiguration Parse(string text, string fileName)
    {
        if (!TryParse(text, fileName, out var config, out var errors)) throw new ConfException(errors);
        return config;
    }

    /// <summary>Reads and parses a file; a missing file is an empty configuration, as in ISC.</summary>
    public static ClientConfiguration Load(string path) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path) : ClientConfiguration.Empty;

    /// <summary>Parses, collecting every error instead of throwing.</summary>
    public static bool TryParse(string text, string fileName, out ClientConfiguration configuration, out IReadOnlyList<ConfigDiagnostic> errors)
    {
        var reader = new ConfigTokenReader(fileName, text);
        var state = new ParseState();
        while (!reader.AtEnd)
        {
            if (reader.Peek.Kind == K.RightBrace)
            {
                reader.Guard(() => throw reader.Fail(reader.Next(), "unexpected '}'"));
                continue;
            }
            reader.Guard(() => TopLevelStatement(reader, state));
        }
        configuration = new ClientConfiguration(state.Global, state.Interfaces.ToImmutable(), state.Leases.ToImmutable(), state.Table);
        errors = reader.Errors;
        return errors.Count == 0;
    }

    private sealed class ParseState
    {
        public ClientSettings Global = new();
        public ImmutableDictionary<string, ClientSettings>.Builder Interfaces = ImmutableDictionary.CreateBuilder<string, ClientSettings>();
        public ImmutableArray<ClientLease>.Builder Leases = ImmutableArray.CreateBuilder<ClientLease>();
        public DhcpOptionTable Table = DhcpOptionTable.Standard;
    }

    private static void TopLevelStatement(ConfigTokenReader reader, ParseState state)
    {
        var t = reader.Peek;
        if (t.Is("interface"))
        {
            reader.Next();
            var nameToken = reader.Peek;
            string name = reader.ExpectString("an interface name in quotes");
            if (state.Interfaces.ContainsKey(name)) throw reader.Fail(nameToken, $"interface \"{name}\" is declared twice");
            var settings = state.Global;
            reader.Block($"interface \"{name}\"", () => settings = Statement(reader, state, settings, name));
            state.Interfaces[name] = settings;
            return;
        }
        if (t.Is("option"))
        {
            reader.Next();
            DeclareOption(reader, state);
            return;
        }
        state.Global = Statement(reader, state, state.Global, null);
    }

    private static ClientSettings Statement(ConfigTokenReader reader, ParseState state, ClientSettings s, string? interfaceName)
    {
        var t = reader.Peek;
        if (t.Kind != K.Word) throw reader.Fail(t, $"expected a statement, found {t.Describe()}");
        string keyword = t.Text.ToLowerInvariant();
        switch (keyword)
        {
            case "send":
                reader.Next();
                return s.WithSend(ParseSend(reader, state.Table));
            case "request":
                reader.Next();
                return s with { Request = ParseOptionList(reader, state.Table, "request", allowEmpty: true) };
            case "require":
                reader.Next();
                return s with { Require = ParseOptionList(reader, state.Table, "require", allowEmpty: true) };
            case "also":
                reader.Next();
                var which = reader.Peek;
                if (which.Is("request"))
                {
                    reader.Next();
                    return s with { Request = [.. s.Request.Concat(ParseOptionList(reader, state.Table, "also request", false)).Distinct()] };
                }
                if (which.Is("require"))
                {
                    reader.Next();
                    return s with { Require = [.. s.Require.Concat(ParseOptionList(reader, state.Table, "also require", false)).Distinct()] };
                }
                throw reader.Fail(which, $"expected 'request' or 'require' after 'also', found {which.Describe()}");
            case "timeout": return s with { Timeout = Seconds(reader, keyword, 0) };
            case "retry": return s with { Retry = Seconds(reader, keyword, 1) };
            case "select-timeout": return s with { SelectTimeout = Seconds(reader, keyword, 0) };
            case "reboot": return s with { Reboot = Seconds(reader, keyword, 0) };
            case "backoff-cutoff": return s with { BackoffCutoff = Seconds(reader, keyword, 1) };
            case "initial-interval": return s with { InitialInterval = Seconds(reader, keyword, 1) };
            case "script":
                reader.Next();
                string script = reader.ExpectString("a script path in quotes");
                reader.ExpectSemicolon("script");
                return s with { Script = script };
            case "lease":
                if (LeaseDeclarationParser.Parse(reader, state.Table, isStatic: true, interfaceName) is { } lease) state.Leases.Add(lease);
                return s;
            case "interface":
                throw reader.Fail(t, "an interface block cannot be nested in another");
            case "option":
                throw reader.Fail(t, "option declarations belong at the top level of dhclient.conf");
        }
        if (Unsupported.Contains(keyword))
            throw reader.Fail(t, $"'{t.Text}' is not supported by this dhclient; remove it (unsupported statements are refused, never ignored)");
        throw reader.Fail(t, $"unknown statement '{t.Text}'");
    }

    private static int Seconds(ConfigTokenReader reader, string keyword, uint minimum)
    {
        reader.Next();
        var at = reader.Peek;
        uint n = reader.ExpectNumber($"a number of seconds after '{keyword}'");
        if (n < minimum || n > int.MaxValue) throw reader.Fail(at, $"{keyword} must be from {minimum} to {int.MaxValue} seconds");
        reader.ExpectSemicolon(keyword);
        return (int)n;
    }

    private static SentOption ParseSend(ConfigTokenReader reader, DhcpOptionTable table)
    {
        var name = reader.ExpectWord("an option name after 'send'");
        if (!ClientOptionNames.TryResolve(table, name.Text, out var def, out bool isV6) || isV6)
            throw reader.Fail(name, isV6
                ? $"'{name.Text}' is a DHCPv6 option; this DHCPv4 client cannot send it"
                : $"unknown option '{name.Text}' (declare it with 'option {name.Text} code N = TYPE;')");
        if (reader.Peek.Kind == K.Equal)
        {
            reader.Next();
            if (reader.Peek.Is("gethostname"))
            {
                var call = reader.Next();
                reader.Expect(K.LeftParen, "'(' after gethostname");
                reader.Expect(K.RightParen, "')' after gethostname(");
                reader.ExpectSemicolon("send");
                if (def!.Type is not OptionValueType.Text)
                    throw reader.Fail(call, $"gethostname() gives text; option {def.Name} is not a text option");
                return new SentOption(def.Code, [], FromHostName: true);
            }
            if (reader.Peek.Kind == K.Word && IsFunctionCall(reader))
                throw reader.Fail(reader.Peek, $"'{reader.Peek.Text}(…)' is not supported after '='; only gethostname() and constant values are");
        }
        var (text, first) = reader.RawValueUntilSemicolon($"send {def!.Name}");
        if (!OptionValueCodec.TryEncode(def, text, out var value, out var error)) throw reader.Fail(first, error);
        if (def.Code == DhcpOptionCode.ClientIdentifier && !ClientIdentifier.TryRead(value, out _, out var idError))
            throw reader.Fail(first, $"dhcp-client-identifier: {idError.Reason}");
        if (value.Length > 255 && def.Code == DhcpOptionCode.ClientIdentifier)
            throw reader.Fail(first, "dhcp-client-identifier is longer than 255 bytes");
        return new SentOption(def.Code, [.. value]);
    }

    // A word followed by '(' (concat(...), hardware, substring(...)): an ISC data expression we do not evaluate.
    private static bool IsFunctionCall(ConfigTokenReader reader) => reader.Peek.Is("hardware") || reader.Peek.Is("concat")
        || reader.Peek.Is("substring") || reader.Peek.Is("suffix") || reader.Peek.Is("option") || reader.Peek.Is("config-option")
        || reader.Peek.Is("encode-int") || reader.Peek.Is("pick-first-value") || reader.Peek.Is("packet");

    private static ImmutableArray<byte> ParseOptionList(ConfigTokenReader reader, DhcpOptionTable table, string statement, bool allowEmpty)
    {
        var codes = new List<byte>();
        if (allowEmpty && reader.Peek.Kind == K.Semicolon)
        {
            reader.Next();
            return [];
        }
        while (true)
        {
            var name = reader.ExpectWord("an option name");
            if (!ClientOptionNames.TryResolve(table, name.Text, out var def, out bool isV6))
                throw reader.Fail(name, $"unknown option '{name.Text}' in {statement}");
            if (!isV6 && !codes.Contains(def!.Code)) codes.Add(def.Code);
            if (reader.Peek.Kind == K.Comma)
            {
                reader.Next();
                continue;
            }
            reader.ExpectSemicolon(statement);
            return [.. codes];
        }
    }

    private static void DeclareOption(ConfigTokenReader reader, ParseState state)
    {
        var name = reader.ExpectWord("an option name");
        if (name.Text.Contains('.'))
            throw reader.Fail(name, $"option '{name.Text}' is in another option space; only DHCPv4 options can be declared");
        reader.ExpectKeyword("code");
        var codeToken = reader.Peek;
        uint code = reader.ExpectNumber("an option code");
        if (code is < 1 or > 254) throw reader.Fail(codeToken, "option code must be from 1 to 254");
        reader.Expect(K.Equal, "'=' after the option code");
        bool isArray = false;
        if (reader.Peek.Is("array"))
        {
            reader.Next();
            reader.ExpectKeyword("of");
            isArray = true;
        }
        var typeToken = reader.Peek;
        var type = ParseType(reader);
        if (isArray && type is OptionValueType.Text or OptionValueType.Binary or OptionValueType.DomainList)
            throw reader.Fail(typeToken, "an array of text, string or domain-list is not a valid option type");
        reader.ExpectSemicolon($"option {name.Text}");
        if (!TryAddDefinition(state, new DhcpOptionDefinition((byte)code, name.Text, type, isArray), out string? conflict))
            throw reader.Fail(name, conflict!);
    }

    private static bool TryAddDefinition(ParseState state, DhcpOptionDefinition def, [NotNullWhen(false)] out string? conflict)
    {
        conflict = null;
        if (state.Table.TryGet(def.Name, out var existing) && existing.Code != def.Code)
        {
            conflict = $"option '{def.Name}' is already option {existing.Code}";
            return false;
        }
        state.Table = state.Table.With(def);
        return true;
    }

    private static OptionValueType ParseType(ConfigTokenReader reader)
    {
        var t = reader.Next();
        string word = t.Kind == K.Word ? t.Text.ToLowerInvariant() : "";
        switch (word)
        {
            case "ip-address": return OptionValueType.IPv4Address;
            case "text": return OptionValueType.Text;
            case "string": return OptionValueType.Binary;
            case "boolean": return OptionValueType.Boolean;
            case "domain-list":
                if (reader.Peek.Is("compressed")) reader.Next();
                return OptionValueType.DomainList;
            case "unsigned" or "signed":
                reader.ExpectKeyword("integer");
                return IntegerType(reader, signed: word == "signed");
            case "integer":
                return IntegerType(reader, signed: true);
        }
        if (t.Kind == K.LeftBrace)
            throw reader.Fail(t, "record option types ({ … }) are not supported; declare the option as 'string'");
        throw reader.Fail(t, $"expected an option type (ip-address, unsigned integer 8/16/32, signed integer 8/16/32, text, string, boolean, domain-list, array of …), found {t.Describe()}");
    }

    private static OptionValueType IntegerType(ConfigTokenReader reader, bool signed)
    {
        var at = reader.Peek;
        return reader.ExpectNumber("an integer width (8, 16 or 32)") switch
        {
            8 => signed ? OptionValueType.Int8 : OptionValueType.UInt8,
            16 => signed ? OptionValueType.Int16 : OptionValueType.UInt16,
            32 => signed ? OptionValueType.Int32 : OptionValueType.UInt32,
            _ => throw reader.Fail(at, "integer width must be 8, 16 or 32"),
        };
    }
}
