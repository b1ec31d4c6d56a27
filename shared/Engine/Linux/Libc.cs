using System.Runtime.InteropServices;

namespace IPoIBDhcp.Engine.Linux;

/// <summary>
/// The few libc calls the BCL does not wrap: interface ioctls (answered in the socket's own network
/// namespace) and <c>recvmsg</c> with ancillary data (PACKET_AUXDATA).
/// </summary>
internal static unsafe partial class Libc
{
    /// <summary>errno: no data queued on a non-blocking socket.</summary>
    public const int EAGAIN = 11;

    /// <summary>errno: interrupted by a signal; retry.</summary>
    public const int EINTR = 4;

    /// <summary>errno: the bound interface went down (reported once per event on a packet socket).</summary>
    public const int ENETDOWN = 100;

    /// <summary>errno: an ICMP port unreachable reported on a UDP socket; retry.</summary>
    public const int ECONNREFUSED = 111;

    /// <summary>errno: the interface has no IPv4 address.</summary>
    public const int EADDRNOTAVAIL = 99;

    /// <summary>recvmsg flag: do not block.</summary>
    public const int MSG_DONTWAIT = 0x40;

    /// <summary>recvmmsg flag: block for the first datagram only, then take what is queued.</summary>
    public const int MSG_WAITFORONE = 0x10000;

    /// <summary>msg_flags bit: the datagram was longer than the buffer.</summary>
    public const int MSG_TRUNC = 0x20;

    /// <summary>msg_flags bit: ancillary data did not fit.</summary>
    public const int MSG_CTRUNC = 0x08;

    /// <summary>Index of an interface in the calling thread's network namespace (0 if none).</summary>
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint if_nametoindex(string name);

    /// <summary>Device ioctl (<c>SIOCGIF*</c>) with a 40-byte <c>struct ifreq</c>.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int ioctl(SafeHandle fd, nuint request, byte* ifreq);

    /// <summary>Receives one datagram with its source address and ancillary data.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial nint recvmsg(SafeHandle fd, MessageHeader* message, int flags);

    /// <summary>Receives up to <paramref name="count"/> datagrams in one call (a batch: one system call for a queue's worth).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int recvmmsg(SafeHandle fd, MultiMessageHeader* messages, uint count, int flags, void* timeout);

    /// <summary><c>struct mmsghdr</c>: a <c>msghdr</c> and the bytes received into it (64 bytes on LP64).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MultiMessageHeader
    {
        /// <summary>The message.</summary>
        public MessageHeader Header;

        /// <summary>Out: bytes received.</summary>
        public uint Length;
    }

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IOVector
    {
        /// <summary>Start of the buffer.</summary>
        public void* Base;

        /// <summary>Length of the buffer.</summary>
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c> (LP64 layout: the compiler pads after the 32-bit name length).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        /// <summary>Buffer for the source address (a <c>sockaddr_ll</c>).</summary>
        public void* Name;

        /// <summary>In: size of <see cref="Name"/>; out: bytes written.</summary>
        public uint NameLength;

        /// <summary>Scatter list.</summary>
        public IOVector* IOVectors;

        /// <summary>Number of entries in <see cref="IOVectors"/>.</summary>
        public nuint IOVectorCount;

        /// <summary>Buffer for control messages.</summary>
        public void* Control;

        /// <summary>In: size of <see cref="Control"/>; out: bytes written.</summary>
        public nuint ControlLength;

        /// <summary>Out: MSG_TRUNC, MSG_CTRUNC.</summary>
        public int Flags;
    }
}
