using IPoIBDhcp.Hosting;
using IPoIBDhcp.Text;
using System.Runtime.InteropServices;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>Entry point of <c>dhcpd</c>.</summary>
public static class Program
{
    /// <summary>Runs dhcpd; exit codes as ISC: 0 fine, 1 configuration, usage or start-up error.</summary>
    public static async Task<int> Main(string[] args)
    {
        // Every failure dhcpd foresees is reported where it happens, in words. This is the last resort for the ones
        // it does not: one line and exit 1, never a .NET stack trace (nor the runtime's abort, exit 134).
        AppDomain.CurrentDomain.UnhandledException += (_, e) => InternalError(e.ExceptionObject as Exception);
        try
        {
            return await RunAsync(args);
        }
        catch (Exception ex)
        {
            InternalError(ex);
            return 1;
        }
    }

    private static async Task<int> RunAsync(string[] args)
    {
        if (ServerProcess.Answer(args) is { } answered) return answered;
        if (!ServerCommandLine.TryParse(args, out var commandLine, out var error))
        {
            await Console.Error.WriteLineAsync($"dhcpd: {error}\n{ServerCommandLine.Usage}");
            return 1;
        }
        var background = DetachedChild.Claim();
        if (background is null && commandLine.GoesToBackground(Environment.GetEnvironmentVariable)) return BackgroundStart.Run("dhcpd", args, Console.Error);
        if (background is not null) commandLine = commandLine.WithAbsolutePaths();
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        // SIGHUP reloads dhcpd.conf (ISC's dhcpd would end; systemd's ExecReload and admins' habits from Kea expect this).
        var reloads = new Server.Reload.ReloadRequests();
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c =>
        {
            c.Cancel = true;
            reloads.Request();
        });
        var environmentNames = Environment.GetEnvironmentVariables().Keys.Cast<string>().ToArray();
        var daemon = new ServerDaemon(commandLine, Console.Error, Environment.GetEnvironmentVariable, File.Exists, environmentNames) { Background = background, Reloads = reloads };
        return await daemon.RunAsync(stop.Token);
    }

    private static void InternalError(Exception? ex)
    {
        Console.Error.WriteLine($"dhcpd: internal error: {(ex is null ? "unknown" : ErrorText.Of(ex))} -- exiting");
        Environment.Exit(1);
    }
}
