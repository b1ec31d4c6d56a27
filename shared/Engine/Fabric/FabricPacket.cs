namespace IPoIBDhcp.Engine.Fabric;

/// <summary>
/// One frame on the emulated wire, shared by reference between every port it is queued on (a broadcast to
/// 100,000 ports is one buffer, not 100,000 copies) and returned to its pool when the last reader is done.
/// The buffer is the packet's own for its whole life, so a recycled packet costs no allocation.
/// </summary>
internal sealed class FabricPacket
{
    /// <summary>
    /// Buffer size: the largest frame, 52 + 4 + 4092 (a 4K IB MTU's datagram), rounded up. Every engine enforces that
    /// MTU on send, so a peer process's frame fits too; a longer datagram arrives truncated and is dropped as malformed.
    /// </summary>
    public const int BufferSize = 4160;

    private readonly FabricPacketPool pool;
    private readonly byte[] buffer = GC.AllocateUninitializedArray<byte>(BufferSize);
    private int references;

    public FabricPacket(FabricPacketPool pool) => this.pool = pool;

    public int Length { get; set; }

    public FrameHeader Header { get; set; }

    public byte[] Buffer => buffer;

    public Span<byte> Frame => buffer.AsSpan(0, Length);

    internal void Reset()
    {
        references = 1;
        Length = 0;
        Header = default;
    }

    public void AddReference() => Interlocked.Increment(ref references);

    public void Release()
    {
        int left = Interlocked.Decrement(ref references);
        if (left == 0)
        {
            pool.Return(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("fabric packet released twice");
        }
    }
}
