using System.Collections.Immutable;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Compares byte strings by content, so client identifiers can key a dictionary as they are, without a hex string
/// made per host to serve as the key.
/// </summary>
internal sealed class ByteSequenceComparer : IEqualityComparer<ImmutableArray<byte>>
{
    public static ByteSequenceComparer Instance { get; } = new();

    private ByteSequenceComparer() { }

    public bool Equals(ImmutableArray<byte> x, ImmutableArray<byte> y) => x.AsSpan().SequenceEqual(y.AsSpan());

    public int GetHashCode(ImmutableArray<byte> bytes)
    {
        var hash = new HashCode();
        hash.AddBytes(bytes.AsSpan());
        return hash.ToHashCode();
    }
}
