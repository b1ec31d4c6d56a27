using IPoIBDhcp.Engine.Fabric;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// The faithful path: the node's own port, bound to UDP 68, which as on a real IPoIB partition receives every
/// reply the server broadcasts to any node in the partition.
/// </summary>
internal sealed class PortReplySource(FabricPort port) : IReplySource
{
    public async ValueTask<(int Length, IPv4Address Source)> ReceiveAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var received = await port.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        return (received.Length, received.Endpoints.Source);
    }

    public void Watch(uint xid)
    {
    }
}
