namespace IPoIBDhcp.InteropTests.Peers;

/// <summary>
/// Base of every matrix test: writes the row's description (its Peer, Direction and Framing properties and
/// the peer package's version in the image) to the test's output first thing, so that the TRX file alone is
/// enough for tests/peers/interop-table.sh to build docs/interop.md, whatever the outcome.
/// </summary>
public abstract class MatrixRow
{
    private static readonly Lazy<Task<Dictionary<string, string>>> Versions = new(VersionsAsync);

    /// <summary>Peer name → the Debian package that provides it in the image.</summary>
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["ISC dhclient"] = "isc-dhcp-client",
        ["ISC dhcpd"] = "isc-dhcp-server",
        ["busybox udhcpc"] = "busybox",
        ["Kea dhcp4"] = "kea-dhcp4-server",
        ["Kea perfdhcp"] = "kea-admin",
    };

    /// <summary>A fresh directory for the row's configs, lease files and scripts (removed after the test).</summary>
    protected string WorkDirectory { get; private set; } = "";

    /// <summary>
    /// Describes the row first (so even a failed or ignored row is in the table), then requires the peer image
    /// (ignored locally, failed on CI when missing) and creates the work directory.
    /// </summary>
    [SetUp]
    public async Task PrepareRow()
    {
        await DescribeRow();
        await PeerImage.RequireAsync();
        WorkDirectory = Directory.CreateTempSubdirectory("interop-").FullName;
    }

    /// <summary>Removes the work directory, whatever the outcome.</summary>
    [TearDown]
    public void RemoveWorkspace()
    {
        if (WorkDirectory.Length > 0)
        {
            Directory.Delete(WorkDirectory, recursive: true);
            WorkDirectory = "";
        }
    }

    private static async Task DescribeRow()
    {
        var properties = TestContext.CurrentContext.Test.Properties;
        string peer = properties.Get("Peer") as string ?? "?";
        string version = Packages.TryGetValue(peer, out string? package) && (await Versions.Value).TryGetValue(package, out string? v) ? v : "?";
        await TestContext.Out.WriteLineAsync(
            $"interop-matrix: {peer} | {version} | {properties.Get("Direction")} | {properties.Get("Framing")}");
    }

    /// <summary>Every peer package's version in the image, from one short container run (empty if that fails).</summary>
    private static async Task<Dictionary<string, string>> VersionsAsync()
    {
        try
        {
            string output = await Tests.Support.CommandRunner.RunAsync("docker",
                ["run", "--rm", "--network", "none", PeerImage.Name, "dpkg-query", "-W", "-f", "${Package} ${Version}\n", .. Packages.Values.Distinct()],
                TimeSpan.FromSeconds(30));
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split(' ', 2))
                .Where(parts => parts.Length == 2)
                .ToDictionary(parts => parts[0], parts => parts[1].Trim());
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }
}
