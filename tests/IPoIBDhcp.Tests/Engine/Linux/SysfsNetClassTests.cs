using IPoIBDhcp.Engine;
using IPoIBDhcp.Engine.Linux;
using IPoIBDhcp.InfiniBand;

namespace IPoIBDhcp.Tests.Engine.Linux;

/// <summary>
/// Sysfs parsing against fake trees laid out like a ConnectX child interface and a veth, so the IPoIB path is
/// tested without InfiniBand hardware.
/// </summary>
public class SysfsNetClassTests
{
    // ib0.8001 on a ConnectX-3 port, GUID 0002:c903:0000:1039 (the seed's example), QPN 0x000404, connected-mode
    // capable; broadcast = QPN 0xffffff + MGID ff12:401b:8001::ffff:ffff, as `ip link` prints them.
    private const string IPoIBAddress = "80:00:04:04:fe:80:00:00:00:00:00:00:00:02:c9:03:00:00:10:39";
    private const string IPoIBBroadcast = "00:ff:ff:ff:ff:12:40:1b:80:01:00:00:00:00:00:00:ff:ff:ff:ff";

    private string root = null!;

    [SetUp]
    public void SetUp() => root = Directory.CreateTempSubdirectory("sysfs-net-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(root, recursive: true);

    [Test]
    public void An_ipoib_child_interface_gives_its_20_byte_address_partition_broadcast_and_pkey()
    {
        Interface("ib0.8001", ("ifindex", "7"), ("type", "32"), ("mtu", "2044"), ("address", IPoIBAddress), ("broadcast", IPoIBBroadcast), ("pkey", "0x8001"));

        Assert.That(SysfsNetClass.TryRead(root, "ib0.8001", out LinuxLinkInfo info), Is.True);
        IPoIBHardwareAddress address = info.Address.ToIPoIB();
        IPoIBHardwareAddress broadcast = info.Broadcast.ToIPoIB();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(info.Name, Is.EqualTo("ib0.8001"));
            Assert.That(info.Index, Is.EqualTo(7));
            Assert.That(info.LinkType, Is.EqualTo(LinkType.InfiniBand));
            Assert.That(info.Mtu, Is.EqualTo(2044));
            Assert.That(info.PKey, Is.EqualTo(new PKey(0x8001)));
            Assert.That(info.Address.Length, Is.EqualTo(20));
            Assert.That(address.ConnectedMode, Is.True);
            Assert.That(address.Qpn, Is.EqualTo(0x000404u));
            Assert.That(address.PortGuid, Is.EqualTo(new PortGuid(0x0002_c903_0000_1039UL)));
            Assert.That(broadcast.IsBroadcast, Is.True);
            Assert.That(broadcast.BroadcastPKey, Is.EqualTo(new PKey(0x8001)));
            Assert.That(broadcast, Is.EqualTo(IPoIBHardwareAddress.Broadcast(new PKey(0x8001))));
        }
    }

    [Test]
    public void An_ethernet_interface_has_no_pkey()
    {
        Interface("veth0", ("ifindex", "2"), ("type", "1"), ("mtu", "1500"), ("address", "02:42:ac:11:00:02"), ("broadcast", "ff:ff:ff:ff:ff:ff"));

        Assert.That(SysfsNetClass.TryRead(root, "veth0", out LinuxLinkInfo info), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(info.LinkType, Is.EqualTo(LinkType.Ethernet));
            Assert.That(info.PKey, Is.Null);
            Assert.That(info.Address.ToString(), Is.EqualTo("02:42:ac:11:00:02"));
            Assert.That(info.Broadcast.ToString(), Is.EqualTo("ff:ff:ff:ff:ff:ff"));
        }
    }

    [Test]
    public void Other_link_types_are_read_but_map_to_no_link_type()
    {
        Interface("lo", ("ifindex", "1"), ("type", "772"), ("mtu", "65536"), ("address", "00:00:00:00:00:00"), ("broadcast", "00:00:00:00:00:00"));
        Assert.That(SysfsNetClass.TryRead(root, "lo", out LinuxLinkInfo info), Is.True);
        Assert.That(info.LinkType, Is.EqualTo(LinkType.None));
    }

    [TestCase("pkey", null)]            // an IPoIB interface without its pkey file
    [TestCase("pkey", "0x0000")]        // the invalid P_Key
    [TestCase("address", "80:00:04")]   // fine for ColonHex, but see below: still 3 bytes
    [TestCase("address", "zz:00")]
    [TestCase("address", "")]
    [TestCase("mtu", "many")]
    [TestCase("type", null)]
    [TestCase("ifindex", null)]
    [TestCase("broadcast", "00:ff:ff:ff:ff:12:40:1b:80:01:00:00:00:00:00:00:ff:ff:ff:ff:00")] // 21 bytes
    public void A_missing_or_broken_attribute_makes_the_interface_unreadable(string attribute, string? value)
    {
        var attributes = new Dictionary<string, string>
        {
            ["ifindex"] = "7", ["type"] = "32", ["mtu"] = "2044", ["address"] = IPoIBAddress, ["broadcast"] = IPoIBBroadcast, ["pkey"] = "0x8001",
        };
        if (value is null) attributes.Remove(attribute); else attributes[attribute] = value;
        Interface("ib0", attributes.Select(kv => (kv.Key, kv.Value)).ToArray());

        bool read = SysfsNetClass.TryRead(root, "ib0", out LinuxLinkInfo info);
        if (attribute == "address" && value == "80:00:04")
        {
            // A short address parses; the port rejects it when it tries to use it as IPoIB.
            Assert.That(read && info.Address.Length == 3, Is.True);
            return;
        }

        Assert.That(read, Is.False);
    }

    [TestCase("ib9")]
    [TestCase("")]
    [TestCase("../ib0")]
    public void An_unknown_name_is_not_found(string name)
    {
        Interface("ib0", ("ifindex", "7"), ("type", "32"), ("mtu", "2044"), ("address", IPoIBAddress), ("broadcast", IPoIBBroadcast), ("pkey", "0x8001"));
        Assert.That(SysfsNetClass.TryRead(root, name, out _), Is.False);
    }

    private void Interface(string name, params (string Attribute, string Value)[] attributes)
    {
        string directory = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        foreach ((string attribute, string value) in attributes)
        {
            File.WriteAllText(Path.Combine(directory, attribute), value + "\n");
        }
    }
}
