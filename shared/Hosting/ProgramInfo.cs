using System.Reflection;

namespace IPoIBDhcp.Hosting;

/// <summary>
/// <c>--help</c>, <c>-h</c> and <c>--version</c>, which ISC's dhcpd and dhclient answer before anything else, wherever
/// they stand on the command line, with exit status 0.
/// </summary>
public static class ProgramInfo
{
    /// <summary>What the command line asks for before any work: usage, version, or neither.</summary>
    public enum Request
    {
        /// <summary>Run the program.</summary>
        None,
        /// <summary><c>--help</c> or <c>-h</c>.</summary>
        Usage,
        /// <summary><c>--version</c>.</summary>
        Version,
    }

    /// <summary>The first of <c>--help</c>, <c>-h</c>, <c>--version</c> in <paramref name="args"/> (ISC scans them in order).</summary>
    public static Request Find(IReadOnlyList<string> args)
    {
        foreach (string arg in args)
        {
            if (arg is "--help" or "-h") return Request.Usage;
            if (arg == "--version") return Request.Version;
        }
        return Request.None;
    }

    /// <summary>The version line, e.g. <c>IPoIB-DHCP dhcpd 1.0.0</c>, from <paramref name="assembly"/>'s version.</summary>
    public static string VersionLine(string program, Assembly assembly) =>
        $"IPoIB-DHCP {program} {assembly.GetName().Version?.ToString(3) ?? "0.0.0"}";
}
