using IPoIBDhcp.Client.Leases;

namespace IPoIBDhcp.Client.Script;

/// <summary>Runs dhclient-script for one interface; a test can record the calls instead.</summary>
public interface IScriptRunner
{
    /// <summary>Runs the script and returns its exit status (0 when it could not be run, as ISC's child does).</summary>
    int Run(ScriptReason reason, ClientLease? oldLease, ClientLease? newLease);
}
