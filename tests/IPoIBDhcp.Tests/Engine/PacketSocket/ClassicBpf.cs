using System.Buffers.Binary;
using IPoIBDhcp.Engine.PacketSocket;

namespace IPoIBDhcp.Tests.Engine.PacketSocket;

/// <summary>
/// A classic BPF interpreter for the instructions the port's filter uses, with the kernel's rules: a load past
/// the end of the packet rejects it, and SKF_AD_PKTTYPE reads the packet type. Lets the filter be checked
/// packet by packet without root.
/// </summary>
internal static class ClassicBpf
{
    public static uint Run(SocketFilterInstruction[] program, ReadOnlySpan<byte> packet, byte packetType = 0)
    {
        uint a = 0, x = 0;
        for (int pc = 0; pc < program.Length; pc++)
        {
            SocketFilterInstruction i = program[pc];
            switch (i.Code)
            {
                case 0x20 when i.K == 0xfffff004: a = packetType; break;
                case 0x20: if (!Load(packet, (int)i.K, 4, out a)) return 0; break;
                case 0x28: if (!Load(packet, (int)i.K, 2, out a)) return 0; break;
                case 0x30: if (!Load(packet, (int)i.K, 1, out a)) return 0; break;
                case 0x48: if (!Load(packet, (int)(x + i.K), 2, out a)) return 0; break;
                case 0xb1: if (!Load(packet, (int)i.K, 1, out uint b)) return 0; x = 4 * (b & 0xf); break;
                case 0x54: a &= i.K; break;
                case 0x15: pc += a == i.K ? i.JumpTrue : i.JumpFalse; break;
                case 0x45: pc += (a & i.K) != 0 ? i.JumpTrue : i.JumpFalse; break;
                case 0x06: return i.K;
                default: throw new NotSupportedException($"opcode 0x{i.Code:x2}");
            }
        }

        throw new InvalidOperationException("the program ran off its end (the kernel rejects such programs)");
    }

    private static bool Load(ReadOnlySpan<byte> packet, int offset, int size, out uint value)
    {
        value = 0;
        if (offset < 0 || offset + size > packet.Length) return false;
        value = size switch
        {
            1 => packet[offset],
            2 => BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]),
            _ => BinaryPrimitives.ReadUInt32BigEndian(packet[offset..]),
        };
        return true;
    }
}
