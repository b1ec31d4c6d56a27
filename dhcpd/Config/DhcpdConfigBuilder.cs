using System.Collections.Immutable;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Options;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Turns grouped statements into a <see cref="ServerConfig"/>. Each body is read in two passes: first its
/// parameters (so the scope is complete before anything inside it links to it), then its declarations.
/// Every problem becomes a diagnostic and the statement is skipped; nothing is ignored silently.
/// </summary>
internal sealed partial class DhcpdConfigBuilder(Func<string, string> readInclude, IHostNameResolver resolver)
{
    private readonly List<(int File, ConfigDiagnostic Diagnostic)> parseErrors = [];
    private readonly List<ConfigDiagnostic> checkErrors = [];
    private readonly List<Subnet> subnets = [];
    private readonly List<SharedNetwork> sharedNetworks = [];
    private readonly List<Host> hosts = [];
    private readonly List<ClassDeclaration> classes = [];
    private readonly List<(ConfigScope Scope, SourcePosition Position)> leaseTimeScopes = [];
    // The builder the hosts of the file take in turn (ReadScope); null while one is reading with it.
    private ScopeBuilder? spareHostBuilder;
    private readonly List<PoolPermit> permits = [];
    // Work items still to run while reading declarations: an explicit stack instead of recursion (see ReadDeclarations).
    private readonly Stack<Action> pending = new();
    private DhcpOptionTable table = DhcpOptionTable.Standard;
    private string? logFacility;
    private int fileCount;
    private int conditionalDepth;

    public DhcpdParseResult Build(string text, string fileName) => Build(new SourceText(fileName, text));

    /// <summary>Reads the file <paramref name="source"/> holds (as text, or as ASCII bytes: <see cref="TextFile.ReadSource"/>).</summary>
    public DhcpdParseResult Build(SourceText source)
    {
        string fileName = source.FileName;
        var file = new SourceFile(source, null, fileCount++, words);
        var items = Flatten(Structure(file), file);
        var global = new ScopeBuilder(ScopeKind.Global);
        ReadParameters(items, global);
        var globalScope = new ConfigScope(ScopeKind.Global, "", new SourcePosition(fileName, 1, 1), global.ToParameters(), null);
        NoteLeaseTimes(global, globalScope);
        ReadDeclarations(items, new DeclarationContext(ScopeKind.Global, globalScope, null, null));
        while (pending.TryPop(out var next)) next();
        AttachSubclasses();

        var config = new ServerConfig(globalScope, [.. subnets], [.. sharedNetworks], [.. hosts], [.. classes], table, logFacility) { Daemon = daemon, OptionSpaces = spaces };
        Check(config);
        var notes = NoEffectYetNote() is { } note ? [note] : ImmutableArray<ConfigDiagnostic>.Empty;
        var diagnostics = parseErrors
            .Select((e, i) => (e, i))
            .OrderBy(x => x.e.File).ThenBy(x => x.e.Diagnostic.Line).ThenBy(x => x.e.Diagnostic.Column).ThenBy(x => x.i)
            .Select(x => x.e.Diagnostic)
            .Concat(checkErrors)
            .ToImmutableArray();
        return diagnostics.IsEmpty ? new DhcpdParseResult(config, notes) : new DhcpdParseResult(null, diagnostics.AddRange(notes));
    }

    private void Error(SourceFile file, SourcePosition position, string message) =>
        parseErrors.Add((file.Index, new ConfigDiagnostic(position, message)));

    private void Error(SourceFile file, ConfigDiagnostic diagnostic) => parseErrors.Add((file.Index, diagnostic));

    private void Error(BodyItem item, string message) => Error(item.File, item.Position, message);

    // Words recur across a file and its includes: one string each for the whole read.
    private readonly ConfigWords words = new();

    // A level at a time: a block's body is grouped when it is read (BodyOf), so a file of 100,000 hosts never holds
    // the tokens of all of them at once.
    private static ImmutableArray<ConfigStatement> Structure(SourceFile file) => file.Statements.ParseFile();

    /// <summary>The statements of <paramref name="item"/>'s body, grouped now if they were deferred.</summary>
    private static ImmutableArray<ConfigStatement> BodyOf(BodyItem item) => item.File.Statements.ParseBody(item.Statement);

