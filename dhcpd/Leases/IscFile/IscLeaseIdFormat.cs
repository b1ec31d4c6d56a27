namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>How <c>uid</c> is spelled, as ISC 4.4's <c>lease-id-format</c> option chooses.</summary>
public enum IscLeaseIdFormat : byte
{
    /// <summary>The default: a quoted string, non-printable bytes as <c>\ooo</c> octal escapes.</summary>
    Octal,
    /// <summary>Colon-separated lowercase hex, e.g. <c>uid ff:00:00:00:00:00:02:00:00:02:c9:00:…;</c>.</summary>
    Hex,
}
