using System.Collections.Immutable;
using IPoIBDhcp.Client.Config;
using IPoIBDhcp.Wire.Options;
using K = IPoIBDhcp.Config.Text.ConfigTokenKind;
using IPoIBDhcp.Config.Text;

namespace IPoIBDhcp.Client.Leases;

/// <summary>
/// The contents of dhclient.leases: the leases in file order and the <c>default-duid</c> line ISC keeps
/// there. Reading is forgiving the way ISC's is: a damaged block is reported and skipped, the rest is used,
/// because a lease file cut short by a power failure must not keep a node from booting.
/// </summary>
/// <param name="Leases">Every lease block that parsed, in file order (later blocks are newer).</param>
/// <param name="DefaultDuid">The <c>default-duid</c> value as written (quoted), if any.</param>
/// <param name="Errors">Problems found, as <c>file:line:col: reason</c>.</param>
public sealed record LeaseFile(ImmutableArray<ClientLease> Leases, string? DefaultDuid, IReadOnlyList<ConfError> Errors)
{
    /// <summary>Parses lease file text.</summary>
    public static LeaseFile Parse(string text, string fileName, DhcpOptionTable table)
    {
        var reader = new ConfReader(fileName, text);
        var leases = ImmutableArray.CreateBuilder<ClientLease>();
        string? duid = null;
        while (!reader.AtEnd)
        {
            reader.Guard(() =>
            {
                var t = reader.Peek;
                if (t.Is("lease"))
                {
                    if (LeaseDeclarationParser.Parse(reader, table, isStatic: false, impliedInterface: null) is { } lease) leases.Add(lease);
                }
                else if (t.Is("default-duid"))
                {
                    reader.Next();
                    var value = reader.Peek;
                    reader.ExpectString("a quoted DUID");
                    reader.ExpectSemicolon("default-duid");
                    duid = value.Text;
                }
                else if (t.Is("lease6"))
                {
                    // DHCPv6 leases belong to dhclient -6; kept out of a v4 client's view, not an error.
                    reader.Next();
                    reader.Expect(K.LeftBrace, "'{' after lease6");
                    int depth = 1;
                    while (!reader.AtEnd && depth > 0)
                    {
                        var n = reader.Next();
                        if (n.Kind == K.LeftBrace) depth++;
                        else if (n.Kind == K.RightBrace) depth--;
                    }
                }
                else
                {
                    reader.Next();
                    throw reader.Fail(t, $"expected 'lease', found {t.Describe()}");
                }
            });
        }
        return new LeaseFile(leases.ToImmutable(), duid, reader.Errors);
    }

    /// <summary>Reads a lease file; a missing file is an empty one.</summary>
    public static LeaseFile Load(string path, DhcpOptionTable table) =>
        File.Exists(path) ? Parse(File.ReadAllText(path), path, table) : new LeaseFile([], null, []);
}
