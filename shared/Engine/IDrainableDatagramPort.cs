namespace IPoIBDhcp.Engine;

/// <summary>
/// A port whose queued datagrams can be taken without waiting. A server in overload reads what its receive queue holds
/// before it decides the next request, so it can put the requests that finish a transaction (REQUESTs) ahead of new
/// DISCOVERs and drop a copy a client has already retransmitted; a port that only blocks would hand it one datagram at a
/// time, oldest first, while the kernel's queue drops the newest without looking at them.
/// </summary>
public interface IDrainableDatagramPort : IDatagramPort
{
    /// <summary>
    /// Takes the next queued datagram for this port into <paramref name="buffer"/> if one is queued now; false, at once,
    /// when none is. Filters and counters apply as in <see cref="IDatagramPort.ReceiveAsync"/>. Use it from the thread
    /// (or loop) that receives from the port, never concurrently with another receive.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The port was closed.</exception>
    bool TryReceive(Span<byte> buffer, out ReceivedDatagram datagram);

    /// <summary>
    /// After a receive: true when more datagrams may be queued (the receive found its datagram already waiting, or read
    /// several at once), false when it had to wait for it. A server that keeps up skips <see cref="TryReceive"/> then,
    /// which would only find the queue empty at the cost of a system call per request.
    /// </summary>
    bool MayHaveQueued { get; }
}
