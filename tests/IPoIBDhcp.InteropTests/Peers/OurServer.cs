using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Peers;

/// <summary>Our dhcpd in a test namespace, started with ISC's flags and awaited until it serves.</summary>
public static class OurServer
{
    /// <summary>
    /// Starts <c>dhcpd -d -cf CONF -lf LEASES --no-pid ARGS…</c> in <paramref name="ns"/> and waits (bounded) for
    /// "Server starting service." (the namespace's disposal kills it).
    /// </summary>
    public static async Task<BackgroundProcess> StartAsync(NetworkNamespace ns, string config, string leases, params string[] arguments)
    {
        if (!File.Exists(leases))
        {
            await File.WriteAllTextAsync(leases, "");
        }

        BackgroundProcess dhcpd = ns.StartProcess(OurPrograms.Dhcpd, ["-d", "-cf", config, "-lf", leases, "--no-pid", .. arguments]);
        await Eventually.WaitAsync(
            () => Task.FromResult<string?>(dhcpd.Output.Contains("Server starting service.", StringComparison.Ordinal) ? "" : dhcpd.HasExited ? throw new AssertionException($"our dhcpd exited {dhcpd.ExitCode}:\n{dhcpd.Output}") : null),
            TimeSpan.FromSeconds(20), "our dhcpd serving", () => Task.FromResult(dhcpd.Output));
        return dhcpd;
    }
}
