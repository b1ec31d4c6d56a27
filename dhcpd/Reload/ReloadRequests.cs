using System.Threading.Channels;

namespace IPoIBDhcp.Server.Reload;

/// <summary>
/// Reloads asked for (by SIGHUP) and not yet started. Requests that arrive while one waits fold into it: an admin who
/// edits dhcpd.conf and sends three SIGHUPs in a row wants the file on disk served once, not read three times while
/// requests compete with the parse. Safe to call from a signal handler: asking never blocks and never throws.
/// </summary>
public sealed class ReloadRequests
{
    private readonly Channel<bool> pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Asks for a reload; folds into one already waiting.</summary>
    public void Request() => pending.Writer.TryWrite(true);

    /// <summary>Waits until a reload is asked for and takes the request; false when <paramref name="cancellationToken"/> ends the wait.</summary>
    public async Task<bool> NextAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await pending.Reader.WaitToReadAsync(cancellationToken) && pending.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
