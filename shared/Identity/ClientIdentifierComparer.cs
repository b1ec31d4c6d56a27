namespace IPoIBDhcp.Identity;

/// <summary>
/// Byte-exact comparer that also accepts the raw option bytes as a lookup key, so the receive path can
/// find a lease with <c>dictionary.GetAlternateLookup&lt;ReadOnlySpan&lt;byte&gt;&gt;()</c> without
/// allocating a <see cref="ClientIdentifier"/> per packet.
/// </summary>
public sealed class ClientIdentifierComparer : IEqualityComparer<ClientIdentifier>, IAlternateEqualityComparer<ReadOnlySpan<byte>, ClientIdentifier>
{
    private ClientIdentifierComparer()
    {
    }

    /// <summary>The one instance; it holds no state.</summary>
    public static ClientIdentifierComparer Instance { get; } = new();

    /// <inheritdoc/>
    public bool Equals(ClientIdentifier x, ClientIdentifier y) => x.Equals(y);

    /// <inheritdoc/>
    public int GetHashCode(ClientIdentifier obj) => obj.GetHashCode();

    /// <inheritdoc/>
    public bool Equals(ReadOnlySpan<byte> alternate, ClientIdentifier other) => other.Equals(alternate);

    /// <inheritdoc/>
    public int GetHashCode(ReadOnlySpan<byte> alternate) => ClientIdentifier.ComputeHash(alternate);

    /// <inheritdoc/>
    public ClientIdentifier Create(ReadOnlySpan<byte> alternate) => ClientIdentifier.FromBytes(alternate);
}
