using System.Runtime.InteropServices;

namespace IPoIBDhcp.Engine.PacketSocket;

/// <summary>
/// One classic BPF instruction, laid out as the kernel's <c>struct sock_filter</c> (8 bytes), as
/// <c>tcpdump -dd</c> prints them: <c>{ code, jt, jf, k }</c>.
/// </summary>
/// <param name="Code">Operation (class | size | mode, or class | op | source).</param>
/// <param name="JumpTrue">Instructions to skip when a conditional jump holds.</param>
/// <param name="JumpFalse">Instructions to skip when it does not.</param>
/// <param name="K">The constant operand (offset, immediate or return value).</param>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct SocketFilterInstruction(ushort Code, byte JumpTrue, byte JumpFalse, uint K);
