using System.Globalization;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Engine.Linux;

/// <summary>
/// Reads an interface's attributes from <c>/sys/class/net/&lt;if&gt;</c>, the only place (besides netlink) that
/// gives the whole 20-byte IPoIB address, the P_Key broadcast address and the child interface's P_Key. Note
/// that sysfs shows the network namespace that mounted it, not the reader's: compare <c>ifindex</c> before
/// trusting it (<c>ip netns exec</c> remounts /sys for exactly this reason).
/// </summary>
public static class SysfsNetClass
{
    /// <summary>Where the kernel exposes network interfaces.</summary>
    public const string DefaultRoot = "/sys/class/net";

    /// <summary>
    /// Reads <c>ifindex</c>, <c>type</c>, <c>address</c>, <c>broadcast</c>, <c>mtu</c> and, on InfiniBand,
    /// <c>pkey</c>. False when the interface is not there or an attribute is missing or unparsable (an
    /// interface being deleted, a foreign namespace): the caller then falls back to ioctls.
    /// </summary>
    /// <param name="root">The sysfs directory (<see cref="DefaultRoot"/>; tests pass a fake tree).</param>
    /// <param name="name">The interface name.</param>
    /// <param name="info">The attributes when all could be read.</param>
    public static bool TryRead(string root, string name, out LinuxLinkInfo info)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(name);
        info = null!;
        string directory = Path.Combine(root, name);
        if (name.Length == 0 || name.Contains('/') || !Directory.Exists(directory))
        {
            return false;
        }

        if (!TryReadInt(directory, "ifindex", out int index)
            || !TryReadInt(directory, "type", out int type)
            || !TryReadInt(directory, "mtu", out int mtu)
            || !TryReadAddress(directory, "address", out LinkAddress address)
            || !TryReadAddress(directory, "broadcast", out LinkAddress broadcast))
        {
            return false;
        }

        PKey? pkey = null;
        if (type == LinuxLinkInfo.HardwareTypeInfiniBand)
        {
            if (!TryReadText(directory, "pkey", out string? text) || !PKey.TryParse(text, out PKey parsed))
            {
                return false;
            }

            pkey = parsed;
        }

        info = new LinuxLinkInfo(name, index, type, address, broadcast, mtu, pkey);
        return true;
    }

    private static bool TryReadInt(string directory, string attribute, out int value)
    {
        value = 0;
        return TryReadText(directory, attribute, out string? text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryReadAddress(string directory, string attribute, out LinkAddress address)
    {
        address = default;
        Span<byte> bytes = stackalloc byte[LinkAddress.MaxLength];
        if (!TryReadText(directory, attribute, out string? text) || !ColonHex.TryParse(text, bytes, out int length))
        {
            return false;
        }

        address = new LinkAddress(bytes[..length]);
        return true;
    }

    private static bool TryReadText(string directory, string attribute, out string text)
    {
        try
        {
            text = File.ReadAllText(Path.Combine(directory, attribute)).Trim();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text = string.Empty;
            return false;
        }
    }
}
