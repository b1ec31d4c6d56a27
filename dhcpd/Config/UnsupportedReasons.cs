namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Why a refused ISC statement is refused, where a word more than "not supported" helps the admin choose what to write
/// instead. Looked up by <see cref="DhcpdConfigBuilder"/> when it refuses a statement.
/// </summary>
internal static class UnsupportedReasons
{
    private static readonly Dictionary<string, string> Reasons = new(StringComparer.OrdinalIgnoreCase)
    {
        ["local-address"] = "dhcpd serves whole interfaces; for a socket bound to one address give --listen ADDRESS",
        ["deny duplicates"] = "a client is known by its client identifier, so two identifiers on one hardware address are two clients (allow duplicates)",
        ["ignore duplicates"] = "a client is known by its client identifier, so two identifiers on one hardware address are two clients (allow duplicates)",
    };

    /// <summary>The refusal message for <paramref name="statement"/> (<c>'name' is not supported</c>, with the reason when there is one).</summary>
    public static string Refusal(string statement) =>
        Reasons.TryGetValue(statement, out var why) ? $"'{statement}' is not supported: {why}" : $"'{statement}' is not supported";
}
