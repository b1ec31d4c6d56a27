namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// bench/results/boot-storm.md: one table that each <c>--results</c> run adds a row to, just above a marker
/// line, so notes written below the table stay where they are.
/// </summary>
internal static class ResultsTable
{
    public const string Marker = "<!-- bootstorm: new rows go above this line -->";

    private const string Header =
        "# Boot storm results\n\n" +
        "Measured with `dotnet run -c Release --project bench/BootStorm -- --nodes N --results bench/results/boot-storm.md`:\n" +
        "the real dhcpd core (ServerHost, DhcpServerCore, JournalLeaseStore with group commit and fsync) and N nodes,\n" +
        "each going FlexBoot -> iPXE -> OS dhclient, on the in-process emulated IPoIB fabric. Times are from switch-on\n" +
        "(before each node's power-on jitter) to the last node's OS dhclient bound; p50/p99/max are per node, power-on to OS bound.\n\n" +
        "| date | machine | command | nodes | time to all bound | p50 | p99 | max | retransmissions | address changes | syncs | peak working set |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|\n";

    public static void Append(string path, string row)
    {
        string text = File.Exists(path) ? File.ReadAllText(path) : Header + Marker + "\n";
        int at = text.IndexOf(Marker, StringComparison.Ordinal);
        text = at < 0 ? text + "\n" + row + "\n" : text[..at] + row + "\n" + text[at..];
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        File.WriteAllText(path, text);
    }
}
