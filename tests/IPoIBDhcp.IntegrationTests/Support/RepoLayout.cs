using System.Reflection;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>
/// Where the repository and the built programs are: the tests run the apphosts the solution build leaves at
/// <c>artifacts/bin/&lt;prog&gt;/&lt;configuration&gt;/&lt;prog&gt;</c>, the same files an admin would install.
/// </summary>
internal static class RepoLayout
{
    /// <summary>The directory holding IPoIBDhcp.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in (Release on CI), lower-cased as artifacts/ spells it.</summary>
    public static string Configuration { get; } =
        (typeof(RepoLayout).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release").ToLowerInvariant();

    /// <summary>conf-examples/.</summary>
    public static string ConfExamples => Path.Combine(Root, "conf-examples");

    /// <summary>A file under the repository root.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>
    /// The apphost of <paramref name="program"/> (dhcpd, dhclient); fails the test when it was not built.
    /// <c>IPOIBDHCP_TEST_DHCPD</c> (or <c>_DHCLIENT</c>) names another binary instead: CI runs the suite a second time
    /// on the Native AOT build an admin installs.
    /// </summary>
    public static string Program(string program)
    {
        string path = Environment.GetEnvironmentVariable($"IPOIBDHCP_TEST_{program.ToUpperInvariant()}") is { Length: > 0 } chosen
            ? chosen
            : Path.Combine(Root, "artifacts", "bin", program, Configuration, program);
        if (!System.IO.File.Exists(path))
            Assert.Fail($"{path} is missing: build the solution first (dotnet build -c {Configuration} IPoIBDhcp.sln)");
        return path;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        for (int depth = 0; directory is not null && depth < 16; depth++, directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "IPoIBDhcp.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no IPoIBDhcp.sln above {AppContext.BaseDirectory}");
    }
}
