using System.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary><c>gethostname()</c>: the server's own host name (the gethostname(2) call ISC makes), or null if it cannot be read.</summary>
public sealed record GetHostNameExpression : DataExpression
{
    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        try
        {
            return Encoding.Latin1.GetBytes(System.Net.Dns.GetHostName());
        }
        catch (System.Net.Sockets.SocketException)
        {
            return null;
        }
    }
}
