using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

internal sealed partial class DhcpdConfigBuilder
{
    /// <summary>
    /// Starts reading with <paramref name="optionTable"/> in force instead of the standard one: a host record of
    /// dhcpd.leases is read after dhcpd.conf, with the options dhcpd.conf defined (<c>option conf-file code 209 = text;</c>).
    /// </summary>
    public DhcpdConfigBuilder WithOptionTable(DhcpOptionTable optionTable)
    {
        table = optionTable;
        return this;
    }
}
