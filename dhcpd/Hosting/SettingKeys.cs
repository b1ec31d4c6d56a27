using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Server.Leases.Raft;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// The setting keys dhcpd knows, read off <see cref="DaemonSettings"/> and its sections so that a setting is
/// declared once: a key nobody reads (a misspelt <c>--MetricEndpoint=…</c>) is refused by name instead of being
/// silently ignored, and a value that cannot be what the setting needs (<c>OfferHoldSeconds=abc</c>) is refused in
/// words instead of an exception from the binder.
/// </summary>
internal static class SettingKeys
{
    /// <summary>
    /// <c>IPOIBDHCP_</c> environment variables that are not settings: the ones the programs read themselves, and those
    /// of the repository's test tools, which may be exported in the shell that starts dhcpd.
    /// </summary>
    public static readonly FrozenSet<string> OtherVariables = new[]
    {
        DaemonSettings.FileVariable,
        FabricEngine.ConfigEnvironmentVariable,
        FabricEngine.HostEnvironmentVariable,
        "IPOIBDHCP_CLIENT_ID_FORM", // dhclient's (ClientIdForm); the same shell often starts both programs
        "IPOIBDHCP_WRITE_FIXTURES", // the unit tests' fixture writer
        "IPOIBDHCP_PEER_IMAGE", // tests/peers/build-images.sh
        "IPOIBDHCP_TEST_DHCPD", // the integration tests' dhcpd binary (CI runs them on the Native AOT build too)
        "IPOIBDHCP_TEST_DHCLIENT",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private enum Kind
    {
        Text,
        WholeNumber,
        Number,
        List,
        Section,
    }

    private static readonly FrozenDictionary<string, Kind> Known = Describe().ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Checks one key and its value; on failure <paramref name="error"/> says what is wrong, naming the key as given.
    /// A list setting (<c>Cluster:Members</c>) takes one value or indexed items (<c>Cluster:Members:0</c>).
    /// </summary>
    public static bool TryCheck(string key, string? value, out string error)
    {
        error = "";
        string[] parts = key.Split(':');
        if (parts.Length > 1 && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && Known.TryGetValue(string.Join(':', parts[..^1]), out var parent) && parent == Kind.List)
            return true;
        if (!Known.TryGetValue(key, out var kind))
        {
            error = $"unknown setting '{key}'";
            return false;
        }
        switch (kind)
        {
            case Kind.Section when !string.IsNullOrEmpty(value):
                error = $"setting '{key}' is a section, not a value (give {key}:Key=value)";
                return false;
            case Kind.WholeNumber when value is not null && !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                error = $"setting '{key}' value '{value}' is not a whole number";
                return false;
            case Kind.Number when value is not null && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _):
                error = $"setting '{key}' value '{value}' is not a number";
                return false;
            default:
                return true;
        }
    }

    private static IEnumerable<KeyValuePair<string, Kind>> Describe()
    {
        foreach (var (key, kind) in Properties(typeof(DaemonSettings), ""))
            yield return new(key, kind);
    }

    // The annotation keeps the settings' properties in a Native AOT build, where the trimmer would otherwise drop the
    // metadata this reads and every setting would be refused as unknown.
    private static IEnumerable<(string Key, Kind Kind)> Properties(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null) continue;
            string key = prefix + property.Name;
            var t = property.PropertyType;
            if (t == typeof(ClusterSettings) || t == typeof(JournalSettings))
            {
                yield return (key, Kind.Section);
                var section = t == typeof(ClusterSettings)
                    ? Properties(typeof(ClusterSettings), key + ":")
                    : Properties(typeof(JournalSettings), key + ":");
                foreach (var inner in section) yield return inner;
            }
            else if (t == typeof(int)) yield return (key, Kind.WholeNumber);
            else if (t == typeof(double)) yield return (key, Kind.Number);
            else if (t == typeof(string)) yield return (key, Kind.Text);
            else if (t == typeof(IReadOnlyList<string>)) yield return (key, Kind.List);
            else throw new InvalidOperationException($"setting {key} has a type ({t.Name}) the settings check does not know");
        }
    }
}
