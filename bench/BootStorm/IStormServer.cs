namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>The head node's dhcpd during a storm: in this process, or the real binary beside it.</summary>
internal interface IStormServer : IAsyncDisposable
{
    /// <summary>How it runs, for the summary.</summary>
    string Description { get; }

    /// <summary>Stops serving once the storm is over (commits in flight complete first) and reports.</summary>
    Task<ServerFigures> StopAsync();
}
