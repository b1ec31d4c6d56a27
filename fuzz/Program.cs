using SharpFuzz;

namespace IPoIBDhcp.Fuzz;

/// <summary>
/// Entry point. <c>IPoIBDhcp.Fuzz TARGET</c> is what afl-fuzz runs (input on stdin, SharpFuzz's fork server
/// that survives stack overflows); <c>seeds TARGET DIR REPO</c> writes the starting corpus built from the
/// golden fixtures; <c>replay TARGET PATH…</c> runs files or folders once each and prints any failure with
/// its stack, for triage.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length >= 1 && FuzzTargets.All.TryGetValue(args[0], out FuzzTarget? target))
        {
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                target(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            });
            return 0;
        }
        if (args.Length == 4 && args[0] == "seeds" && FuzzTargets.All.ContainsKey(args[1]))
        {
            int count = Seeds.Write(args[1], args[2], args[3]);
            Console.WriteLine($"{args[1]}: {count} seeds in {args[2]}");
            return count > 0 ? 0 : 1;
        }
        if (args.Length >= 3 && args[0] == "replay" && FuzzTargets.All.TryGetValue(args[1], out target))
            return Replay(target, args[2..]);
        Console.Error.WriteLine("usage: IPoIBDhcp.Fuzz TARGET            (under afl-fuzz, input on stdin)");
        Console.Error.WriteLine("       IPoIBDhcp.Fuzz seeds TARGET DIR REPO");
        Console.Error.WriteLine("       IPoIBDhcp.Fuzz replay TARGET FILE|DIR...");
        Console.Error.WriteLine($"targets: {string.Join(", ", FuzzTargets.All.Keys)}");
        return 2;
    }

    private static int Replay(FuzzTarget target, string[] paths)
    {
        // An input slower than this (after the warm-up call below pays for JIT) counts as a hang, as in the unit tests.
        const int HangMilliseconds = 10_000;
        int failed = 0;
        try
        {
            target([]);
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine("FAIL on the empty input");
            Console.WriteLine(e);
        }
        var files = paths.SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p).Order(StringComparer.Ordinal) : (IEnumerable<string>)[p]);
        foreach (string file in files)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                target(File.ReadAllBytes(file));
                bool hang = watch.ElapsedMilliseconds > HangMilliseconds;
                if (hang) failed++;
                Console.WriteLine($"{(hang ? "HANG" : "ok  ")} {watch.ElapsedMilliseconds,6} ms  {file}");
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine($"FAIL {watch.ElapsedMilliseconds,6} ms  {file}");
                Console.WriteLine(e);
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
