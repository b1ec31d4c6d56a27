using IPoIBDhcp.Text;
using System.Net;
using System.Text;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// Serves <c>/metrics</c> on the address the <c>MetricsEndpoint</c> setting names (e.g. <c>127.0.0.1:9167</c>),
/// rendering the counters at each scrape. Any other path gets 404. A scrape that fails gets 500; a listener that
/// stops by itself is reported (never a stack trace), and dhcpd stops with it rather than serve unwatched.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<string> render;
    private readonly Action<string> failed;
    private readonly Action<string> stopped;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private MetricsEndpoint(IPEndPoint endpoint, Func<string> render, Action<string> failed, Action<string> stopped)
    {
        this.render = render;
        this.failed = failed;
        this.stopped = stopped;
        listener.Prefixes.Add($"http://{endpoint}/");
        try
        {
            listener.Start();
        }
        catch
        {
            listener.Close();
            stop.Dispose();
            throw;
        }
        loop = Task.Run(ServeAsync);
    }

    /// <summary>Parses <c>addr:port</c>; false with a reason for anything else.</summary>
    public static bool TryParse(string text, out IPEndPoint endpoint, out string error)
    {
        error = "";
        if (IPEndPoint.TryParse(text, out var parsed) && parsed.Port != 0)
        {
            endpoint = parsed;
            return true;
        }
        endpoint = null!;
        error = $"MetricsEndpoint '{text}' is not addr:port (e.g. 127.0.0.1:9167)";
        return false;
    }

    /// <summary>
    /// Starts serving (<see cref="HttpListenerException"/> when the address cannot be bound, e.g. in use);
    /// <paramref name="failed"/> is told, in one line, of a scrape that failed, <paramref name="stopped"/> of the
    /// listener stopping by itself.
    /// </summary>
    public static MetricsEndpoint Start(IPEndPoint endpoint, Func<string> render, Action<string> failed, Action<string> stopped) =>
        new(endpoint, render, failed, stopped);

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (stop.IsCancellationRequested && ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            catch (Exception ex)
            {
                stopped($"metrics listener on {listener.Prefixes.FirstOrDefault()} failed: {ErrorText.Of(ex)} -- exiting");
                return;
            }
            try
            {
                await AnswerAsync(context.Response, context.Request.Url?.AbsolutePath).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException)
            {
                // The scraper went away or we are stopping: nothing to tell.
            }
            catch (Exception ex)
            {
                failed($"metrics scrape failed: {ErrorText.Of(ex)}");
            }
        }
    }

    private async Task AnswerAsync(HttpListenerResponse response, string? path)
    {
        using (response)
        {
            if (path != "/metrics")
            {
                response.StatusCode = 404;
                return;
            }
            byte[] body;
            try
            {
                body = Encoding.UTF8.GetBytes(render());
            }
            catch
            {
                response.StatusCode = 500;
                throw;
            }
            response.ContentType = "text/plain; version=0.0.4";
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body, stop.Token).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        listener.Close();
        stop.Dispose();
    }
}
