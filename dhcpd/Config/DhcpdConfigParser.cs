using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Reads ISC-compatible dhcpd.conf files. The one way in: the grammar and builder behind it are internal.
/// Nothing is ignored silently: a statement this server does not implement is an error, and all errors of
/// a file are returned together (what <c>dhcpd -t</c> prints).
/// </summary>
public static class DhcpdConfigParser
{
    /// <summary>Reads and parses the file at <paramref name="path"/>; includes are read from disk relative to the including file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="resolver">Resolves host names written for addresses; the system resolver by default.</param>
    /// <remarks>A file of ASCII (every generated one) is held as its bytes while it is read, half of its text's size.</remarks>
    public static DhcpdParseResult Parse(string path, IHostNameResolver? resolver = null) =>
        new DhcpdConfigBuilder(TextFile.Read, resolver ?? SystemHostNameResolver.Default).Build(TextFile.ReadSource(path, path));

    /// <summary>
    /// Parses <paramref name="text"/> as if read from <paramref name="fileName"/> (the name used in messages and
    /// for resolving relative includes). <paramref name="readInclude"/> reads an included file by resolved path
    /// (disk by default); it may throw <see cref="IOException"/>, which becomes a diagnostic at the include.
    /// Host names written where an address is (<c>fixed-address node01;</c>) are resolved by <paramref name="resolver"/>
    /// (the system resolver by default).
    /// </summary>
    public static DhcpdParseResult ParseText(string text, string fileName, Func<string, string>? readInclude = null, IHostNameResolver? resolver = null) =>
        new DhcpdConfigBuilder(readInclude ?? TextFile.Read, resolver ?? SystemHostNameResolver.Default).Build(text, fileName);

    /// <summary>
    /// Parses <paramref name="text"/> as <see cref="ParseText(string, string, Func{string, string}?, IHostNameResolver?)"/>
    /// does, with the option table and option spaces of <paramref name="definitions"/> (a dhcpd.conf's, its own
    /// definitions included) in force from the start: how a host record of dhcpd.leases is read after dhcpd.conf.
    /// </summary>
    public static DhcpdParseResult ParseText(string text, string fileName, Func<string, string>? readInclude, ServerConfig definitions) =>
        new DhcpdConfigBuilder(readInclude ?? TextFile.Read, SystemHostNameResolver.Default)
            .WithDefinitions(definitions.OptionTable, definitions.OptionSpaces).Build(text, fileName);
}