    /// <summary>Reports structural errors and bad tokens, and splices included files in place.</summary>
    private List<BodyItem> Flatten(ImmutableArray<ConfigStatement> body, SourceFile file)
    {
        var items = new List<BodyItem>(body.Length);
        ConfigStatement? previous = null;
        foreach (var statement in body)
        {
            // ISC's own example writes 'key NAME { … };': the ';' after a key's block is part of it.
            bool afterKey = previous is { HasBody: true } p && p.Keyword.Is("key");
            previous = statement;
            if (afterKey && statement.Head.IsEmpty && !statement.HasBody && statement.Terminator.Kind == K.Semicolon) continue;
            if (BadToken(statement) is { } bad)
            {
                Error(file, file.Text.PositionOf(bad), bad.Kind == K.UnterminatedString
                    ? "string is not terminated by '\"'"
                    : $"unexpected character '{bad.Text}'");
                continue;
            }
            if (statement.Error is { } structural)
            {
                Error(file, file.Text.PositionOf(statement.Terminator), structural);
                continue;
            }
            var item = new BodyItem(file, statement);
            if (item.Keyword == "include") Include(item, items);
            else items.Add(item);
        }
        return items;
    }

    private static ConfigToken? BadToken(ConfigStatement statement)
    {
        foreach (var t in statement.Head.Span)
        {
            if (t.Kind is K.Invalid or K.UnterminatedString) return t;
        }
        return null;
    }

