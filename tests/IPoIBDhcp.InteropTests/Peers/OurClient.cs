using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Peers;

/// <summary>Our dhclient as a node on a relay's emulated fabric (IPoIB framing, FlexBoot client identifier).</summary>
public static class OurClient
{
    /// <summary>
    /// Starts <c>IPOIBDHCP_FABRIC_HOST=HOST dhclient --fabric FABRIC -d -v -1 -cf CONF -lf LEASES -sf /bin/true --no-pid ib0</c>
    /// in the host's namespace (the fabric runs over loopback there). The caller disposes it.
    /// </summary>
    public static async Task<BackgroundProcess> StartOnFabricAsync(FabricRelay relay, string host, string directory)
    {
        string config = Path.Combine(directory, $"{host}.conf");
        if (!File.Exists(config))
        {
            await File.WriteAllTextAsync(config, "timeout 30;\ninitial-interval 1;\nbackoff-cutoff 2;\nrequest subnet-mask, routers;\n");
        }

        return BackgroundProcess.Start("/usr/bin/env", [
            "IPOIBDHCP_FABRIC_HOST=" + host, OurPrograms.Dhclient, "--fabric", relay.FabricConfig,
            "-d", "-v", "-1", "-cf", config, "-lf", LeaseFile(directory, host), "-sf", "/bin/true", "--no-pid", "ib0"]);
    }

    /// <summary>Where <see cref="StartOnFabricAsync"/> has the lease of <paramref name="host"/> written.</summary>
    public static string LeaseFile(string directory, string host) => Path.Combine(directory, $"{host}.leases");
}
