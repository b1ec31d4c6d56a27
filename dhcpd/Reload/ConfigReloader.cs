using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Planning;
using IPoIBDhcp.Server.Protocol;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Reload;

/// <summary>
/// The running server's configuration, and the one way to change it: <see cref="ApplyAsync(ServerConfig, CancellationToken)"/>
/// checks a new <see cref="ServerConfig"/>, builds its plan off the serving path, and swaps it into the core atomically
/// (<see cref="DhcpServerCore.ReplacePlan"/>): no request is lost or decided twice, every lease and pending offer is kept,
/// added hosts are served from the next request, removed ones lose their reservation at their next renewal. SIGHUP
/// goes through it (<see cref="Hosting.ServerDaemon"/>), and so must any other change made while serving; changes are applied one at a time, in
/// the order they were asked for, so a change made from the configuration in force never loses another one.
/// </summary>
public sealed class ConfigReloader
{
    private readonly DhcpServerCore core;
    private readonly SemaphoreSlim oneAtATime = new(1, 1);
    private ServerConfig current;
    private long applied;
    private long refused;

    /// <summary>Creates the reloader of <paramref name="core"/>, which serves the plan of <paramref name="running"/>.</summary>
    public ConfigReloader(DhcpServerCore core, ServerConfig running)
    {
        this.core = core;
        current = running;
    }

    /// <summary>False when the daemon runs no hooks (it started without <c>on</c> blocks): a configuration adding some is refused.</summary>
    public bool HooksRunnable { get; init; } = true;

    /// <summary>The configuration in force (dhcpd.conf with the lease file's hosts applied).</summary>
    public ServerConfig Current => Volatile.Read(ref current);

    /// <summary>Reloads applied since start-up (for the metrics endpoint).</summary>
    public long Applied => Interlocked.Read(ref applied);

    /// <summary>Reloads refused since start-up: the new configuration failed its check or could not be read.</summary>
    public long Refused => Interlocked.Read(ref refused);

    /// <summary>Checks <paramref name="next"/> and, if it passes, serves it from the next request on.</summary>
    public Task<ReloadResult> ApplyAsync(ServerConfig next, CancellationToken cancellationToken = default) =>
        ApplyAsync(_ => next, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the configuration in force (read after every earlier change was applied): the
    /// way to add or remove one host without losing a change made meanwhile by a reload or another host change.
    /// </summary>
    public async Task<ReloadResult> ApplyAsync(Func<ServerConfig, ServerConfig> change, CancellationToken cancellationToken = default)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var running = current;
            var next = change(running);
            var problems = ReloadChecks.Unchangeable(running, next, HooksRunnable);
            if (problems.Count > 0) return Refuse(problems, started);
            ServerPlan plan;
            try
            {
                plan = await Task.Run(() => ConfigPlanBuilder.Build(next), cancellationToken);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
            {
                // A checked configuration builds; should one not, the reason is told and the running one serves on.
                return Refuse([$"cannot serve it: {ErrorText.Of(ex)}"], started);
            }
            var paused = core.ReplacePlan(plan);
            Volatile.Write(ref current, next);
            Interlocked.Increment(ref applied);
            return new ReloadResult(true, [], ReloadCounts.Between(running, next), System.Diagnostics.Stopwatch.GetElapsedTime(started), paused);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    /// <summary>
    /// Counts and returns the refusal of a configuration that could not be read or failed its check before it reached
    /// <see cref="ApplyAsync(ServerConfig, CancellationToken)"/> (its <c>file:line:col</c> lines in <paramref name="problems"/>).
    /// </summary>
    public ReloadResult Refuse(IReadOnlyList<string> problems, long startedTimestamp)
    {
        Interlocked.Increment(ref refused);
        return ReloadResult.Refused(problems, ReloadCounts.Of(Current), System.Diagnostics.Stopwatch.GetElapsedTime(startedTimestamp));
    }
}
