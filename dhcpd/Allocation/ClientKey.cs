using System.Buffers.Binary;
using IPoIBDhcp.InfiniBand;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Allocation;

/// <summary>
/// The identity a lease is kept under. Where the client-id carries an InfiniBand port GUID the key is
/// that GUID, so one node keeps one address as FlexBoot, iPXE and the OS each present a different
/// client-id; otherwise it is the client-id bytes, and only without a client-id htype+chaddr.
/// Never an empty chaddr: every RFC 4390 client would collide on it.
/// </summary>
/// <remarks>
/// Sixteen bytes, because the allocator keeps one per binding and one per dictionary entry: a GUID key is the GUID with
/// no array; any other key is its bytes, and the word that holds a GUID holds its <see cref="ClientKeyKind"/> instead.
/// </remarks>
public readonly struct ClientKey : IEquatable<ClientKey>
{
    // The GUID when bytes is null, else the kind.
    private readonly ulong value;
    private readonly byte[]? bytes;

    private ClientKey(ulong value, byte[]? bytes)
    {
        this.value = value;
        this.bytes = bytes;
    }

    /// <summary>What the key was derived from.</summary>
    public ClientKeyKind Kind => bytes is null ? ClientKeyKind.PortGuid : (ClientKeyKind)value;

    /// <summary>The port GUID for <see cref="ClientKeyKind.PortGuid"/> keys (0 for the others).</summary>
    public ulong Guid => bytes is null ? value : 0;

    /// <summary>The identity bytes (client-id, or htype followed by chaddr).</summary>
    public ReadOnlySpan<byte> Bytes => bytes;

    /// <summary>A key for a port GUID.</summary>
    public static ClientKey ForGuid(PortGuid guid) => new(guid.Value, null);

    /// <summary>A key for client-id bytes that carry no GUID.</summary>
    public static ClientKey ForClientIdentifier(ReadOnlySpan<byte> clientId) => new((ulong)ClientKeyKind.ClientIdentifier, clientId.ToArray());

    /// <summary>A key for a hardware address (htype, then the address bytes).</summary>
    public static ClientKey ForHardware(byte htype, ReadOnlySpan<byte> address)
    {
        var b = new byte[address.Length + 1];
        b[0] = htype;
        address.CopyTo(b.AsSpan(1));
        return new ClientKey((ulong)ClientKeyKind.HardwareAddress, b);
    }

    /// <inheritdoc/>
    public bool Equals(ClientKey other) =>
        value == other.value && (bytes is null ? other.bytes is null : other.bytes is not null && bytes.AsSpan().SequenceEqual(other.bytes));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ClientKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        if (bytes is null) return value.GetHashCode();
        var hash = new HashCode();
        hash.Add(Kind);
        hash.AddBytes(Bytes);
        return hash.ToHashCode();
    }

    /// <summary>As log lines show it: <c>guid 0002:c903:0000:1039</c>, <c>id ff:…</c> or <c>hw 01:…</c>.</summary>
    public override string ToString() => Kind switch
    {
        ClientKeyKind.PortGuid => "guid " + new PortGuid(Guid),
        ClientKeyKind.ClientIdentifier => "id " + OptionValueCodec.ToColonHex(Bytes),
        _ => "hw " + OptionValueCodec.ToColonHex(Bytes),
    };

    /// <summary>Equality.</summary>
    public static bool operator ==(ClientKey left, ClientKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(ClientKey left, ClientKey right) => !left.Equals(right);

    internal static ulong Mac48(ReadOnlySpan<byte> mac) =>
        ((ulong)BinaryPrimitives.ReadUInt16BigEndian(mac) << 32) | BinaryPrimitives.ReadUInt32BigEndian(mac[2..]);
}
