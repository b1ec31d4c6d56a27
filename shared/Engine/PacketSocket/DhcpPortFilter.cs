using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace IPoIBDhcp.Engine.PacketSocket;

/// <summary>
/// The kernel-side filter of a packet port: only non-fragmented IPv4 UDP datagrams to the port's UDP port,
/// and never the host's own transmissions, reach the socket queue. Everything else a busy <c>ib0</c>
/// carries (NFS, MPI over IPoIB, ARP) is dropped in the kernel instead of waking the receive loop.
/// </summary>
/// <remarks>
/// A SOCK_DGRAM packet socket hands the filter the packet from the IP header on, so offsets are
/// tcpdump's <c>-r raw-ip.pcap -dd 'udp dst port 67'</c> ones, without its IPv6 branch (the socket is bound
/// to ETH_P_IP) and with two additions: the packet-type check (tcpdump's "inbound", which it cannot compile
/// for raw IP savefiles) and the MF bit, so that a first fragment is dropped as well as later ones.
/// </remarks>
internal static class DhcpPortFilter
{
    private const int SolSocket = 1;
    private const int SoAttachFilter = 26;

    // Instruction codes (linux/filter.h).
    private const ushort LdWordAbsolute = 0x20;   // BPF_LD | BPF_W | BPF_ABS
    private const ushort LdHalfAbsolute = 0x28;   // BPF_LD | BPF_H | BPF_ABS
    private const ushort LdByteAbsolute = 0x30;   // BPF_LD | BPF_B | BPF_ABS
    private const ushort LdHalfIndirect = 0x48;   // BPF_LD | BPF_H | BPF_IND
    private const ushort LdxIPHeaderLength = 0xb1; // BPF_LDX | BPF_B | BPF_MSH: X = 4 * (P[k] & 0xf)
    private const ushort AndConstant = 0x54;      // BPF_ALU | BPF_AND | BPF_K
    private const ushort JumpIfEqual = 0x15;      // BPF_JMP | BPF_JEQ | BPF_K
    private const ushort JumpIfAnyBitSet = 0x45;  // BPF_JMP | BPF_JSET | BPF_K
    private const ushort Return = 0x06;           // BPF_RET | BPF_K

    /// <summary>SKF_AD_OFF + SKF_AD_PKTTYPE: loads skb->pkt_type instead of packet bytes.</summary>
    private const uint AncillaryPacketType = 0xfffff000 + 4;

    /// <summary>PACKET_OUTGOING: a copy of a packet this host sent.</summary>
    private const uint PacketOutgoing = 4;

    /// <summary>Bytes to keep of an accepted packet: all of any IPv4 datagram.</summary>
    private const uint AcceptWhole = 0xffff;

    /// <summary>The program for UDP destination port <paramref name="port"/>.</summary>
    public static SocketFilterInstruction[] Build(ushort port) =>
    [
        /* 0 */ new(LdWordAbsolute, 0, 0, AncillaryPacketType),
        /* 1 */ new(JumpIfEqual, 11, 0, PacketOutgoing),  // own transmission -> 13 drop
        /* 2 */ new(LdByteAbsolute, 0, 0, 0),               // version/IHL byte
        /* 3 */ new(AndConstant, 0, 0, 0xf0),
        /* 4 */ new(JumpIfEqual, 0, 8, 0x40),               // not version 4 -> 13 drop
        /* 5 */ new(LdByteAbsolute, 0, 0, 9),               // protocol
        /* 6 */ new(JumpIfEqual, 0, 6, 17),                 // not UDP -> 13 drop
        /* 7 */ new(LdHalfAbsolute, 0, 0, 6),               // flags + fragment offset
        /* 8 */ new(JumpIfAnyBitSet, 4, 0, 0x3fff),         // MF or offset: a fragment -> 13 drop
        /* 9 */ new(LdxIPHeaderLength, 0, 0, 0),            // X = IP header length (options included)
        /* 10 */ new(LdHalfIndirect, 0, 0, 2),              // UDP destination port
        /* 11 */ new(JumpIfEqual, 0, 1, port),              // other port -> 13 drop
        /* 12 */ new(Return, 0, 0, AcceptWhole),
        /* 13 */ new(Return, 0, 0, 0),
    ];

    /// <summary>Attaches <paramref name="program"/> (SO_ATTACH_FILTER) before the socket is bound, so no packet escapes it.</summary>
    public static unsafe void Attach(Socket socket, SocketFilterInstruction[] program)
    {
        fixed (SocketFilterInstruction* instructions = program)
        {
            // struct sock_fprog { unsigned short len; struct sock_filter *filter; } — 16 bytes on LP64.
            Span<byte> fprog = stackalloc byte[16];
            fprog.Clear();
            MemoryMarshal.Write(fprog, (ushort)program.Length);
            MemoryMarshal.Write(fprog[8..], (nint)instructions);
            socket.SetRawSocketOption(SolSocket, SoAttachFilter, fprog);
        }
    }
}
