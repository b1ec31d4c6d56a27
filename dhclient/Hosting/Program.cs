using IPoIBDhcp.Hosting;
using IPoIBDhcp.Text;
using System.Net;
using System.Runtime.InteropServices;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>Entry point of the DHCP client; the command line follows ISC dhclient.</summary>
public static class Program
{
    /// <summary>Runs dhclient and returns its exit code.</summary>
    public static int Main(string[] args)
    {
        // Failures dhclient foresees are reported where they happen, in words. This is the last resort for the ones
        // it does not: one line and exit 1, never a .NET stack trace (nor the runtime's abort, exit 134).
        AppDomain.CurrentDomain.UnhandledException += (_, e) => InternalError(e.ExceptionObject as Exception);
        try
        {
            return Run(args);
        }
        catch (Exception ex)
        {
            InternalError(ex);
            return 1;
        }
    }

    private static int Run(string[] args)
    {
        if (ClientProcess.Answer(args) is { } answered) return answered;
        var background = DetachedChild.Claim();
        if (background is null && ClientProcess.GoesToBackground(args, Environment.GetEnvironmentVariable)) return BackgroundStart.Run("dhclient", args, Console.Error);
        if (background is not null) args = ClientProcess.WithAbsolutePaths(args);
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        var app = new DhclientApp(new DefaultEngineFactory(), TimeProvider.System, Console.Error,
            Environment.GetEnvironmentVariable, Dns.GetHostName) { Background = background };
        return app.RunAsync(args, stop.Token).GetAwaiter().GetResult();
    }

    private static void InternalError(Exception? ex)
    {
        Console.Error.WriteLine($"dhclient: internal error: {(ex is null ? "unknown" : ErrorText.Of(ex))} -- exiting");
        Environment.Exit(1);
    }
}
