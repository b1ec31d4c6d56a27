using System.Diagnostics;
using IPoIBDhcp.Client.Leases;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Client.Script;

/// <summary>
/// Runs the dhclient-script with ISC's environment (and only that: the inherited environment is replaced,
/// as ISC's execve does). The run is bounded: a script that hangs is killed after <see cref="Limit"/>, so
/// a broken hook cannot stop renewals.
/// </summary>
public sealed class DhclientScript : IScriptRunner
{
    private readonly string path;
    private readonly string interfaceName;
    private readonly IReadOnlyList<byte> requested;
    private readonly DhcpOptionTable table;
    private readonly ILogSink log;
    private readonly IReadOnlyDictionary<string, string> extra;

    /// <summary>Prepares runs of <paramref name="path"/> for <paramref name="interfaceName"/>.</summary>
    /// <param name="path">The script (<c>-sf</c>, <c>script "…";</c>, default /sbin/dhclient-script).</param>
    /// <param name="interfaceName">The interface, for <c>interface=</c>.</param>
    /// <param name="requested">Requested option codes, for <c>requested_*=1</c>.</param>
    /// <param name="table">Option names.</param>
    /// <param name="log">Where its errors go (ISC logs them as errors).</param>
    /// <param name="extra">Additional variables (<c>-e VAR=value</c>), set before dhclient's own.</param>
    public DhclientScript(string path, string interfaceName, IReadOnlyList<byte> requested, DhcpOptionTable table, ILogSink log,
        IReadOnlyDictionary<string, string>? extra = null)
    {
        this.path = path;
        this.interfaceName = interfaceName;
        this.requested = requested;
        this.table = table;
        this.log = log;
        this.extra = extra ?? new Dictionary<string, string>();
    }

    /// <summary>How long one run may take before it is killed.</summary>
    public TimeSpan Limit { get; init; } = TimeSpan.FromSeconds(60);

    /// <inheritdoc/>
    public int Run(ScriptReason reason, ClientLease? oldLease, ClientLease? newLease)
    {
        var discarded = new List<string>();
        var env = ScriptEnvironment.Build(reason, interfaceName, oldLease, newLease, requested, table, Environment.ProcessId, discarded);
        foreach (var line in discarded) log.Write(LogSeverity.Error, line);
        var psi = new ProcessStartInfo(path) { UseShellExecute = false };
        psi.Environment.Clear();
        foreach (var (k, v) in extra) psi.Environment[k] = v;
        foreach (var (k, v) in env) psi.Environment[k] = v;
        try
        {
            using var process = Process.Start(psi);
            if (process is null) return 0;
            if (!process.WaitForExit(Limit))
            {
                log.Write(LogSeverity.Error, $"{path} {env["reason"]}: still running after {Limit.TotalSeconds:0} s - killed");
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return 0;
            }
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.Write(LogSeverity.Error, $"execve ({path}, ...): {e.Message}");
            return 0;
        }
    }
}
