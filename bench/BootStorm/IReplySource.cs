using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>Where a stage's client receives the server's replies from: its own fabric port, or the storm's demultiplexer.</summary>
internal interface IReplySource
{
    /// <summary>The next datagram to UDP 68 for this node's port (payload in <paramref name="buffer"/>), or cancellation.</summary>
    ValueTask<(int Length, IPv4Address Source)> ReceiveAsync(byte[] buffer, CancellationToken cancellationToken);

    /// <summary>The transaction in progress changed (the demultiplexer routes by xid).</summary>
    void Watch(uint xid);
}
