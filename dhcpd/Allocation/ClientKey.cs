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
public readonly struct ClientKey : IEquatable<ClientKey>
{
    private readonly byte[]? bytes;

    private ClientKey(ClientKeyKind kind, ulong guid, byte[]? bytes)
    {
        Kind = kind;
        Guid = guid;
        this.bytes = bytes;
    }

    /// <summary>What the key was derived from.</summary>
    public ClientKeyKind Kind { get; }

    /// <summary>The port GUID for <see cref="ClientKeyKind.PortGuid"/> keys.</summary>
    public ulong Guid { get; }

    /// <summary>The identity bytes (client-id, or htype followed by chaddr).</summary>
    public ReadOnlySpan<byte> Bytes => bytes;

    /// <summary>A key for a port GUID.</summary>
    public static ClientKey ForGuid(PortGuid guid) => new(ClientKeyKind.PortGuid, guid.Value, null);

    /// <summary>A key for client-id bytes that carry no GUID.</summary>
    public static ClientKey ForClientIdentifier(ReadOnlySpan<byte> clientId) => new(ClientKeyKind.ClientIdentifier, 0, clientId.ToArray());

    /// <summary>A key for a hardware address (htype, then the address bytes).</summary>
    public static ClientKey ForHardware(byte htype, ReadOnlySpan<byte> address)
    {
        var b = new byte[address.Length + 1];
        b[0] = htype;
        address.CopyTo(b.AsSpan(1));
        return new ClientKey(ClientKeyKind.HardwareAddress, 0, b);
    }

    /// <inheritdoc/>
    public bool Equals(ClientKey other) =>
        Kind == other.Kind && Guid == other.Guid && Bytes.SequenceEqual(other.Bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ClientKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        if (Kind == ClientKeyKind.PortGuid) return Guid.GetHashCode();
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
