using System.Collections.Concurrent;

namespace IPoIBDhcp.Engine.Fabric;

/// <summary>
/// Recycles <see cref="FabricPacket"/> objects with their buffers, so the send and receive paths allocate nothing in
/// steady state; at most <see cref="MaxRetained"/> (32 MiB of buffers) are kept between bursts.
/// </summary>
internal sealed class FabricPacketPool
{
    private const int MaxRetained = 4096;
    private readonly ConcurrentQueue<FabricPacket> free = new();

    /// <summary>A packet with one reference (the caller's) and a rented buffer.</summary>
    public FabricPacket Rent()
    {
        if (!free.TryDequeue(out FabricPacket? packet))
            packet = new FabricPacket(this);
        packet.Reset();
        return packet;
    }

    public void Return(FabricPacket packet)
    {
        if (free.Count < MaxRetained)
            free.Enqueue(packet);
    }
}
