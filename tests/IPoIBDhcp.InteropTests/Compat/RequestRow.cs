namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>The request matrix: the clients the corpus is meant for, each sent to both servers by the same relay.</summary>
public enum RequestRow
{
    /// <summary>A BIOS PXE ROM (client architecture 0, UNDI 2.1).</summary>
    Bios,

    /// <summary>A UEFI PXE firmware, client architecture 7 (x86-64 UEFI).</summary>
    Uefi7,

    /// <summary>A UEFI PXE firmware, client architecture 9 (EFI x86-64 as some firmware reports it).</summary>
    Uefi9,

    /// <summary>iPXE chain-loaded by a BIOS ROM: user-class "iPXE" and its feature option 175.</summary>
    Ipxe,

    /// <summary>FlexBoot on IPoIB: htype 32, hlen 0, broadcast flag, FlexBoot client identifier (port GUID).</summary>
    FlexBoot,

    /// <summary>An OS's ISC dhclient (no PXE options), the known host's MAC when the file has an Ethernet host.</summary>
    Dhclient,

    /// <summary>dhclient-style request whose relay adds option 82 (circuit-id and remote-id).</summary>
    Relay82,

    /// <summary>The host stanza named by the manifest's known=, as its firmware presents itself.</summary>
    Known,

    /// <summary>A dhclient-style stranger no file knows.</summary>
    Unknown,
}

/// <summary>Row names as the manifest, known-gaps.txt and docs/compat.md spell them.</summary>
public static class RequestRows
{
    private static readonly Dictionary<string, RequestRow> Names = new(StringComparer.Ordinal)
    {
        ["bios"] = RequestRow.Bios,
        ["uefi7"] = RequestRow.Uefi7,
        ["uefi9"] = RequestRow.Uefi9,
        ["ipxe"] = RequestRow.Ipxe,
        ["flexboot"] = RequestRow.FlexBoot,
        ["dhclient"] = RequestRow.Dhclient,
        ["relay82"] = RequestRow.Relay82,
        ["known"] = RequestRow.Known,
        ["unknown"] = RequestRow.Unknown,
    };

    /// <summary>The row's name (<c>bios</c>, <c>uefi7</c>, …).</summary>
    public static string Name(this RequestRow row) => Names.First(pair => pair.Value == row).Key;

    /// <summary>Parses a row name, failing with <paramref name="where"/>.</summary>
    public static RequestRow Parse(string name, string where) =>
        Names.TryGetValue(name, out RequestRow row) ? row : throw new FormatException($"{where}: unknown request row '{name}'");

    /// <summary>True when <paramref name="name"/> is a row name.</summary>
    public static bool IsRow(string name) => Names.ContainsKey(name);
}
