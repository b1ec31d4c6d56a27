namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>The two date spellings ISC dhcpd writes, chosen by its <c>db-time-format</c> option.</summary>
public enum IscLeaseTimeFormat : byte
{
    /// <summary>The default: <c>W YYYY/MM/DD HH:MM:SS;</c> in UTC, W the weekday (0 = Sunday).</summary>
    Utc,
    /// <summary><c>db-time-format local</c>: <c>epoch N; # Wed Jun 30 21:49:08 2026</c>, the comment in local time for humans.</summary>
    LocalEpoch,
}
