using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Identity;

/// <summary>
/// The value of DHCP option 61, the identity a lease is bound to on IPoIB (where <c>chaddr</c> is empty).
/// Immutable bytes with byte-exact equality and hash, so it can key dictionaries; the layout helpers
/// (<see cref="Kind"/>, <see cref="TryGetPortGuid(out PortGuid)"/>) map every form a node sends back to
/// its port GUID.
/// </summary>
/// <remarks>
/// The receive path can classify and extract the GUID straight from the option bytes with the static
/// span overloads, without creating an instance; <see cref="ClientIdentifierComparer"/> lets a
/// dictionary be searched by a span too.
/// </remarks>
public readonly partial struct ClientIdentifier : IEquatable<ClientIdentifier>
{
    /// <summary>Largest value a DHCP option can carry.</summary>
    public const int MaxLength = 255;

    private readonly byte[]? _bytes;

    private ClientIdentifier(byte[] bytes) => _bytes = bytes;

    /// <summary>The identifier bytes (type octet first); empty for <c>default</c>.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>Number of bytes.</summary>
    public int Length => _bytes?.Length ?? 0;

    /// <summary>True for <c>default(ClientIdentifier)</c>, i.e. "the client sent none".</summary>
    public bool IsEmpty => Length == 0;

    /// <summary>Copies the bytes into a new identifier.</summary>
    /// <exception cref="WireFormatException">Empty, or longer than 255 bytes.</exception>
    public static ClientIdentifier FromBytes(ReadOnlySpan<byte> bytes)
        => TryRead(bytes, out ClientIdentifier id, out WireError error) ? id : throw new WireFormatException(error);

    /// <summary>
    /// Takes the whole option 61 value. Only emptiness and length are checked: RFC 2132 asks for at least
    /// two bytes, but a shorter identifier still names a client, so it is accepted.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> optionValue, out ClientIdentifier id, out WireError error)
    {
        if (optionValue.IsEmpty)
        {
            id = default;
            error = new WireError(0, "client-identifier is empty");
            return false;
        }
        if (optionValue.Length > MaxLength)
        {
            id = default;
            error = new WireError(MaxLength, "client-identifier longer than 255 bytes");
            return false;
        }
        id = new ClientIdentifier(optionValue.ToArray());
        error = default;
        return true;
    }

    /// <summary>Copies the bytes to <paramref name="destination"/> and returns how many were written.</summary>
    /// <exception cref="ArgumentException">The destination is too short.</exception>
    public int Write(Span<byte> destination)
    {
        if (destination.Length < Length)
            throw new ArgumentException("The destination is shorter than the client-identifier.", nameof(destination));
        Span.CopyTo(destination);
        return Length;
    }

    /// <summary>Byte-exact equality.</summary>
    public bool Equals(ClientIdentifier other) => Span.SequenceEqual(other.Span);

    /// <summary>Byte-exact equality against raw option bytes.</summary>
    public bool Equals(ReadOnlySpan<byte> other) => Span.SequenceEqual(other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ClientIdentifier other && Equals(other);

    /// <summary>Content hash; equal to <see cref="ClientIdentifierComparer.GetHashCode(ReadOnlySpan{byte})"/> of the same bytes.</summary>
    public override int GetHashCode() => ComputeHash(Span);

    /// <summary>Byte-exact equality.</summary>
    public static bool operator ==(ClientIdentifier left, ClientIdentifier right) => left.Equals(right);

    /// <summary>Byte-exact inequality.</summary>
    public static bool operator !=(ClientIdentifier left, ClientIdentifier right) => !left.Equals(right);

    internal static int ComputeHash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
