namespace IPoIBDhcp.Engine;

/// <summary>
/// A port that can also receive by blocking the calling thread. A server that gives such a port a thread of its
/// own pays one system call per datagram, instead of an event-loop wake-up and a thread-pool hand-off: at
/// thousands of requests per second that hand-off, not the DHCP decision, was most of the server's CPU.
/// </summary>
public interface IBlockingDatagramPort : IDatagramPort
{
    /// <summary>
    /// Blocks until a datagram arrives (payload in <paramref name="buffer"/>) or <paramref name="cancellationToken"/>
    /// is cancelled, which it notices within a fraction of a second. Use one thread per port, and do not mix it with
    /// <see cref="IDatagramPort.ReceiveAsync"/> on the same port.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The port was closed.</exception>
    ReceivedDatagram Receive(Span<byte> buffer, CancellationToken cancellationToken);
}
