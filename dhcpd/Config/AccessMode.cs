namespace IPoIBDhcp.Server.Config;

/// <summary>The three verbs of ISC's <c>allow</c>/<c>deny</c>/<c>ignore</c> scope flags.</summary>
public enum AccessMode
{
    /// <summary>Serve such clients.</summary>
    Allow,
    /// <summary>Answer with a refusal (DHCPNAK where applicable) or do not offer.</summary>
    Deny,
    /// <summary>Stay silent, as if the request never arrived.</summary>
    Ignore,
}
