namespace IPoIBDhcp.Tests.Client;

/// <summary>Finds files of the repository (conf-examples) from the test's output directory.</summary>
internal static class RepoFiles
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "conf-examples"))) dir = dir.Parent;
            return dir?.FullName ?? throw new DirectoryNotFoundException("conf-examples not found above the test directory");
        }
    }

    public static string ConfExample(string name) => Path.Combine(Root, "conf-examples", name);
}
