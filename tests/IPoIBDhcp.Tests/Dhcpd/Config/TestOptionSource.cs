using System.Text;
using IPoIBDhcp.Server.Config;

namespace IPoIBDhcp.Tests.Dhcpd.Config;

/// <summary>A request's options from a dictionary, for expression tests.</summary>
public sealed class TestOptionSource(Dictionary<byte, byte[]> options, bool known = false) : IOptionSource
{
    public bool IsKnown { get; } = known;

    public bool TryGetOption(byte code, out ReadOnlyMemory<byte> value)
    {
        bool found = options.TryGetValue(code, out var bytes);
        value = bytes ?? [];
        return found;
    }

    public static TestOptionSource Empty { get; } = new([]);

    /// <summary>FlexBoot/PXE firmware on x86 BIOS: option 60 exactly as PXE 2.1 spells it.</summary>
    public static TestOptionSource PxeFirmware { get; } = new(new() { [60] = Encoding.ASCII.GetBytes("PXEClient:Arch:00000:UNDI:002001") });

    /// <summary>iPXE after chain-loading: still PXEClient in option 60, and "iPXE" in option 77.</summary>
    public static TestOptionSource Ipxe { get; } = new(new()
    {
        [60] = Encoding.ASCII.GetBytes("PXEClient:Arch:00000:UNDI:002001"),
        [77] = Encoding.ASCII.GetBytes("iPXE"),
    });
}
