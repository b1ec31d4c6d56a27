namespace IPoIBDhcp.Client.Leases;

/// <summary>Where bound leases go: dhclient.leases in production, a list in tests.</summary>
public interface ILeaseStore
{
    /// <summary>Records a lease durably (appended and flushed to disk before the call returns).</summary>
    void Record(ClientLease lease);
}
