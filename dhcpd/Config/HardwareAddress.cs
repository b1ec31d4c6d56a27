using System.Collections.Immutable;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// A host's <c>hardware</c> line. For InfiniBand the operator may write the full 20-byte IPoIB address
/// (QPN + GID) or only the 8-byte port GUID (<c>0002:c903:0000:1039</c>); the bytes are kept as written and
/// <see cref="IsPortGuid"/> tells the matcher to compare against the GUID tail of the client's address.
/// </summary>
/// <param name="Kind">Link type.</param>
/// <param name="Bytes">Address bytes as written.</param>
public sealed record HardwareAddress(HardwareKind Kind, ImmutableArray<byte> Bytes)
{
    /// <summary>True for an InfiniBand address given as an 8-byte port GUID.</summary>
    public bool IsPortGuid => Kind == HardwareKind.InfiniBand && Bytes.Length == 8;

    /// <summary>Equality by content, not array reference, so duplicate checks and lookups work.</summary>
    public bool Equals(HardwareAddress? other) =>
        other is not null && Kind == other.Kind && Bytes.AsSpan().SequenceEqual(other.Bytes.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        hash.AddBytes(Bytes.AsSpan());
        return hash.ToHashCode();
    }

    /// <summary>ISC's written form: <c>infiniband 00:02:c9:…</c>.</summary>
    public override string ToString() =>
        $"{(Kind == HardwareKind.Ethernet ? "ethernet" : "infiniband")} {OptionValueCodec.ToColonHex(Bytes.AsSpan())}";
}
