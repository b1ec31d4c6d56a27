namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// A node's retransmission timer for all its stages: one cancellation source linked to the storm, re-armed for
/// each wait and replaced only after it has fired (a fired source cannot be reset). A storm starts 100,000 of
/// these; one per node instead of one per stage and wait is fewer registrations on the storm's token.
/// </summary>
internal sealed class NodeTimer(CancellationToken storm) : IDisposable
{
    private CancellationTokenSource source = CancellationTokenSource.CreateLinkedTokenSource(storm);

    /// <summary>A token cancelled after <paramref name="after"/> (never for an infinite span) or when the storm ends.</summary>
    public CancellationToken Arm(TimeSpan after)
    {
        if (!source.TryReset())
        {
            source.Dispose();
            source = CancellationTokenSource.CreateLinkedTokenSource(storm);
        }
        source.CancelAfter(after);
        return source.Token;
    }

    public void Dispose() => source.Dispose();
}