    private void Include(BodyItem item, List<BodyItem> items)
    {
        if (item.Statement.HasBody) { Error(item, "'include' does not take a { … } block"); return; }
        if (!Run(item, DhcpdStatementGrammar.StringOnly, "include", out var path)) return;
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            // No file can have such a name; the path API would throw instead of saying so.
            Error(item, path.Length == 0 ? "include \"\": no file name given" : "include: a file name cannot contain a NUL character");
            return;
        }
        string dir = Path.GetDirectoryName(item.File.Text.FileName) ?? "";
        string resolved = Path.IsPathRooted(path) ? path : Path.Combine(dir, path);
        string full = Path.GetFullPath(resolved);
        if (item.File.Chain().Any(f => f.FullPath == full))
        {
            var names = item.File.Chain().Reverse().Select(f => f.Text.FileName).Append(resolved);
            Error(item, $"include \"{path}\": include cycle ({string.Join(" -> ", names)})");
            return;
        }
        string text;
        try
        {
            text = readInclude(resolved);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is FileNotFoundException or DirectoryNotFoundException ? "file not found"
                : e is UnauthorizedAccessException ? "permission denied" : e.Message;
            Error(item, $"include \"{path}\": cannot read {resolved}: {why}");
            return;
        }
        var included = new SourceFile(new SourceText(resolved, text), item.File, fileCount++, words);
        items.AddRange(Flatten(Structure(included), included));
    }

    /// <summary>Runs a head grammar over the statement's arguments; a failure is reported and false returned.</summary>
    private bool Run<T>(BodyItem item, Pidgin.Parser<ConfigToken, T> parser, string what, out T value) =>
        RunOn(item, item.Args, parser, what, out value);

    private bool RunOn<T>(BodyItem item, ReadOnlySpan<ConfigToken> tokens, Pidgin.Parser<ConfigToken, T> parser, string what, out T value)
    {
        if (TokenParsers.TryRun(parser, tokens, item.Statement.Terminator, item.File.Text, what, out value, out var error)) return true;
        Error(item.File, error!);
        return false;
    }

    private static bool IsDeclaration(string keyword) =>
        keyword is "subnet" or "shared-network" or "group" or "pool" or "host" or "class" or "subclass";

    /// <summary>Pass one: every statement that is not a declaration, into <paramref name="scope"/>.</summary>
    private void ReadParameters(List<BodyItem> items, ScopeBuilder scope)
    {
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            string keyword = item.Keyword;
            if (IsDeclaration(keyword)) continue;
            if (item.Statement.Head.IsEmpty)
            {
                Error(item, "'{' without a statement before it");
                continue;
            }
            if (TryReadNoEffectYet(item) || TryReadDaemonStatement(item, scope)) continue;
            if (keyword == "if")
            {
                int end = i + 1;
                while (end < items.Count && items[end].Keyword is "elsif" or "else") end++;
                ReadConditional(items.GetRange(i, end - i), scope);
                i = end - 1;
                continue;
            }
            if (keyword is "elsif" or "else")
            {
                Error(item, $"'{keyword}' without a preceding 'if'");
                continue;
            }
            if (keyword == "on")
            {
                ReadHook(item, scope);
                continue;
            }
            if (item.Statement.HasBody)
            {
                Error(item, Unsupported.Contains(keyword) ? $"'{keyword}' is not supported" : $"'{item.Statement.Keyword.Text}' does not take a {{ … }} block");
                continue;
            }
            ReadParameter(item, scope);
        }
    }

    /// <summary>
    /// Pass two: declarations, each building its own scope under <paramref name="context"/>. Queued, not run:
    /// a declaration's body is read by later work items on an explicit stack, so nesting depth costs
    /// heap, never call stack. Items run in the order the recursive reading would have used.
    /// </summary>
    private void ReadDeclarations(List<BodyItem> items, DeclarationContext context) =>
        pending.Push(() => ReadDeclarationsFrom(items, 0, context));

    /// <summary>Reads declarations from <paramref name="start"/> up to and including the first valid one, queueing the rest.</summary>
    private void ReadDeclarationsFrom(List<BodyItem> items, int start, DeclarationContext context)
    {
        for (int i = start; i < items.Count; i++)
        {
            var item = items[i];
            string keyword = item.Keyword;
            if (!IsDeclaration(keyword)) continue;
            if (WhyNotAllowed(keyword, context) is { } why)
            {
                Error(item, why);
                continue;
            }
            if (!item.Statement.HasBody && keyword != "subclass")
            {
                Error(item, $"'{keyword}' needs a {{ … }} block");
                continue;
            }
            // The siblings after this one wait until this declaration's whole body (queued on top) is done. Nothing reads
            // this one again: it goes, so the statements of a file's 100,000 hosts are let go one by one as they are read.
            items[i] = default;
            int next = i + 1;
            pending.Push(() => ReadDeclarationsFrom(items, next, context));
            switch (keyword)
            {
                case "subnet": ReadSubnet(item, context); break;
                case "shared-network": ReadSharedNetwork(item, context); break;
                case "group": ReadGroup(item, context); break;
                case "pool": ReadPool(item, context); break;
                case "host": ReadHost(item, context); break;
                case "class": ReadClass(item, context); break;
                case "subclass": ReadSubclass(item, context); break;
            }
            return;
        }
    }

    private static string Where(ScopeKind kind) => kind switch
    {
        ScopeKind.Global => "at global scope",
        ScopeKind.SharedNetwork => "in a shared-network",
        ScopeKind.Subnet => "in a subnet",
        ScopeKind.Pool => "in a pool",
        ScopeKind.Group => "in a group",
        ScopeKind.Host => "in a host declaration",
        ScopeKind.Class => "in a class",
        _ => "in an if statement",
    };

    private static string? WhyNotAllowed(string keyword, DeclarationContext c)
    {
        bool ok = keyword switch
        {
            "subnet" => c.Kind is ScopeKind.Global or ScopeKind.SharedNetwork or ScopeKind.Group && c.Subnet is null,
            "shared-network" => c.Kind is ScopeKind.Global or ScopeKind.Group && c.Subnet is null && c.SharedNetwork is null,
            "group" or "host" => c.Kind is ScopeKind.Global or ScopeKind.Group or ScopeKind.SharedNetwork or ScopeKind.Subnet,
            "pool" => c.Kind is ScopeKind.Subnet or ScopeKind.SharedNetwork,
            // ISC 4.4 takes a class in any declaration but a class (dhcpd -t); its scope then encloses the class's.
            "class" or "subclass" => c.Kind is not (ScopeKind.Class or ScopeKind.Conditional),
            _ => false,
        };
        if (ok) return null;
        string where = c.Kind == ScopeKind.Group && c.Subnet is not null ? "in a subnet"
            : c.Kind == ScopeKind.Group && c.SharedNetwork is not null ? "in a shared-network"
            : Where(c.Kind);
        return $"'{keyword}' is not allowed {where}";
    }

    private void NoteLeaseTimes(ScopeBuilder builder, ConfigScope scope)
    {
        if (builder.LeaseTimePosition is { } position) leaseTimeScopes.Add((scope, position));
    }

    /// <summary>ISC statements this server deliberately does not implement; named so the refusal is precise.</summary>
    private static readonly HashSet<string> Unsupported = new(StringComparer.OrdinalIgnoreCase)
    {
        "failover", "lease", "set", "unset", "define", "execute", "log",
        "switch", "case", "return",
        "use-lease-addr-for-default-route",
        "dynamic-bootp-lease-cutoff", "dynamic-bootp-lease-length",
        "local-address", "remote-port",
        "dhcpv6-lease-file-name", "dhcpv6-pid-file-name", "local-address6", "bind-local-address6", "subnet6",
        "range6", "prefix6", "fixed-address6", "fixed-prefix6", "preferred-lifetime", "limit-addrs-per-ia",
        "filename-prefix", "abandon-lease-time", "adaptive-lease-time-threshold", "delayed-ack", "max-ack-delay",
        "dont-use-fsync", "infinite-is-reserved", "lease-id-format",
        "ping-cltt-secs", "server-duid", "server-id-check", "persist-eui-64-leases",
        "omapi-connection", "authenticate", "billing", "lease-limit", "vendor-class", "user-class",
        "known", "unknown", "release-on-roam",
        "use-eui-64", "allow-booting", "allow-bootp", "ldap-server", "server-id",
    };
}
