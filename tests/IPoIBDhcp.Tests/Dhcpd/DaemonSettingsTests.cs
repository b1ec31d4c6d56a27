using IPoIBDhcp.Server.Hosting;

namespace IPoIBDhcp.Tests.Dhcpd;

/// <summary>
/// The settings check: a key no setting has, a value of the wrong kind or a JSON file that does not parse is refused
/// with one line naming the key (or file:line:col) and where it came from, instead of being ignored or thrown.
/// </summary>
public sealed class DaemonSettingsTests
{
    private static string Refused(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? variables = null)
    {
        variables ??= new Dictionary<string, string>();
        Assert.That(DaemonSettings.TryLoad(arguments, v => variables.GetValueOrDefault(v), _ => false, variables.Keys, out _, out var error), Is.False);
        return error;
    }

    private static DaemonSettings Accepted(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? variables = null)
    {
        variables ??= new Dictionary<string, string>();
        Assert.That(DaemonSettings.TryLoad(arguments, v => variables.GetValueOrDefault(v), _ => false, variables.Keys, out var settings, out var error), Is.True, error);
        return settings;
    }

    private static string WithJson(string json, Func<string, string> run)
    {
        string path = Path.Combine(Path.GetTempPath(), $"settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        try
        {
            return run(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("--MetricEndpoint=127.0.0.1:9167", "unknown setting 'MetricEndpoint' (from the command line)")]
    [TestCase("--Journal:Flsh=none", "unknown setting 'Journal:Flsh' (from the command line)")]
    [TestCase("--Cluster:Member=127.0.0.1:7000", "unknown setting 'Cluster:Member' (from the command line)")]
    [TestCase("--Cluster:Endpoint:0=127.0.0.1:7000", "unknown setting 'Cluster:Endpoint:0' (from the command line)")]
    [TestCase("--Journal=none", "setting 'Journal' is a section, not a value (give Journal:Key=value) (from the command line)")]
    [TestCase("--OfferHoldSeconds=abc", "setting 'OfferHoldSeconds' value 'abc' is not a whole number (from the command line)")]
    [TestCase("--Journal:CommitDelayMs=fast", "setting 'Journal:CommitDelayMs' value 'fast' is not a number (from the command line)")]
    [TestCase("--Cluster:SnapshotEvery=1e4", "setting 'Cluster:SnapshotEvery' value '1e4' is not a whole number (from the command line)")]
    public void CommandLine_UnknownKeysAndBadValues_AreRefusedByName(string argument, string expected) =>
        Assert.That(Refused([argument]), Is.EqualTo(expected));

    [Test]
    public void CommandLine_EveryDocumentedSetting_IsAccepted_KeysCaseInsensitively()
    {
        var s = Accepted(["--loglevel=debug", "--MetricsEndpoint=127.0.0.1:9167", "--LeaseStore=journal", "--OfferHoldSeconds=5",
            "--Journal:Flush=always", "--Journal:CompactionFactor=8", "--journal:commitdelayms=0.5",
            "--Cluster:Endpoint=127.0.0.1:7000", "--Cluster:Members:0=127.0.0.1:7000", "--Cluster:Directory=/tmp/r",
            "--Cluster:LowerElectionTimeoutMs=100", "--Cluster:UpperElectionTimeoutMs=200", "--Cluster:RequestTimeoutMs=50",
            "--Cluster:CommitTimeoutMs=70", "--Cluster:SnapshotEvery=9"]);
        Assert.That((s.LogLevel, s.OfferHoldSeconds, s.Journal.Flush, s.Journal.CompactionFactor, s.Journal.CommitDelayMs),
            Is.EqualTo(("debug", 5, "always", 8, 0.5)));
        Assert.That((s.Cluster.Directory, s.Cluster.SnapshotEvery, s.Cluster.Members.Count), Is.EqualTo(("/tmp/r", 9, 1)));
    }

    [Test]
    public void Environment_UnknownIpoibdhcpVariable_IsRefusedByItsName()
    {
        var variables = new Dictionary<string, string> { ["IPOIBDHCP_MetricEndpoint"] = "127.0.0.1:9167" };
        Assert.That(Refused([], variables), Is.EqualTo("unknown setting 'MetricEndpoint' (from environment variable IPOIBDHCP_MetricEndpoint)"));
        variables = new Dictionary<string, string> { ["IPOIBDHCP_Cluster__SnapshotEvery"] = "often" };
        Assert.That(Refused([], variables), Is.EqualTo("setting 'Cluster:SnapshotEvery' value 'often' is not a whole number (from environment variable IPOIBDHCP_Cluster__SnapshotEvery)"));
    }

    [Test]
    public void Environment_SettingsAndTheProgramsOwnVariables_AreAccepted_OthersIgnored()
    {
        var variables = new Dictionary<string, string>
        {
            ["IPOIBDHCP_LogLevel"] = "debug",
            ["IPOIBDHCP_Journal__Flush"] = "none",
            ["IPOIBDHCP_FABRIC"] = "/etc/fabric.conf",
            ["IPOIBDHCP_FABRIC_HOST"] = "head",
            ["IPOIBDHCP_CLIENT_ID_FORM"] = "guid",
            ["PATH"] = "/usr/bin",
            ["MetricEndpoint"] = "not ours",
            ["DOTNET_gcServer"] = "0",
        };
        var s = Accepted(["--Journal:Flush=always"], variables);
        Assert.That((s.LogLevel, s.Journal.Flush), Is.EqualTo(("debug", "always")), "the command line still wins over the environment");
    }

    [Test]
    public void Json_UnknownKey_IsRefused_NamingTheFile()
    {
        string error = WithJson("""{ "LogLevel": "debug", "Journal": { "Flush": "none", "CommitDelay": 1 } }""", path =>
        {
            var variables = new Dictionary<string, string> { [DaemonSettings.FileVariable] = path };
            return Refused([], variables) + "|" + path;
        });
        string[] parts = error.Split('|');
        Assert.That(parts[0], Is.EqualTo($"unknown setting 'Journal:CommitDelay' (from {parts[1]})"));
    }

    [TestCase("{ \"LogLevel\": \"debug\",\n  \"OfferHoldSeconds\": }\n", "2:23: '}' is an invalid start of a value")]
    [TestCase("{ \"LogLevel\": \"debug\", ", "1:24: Expected start of a property name or value, but instead reached end of data")]
    public void Json_Malformed_IsRefused_AsFileLineColumn(string json, string expected)
    {
        string error = WithJson(json, path =>
        {
            var variables = new Dictionary<string, string> { [DaemonSettings.FileVariable] = path };
            return Refused([], variables).Replace(path, "FILE", StringComparison.Ordinal);
        });
        Assert.That(error, Is.EqualTo($"FILE:{expected}"));
    }

    [Test]
    public void Json_NotAnObject_OrAKeyGivenTwice_IsRefused()
    {
        string error = WithJson("""[ "LogLevel" ]""", path =>
            Refused([], new Dictionary<string, string> { [DaemonSettings.FileVariable] = path }).Replace(path, "FILE", StringComparison.Ordinal));
        Assert.That(error, Is.EqualTo("FILE: Top-level JSON element must be an object. Instead, 'Array' was found"));
        error = WithJson("""{ "LogLevel": "debug", "loglevel": "info" }""", path =>
            Refused([], new Dictionary<string, string> { [DaemonSettings.FileVariable] = path }).Replace(path, "FILE", StringComparison.Ordinal));
        Assert.That(error, Is.EqualTo("FILE: A duplicate key 'loglevel' was found"));
    }

    [Test]
    public void Json_CommentsTrailingCommasAndArrays_AreAccepted()
    {
        var s = WithJson("""
            // the head node
            { "OfferHoldSeconds": 30, "Cluster": { "Members": [ "127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3", ], }, }
            """, path =>
        {
            var variables = new Dictionary<string, string> { [DaemonSettings.FileVariable] = path };
            return Accepted([], variables).OfferHoldSeconds + " " + string.Join(",", Accepted([], variables).Cluster.Members);
        });
        Assert.That(s, Is.EqualTo("30 127.0.0.1:1,127.0.0.1:2,127.0.0.1:3"));
    }

    [Test]
    public void Json_NamedByTheVariableButMissing_IsRefused_TheDefaultFileIsOptional()
    {
        var variables = new Dictionary<string, string> { [DaemonSettings.FileVariable] = "/nonexistent/dhcpd.json" };
        Assert.That(Refused([], variables), Is.EqualTo("Can't read settings file /nonexistent/dhcpd.json: No such file or directory"));
        Assert.That(Accepted([]).LogLevel, Is.EqualTo("info"), "no variable and no /etc/ipoib-dhcp/dhcpd.json: the defaults");
        Assert.That(Refused([], new Dictionary<string, string> { [DaemonSettings.FileVariable] = Path.GetTempPath() }), Does.EndWith(": Is a directory"));
    }

    [Test]
    public void Load_ThrowsTheLineToPrint()
    {
        var ex = Assert.Throws<SettingsException>(() => DaemonSettings.Load(["--Bogus=1"], _ => null, _ => false));
        Assert.That(ex!.Message, Is.EqualTo("unknown setting 'Bogus' (from the command line)"));
    }
}
