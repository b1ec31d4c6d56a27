using System.Runtime.ExceptionServices;

namespace IPoIBDhcp.Tests.Support;

/// <summary>
/// Runs code on a thread with a deliberately small stack. The main thread's 8 MiB hides unbounded recursion that
/// a 1.5 MiB pool thread (where dhcpd may reload its config) would die of; a parser that passes here is bounded
/// by its structure, not by the stack it happened to run on.
/// </summary>
public static class SmallStack
{
    /// <summary>Stack given to the thread: far below any .NET default.</summary>
    public const int Bytes = 256 * 1024;

    /// <summary>Runs <paramref name="work"/> on a <see cref="Bytes"/>-stack thread and returns its result (or rethrows its exception).</summary>
    public static T Run<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }, Bytes);
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
