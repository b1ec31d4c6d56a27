namespace IPoIBDhcp.Tests.Client;

/// <summary>Finds files of the repository (conf-examples, fuzz seeds and regressions) from the test's output directory.</summary>
internal static class RepoFiles
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IPoIBDhcp.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("IPoIBDhcp.sln not found above the test directory");
        }
    }

    public static string ConfExample(string name) => Path.Combine(Root, "conf-examples", name);
}
