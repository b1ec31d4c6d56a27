namespace IPoIBDhcp.Client.Script;

/// <summary>The <c>reason</c> dhclient-script is run with (ISC's names, upper-cased in the environment).</summary>
public enum ScriptReason
{
    /// <summary>Bring the interface up without an address before the first DISCOVER.</summary>
    Preinit,
    /// <summary>A new lease from DHCPACK after REQUESTING.</summary>
    Bound,
    /// <summary>The lease was renewed with the server that gave it (unicast).</summary>
    Renew,
    /// <summary>The lease was extended by any server after T2 (broadcast).</summary>
    Rebind,
    /// <summary>The saved lease was confirmed after a restart (INIT-REBOOT).</summary>
    Reboot,
    /// <summary>The lease ran out or a server NAKed it: remove the address.</summary>
    Expire,
    /// <summary>No server answered and no recorded or fallback lease works.</summary>
    Fail,
    /// <summary>The lease was released (<c>dhclient -r</c>).</summary>
    Release,
    /// <summary>dhclient stops without releasing (<c>dhclient -x</c>).</summary>
    Stop,
    /// <summary>No server answered; the script is asked to try a recorded or fallback lease.</summary>
    Timeout,
}
