namespace IPoIBDhcp.Server.Threading;

/// <summary>
/// Runs a loop that blocks (a receive, an fsync) on a thread of its own, as a task that completes when the loop
/// returns. On a thread-pool thread such a loop takes a worker away for good, and every wake-up of an async
/// version queues behind whatever else the process is doing.
/// </summary>
public static class DedicatedThread
{
    /// <summary>Starts <paramref name="loop"/> on a new background thread called <paramref name="name"/>; the task carries its exception.</summary>
    public static Task Start(string name, Action loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                loop();
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }
}
