using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>Starts the real dhcpd in the ways the tests need and waits until it serves.</summary>
internal static class Dhcpd
{
    /// <summary>How long a start may take (a cold .NET start on a loaded 2-core CI machine).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The line dhcpd prints once every port is open.</summary>
    public const string Serving = "Server starting service.";

    /// <summary>
    /// <c>dhcpd -d -cf CONF -lf LEASES --no-pid --fabric FABRIC [settings] IF…</c> as fabric host <paramref name="host"/>;
    /// returns once it serves.
    /// </summary>
    public static async Task<DaemonProcess> StartOnFabricAsync(TestFabric fabric, string config, string leases, string host,
        IEnumerable<string> interfaces, IEnumerable<string>? settings = null)
    {
        if (!File.Exists(leases))
            await File.WriteAllTextAsync(leases, "").ConfigureAwait(false);
        string[] arguments =
            ["-d", "-cf", config, "-lf", leases, "--no-pid", "--fabric", fabric.ConfigPath, .. settings ?? [], .. interfaces];
        var dhcpd = DaemonProcess.Start(RepoLayout.Program("dhcpd"), arguments, fabric.EnvironmentFor(host));
        await WaitServingAsync(dhcpd).ConfigureAwait(false);
        return dhcpd;
    }

    /// <summary><c>dhcpd -d -cf CONF -lf LEASES --no-pid -p PORT --listen 127.0.0.1:PORT</c> (relayed traffic only).</summary>
    public static async Task<DaemonProcess> StartRelayedAsync(Workspace workspace, string config, string leases, int port)
    {
        if (!File.Exists(leases))
            await File.WriteAllTextAsync(leases, "").ConfigureAwait(false);
        string[] arguments = ["-d", "-cf", config, "-lf", leases, "--no-pid", "-p", $"{port}", "--listen", $"127.0.0.1:{port}"];
        var dhcpd = DaemonProcess.Start(RepoLayout.Program("dhcpd"), arguments, new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = workspace.Path });
        await WaitServingAsync(dhcpd).ConfigureAwait(false);
        return dhcpd;
    }

    /// <summary>
    /// <c>dhcpd -d -cf CONF -lf LEASES --no-pid IF…</c> inside <paramref name="ns"/>, serving its real links through
    /// packet sockets as on a head node; returns once it serves.
    /// </summary>
    public static async Task<DaemonProcess> StartInNamespaceAsync(NetworkNamespace ns, Workspace workspace, string config, string leases, params string[] interfaces)
    {
        if (!File.Exists(leases))
            await File.WriteAllTextAsync(leases, "").ConfigureAwait(false);
        string[] arguments = ["-d", "-cf", config, "-lf", leases, "--no-pid", .. interfaces];
        var dhcpd = DaemonProcess.StartIn(ns, RepoLayout.Program("dhcpd"), arguments, new Dictionary<string, string> { ["XDG_RUNTIME_DIR"] = workspace.Path });
        await WaitServingAsync(dhcpd).ConfigureAwait(false);
        return dhcpd;
    }

    private static async Task WaitServingAsync(DaemonProcess dhcpd)
    {
        try
        {
            await dhcpd.WaitForLineAsync(Serving, StartTimeout).ConfigureAwait(false);
        }
        catch
        {
            await dhcpd.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
