namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>
/// Reads a lease file as it is now, even while a running dhcpd holds it locked: <c>dhcpd -T</c> checks a live
/// file, as ISC's does (ISC never locks). The server's lock still keeps a second server from serving the same file.
/// </summary>
public static class LeaseFileSnapshot
{
    /// <summary>The file's bytes; <see cref="IOException"/> carries the system's reason ("Is a directory", "Permission denied").</summary>
    public static byte[] ReadAllBytes(string path)
    {
        if (Directory.Exists(path)) throw new IOException("Is a directory");
        using var handle = PosixFileSystem.OpenForReadingUnlocked(path);
        long length = RandomAccess.GetLength(handle);
        if (length > Array.MaxLength) throw new IOException($"the file is larger than {Array.MaxLength} bytes");
        byte[] data = new byte[length];
        int read = 0;
        while (read < data.Length)
        {
            int n = RandomAccess.Read(handle, data.AsSpan(read), read);
            if (n == 0) break; // shrunk while read (a compaction's rename does not touch this open file)
            read += n;
        }
        return read == data.Length ? data : data[..read];
    }
}
