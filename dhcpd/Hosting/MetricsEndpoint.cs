using System.Net;
using System.Text;

namespace IPoIBDhcp.Server.Hosting;

/// <summary>
/// Serves <c>/metrics</c> on the address the <c>MetricsEndpoint</c> setting names (e.g. <c>127.0.0.1:9167</c>),
/// rendering the counters at each scrape. Any other path gets 404.
/// </summary>
public sealed class MetricsEndpoint : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<string> render;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private MetricsEndpoint(IPEndPoint endpoint, Func<string> render)
    {
        this.render = render;
        listener.Prefixes.Add($"http://{endpoint}/");
        listener.Start();
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

    /// <summary>Starts serving.</summary>
    public static MetricsEndpoint Start(IPEndPoint endpoint, Func<string> render) => new(endpoint, render);

    private async Task ServeAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            using var response = context.Response;
            if (context.Request.Url?.AbsolutePath != "/metrics")
            {
                response.StatusCode = 404;
                continue;
            }
            byte[] body = Encoding.UTF8.GetBytes(render());
            response.ContentType = "text/plain; version=0.0.4";
            response.ContentLength64 = body.Length;
            try
            {
                await response.OutputStream.WriteAsync(body, stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or HttpListenerException or IOException)
            {
            }
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
