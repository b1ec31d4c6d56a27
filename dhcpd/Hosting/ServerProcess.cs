using IPoIBDhcp.Hosting;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>dhcpd's answers to <c>--help</c>, <c>-h</c> and <c>--version</c>, given before the command line is parsed, as ISC does.</summary>
public static class ServerProcess
{
    /// <summary>
    /// The exit status (0) after printing the usage or the version line on stdout, or null when <paramref name="args"/>
    /// asks for neither. ISC prints them on stderr; stdout lets <c>dhcpd --help | less</c> work (docs/process.md).
    /// </summary>
    public static int? Answer(IReadOnlyList<string> args, TextWriter? stdout = null)
    {
        stdout ??= Console.Out;
        switch (ProgramInfo.Find(args))
        {
            case ProgramInfo.Request.Usage:
                stdout.WriteLine(ServerCommandLine.Usage);
                return 0;
            case ProgramInfo.Request.Version:
                stdout.WriteLine(ProgramInfo.VersionLine("dhcpd", typeof(ServerProcess).Assembly));
                return 0;
            default:
                return null;
        }
    }
}
