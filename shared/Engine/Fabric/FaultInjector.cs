using IPoIBDhcp.Engine.Fabric.Config;

namespace IPoIBDhcp.Engine.Fabric;

/// <summary>
/// Applies a <see cref="FabricFaults"/> profile to one port's outgoing frames. Every frame draws the same
/// random numbers in the same order whatever happens to it, so a seed reproduces the exact same losses,
/// duplicates, reorderings and corruptions for the same sequence of sends.
/// </summary>
internal sealed class FaultInjector
{
    /// <summary>How long a frame held back for reordering waits for a successor before it goes out anyway.</summary>
    private static readonly TimeSpan ReorderWindow = TimeSpan.FromMilliseconds(50);

    private readonly FabricFaults faults;
    private readonly Random random;
    private readonly Action<FabricPacket> deliver;
    private readonly CancellationToken shutdown;
    private readonly Lock gate = new();
    private FabricPacket? held;
    private int heldCopies;
    private long heldGeneration;

    public FaultInjector(FabricFaults faults, int streamSeed, Action<FabricPacket> deliver, CancellationToken shutdown)
    {
        this.faults = faults;
        random = new Random(streamSeed);
        this.deliver = deliver;
        this.shutdown = shutdown;
    }

    public FabricFaults Faults => faults;

    /// <summary>Takes ownership of the caller's reference to <paramref name="packet"/>.</summary>
    public void Send(FabricPacket packet)
    {
        lock (gate)
        {
            bool lose = random.NextDouble() < faults.Loss;
            bool duplicate = random.NextDouble() < faults.Duplicate;
            bool corrupt = random.NextDouble() < faults.Corrupt;
            double corruptAt = random.NextDouble();
            bool reorder = random.NextDouble() < faults.Reorder;
            TimeSpan delay = faults.Delay + (faults.Jitter * random.NextDouble());

            if (lose)
            {
                packet.Release();
                return;
            }
            if (corrupt)
                Corrupt(packet, corruptAt);
            int copies = duplicate ? 2 : 1;
            if (duplicate)
                packet.AddReference();
            if (reorder && held is null)
            {
                held = packet;
                heldCopies = copies;
                long generation = ++heldGeneration;
                _ = FlushLaterAsync(generation);
                return;
            }
            Emit(packet, copies, delay);
            if (held is not null)
            {
                Emit(held, heldCopies, delay);
                held = null;
            }
        }
    }

    private void Emit(FabricPacket packet, int copies, TimeSpan delay)
    {
        for (int i = 0; i < copies; i++)
        {
            if (delay > TimeSpan.Zero)
                _ = DeliverLaterAsync(packet, delay);
            else
                deliver(packet);
        }
    }

    /// <summary>
    /// Damages one byte of the UDP payload (never the headers the switch steers by) and flags the frame the way
    /// the receiving HCA reports a failed ICRC.
    /// </summary>
    private static void Corrupt(FabricPacket packet, double where)
    {
        int first = FabricFrame.IPv4Offset + 28;
        int count = packet.Length - first;
        if (count > 0)
            packet.Buffer[first + Math.Min(count - 1, (int)(where * count))] ^= 0xFF;
        FabricFrame.MarkIcrcError(packet.Buffer);
    }

    private async Task DeliverLaterAsync(FabricPacket packet, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, shutdown).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            packet.Release();
            return;
        }
        deliver(packet);
    }

    private async Task FlushLaterAsync(long generation)
    {
        try
        {
            await Task.Delay(ReorderWindow, shutdown).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        lock (gate)
        {
            if (held is null || heldGeneration != generation)
                return;
            FabricPacket packet = held;
            held = null;
            if (shutdown.IsCancellationRequested)
            {
                for (int i = 0; i < heldCopies; i++)
                    packet.Release();
                return;
            }
            Emit(packet, heldCopies, TimeSpan.Zero);
        }
    }
}
