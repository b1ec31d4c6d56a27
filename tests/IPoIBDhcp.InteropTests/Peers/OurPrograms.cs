using IPoIBDhcp.Tests.Support;

namespace IPoIBDhcp.InteropTests.Peers;

/// <summary>Our dhcpd and dhclient apphosts, built with this test project (artifacts/bin/NAME/CONFIG/NAME).</summary>
public static class OurPrograms
{
    /// <summary>Our dhcpd.</summary>
    public static string Dhcpd => Find("dhcpd");

    /// <summary>Our dhclient.</summary>
    public static string Dhclient => Find("dhclient");

    /// <summary>The repository root (the directory holding IPoIBDhcp.sln).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "IPoIBDhcp.sln")))
                {
                    return d.FullName;
                }
            }

            throw new InvalidOperationException($"no IPoIBDhcp.sln above {AppContext.BaseDirectory}");
        }
    }

    private static string Find(string name)
    {
        // This assembly runs from artifacts/bin/IPoIBDhcp.InteropTests/<config>/: the programs are siblings.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Name;
        string path = Path.Combine(RepositoryRoot, "artifacts", "bin", name, configuration, name);
        Prerequisites.Require(File.Exists(path), $"{path} (dotnet build -c Release IPoIBDhcp.sln)");
        return path;
    }
}
