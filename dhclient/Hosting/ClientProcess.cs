using IPoIBDhcp.Hosting;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>
/// dhclient's process habits before it runs: <c>--help</c>/<c>-h</c>/<c>--version</c>, and whether it starts in the
/// background (ISC: it stays attached until its first binding, then goes to the background, unless <c>-d</c>).
/// </summary>
public static class ClientProcess
{
    /// <summary>
    /// The exit status (0) after printing the usage or the version line on stdout, or null when <paramref name="args"/>
    /// asks for neither. ISC prints them on stderr (docs/process.md says why stdout).
    /// </summary>
    public static int? Answer(IReadOnlyList<string> args, TextWriter? stdout = null)
    {
        stdout ??= Console.Out;
        switch (ProgramInfo.Find(args))
        {
            case ProgramInfo.Request.Usage:
                stdout.WriteLine(CommandLine.Usage);
                return 0;
            case ProgramInfo.Request.Version:
                stdout.WriteLine(ProgramInfo.VersionLine("dhclient", typeof(ClientProcess).Assembly));
                return 0;
            default:
                return null;
        }
    }

    /// <summary>
    /// True when dhclient runs through a background start (<see cref="BackgroundStart"/>): a plain run without
    /// <c>-d</c>, neither <c>-r</c> nor <c>-x</c>, and not under systemd's <c>Type=notify</c> (<c>NOTIFY_SOCKET</c>).
    /// A command line that does not parse stays in the foreground to say so.
    /// </summary>
    public static bool GoesToBackground(IReadOnlyList<string> args, Func<string, string?> environment) =>
        CommandLine.TryParse(args, environment, out var options, out _)
        && !options.Foreground && !options.Release && !options.Exit
        && string.IsNullOrEmpty(environment(SystemdNotifier.SocketVariable));

    /// <summary>
    /// <paramref name="args"/> with the files after <c>-cf</c>, <c>-lf</c>, <c>-pf</c>, <c>-sf</c> and <c>--fabric</c>
    /// made absolute: the background child changes to <c>/</c> once it detaches and still writes its lease file.
    /// </summary>
    public static string[] WithAbsolutePaths(IReadOnlyList<string> args)
    {
        var result = args.ToArray();
        for (int i = 0; i + 1 < result.Length; i++)
        {
            if (result[i] is "-cf" or "-lf" or "-pf" or "-sf" or "--fabric" && result[i + 1].Length > 0)
            {
                result[i + 1] = Path.GetFullPath(result[i + 1]);
                i++;
            }
            else if (result[i] is "-p" or "-s" or "-e") i++;
        }
        return result;
    }
}
