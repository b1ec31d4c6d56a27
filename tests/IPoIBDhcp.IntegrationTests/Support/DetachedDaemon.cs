using System.Globalization;

namespace IPoIBDhcp.IntegrationTests.Support;

/// <summary>
/// A dhcpd or dhclient that went to the background, known only by its pid file (as an init script knows it): what
/// /proc says about it, and a bounded stop. Disposal SIGKILLs it if it still runs, so a failing test leaves nothing behind.
/// </summary>
internal sealed class DetachedDaemon : IDisposable
{
    private DetachedDaemon(int pid) => Id = pid;

    /// <summary>The daemon's pid, from its pid file.</summary>
    public int Id { get; }

    /// <summary>The daemon named by <paramref name="pidFile"/>; fails the test when the file holds no pid.</summary>
    public static DetachedDaemon FromPidFile(string pidFile)
    {
        Assert.That(File.Exists(pidFile), Is.True, $"pid file {pidFile} written");
        string text = File.ReadAllText(pidFile);
        Assert.That(text, Does.Match(@"^[0-9]+\n$"), "the pid file holds one pid and a newline");
        return new DetachedDaemon(int.Parse(text.Trim(), CultureInfo.InvariantCulture));
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public bool IsRunning
    {
        get
        {
            try
            {
                return AfterName()[0] != "Z";
            }
            catch (IOException)
            {
                return false;
            }
        }
    }

    /// <summary>A line of /proc/PID/status, e.g. <c>Uid</c> gives <c>"65534\t65534\t65534\t65534"</c>.</summary>
    public string Status(string key) =>
        File.ReadAllLines($"/proc/{Id}/status").Single(l => l.StartsWith(key + ":", StringComparison.Ordinal))[(key.Length + 1)..].Trim();

    /// <summary>The session id (field 6 of /proc/PID/stat): equal to the pid once the daemon called setsid.</summary>
    public int SessionId => int.Parse(AfterName()[3], CultureInfo.InvariantCulture);

    /// <summary>What descriptor <paramref name="fd"/> points at (<c>/dev/null</c>, <c>pipe:[…]</c>).</summary>
    public string? Descriptor(int fd) => new FileInfo($"/proc/{Id}/fd/{fd}").LinkTarget;

    /// <summary>Sends SIGTERM and waits (bounded) until the process is gone; false when it outlived <paramref name="timeout"/>.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        Signal(15);
        var deadline = DateTime.UtcNow + timeout;
        while (IsRunning && DateTime.UtcNow < deadline) await Task.Delay(50).ConfigureAwait(false);
        return !IsRunning;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (IsRunning) Signal(9);
    }

    // /proc/PID/stat after the command name's closing parenthesis: state, ppid, pgrp, session, ...
    private string[] AfterName()
    {
        string text = File.ReadAllText($"/proc/{Id}/stat");
        return text[(text.LastIndexOf(')') + 2)..].Split(' ');
    }

    private void Signal(int signal)
    {
        try
        {
            System.Diagnostics.Process.Start("kill", [$"-{signal}", $"{Id}"])?.WaitForExit(5000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
        }
    }
}
