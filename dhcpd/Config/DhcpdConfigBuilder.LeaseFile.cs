using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

internal sealed partial class DhcpdConfigBuilder
{
    /// <summary>
    /// Starts reading with <paramref name="optionTable"/> and <paramref name="optionSpaces"/> in force instead of the
    /// standard ones: a host record of dhcpd.leases is read after dhcpd.conf, with the options and option spaces dhcpd.conf
    /// defined (<c>option conf-file code 209 = text;</c>, <c>option space ipxe;</c>).
    /// </summary>
    public DhcpdConfigBuilder WithDefinitions(DhcpOptionTable optionTable, OptionSpaceTable optionSpaces)
    {
        table = optionTable;
        spaces = optionSpaces;
        return this;
    }
}
