using IPoIBDhcp.Engine;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Client.Protocol;

/// <summary>
/// Decides the client identifier an interface sends, in this order: the one dhclient.conf configures; on
/// IPoIB the one pinned in the newest lease of the interface (so a bond failover to a port with another
/// GUID keeps the identity its address was leased to); else on IPoIB one derived from the port GUID in the
/// chosen <see cref="ClientIdForm"/>. On Ethernet none is derived: chaddr identifies the client, as in ISC.
/// </summary>
public static class ClientIdentityResolver
{
    /// <summary>Resolves the identifier; <paramref name="source"/> says where it came from, for the log.</summary>
    public static ClientIdentifier? Resolve(LinkType linkType, LinkAddress linkAddress, ClientIdentifier? configured,
        ClientIdentifier? pinned, ClientIdForm form, out string source)
    {
        if (configured is { } c)
        {
            source = "dhclient.conf";
            return c;
        }
        if (linkType == LinkType.InfiniBand && pinned is { } p)
        {
            source = "pinned by the lease file";
            return p;
        }
        if (linkType == LinkType.InfiniBand && linkAddress.Length == IPoIBHardwareAddress.Size)
        {
            var guid = linkAddress.ToIPoIB().PortGuid;
            source = $"derived from port GUID {guid}";
            return form switch
            {
                ClientIdForm.Rfc4390 => ClientIdentifier.Rfc4390(guid, (uint)guid.Value),
                ClientIdForm.Guid => ClientIdentifier.InfiniBandGuid(guid),
                _ => ClientIdentifier.FlexBoot(guid),
            };
        }
        source = "none";
        return null;
    }

    /// <summary>Reads <c>IPOIBDHCP_CLIENT_ID_FORM</c>: <c>flexboot</c> (also when unset), <c>rfc4390</c> or <c>guid</c>.</summary>
    public static bool TryParseForm(string? text, out ClientIdForm form)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "flexboot": form = ClientIdForm.FlexBoot; return true;
            case "rfc4390" or "rfc4361": form = ClientIdForm.Rfc4390; return true;
            case "guid": form = ClientIdForm.Guid; return true;
            default: form = ClientIdForm.FlexBoot; return false;
        }
    }
}
