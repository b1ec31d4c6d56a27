namespace IPoIBDhcp.Tests.Support;

/// <summary>
/// Skips a test whose environment is missing locally, but fails it on CI, where .ci/prereqs must have
/// installed everything: a missing peer on CI is a broken pipeline, not a reason to pass quietly.
/// </summary>
public static class Prerequisites
{
    /// <summary>True when the CI environment variable says so.</summary>
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Ignores (locally) or fails (on CI) the test unless <paramref name="ok"/>.</summary>
    public static void Require(bool ok, string what)
    {
        if (ok)
        {
            return;
        }

        if (OnCi)
        {
            Assert.Fail($"prerequisite missing on CI: {what}");
        }

        Assert.Ignore($"prerequisite missing: {what}");
    }

    /// <summary>Linux, root (CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN) and the <c>ip</c> tool.</summary>
    public static void RequireNetworkNamespaces()
    {
        Require(OperatingSystem.IsLinux(), "Linux (network namespaces)");
        Require(Environment.IsPrivilegedProcess, "root (network namespaces and packet sockets)");
        Require(FindExecutable("ip") is not null, "the 'ip' tool (iproute2)");
        Require(Directory.Exists("/proc/self/ns") && File.Exists("/proc/self/ns/net"), "network namespace support in the kernel");
    }

    /// <summary>Requires an executable at <paramref name="path"/> (e.g. <c>/usr/sbin/dhclient</c>), naming the package that provides it.</summary>
    public static void RequireExecutable(string path, string package) =>
        Require(File.Exists(path), $"{path} (Debian package {package})");

    /// <summary>The full path of <paramref name="name"/> on PATH (plus the sbin directories), or null.</summary>
    public static string? FindExecutable(string name)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        IEnumerable<string> directories = path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        return directories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }
}
