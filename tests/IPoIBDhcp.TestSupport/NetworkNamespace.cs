using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace IPoIBDhcp.Tests.Support;

/// <summary>
/// A throw-away network namespace (<c>ipoibt-&lt;random&gt;</c>) for tests that need real links: code runs in it on a
/// dedicated thread switched in with <c>setns</c> (sockets created there stay in the namespace wherever they are
/// used later), processes run in it through <c>ip netns exec</c>. Disposal kills those processes and deletes
/// the namespace, which takes its veth ends with it.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private const int CloneNewNet = 0x40000000;
    private const int CloneNewNs = 0x00020000;
    private const ulong MountSlave = 1 << 19;
    private const ulong MountRecursive = 0x4000;
    private const int DetachMount = 2;
    private const int OpenReadOnlyCloseOnExec = 0x80000;

    private readonly List<BackgroundProcess> processes = [];
    private int disposed;

    private NetworkNamespace(string name)
    {
        Name = name;
    }

    /// <summary>The namespace name, as <c>ip netns</c> lists it.</summary>
    public string Name { get; }

    /// <summary>Creates a namespace with a random name and its loopback up. No routes, no links out.</summary>
    public static async Task<NetworkNamespace> CreateAsync()
    {
        string name = "ipoibt-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
        await CommandRunner.IpAsync("netns", "add", name).ConfigureAwait(false);
        var created = new NetworkNamespace(name);
        try
        {
            await created.IpAsync("link", "set", "lo", "up").ConfigureAwait(false);
            return created;
        }
        catch
        {
            await created.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <c>ip -n &lt;name&gt; …</c>.</summary>
    public Task<string> IpAsync(params string[] arguments) => CommandRunner.IpAsync(["-n", Name, .. arguments]);

    /// <summary>
    /// Runs <paramref name="action"/> on a new thread inside the namespace, with a private mount namespace whose
    /// <c>/sys</c> is this namespace's sysfs (as <c>ip netns exec</c> arranges), and completes with its result.
    /// Only what the delegate does synchronously runs inside: create sockets and open ports there.
    /// </summary>
    public Task<T> RunAsync<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Enter();
                completion.SetResult(action());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "netns " + Name,
        };
        thread.Start();
        return completion.Task;
    }

    /// <summary>Runs an opener that completes synchronously (such as <c>IDatagramEngine.OpenAsync</c>) inside the namespace.</summary>
    public async Task<T> RunAsync<T>(Func<ValueTask<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ValueTask<T> pending = await RunAsync<ValueTask<T>>(() => action()).ConfigureAwait(false);
        return await pending.ConfigureAwait(false);
    }

    /// <summary>Starts <paramref name="fileName"/> inside the namespace (<c>ip netns exec</c>); disposal kills it.</summary>
    public BackgroundProcess StartProcess(string fileName, params string[] arguments)
    {
        BackgroundProcess process = BackgroundProcess.Start("ip", ["netns", "exec", Name, fileName, .. arguments]);
        lock (processes)
        {
            processes.Add(process);
        }

        return process;
    }

    /// <summary>Kills started processes and deletes the namespace (idempotent; never throws).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        BackgroundProcess[] started;
        lock (processes)
        {
            started = [.. processes];
        }

        foreach (BackgroundProcess process in started)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await CommandRunner.RunAsync("ip", ["netns", "delete", Name], check: false).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            TestContext.Out.WriteLine($"could not delete namespace {Name}: {e.Message}");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private void Enter()
    {
        int fd = Open("/var/run/netns/" + Name, OpenReadOnlyCloseOnExec);
        Check(fd >= 0, "open the namespace file");
        try
        {
            Check(SetNamespace(fd, CloneNewNet) == 0, "setns");
        }
        finally
        {
            _ = Close(fd);
        }

        // A private mount namespace for this thread only, so that /sys/class/net shows this namespace's links.
        Check(Unshare(CloneNewNs) == 0, "unshare(CLONE_NEWNS)");
        Check(Mount("", "/", null, MountSlave | MountRecursive, 0) == 0, "make / a slave mount");
        _ = Unmount("/sys", DetachMount);
        Check(Mount(Name, "/sys", "sysfs", 0, 0) == 0, "mount sysfs");
    }

    private void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new IOException($"{Name}: {what} failed, errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNamespace(int fd, int type);

    [DllImport("libc", EntryPoint = "unshare", SetLastError = true)]
    private static extern int Unshare(int flags);

    [DllImport("libc", EntryPoint = "mount", SetLastError = true)]
    private static extern int Mount(string source, string target, string? type, ulong flags, nint data);

    [DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
    private static extern int Unmount(string target, int flags);
}
