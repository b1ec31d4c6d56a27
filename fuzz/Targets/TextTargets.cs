using System.Collections.Immutable;
using System.Text;
using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Fuzz;

/// <summary>Targets for the file readers: lease files and the four configuration grammars.</summary>
internal static class TextTargets
{
    /// <summary>
    /// dhcpd.leases bytes through the sequential reader, which never throws on content, and through the
    /// parallel reader cut into small parts, which must give the sequential reader's answer.
    /// </summary>
    public static void Leases(ReadOnlySpan<byte> input)
    {
        var sequential = new IscLeaseFileReader(maxDiagnostics: 50).Read(input);
        if (sequential.ValidLength < 0 || sequential.ValidLength > input.Length)
            throw new FuzzInvariantException($"ValidLength {sequential.ValidLength} outside the input");
        var parallel = ParallelLeaseFileReader.Read(input.ToArray(), parts: 3, minimumBytes: 1);
        if (parallel.Leases.Count != sequential.Leases.Count || parallel.ValidLength != sequential.ValidLength
            || parallel.TornTail != sequential.TornTail || !parallel.Leases.SequenceEqual(sequential.Leases))
            throw new FuzzInvariantException(
                $"parallel reader: {parallel.Leases.Count} leases, valid {parallel.ValidLength}, torn {parallel.TornTail}; " +
                $"sequential: {sequential.Leases.Count}, {sequential.ValidLength}, {sequential.TornTail}");
    }

    /// <summary>
    /// dhcpd.conf text: a config or diagnostics, never an exception; includes are refused as unreadable. The level-at-a-time
    /// grouping dhcpd reads with must give the whole-file grouping's statements, body for body.
    /// </summary>
    public static void DhcpdConf(ReadOnlySpan<byte> input)
    {
        string text = Text(input);
        var result = DhcpdConfigParser.ParseText(text, "fuzz.conf",
            static path => throw new IOException($"{path}: includes are not read while fuzzing"), NoLookups.Instance);
        if (!result.Success && result.Diagnostics.IsDefaultOrEmpty)
            throw new FuzzInvariantException("refused without a diagnostic");
        var whole = StatementStructureParser.Parse(ConfigLexer.Tokenize(text));
        var lazy = new LazyStatementParser(text, new ConfigWords());
        if (!SameGrouping(whole, lazy.ParseFile(), lazy))
            throw new FuzzInvariantException("the level-at-a-time grouping differs from the whole-file grouping");
        // An all-ASCII file is read as its bytes (TextFile.ReadSource): the same statements at the same offsets.
        if (!System.Text.Ascii.IsValid(input)) return;
        var bytes = new LazyStatementParser(new SourceText("fuzz.conf", input.ToArray()), new ConfigWords());
        if (!SameGrouping(whole, bytes.ParseFile(), bytes))
            throw new FuzzInvariantException("the grouping of the ASCII bytes differs from the grouping of their text");
    }

    // With a stack of bodies still to compare, not recursion: fuzzed text may nest thousands of blocks.
    private static bool SameGrouping(ImmutableArray<ConfigStatement> whole, ImmutableArray<ConfigStatement> level, LazyStatementParser lazy)
    {
        var bodies = new Stack<(ImmutableArray<ConfigStatement> Whole, ImmutableArray<ConfigStatement> Level)>();
        bodies.Push((whole, level));
        while (bodies.TryPop(out var next))
        {
            if (next.Whole.Length != next.Level.Length) return false;
            for (int i = 0; i < next.Whole.Length; i++)
            {
                ConfigStatement a = next.Whole[i], b = next.Level[i];
                if (a.Terminator != b.Terminator || a.Error != b.Error || a.HasBody != b.HasBody || !a.Head.Span.SequenceEqual(b.Head.Span)) return false;
                if (a.HasBody) bodies.Push((a.Body, lazy.ParseBody(b)));
            }
        }
        return true;
    }

    /// <summary>Refuses every host name: fuzzed input must never reach a name server.</summary>
    private sealed class NoLookups : IPoIBDhcp.Server.Config.IHostNameResolver
    {
        public static readonly NoLookups Instance = new();

        public bool TryResolve(string name, out System.Collections.Immutable.ImmutableArray<IPoIBDhcp.Wire.IPv4Address> addresses, out string error)
        {
            addresses = [];
            error = "host names are not looked up while fuzzing";
            return false;
        }
    }

    /// <summary>dhclient.conf text: a configuration, or <see cref="ConfigDiagnostic"/>s (<see cref="ConfException"/> from Parse).</summary>
    public static void DhclientConf(ReadOnlySpan<byte> input)
    {
        string text = Text(input);
        bool ok = ClientConfParser.TryParse(text, "fuzz.conf", out _, out var errors);
        if (ok != (errors.Count == 0)) throw new FuzzInvariantException("TryParse result disagrees with its errors");
        try
        {
            ClientConfParser.Parse(text, "fuzz.conf");
        }
        catch (ConfException e) when (!ok && e.Errors.Count > 0)
        {
        }
    }

    /// <summary>dhclient.leases text: leases and <see cref="ConfigDiagnostic"/>s.</summary>
    public static void DhclientLeases(ReadOnlySpan<byte> input)
    {
        var file = LeaseFile.Parse(Text(input), "fuzz.leases", DhcpOptionTable.Standard);
        foreach (var lease in file.Leases) _ = LeaseFileFormat.Format(lease, DhcpOptionTable.Standard);
    }

    /// <summary>fabric.conf text: a fabric or <see cref="FabricConfigException"/>.</summary>
    public static void Fabric(ReadOnlySpan<byte> input)
    {
        string text = Text(input);
        bool ok = FabricConfigParser.TryParse(text, "fuzz.conf", "/nonexistent", out var definition, out var error);
        if (ok != (definition is not null) || ok == (error is not null))
            throw new FuzzInvariantException("TryParse result disagrees with its outputs");
    }

    /// <summary>partitions.conf text: partitions or <see cref="FabricConfigException"/>.</summary>
    public static void Partitions(ReadOnlySpan<byte> input)
    {
        bool ok = PartitionsConfigParser.TryParse(Text(input), "fuzz.conf", out var partitions, out var error);
        if (ok != (partitions is not null) || ok == (error is not null))
            throw new FuzzInvariantException("TryParse result disagrees with its outputs");
    }

    private static string Text(ReadOnlySpan<byte> input) => Encoding.UTF8.GetString(input);
}
