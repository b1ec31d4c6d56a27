using System.Collections.Immutable;
using System.Globalization;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Options;
using G = IPoIBDhcp.Server.Config.DhcpdStatementGrammar;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Server.Config;

internal sealed partial class DhcpdConfigBuilder
{
    private static readonly HashSet<string> Facilities = new(StringComparer.OrdinalIgnoreCase)
    {
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
        "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    };

    private void ReadParameter(BodyItem item, ScopeBuilder s)
    {
        string keyword = item.Keyword;
        if (TryReadExpressionStatement(item, s)) return;
        if (ServerParameters.TryFind(keyword, out var parameter) && parameter.Syntax != ParameterSyntax.Access)
        {
            if (TryReadHostNameParameter(item, parameter, s)) return;
            if (Allowed(item, parameter, s)) parameter.Accept(new ParameterStatement(this, item, s, ParameterForm.Written, default));
            return;
        }
        switch (keyword)
        {
            case "option": ReadOption(item, s); break;
            case "not":
                if (item.Args.Length == 0 || item.Args[0].Kind != K.Word
                    || !ServerParameters.TryFind(item.Args[0].Text.ToLowerInvariant(), out parameter) || parameter.Syntax != ParameterSyntax.Switch)
                    Error(item, $"'not' must be followed by {Switches}");
                else if (Allowed(item, parameter, s)) parameter.Accept(new ParameterStatement(this, item, s, ParameterForm.Negated, default));
                break;
            case "log-facility":
                if (s.Kind != ScopeKind.Global) Error(item, "'log-facility' is only allowed at global scope");
                else if (Run(item, G.WordOnly, keyword, out var facility))
                {
                    if (Facilities.Contains(facility.Text)) logFacility = facility.Text.ToLowerInvariant();
                    else Error(item.File, item.File.Text.PositionOf(facility), $"log-facility: unknown syslog facility '{facility.Text}'");
                }
                break;
            case "range": ReadRange(item, s); break;
            case "hardware": ReadHardware(item, s); break;
            case "fixed-address": ReadFixedAddress(item, s); break;
            case "host-identifier": ReadHostIdentifier(item, s); break;
            case "allow": ReadAccess(item, s, AccessMode.Allow); break;
            case "deny": ReadAccess(item, s, AccessMode.Deny); break;
            case "ignore": ReadAccess(item, s, AccessMode.Ignore); break;
            case "match": ReadMatch(item, s); break;
            case "vendor-option-space" or "site-option-space": ReadSpaceSelection(item, s); break;
            default:
                Error(item, Unsupported.Contains(keyword)
                    ? UnsupportedReasons.Refusal(keyword)
                    : $"unknown statement '{item.Statement.Keyword.Text}'");
                break;
        }
    }

    private void ReadOption(BodyItem item, ScopeBuilder s, OptionStatementMode mode = OptionStatementMode.Supersede)
    {
        var args = item.Args;
        if (args.Length == 0 || args[0].Kind != K.Word)
        {
            RunOn(item, args, TokenParsers.Word.Labelled("an option name"), "option", out _);
            return;
        }
        var name = args[0];
        if (args.Length > 1 && args[1].Is("code") && mode == OptionStatementMode.Supersede)
        {
            DefineOption(item, name, s);
            return;
        }
        if (name.Is("space"))
        {
            ReadOptionSpace(item, s);
            return;
        }
        if (!TryResolveOption(item, name, out var definition)) return;
        var value = args[1..];
        if (!value.IsEmpty && value[0].Kind == K.Equal)
        {
            if (definition.Space.Name != OptionSpace.Dhcp)
                Error(item, $"option {definition.QualifiedName}: an expression value for an option of space {definition.Space.Name} is not supported");
            else ReadOptionExpression(item, s, (byte)definition.Code, definition.QualifiedName, mode, value[1..]);
            return;
        }
        if (mode != OptionStatementMode.Supersede && definition.Space.Name != OptionSpace.Dhcp)
        {
            Error(item, $"option {definition.QualifiedName}: {item.Keyword} for an option of space {definition.Space.Name} is not supported");
            return;
        }
        foreach (var t in value)
        {
            if (t.Kind is not (K.Word or K.String or K.Comma))
            {
                Error(item.File, item.File.Text.PositionOf(t), $"option {definition.QualifiedName}: unexpected {t.Describe()}");
                return;
            }
        }
        StoreOption(item, s, definition, value, mode);
    }

    private void ReadRange(BodyItem item, ScopeBuilder s)
    {
        if (s.Kind is not (ScopeKind.Subnet or ScopeKind.Pool))
        {
            Error(item, $"'range' is not allowed {Where(s.Kind)}; only in a subnet or pool");
            return;
        }
        if (!Run(item, G.Range, "range", out var r)) return;
        if (r.Low.Value > r.High.Value)
        {
            Error(item, $"range {r.Low} {r.High}: low address is above high address");
            return;
        }
        s.Ranges.Add(new AddressRange(r.Low, r.High, r.DynamicBootp, item.Position));
    }

    private void ReadHardware(BodyItem item, ScopeBuilder s)
    {
        if (s.Kind != ScopeKind.Host)
        {
            Error(item, $"'hardware' is not allowed {Where(s.Kind)}; only in a host declaration");
            return;
        }
        if (!Run(item, G.Hardware, "hardware", out var h)) return;
        bool infiniband = h.Kind.Is("infiniband");
        string text = h.Address.Text;
        ImmutableArray<byte> bytes;
        var groups = text.Split(':');
        if (infiniband && groups.Length == 4 && groups.All(g => g.Length == 4 && g.All(char.IsAsciiHexDigit)))
            bytes = [.. Convert.FromHexString(string.Concat(groups))];
        else if (!TokenParsers.TryColonHex(text, out bytes))
        {
            Error(item.File, item.File.Text.PositionOf(h.Address), $"hardware: '{text}' is not a hardware address");
            return;
        }
        string? problem = infiniband
            ? bytes.Length is 20 or 8 ? null : $"hardware infiniband: expected 20 bytes (IPoIB address) or 8 bytes (port GUID), found {bytes.Length}"
            : bytes.Length == 6 ? null : $"hardware ethernet: expected 6 bytes, found {bytes.Length}";
        if (problem is not null) { Error(item.File, item.File.Text.PositionOf(h.Address), problem); return; }
        if (s.Hardware is not null) { Error(item, "hardware: the host already has a hardware address"); return; }
        s.Hardware = new HardwareAddress(infiniband ? HardwareKind.InfiniBand : HardwareKind.Ethernet, bytes);
    }

    private void ReadFixedAddress(BodyItem item, ScopeBuilder s)
    {
        if (s.Kind != ScopeKind.Host)
        {
            Error(item, $"'fixed-address' is not allowed {Where(s.Kind)}; only in a host declaration");
            return;
        }
        if (G.WellFormedWordList(item.Args) is not { } tokens && !Run(item, G.FixedAddressList, "fixed-address", out tokens)) return;
        foreach (var t in tokens)
        {
            // A name stands for every address it resolves to, as in ISC.
            if (!TryResolve(item, t, "fixed-address", out var addresses)) continue;
            foreach (var address in addresses) s.FixedAddresses.Add((address, item.File.Text.PositionOf(t)));
        }
    }

    private void ReadAccess(BodyItem item, ScopeBuilder s, AccessMode mode)
    {
        string verb = item.Keyword;
        if (!Run(item, G.AccessBody, verb, out var body)) return;
        bool inPool = s.Kind == ScopeKind.Pool;
        string? className = body.Class.HasValue ? body.Class.Value : null;
        if (className is not null && body.Words != "members of")
        {
            Error(item, $"{verb} {body.Words}: unexpected class name");
            return;
        }
        switch (body.Words)
        {
            case "members of":
            case "known-clients":
            case "unknown-clients" when inPool:
                var kind = body.Words switch
                {
                    "members of" => PoolPermitKind.MembersOf,
                    "known-clients" => PoolPermitKind.KnownClients,
                    _ => PoolPermitKind.UnknownClients,
                };
                if (!inPool) { Error(item, $"'{verb} {body.Words}' is only allowed in a pool"); return; }
                if (mode == AccessMode.Ignore) { Error(item, $"'ignore {body.Words}' is not valid in a pool; use allow or deny"); return; }
                if (kind == PoolPermitKind.MembersOf && className is null) { Error(item, $"{verb} members of: expected a quoted class name"); return; }
                var permit = new PoolPermit(mode == AccessMode.Allow, kind, className, item.Position);
                s.Permits.Add(permit);
                permits.Add(permit);
                return;
            case "client-updates":
                // Whether a client may do its own DNS update: DNS updates have no effect yet (said once, as a warning).
                NoEffectYet(item, $"{verb} client-updates");
                return;
            case "duplicates" when mode == AccessMode.Allow:
                // ISC's default, and this server's only behaviour: a client is its client identifier.
                return;
            case "duplicates" or "declines" or "leasequery" or "dynamic bootp clients"
                or "all clients" or "authenticated clients" or "unauthenticated clients":
                Error(item, UnsupportedReasons.Refusal($"{verb} {body.Words}"));
                return;
            default:
                if (ServerParameters.TryFind(body.Words, out var parameter) && parameter.Syntax == ParameterSyntax.Access)
                {
                    if (Allowed(item, parameter, s)) parameter.Accept(new ParameterStatement(this, item, s, ParameterForm.Access, mode));
                    return;
                }
                Error(item, $"{verb}: unknown keyword '{body.Words}'");
                return;
        }
    }

    private BooleanExpression? ReadCondition(BodyItem item, ReadOnlySpan<ConfigToken> tokens, string what)
    {
        if (!WithinExpressionLimits(item, tokens, what)) return null;
        if (!RunOn(item, tokens, ExpressionGrammar.Condition, what, out var bound)) return null;
        if (RefusedDnsExpression(item, tokens, what)) return null;
        var binder = new ExpressionBinder(table, item.File.Text, spaces, item.Position);
        var expression = bound(binder);
        foreach (var e in binder.Errors) Error(item.File, e);
        return binder.Errors.Count == 0 ? expression : null;
    }

    /// <summary>
    /// Refuses a condition the recursive grammar and evaluator could not take safely: parentheses nested deeper
    /// than <see cref="ConfigLimits.MaxExpressionNesting"/> or more than <see cref="ConfigLimits.MaxExpressionOperators"/>
    /// operators. Together they bound the depth of the expression tree, whatever the input.
    /// </summary>
    private bool WithinExpressionLimits(BodyItem item, ReadOnlySpan<ConfigToken> tokens, string what)
    {
        int depth = 0, operators = 0, arithmetic = 0;
        foreach (var t in tokens)
        {
            if (t.Kind == K.LeftParen && ++depth > ConfigLimits.MaxExpressionNesting)
            {
                Error(item.File, item.File.Text.PositionOf(t), $"{what}: expression nested deeper than {ConfigLimits.MaxExpressionNesting} parentheses");
                return false;
            }
            if (t.Kind == K.RightParen && depth > 0) depth--;
            if ((t.Is("and") || t.Is("or") || t.Is("not")) && ++operators > ConfigLimits.MaxExpressionOperators)
            {
                Error(item.File, item.File.Text.PositionOf(t), $"{what}: expression has more than {ConfigLimits.MaxExpressionOperators} 'and', 'or' and 'not' operators");
                return false;
            }
            // Arithmetic operators nest the tree as deeply as boolean ones (left-nested chains): bounded the same way.
            if ((t.Kind == K.Operator || t.Is("+") || t.Is("/")) && ++arithmetic > ConfigLimits.MaxExpressionOperators)
            {
                Error(item.File, item.File.Text.PositionOf(t), $"{what}: expression has more than {ConfigLimits.MaxExpressionOperators} arithmetic operators");
                return false;
            }
        }
        return true;
    }

    /// <summary>An <c>if</c> item with the <c>elsif</c>/<c>else</c> items that follow it.</summary>
    private void ReadConditional(List<BodyItem> chain, ScopeBuilder s)
    {
        // Branches are read recursively (an if inside an if) and evaluated recursively per request: bounded here.
        if (conditionalDepth >= ConfigLimits.MaxIfNesting)
        {
            Error(chain[0], $"'if' statements nested deeper than {ConfigLimits.MaxIfNesting}");
            return;
        }
        conditionalDepth++;
        try
        {
            ReadConditionalChain(chain, s);
        }
        finally
        {
            conditionalDepth--;
        }
    }

    private void ReadConditionalChain(List<BodyItem> chain, ScopeBuilder s)
    {
        var branches = ImmutableArray.CreateBuilder<ConditionalBranch>();
        bool ok = ReadChain(chain, (item, condition) =>
        {
            var branch = new ScopeBuilder(ScopeKind.Conditional);
            var items = Flatten(BodyOf(item), item.File);
            ReadParameters(items, branch);
            ReadDeclarations(items, new DeclarationContext(ScopeKind.Conditional, null, null, null));
            branches.Add(new ConditionalBranch(condition, branch.ToParameters(), item.Position));
            return true;
        });
        if (ok) s.Conditionals.Add(new ConditionalStatement(branches.ToImmutable(), chain[0].Position));
    }

    /// <summary>
    /// The heads of an <c>if</c> chain, wherever it stands (a scope or an <c>on</c> block): <c>else if</c> read as
    /// <c>elsif</c>, nothing after <c>else</c>, every branch with a block. Each branch whose head reads is handed to
    /// <paramref name="readBranch"/> with its condition (null for <c>else</c>); false when a head or a branch failed.
    /// </summary>
    private bool ReadChain(List<BodyItem> chain, Func<BodyItem, BooleanExpression?, bool> readBranch)
    {
        bool sawElse = false, ok = true;
        foreach (var item in chain)
        {
            var args = item.Args;
            string keyword = item.Keyword;
            if (keyword == "else" && args.Length > 0 && args[0].Is("if")) { keyword = "elsif"; args = args[1..]; }
            if (sawElse)
            {
                Error(item, $"'{item.Keyword}' after 'else'");
                ok = false;
                continue;
            }
            if (!item.Statement.HasBody)
            {
                Error(item, $"'{item.Keyword}' needs a {{ … }} block");
                ok = false;
                continue;
            }
            BooleanExpression? condition = null;
            if (keyword == "else")
            {
                sawElse = true;
                if (!RunOn(item, args, G.Nothing, "else", out _)) { ok = false; continue; }
            }
            else if ((condition = ReadCondition(item, args, keyword)) is null)
            {
                ok = false;
            }
            if (!readBranch(item, condition)) ok = false;
        }
        return ok;
    }

    /// <summary>ISC's words for the one thing <c>not</c> may precede: <c>'authoritative'</c>.</summary>
    private static readonly string Switches = string.Join(" or ",
        ServerParameters.All.Where(p => p.Syntax == ParameterSyntax.Switch).Select(p => $"'{p.Name}'"));

    private bool Allowed(BodyItem item, ServerParameter parameter, ScopeBuilder s)
    {
        if (parameter.IsAllowedIn(s.Kind)) return true;
        Error(item, $"'{parameter.Name}' makes no sense {Where(s.Kind)}");
        return false;
    }

    /// <summary>How a parameter statement was written: <c>NAME …;</c>, <c>not NAME;</c> or <c>allow|deny|ignore NAME;</c>.</summary>
    private enum ParameterForm { Written, Negated, Access }

    /// <summary>Reads one parameter statement at the parameter's own value type and records the value in the scope.</summary>
    private sealed class ParameterStatement(DhcpdConfigBuilder builder, BodyItem item, ScopeBuilder s, ParameterForm form, AccessMode mode)
        : IServerParameterVisitor
    {
        public void Visit<T>(ServerParameter<T> parameter)
        {
            T value;
            switch (form)
            {
                case ParameterForm.Access:
                    value = parameter.FromAccess!(mode);
                    break;
                case ParameterForm.Negated:
                    if (!builder.RunOn(item, item.Args[1..], parameter.Negated!, $"not {parameter.Name}", out value)) return;
                    break;
                default:
                    if (!builder.Run(item, parameter.Grammar!, parameter.Name, out value)) return;
                    break;
            }
            s.Set(parameter, value);
            // The default-lease-time <= max-lease-time check reports at the scope's default-lease-time, else its first max-lease-time.
            if (ReferenceEquals(parameter, ServerParameters.DefaultLeaseTime)) s.LeaseTimePosition = item.Position;
            else if (ReferenceEquals(parameter, ServerParameters.MaxLeaseTime)) s.LeaseTimePosition ??= item.Position;
        }
    }
}
