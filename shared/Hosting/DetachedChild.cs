namespace IPoIBDhcp.Hosting;

/// <summary>
/// The child half of <see cref="BackgroundStart"/>: the process the waiting parent started. Until it serves it shares the
/// terminal's stderr, so its start-up errors reach the admin exactly as in the foreground; <see cref="Detach"/> then
/// tells the parent it serves (the parent exits 0), leaves the terminal's session (setsid), puts /dev/null on the
/// standard descriptors and changes to <c>/</c>, as ISC's dhcpd and dhclient do after their fork.
/// </summary>
public sealed class DetachedChild
{
    private int readyDescriptor;
    // What descriptors 1 and 2 were opened on when the parent started this process: "/dev/pts/3", "pipe:[4711]".
    private readonly string[] terminal;

    private DetachedChild(int readyDescriptor, string[] terminal)
    {
        this.readyDescriptor = readyDescriptor;
        this.terminal = terminal;
    }

    /// <summary>
    /// The link to the waiting parent when this process was started by <see cref="BackgroundStart.Run"/>, else null.
    /// The variable is removed from the environment and the pipe is closed on exec, so nothing this process runs
    /// (hooks, dhclient-script) inherits the handshake; stdin and stdout move to /dev/null at once.
    /// </summary>
    public static DetachedChild? Claim()
    {
        string? value = Environment.GetEnvironmentVariable(BackgroundStart.ReadyDescriptorVariable);
        if (value is null) return null;
        Environment.SetEnvironmentVariable(BackgroundStart.ReadyDescriptorVariable, null);
        if (!BackgroundStart.TryParseDescriptor(value, out int fd)) return null;
        ProcessCalls.fcntl(fd, ProcessCalls.F_SETFD, ProcessCalls.FD_CLOEXEC);
        string[] terminal = [.. new[] { Target(1), Target(2) }.OfType<string>()];
        OnDevNull(0, 1);
        return new DetachedChild(fd, terminal);
    }

    /// <summary>True until <see cref="Detach"/> ran.</summary>
    public bool Attached => Volatile.Read(ref readyDescriptor) >= 0;

    /// <summary>
    /// Reports "serving" to the parent and goes to the background (setsid, /dev/null on stdin, stdout and stderr,
    /// working directory <c>/</c>). Call it once the service is ready; later calls (from any thread) do nothing.
    /// Paths used after this must be absolute.
    /// </summary>
    public void Detach()
    {
        // Several interfaces may bind at once (dhclient): the first caller detaches.
        int fd = Interlocked.Exchange(ref readyDescriptor, -1);
        if (fd < 0) return;
        byte ready = 0;
        ProcessCalls.write(fd, ref ready, 1);
        ProcessCalls.close(fd);
        ProcessCalls.setsid();
        OnDevNull(0, 1, 2);
        ReleaseDuplicates();
        ProcessCalls.chdir("/");
    }

    /// <summary>What <c>/proc/self/fd/N</c> points at, or null when the descriptor is not open.</summary>
    private static string? Target(int fd)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Moves every other descriptor still open on the parent's stdout or stderr to /dev/null: the runtime and .NET's
    /// Console write through duplicates of 1 and 2, which would keep the terminal, or the pipe a caller reads to its end
    /// (<c>$(dhcpd)</c>, a test), open for the daemon's whole life.
    /// </summary>
    private void ReleaseDuplicates()
    {
        if (terminal.Length == 0) return;
        var duplicates = new List<int>();
        foreach (string entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (int.TryParse(Path.GetFileName(entry), out int fd) && fd > 2 && Target(fd) is { } target && terminal.Contains(target))
                duplicates.Add(fd);
        }
        OnDevNull([.. duplicates]);
    }

    private static void OnDevNull(params ReadOnlySpan<int> descriptors)
    {
        int devNull = ProcessCalls.open("/dev/null", ProcessCalls.O_RDWR);
        if (devNull < 0) return;
        foreach (int fd in descriptors) ProcessCalls.dup2(devNull, fd);
        if (devNull > 2) ProcessCalls.close(devNull);
    }
}
