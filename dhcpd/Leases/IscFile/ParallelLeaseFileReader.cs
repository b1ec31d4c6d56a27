using System.IO.MemoryMappedFiles;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>
/// Reads a large lease file on every core: the file is cut into parts just before a line that starts a
/// <c>lease</c> record, each part is parsed by its own <see cref="IscLeaseFileReader"/>, and the parts'
/// leases are joined in file order, so last-write-wins replay sees exactly the sequence one reader would.
/// A head node restarting on a million leases waits for the parse, not for the disk: a large file is parsed
/// straight from its memory mapping (no copy of hundreds of megabytes into a fresh array first).
/// </summary>
/// <remarks>
/// The answer is always the sequential reader's. Each part starts where that reader resumes after damage (a line
/// starting a record), and a string cannot run past such a line, so a part reads as it would inside the whole; still,
/// if any part but the last reports a problem (its damage might have run on into the next part), the whole file is
/// read again by one reader.
/// </remarks>
public static unsafe class ParallelLeaseFileReader
{
    /// <summary>Files smaller than this are read by one reader: splitting costs more than it saves.</summary>
    public const int DefaultMinimumBytes = 8 << 20;

    /// <summary>Reads <paramref name="path"/> (a missing file reads as empty) on up to <paramref name="parts"/> threads.</summary>
    public static LeaseFileContent ReadFile(string path, int parts = 0, int minimumBytes = DefaultMinimumBytes)
    {
        long length = File.Exists(path) ? new FileInfo(path).Length : 0;
        if (length < Math.Max(1, minimumBytes) || length > int.MaxValue)
            return Read(length == 0 ? [] : File.ReadAllBytes(path), parts, minimumBytes);
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        try
        {
            return Read((nint)(start + view.PointerOffset), (int)Math.Min(length, view.Capacity), parts, minimumBytes);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    /// <summary>Parses lease file bytes on up to <paramref name="parts"/> threads (0: one per core).</summary>
    public static LeaseFileContent Read(byte[] data, int parts = 0, int minimumBytes = DefaultMinimumBytes)
    {
        ArgumentNullException.ThrowIfNull(data);
        fixed (byte* start = data)
        {
            return Read((nint)start, data.Length, parts, minimumBytes);
        }
    }

    // The bytes stay valid (pinned or mapped) for the whole call; parts are parsed from spans over them.
    private static LeaseFileContent Read(nint address, int length, int parts, int minimumBytes)
    {
        var data = new ReadOnlySpan<byte>((void*)address, length);
        if (parts <= 0) parts = Environment.ProcessorCount;
        var starts = SplitPoints(data, parts, minimumBytes);
        if (starts.Count == 1) return new IscLeaseFileReader().Read(data);

        var firstLines = new int[starts.Count];
        firstLines[0] = 1;
        for (int i = 1; i < starts.Count; i++)
            firstLines[i] = firstLines[i - 1] + data[starts[i - 1]..starts[i]].Count((byte)'\n');
        var results = new LeaseFileContent[starts.Count];
        Parallel.For(0, starts.Count, new ParallelOptions { MaxDegreeOfParallelism = starts.Count }, i =>
        {
            int end = i + 1 < starts.Count ? starts[i + 1] : length;
            results[i] = new IscLeaseFileReader().Read(new ReadOnlySpan<byte>((void*)(address + starts[i]), end - starts[i]), firstLines[i]);
        });
        for (int i = 0; i + 1 < results.Length; i++)
        {
            if (results[i].TornTail || results[i].Diagnostics.Any(d => !d.IsNote))
                return new IscLeaseFileReader().Read(data);
        }
        return Join(starts, results);
    }

    private static List<int> SplitPoints(ReadOnlySpan<byte> data, int parts, int minimumBytes)
    {
        var starts = new List<int> { 0 };
        if (parts < 2 || data.Length < minimumBytes) return starts;
        ReadOnlySpan<byte> recordStart = "\nlease "u8;
        for (int k = 1; k < parts; k++)
        {
            int from = Math.Max((int)((long)data.Length * k / parts), starts[^1] + 1);
            if (from >= data.Length) break;
            int found = data[from..].IndexOf(recordStart);
            if (found < 0) break;
            starts.Add(from + found + 1);
        }
        return starts;
    }

    private static LeaseFileContent Join(List<int> starts, LeaseFileContent[] results)
    {
        var leases = new List<Lease>(results.Sum(r => r.Leases.Count));
        var diagnostics = new List<ConfigDiagnostic>();
        var hosts = new List<IscHostRecord>();
        ReadOnlyMemory<byte> serverDuid = default;
        string? byteOrder = null;
        foreach (var part in results)
        {
            leases.AddRange(part.Leases);
            hosts.AddRange(part.Hosts);
            diagnostics.AddRange(part.Diagnostics);
            if (!part.ServerDuid.IsEmpty) serverDuid = part.ServerDuid;
            byteOrder = part.AuthoringByteOrder ?? byteOrder;
        }
        var last = results[^1];
        return new LeaseFileContent
        {
            Leases = leases,
            Hosts = hosts,
            Diagnostics = diagnostics,
            ServerDuid = serverDuid,
            AuthoringByteOrder = byteOrder,
            FailoverBlocksSkipped = results.Sum(r => r.FailoverBlocksSkipped),
            ValidLength = starts[^1] + last.ValidLength,
            TornTail = last.TornTail,
            DamagedRegions = results.Sum(r => r.DamagedRegions),
            DamagedBytes = results.Sum(r => r.DamagedBytes),
        };
    }
}
