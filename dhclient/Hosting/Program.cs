using System.Net;
using System.Runtime.InteropServices;

namespace IPoIBDhcp.Client.Hosting;

/// <summary>Entry point of the DHCP client; the command line follows ISC dhclient.</summary>
public static class Program
{
    /// <summary>Runs dhclient and returns its exit code.</summary>
    public static int Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        var app = new DhclientApp(new DefaultEngineFactory(), TimeProvider.System, Console.Error,
            Environment.GetEnvironmentVariable, Dns.GetHostName);
        return app.RunAsync(args, stop.Token).GetAwaiter().GetResult();
    }
}
