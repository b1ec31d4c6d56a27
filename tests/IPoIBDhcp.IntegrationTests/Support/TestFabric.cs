using System.Text.RegularExpressions;
using IPoIBDhcp.Engine.Fabric.Config;
using IPoIBDhcp.Engine.Fabric;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>
/// A test's own emulated IPoIB fabric: conf-examples/fabric.conf copied into the workspace under a unique fabric
/// name (frames of other fabrics are ignored by their tag), with the registry in the workspace too
/// (<c>XDG_RUNTIME_DIR</c> for the programs, <see cref="FabricEngineOptions.RegistryDirectory"/> for the test's
/// own engine), so parallel tests never see each other's ports.
/// </summary>
internal sealed partial class TestFabric
{
    private TestFabric(Workspace workspace, string name, string configPath)
    {
        Workspace = workspace;
        Name = name;
        ConfigPath = configPath;
    }

    /// <summary>The workspace the fabric files and registry live in.</summary>
    public Workspace Workspace { get; }

    /// <summary>The unique fabric name.</summary>
    public string Name { get; }

    /// <summary>The fabric.conf path, for <c>--fabric</c>.</summary>
    public string ConfigPath { get; }

    /// <summary>Where every process of this fabric publishes its registry entry.</summary>
    public string RegistryDirectory => Path.Combine(Workspace.Path, "ipoib-fabric-" + Name);

    /// <summary>
    /// Writes the fabric: the shipped fabric.conf (hosts head, stor01, node001..node003, node100..node163) renamed,
    /// plus <paramref name="extraHosts"/> (fabric.conf statements) and an optional <paramref name="faults"/> statement;
    /// <paramref name="partitions"/> replaces the shipped partitions.conf when given.
    /// </summary>
    public static TestFabric Create(Workspace workspace, string? partitions = null, string extraHosts = "", string? faults = null)
    {
        string name = "it-" + workspace.Tag;
        string text = File.ReadAllText(Path.Combine(RepoLayout.ConfExamples, "fabric.conf"));
        text = FabricNameStatement().Replace(text, $"fabric \"{name}\" {{", 1);
        if (faults is not null)
            text = MtuStatement().Replace(text, m => m.Value + $"\n    faults {faults};", 1);
        text += "\n# Added by the test.\n" + extraHosts + "\n";
        string configPath = workspace.Write("fabric.conf", text);
        workspace.Write("partitions.conf", partitions ?? File.ReadAllText(Path.Combine(RepoLayout.ConfExamples, "partitions.conf")));
        return new TestFabric(workspace, name, configPath);
    }

    /// <summary>The environment a dhcpd or dhclient of this fabric runs with, as host <paramref name="host"/>.</summary>
    public Dictionary<string, string> EnvironmentFor(string host) => new()
    {
        ["XDG_RUNTIME_DIR"] = Workspace.Path,
        [FabricEngine.HostEnvironmentVariable] = host,
    };

    /// <summary>
    /// Joins the fabric from the test process as <paramref name="host"/> (over loopback, as another process would), with
    /// no fault injection unless <paramref name="faults"/> says so.
    /// </summary>
    public FabricEngine Join(string host, FabricFaults? faults = null) =>
        FabricEngine.Load(ConfigPath, new FabricEngineOptions
        {
            HostName = host,
            RegistryDirectory = RegistryDirectory,
            Faults = faults ?? FabricFaults.None,
        });

    [GeneratedRegex("""fabric\s+"[^"]*"\s*\{""")]
    private static partial Regex FabricNameStatement();

    [GeneratedRegex(@"^\s*mtu\s+\d+;", RegexOptions.Multiline)]
    private static partial Regex MtuStatement();
}
