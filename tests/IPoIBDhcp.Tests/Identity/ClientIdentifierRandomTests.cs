using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using NUnit.Framework;

namespace IPoIBDhcp.Tests.Identity;

public class ClientIdentifierRandomTests
{
    private static readonly byte[][] Seeds =
    [
        Convert.FromHexString("ff000000000002000002c9000002c90300001039"),
        Convert.FromHexString("2000550401fe800000000000000002c90200231392"),
        Convert.FromHexString("ff00000001000100202b3c4d5e80000048fe800000000000000002c90300001039"),
    ];

    [Test]
    public void TruncationSweepOfSeedsNeverThrowsAndNeverInventsAGuid()
    {
        foreach (byte[] seed in Seeds)
        {
            Assert.That(ClientIdentifier.TryGetPortGuid(seed, out PortGuid full), Is.True);
            for (int length = 0; length < seed.Length; length++)
            {
                ReadOnlySpan<byte> prefix = seed.AsSpan(0, length);
                ClientIdentifierKind kind = ClientIdentifier.Classify(prefix);
                Assert.That(kind, Is.Not.EqualTo(ClientIdentifierKind.FlexBootConnectX));
                Assert.That(kind, Is.Not.EqualTo(ClientIdentifierKind.InfiniBandHardwareAddress));
                bool found = ClientIdentifier.TryGetPortGuid(prefix, out PortGuid guid);
                // A prefix can only yield a GUID if it still ends in a complete GUID-bearing layout.
                if (found)
                    Assert.That(ClientIdentifier.MatchesPortGuid(prefix, guid), Is.True);
                Assert.That(ClientIdentifier.MatchesPortGuid(prefix, full) && !found, Is.False,
                    $"prefix of {length} bytes matched without carrying the GUID");
            }
        }
    }

    [Test]
    public void SeededRandomIdentifiersRoundTripAndStayConsistent()
    {
        var random = new Random(4361);
        byte[] typeOctets = [0xff, 0x20, 0x01, 0x00];
        var buffer = new byte[48];
        for (int i = 0; i < 5000; i++)
        {
            int length = random.Next(1, buffer.Length);
            random.NextBytes(buffer);
            if (random.Next(4) != 0)
                buffer[0] = typeOctets[random.Next(typeOctets.Length)];
            if (buffer[0] == 0xff && length > 8 && random.Next(2) == 0)
            {
                buffer[5] = 0;
                buffer[6] = (byte)random.Next(0, 5); // DUID types 0..4
                buffer[7] = 0;
                buffer[8] = (byte)(random.Next(2) == 0 ? 32 : 1);
            }
            ReadOnlySpan<byte> bytes = buffer.AsSpan(0, length);

            ClientIdentifier id = ClientIdentifier.FromBytes(bytes);
            Assert.That(ClientIdentifier.Parse(id.ToColonHex()), Is.EqualTo(id));
            Assert.That(ClientIdentifier.ParseIscLeaseUid(id.ToIscLeaseUid()), Is.EqualTo(id));
            Assert.That(ClientIdentifier.FromBytes(bytes).GetHashCode(), Is.EqualTo(id.GetHashCode()));
            Assert.That(ClientIdentifierComparer.Instance.GetHashCode(bytes), Is.EqualTo(id.GetHashCode()));
            Assert.That(id.Kind, Is.EqualTo(ClientIdentifier.Classify(bytes)));
            Assert.That(id.Describe(), Does.StartWith(id.ToColonHex()));
            if (id.TryGetPortGuid(out PortGuid guid))
                Assert.That(id.MatchesPortGuid(guid), Is.True);
        }
    }

    [Test]
    public void RandomTextNeverThrows()
    {
        var random = new Random(2132);
        const string alphabet = "0123456789abcdefx:\"\\ tn";
        var chars = new char[40];
        for (int i = 0; i < 5000; i++)
        {
            int length = random.Next(chars.Length);
            for (int j = 0; j < length; j++)
                chars[j] = alphabet[random.Next(alphabet.Length)];
            if (length > 0 && random.Next(2) == 0)
                chars[0] = '"';
            Assert.DoesNotThrow(() =>
            {
                ClientIdentifier.TryParse(chars.AsSpan(0, length), out _);
                ClientIdentifier.TryParseIscLeaseUid(chars.AsSpan(0, length), out _);
                PKey.TryParse(chars.AsSpan(0, length), out _);
                Gid.TryParse(chars.AsSpan(0, length), out _);
                IPoIBHardwareAddress.TryParse(chars.AsSpan(0, length), out _);
            });
        }
    }

    [Test]
    public void DictionaryFindsIdentifierByRawBytes()
    {
        var leases = new Dictionary<ClientIdentifier, string>(ClientIdentifierComparer.Instance)
        {
            [ClientIdentifier.Parse("ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:00:10:39")] = "node1",
            [ClientIdentifier.Parse("01:00:02:c9:00:10:39")] = "node1-ipxe",
        };
        Dictionary<ClientIdentifier, string>.AlternateLookup<ReadOnlySpan<byte>> lookup = leases.GetAlternateLookup<ReadOnlySpan<byte>>();
        Assert.That(lookup.TryGetValue(Seeds[0], out string? name), Is.True);
        Assert.That(name, Is.EqualTo("node1"));
        Assert.That(lookup.TryGetValue(new byte[] { 0x01, 0x00, 0x02, 0xc9, 0x00, 0x10, 0x39 }, out name), Is.True);
        Assert.That(name, Is.EqualTo("node1-ipxe"));
        Assert.That(lookup.TryGetValue(new byte[] { 0x01, 0x00, 0x02, 0xc9, 0x00, 0x10 }, out _), Is.False);

        // Default comparer works too, because equality is content-based.
        var plain = new Dictionary<ClientIdentifier, int> { [ClientIdentifier.FromBytes(Seeds[1])] = 1 };
        Assert.That(plain.ContainsKey(ClientIdentifier.FromBytes((byte[])Seeds[1].Clone())), Is.True);
    }
}
