namespace IPoIBDhcp.Server.Config;

/// <summary>
/// How a server parameter is written in dhcpd.conf. One syntax per parameter, chosen in <see cref="ServerParameters"/>:
/// the grammar, the messages and the value type follow from it, so a new parameter needs no parsing code of its own.
/// </summary>
public enum ParameterSyntax
{
    /// <summary><c>NAME N;</c>: an unsigned 32-bit number (the lease times, in seconds, also take <c>infinite</c>).</summary>
    Number,
    /// <summary><c>NAME A.B.C.D;</c>: an IPv4 address, or a host name resolved when the file is read (its first address).</summary>
    Address,
    /// <summary><c>NAME "text";</c>: a quoted string.</summary>
    Text,
    /// <summary><c>NAME on|off|true|false;</c>.</summary>
    Flag,
    /// <summary><c>NAME;</c> turns it on and <c>not NAME;</c> off, as ISC's <c>authoritative</c>.</summary>
    Switch,
    /// <summary><c>allow|deny|ignore NAME;</c>, as ISC's <c>bootp</c> and <c>unknown-clients</c> outside a pool.</summary>
    Access,
}
