using System.Collections.Immutable;
using IPoIBDhcp.Server.Leases.IscFile;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Serves the <c>host</c> records of dhcpd.leases as ISC does: read after dhcpd.conf, each is a host declaration at
/// global scope, a later one replaces a host of the same name (from dhcpd.conf or an earlier record), and a
/// <c>deleted;</c> one removes it. Each record is read by the dhcpd.conf grammar, so it means what the same
/// declaration means in dhcpd.conf, and what that grammar refuses is refused with the record's place in the lease file.
/// </summary>
public static class LeaseFileHosts
{
    /// <summary>
    /// <paramref name="config"/> with <paramref name="records"/> (the last record of each name, in file order) applied.
    /// A record that cannot be read leaves the hosts as they were and adds its problems to <paramref name="diagnostics"/>
    /// (the record itself stays in the lease file). Positions name <paramref name="leaseFile"/>.
    /// </summary>
    public static ServerConfig Apply(ServerConfig config, IReadOnlyList<IscHostRecord> records, string leaseFile, List<ConfigDiagnostic> diagnostics)
    {
        if (records.Count == 0) return config;
        var hosts = new List<Host>(config.Hosts);
        foreach (var record in records)
        {
            if (record.Deleted)
            {
                hosts.RemoveAll(h => h.Name == record.Name);
                continue;
            }
            if (Read(record, config.Global, config, leaseFile, diagnostics) is not { } host) continue;
            int at = hosts.FindIndex(h => h.Name == record.Name);
            if (at >= 0) hosts[at] = host;
            else hosts.Add(host);
        }
        // A new record, not 'with': the host index is built from Hosts when the record is made.
        return new ServerConfig(config.Global, config.Subnets, config.SharedNetworks, [.. hosts], config.Classes, config.OptionTable, config.LogFacility)
        {
            Daemon = config.Daemon,
            OptionSpaces = config.OptionSpaces,
        };
    }

    /// <summary>
    /// What <c>dhcpd -T</c> reports of the records: each one's problems as a host declaration read with the option
    /// definitions of <paramref name="definitions"/> (dhcpd.conf's).
    /// </summary>
    public static void Check(IReadOnlyList<IscHostRecord> records, ServerConfig definitions, string leaseFile, List<ConfigDiagnostic> diagnostics)
    {
        foreach (var record in records)
            if (!record.Deleted) Read(record, null, definitions, leaseFile, diagnostics);
    }

    /// <summary>
    /// One record as a host declaration at <paramref name="global"/> scope, or null (its problems added to
    /// <paramref name="diagnostics"/>), read with the option definitions of <paramref name="definitions"/> (dhcpd.conf's). A <c>uid</c> sets the
    /// client identifier the host is matched by.
    /// </summary>
    public static Host? Read(IscHostRecord record, ConfigScope? global, ServerConfig definitions, string leaseFile, List<ConfigDiagnostic> diagnostics)
    {
        var parsed = DhcpdConfigParser.ParseText(record.DeclarationText, leaseFile,
            path => throw new IOException("include is not allowed in a lease file's host record"), definitions);
        if (!parsed.Success)
        {
            foreach (var d in parsed.Diagnostics) diagnostics.Add(InLeaseFile(d, record, leaseFile));
            return null;
        }
        var host = parsed.Config.Hosts.Single();
        var clientId = record.ClientId.IsEmpty ? host.ClientIdentifier : ImmutableArray.Create(record.ClientId.Span);
        var position = new SourcePosition(leaseFile, record.Line, record.Column);
        var scope = host.Scope with { Position = position, Parent = global ?? host.Scope.Parent };
        return host with { Scope = scope, ClientIdentifier = clientId, Position = position };
    }

    /// <summary>A diagnostic of the record's text moved to the record's place in the lease file.</summary>
    private static ConfigDiagnostic InLeaseFile(ConfigDiagnostic d, IscHostRecord record, string leaseFile) =>
        d.Line == 0
            ? d with { File = leaseFile }
            : d with
            {
                File = leaseFile,
                Line = d.Line + record.Line - 1,
                Column = d.Line == 1 && d.Column > 0 ? d.Column + record.Column - 1 : d.Column,
            };
}
