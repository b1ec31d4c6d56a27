using System.Text;
using IPoIBDhcp.Identity;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Fuzz;

/// <summary>Targets for client identifiers and the other short texts configuration and lease files carry.</summary>
internal static class IdentityTargets
{
    /// <summary>
    /// The bytes as an option 61 value, and as text in every form an identifier or address is written
    /// (dhcpd.conf colon-hex, a dhcpd.leases <c>uid</c>, GUID, GID, P_Key, IPoIB address, IPv4 address).
    /// </summary>
    public static void Identity(ReadOnlySpan<byte> input)
    {
        ReadIdentifierBytes(input);
        string text = Encoding.Latin1.GetString(input);
        ReadIdentifierText(text);
        string utf8 = Encoding.UTF8.GetString(input);
        if (utf8 != text) ReadIdentifierText(utf8);
    }

    internal static void ReadIdentifierBytes(ReadOnlySpan<byte> bytes)
    {
        _ = ClientIdentifier.Classify(bytes);
        _ = ClientIdentifier.TryGetPortGuid(bytes, out PortGuid guid);
        _ = ClientIdentifier.MatchesPortGuid(bytes, guid);
        if (ClientIdentifier.TryRead(bytes, out ClientIdentifier id, out WireError error))
        {
            if (!id.Equals(bytes)) throw new FuzzInvariantException("identifier does not hold the bytes read");
            _ = (id.Kind, id.DuidType, id.Iaid, id.Duid.Length, id.TryGetPortGuid(out _), id.GetHashCode());
            RoundTrip(id);
        }
        else if (string.IsNullOrEmpty(error.Reason))
        {
            throw new FuzzInvariantException("refused without a reason");
        }
        WireTargets.Expect(bytes, static b => ClientIdentifier.FromBytes(b));
    }

    private static void RoundTrip(ClientIdentifier id)
    {
        if (!ClientIdentifier.TryParse(id.ToColonHex(), out var back) || back != id)
            throw new FuzzInvariantException($"colon-hex does not round-trip: {id.ToColonHex()}");
        string uid = id.ToIscLeaseUid();
        if (!ClientIdentifier.TryParseIscLeaseUid(uid, out back) || back != id)
            throw new FuzzInvariantException($"lease uid does not round-trip: {uid}");
    }

    private static void ReadIdentifierText(string text)
    {
        if (ClientIdentifier.TryParse(text, out var id)) RoundTrip(id);
        if (ClientIdentifier.TryParseIscLeaseUid(text, out id)) RoundTrip(id);
        ExpectFormat(() => ClientIdentifier.Parse(text));
        ExpectFormat(() => ClientIdentifier.ParseIscLeaseUid(text));
        ExpectFormat(() => PortGuid.Parse(text));
        ExpectFormat(() => Gid.Parse(text));
        ExpectFormat(() => PKey.Parse(text));
        ExpectFormat(() => IPoIBHardwareAddress.Parse(text));
        ExpectFormat(() => IPv4Address.Parse(text));
        if (PortGuid.TryParse(text, out var guid) && (!PortGuid.TryParse(guid.ToString(), out var again) || again != guid))
            throw new FuzzInvariantException($"GUID does not round-trip: {text}");
        if (IPoIBHardwareAddress.TryParse(text, out var address)
            && (!IPoIBHardwareAddress.TryParse(address.ToString(), out var same) || same != address))
            throw new FuzzInvariantException($"IPoIB address does not round-trip: {text}");
    }

    /// <summary>
    /// Option value text as it follows <c>option NAME</c> in dhcpd.conf or dhclient.conf, encoded with every
    /// standard option's format; quoted-string and colon-hex helpers on the same text. Every refusal is a
    /// false result with a reason.
    /// </summary>
    public static void OptionText(ReadOnlySpan<byte> input)
    {
        string text = Encoding.UTF8.GetString(input);
        foreach (var definition in DhcpOptionTable.Standard.All)
        {
            if (OptionValueCodec.TryEncode(definition, text, out byte[] value, out string error))
            {
                if (!definition.IsValidLength(value.Length) && definition.Type is not (OptionValueType.Text or OptionValueType.Binary))
                    throw new FuzzInvariantException($"option {definition.Name}: encoded {value.Length} bytes, not a valid length");
                _ = OptionValueCodec.Format(definition, value, OptionTextStyle.LeaseFile);
            }
            else if (string.IsNullOrEmpty(error))
            {
                throw new FuzzInvariantException($"option {definition.Name}: refused without a reason");
            }
        }
        if (!OptionValueCodec.TryUnquote(text, out _, out string unquoteError) && unquoteError.Length == 0)
            throw new FuzzInvariantException("unquote refused without a reason");
        _ = OptionValueCodec.TryParseColonHex(text, []);
    }

    private static void ExpectFormat(Action parse)
    {
        try
        {
            parse();
        }
        catch (FormatException)
        {
        }
    }
}
