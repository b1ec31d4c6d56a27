namespace IPoIBDhcp.Server.Reload;

/// <summary>
/// What one reload did: applied (with what the new configuration holds and how it differs), or refused (with the lines
/// saying why; the running configuration kept serving). The caller logs it in one line (<see cref="ToString"/>).
/// </summary>
/// <param name="Applied">True when the new configuration serves from now on.</param>
/// <param name="Problems">Why it was refused (<c>file:line:col: reason</c> lines where a place is known); empty when applied.</param>
/// <param name="Counts">What the configuration in force holds after the reload, and what changed.</param>
/// <param name="Duration">From the start of the reload to the swap (reading, checking, planning, swapping).</param>
/// <param name="Paused">How long requests waited for the swap (the core's lock held).</param>
public sealed record ReloadResult(bool Applied, IReadOnlyList<string> Problems, ReloadCounts Counts, TimeSpan Duration, TimeSpan Paused)
{
    /// <summary>A refusal for <paramref name="problems"/>; <paramref name="running"/> are the counts of the configuration kept.</summary>
    public static ReloadResult Refused(IReadOnlyList<string> problems, ReloadCounts running, TimeSpan duration) =>
        new(false, problems, running, duration, TimeSpan.Zero);

    /// <summary>The summary line: counts and times when applied, the number of problems when refused.</summary>
    public override string ToString() => Applied
        ? $"{Counts}; applied in {Duration.TotalMilliseconds:0} ms (requests paused {Paused.TotalMilliseconds:0.0} ms)"
        : $"{Problems.Count} problem{(Problems.Count == 1 ? "" : "s")}; the running configuration ({Counts.Subnets} subnets, {Counts.Hosts} hosts) keeps serving";
}
