namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>One dhclient-script run: why, and the new_*/old_* environment it had.</summary>
/// <param name="Reason">BOUND, RENEW, REBIND, REBOOT, EXPIRE, PREINIT, …</param>
/// <param name="Variables">new_* and old_* variables.</param>
internal sealed record ScriptRun(string Reason, IReadOnlyDictionary<string, string> Variables)
{
    /// <summary>A variable's value, or null when unset.</summary>
    public string? this[string name] => Variables.TryGetValue(name, out var value) ? value : null;

    /// <inheritdoc/>
    public override string ToString() => $"{Reason}: {string.Join(' ', Variables.Select(kv => $"{kv.Key}={kv.Value}"))}";
}
