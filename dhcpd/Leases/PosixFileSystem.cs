using System.Runtime.InteropServices;

namespace IPoIBDhcp.Server.Leases;

/// <summary>
/// The two file system calls .NET does not expose: fsync of a directory (needed so a rename that
/// installed a compacted lease file survives power loss) and hard links (ISC keeps the previous file
/// as <c>dhcpd.leases~</c> by linking, which costs no copy). Linux/Unix libc only.
/// </summary>
internal static partial class PosixFileSystem
{
    private const int ReadOnly = 0; // O_RDONLY
    private const int CloseOnExec = 0x80000; // O_CLOEXEC (Linux)

    /// <summary>fsyncs a directory so entries created or renamed in it are durable. No-op on Windows,
    /// where NTFS metadata journaling covers renames and directories cannot be opened this way.</summary>
    public static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd = Open(directory, ReadOnly);
        if (fd < 0) throw new IOException($"open({directory}) for fsync failed: {Marshal.GetLastPInvokeErrorMessage()}");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"fsync({directory}) failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Opens <paramref name="path"/> for reading without the advisory lock .NET's own open takes (which fails while a
    /// running server holds the file), so a live lease file can still be checked, as ISC's <c>dhcpd -T</c> does.
    /// Throws <see cref="IOException"/> carrying the system's reason ("Permission denied").
    /// </summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle OpenForReadingUnlocked(string path)
    {
        if (OperatingSystem.IsWindows()) return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        int fd = Open(path, ReadOnly | CloseOnExec);
        if (fd < 0) throw new IOException(Marshal.GetLastPInvokeErrorMessage());
        return new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Creates a hard link; false where links are unsupported or the call fails.</summary>
    public static bool TryHardLink(string existing, string link) =>
        !OperatingSystem.IsWindows() && Link(existing, link) == 0;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string link);
}
