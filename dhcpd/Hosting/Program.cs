namespace IPoIBDhcp.Server.Hosting;

/// <summary>Entry point of <c>dhcpd</c>.</summary>
public static class Program
{
    /// <summary>Runs dhcpd; exit codes as ISC: 0 fine, 1 configuration or usage error.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (!ServerCommandLine.TryParse(args, out var commandLine, out var error))
        {
            await Console.Error.WriteLineAsync($"dhcpd: {error}\n{ServerCommandLine.Usage}");
            return 1;
        }
        using var stop = new CancellationTokenSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        var daemon = new ServerDaemon(commandLine, Console.Error, Environment.GetEnvironmentVariable, File.Exists);
        return await daemon.RunAsync(stop.Token);
    }
}
