using IPoIBDhcp.Logging;
using IPoIBDhcp.Text;
using System.Globalization;
using System.Runtime.InteropServices;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>
/// The pid file: written by a running client, read by <c>dhclient -r</c>/<c>-x</c> to stop the running one
/// with SIGTERM before releasing or stopping itself, as ISC does.
/// </summary>
internal static partial class RunningClient
{
    private const int SigTerm = 15;

    public static void WritePid(string path, ILogSink log)
    {
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            File.WriteAllText(path, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Write(LogSeverity.Error, $"Can't create {path}: {ErrorText.Of(e)}");
        }
    }

    /// <summary>Sends SIGTERM to the pid in <paramref name="path"/>; returns true when a process was signalled.</summary>
    public static bool Terminate(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            if (!int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) return false;
            if (pid <= 1 || pid == Environment.ProcessId || !OperatingSystem.IsLinux()) return false;
            return Kill(pid, SigTerm) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
