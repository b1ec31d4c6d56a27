using System.Globalization;

namespace IPoIBDhcp.Bench.BootStorm;

/// <summary>
/// What one boot storm simulates: how many nodes, spread over how many partitions, how they power on,
/// where its files go, and its bounds (a global timeout, so a storm always stops by itself).
/// </summary>
public sealed record StormOptions
{
    /// <summary>The usage text printed on a bad command line.</summary>
    public const string Usage =
        "Usage: bootstorm [--nodes N] [--partitions 1-3] [--out DIR] [--seed N] [--jitter-ms MS] [--stage-delay-ms MS]\n" +
        "                 [--timeout S] [--rx-queue N] [--results FILE] [--dhcpd-process [--dhcpd PATH]] [--no-progress]";

    /// <summary>Most nodes the generated subnets hold (198.18.0.0/16 + two /17s in 198.19.0.0/16).</summary>
    public const int MaxNodes = 120_000;

    /// <summary>Diskless nodes powered on together.</summary>
    public int Nodes { get; init; } = 2000;

    /// <summary>P_Keys the nodes are spread over: 1 = 0xffff only; 2 adds 0x8001; 3 adds 0x8002.</summary>
    public int Partitions { get; init; } = 3;

    /// <summary>Directory for the generated configuration, the lease file and the logs; null: a new temporary directory.</summary>
    public string? OutDirectory { get; init; }

    /// <summary>Seed of power-on jitter, transaction ids and retransmission jitter: a seed replays the same storm schedule.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Each node powers on at a uniformly random moment within this window (the PDUs are not perfectly simultaneous).</summary>
    public int JitterMilliseconds { get; init; } = 500;

    /// <summary>Pause between a stage's ACK and the next stage's first packet (TFTP of iPXE, kernel boot); 0 measures DHCP alone.</summary>
    public int StageDelayMilliseconds { get; init; }

    /// <summary>The storm is abandoned after this long; nodes not bound by then count as failed.</summary>
    public int TimeoutSeconds { get; init; } = 120;

    /// <summary>Receive ring of every emulated port, in frames: the head node's socket buffer during the storm.</summary>
    public int ReceiveQueue { get; init; } = 16384;

    /// <summary>Markdown file to append a result row to (bench/results/boot-storm.md), or null.</summary>
    public string? ResultsFile { get; init; }

    /// <summary>Run the real dhcpd binary as a separate process over the loopback fabric transport instead of in-process.</summary>
    public bool DhcpdProcess { get; init; }

    /// <summary>The dhcpd executable for <see cref="DhcpdProcess"/>; null: the one built beside this program.</summary>
    public string? DhcpdPath { get; init; }

    /// <summary>Show the live progress line on stderr.</summary>
    public bool Progress { get; init; } = true;

    /// <summary>Parses the command line; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out StormOptions options, out string error)
    {
        options = new StormOptions();
        error = "";
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? Next()
            {
                if (i + 1 >= args.Count) return null;
                return args[++i];
            }
            bool Int(out int value, int min, int max)
            {
                value = 0;
                string? text = Next();
                return text is not null && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
            }
            switch (arg)
            {
                case "--nodes":
                    if (!Int(out int n, 1, MaxNodes)) { error = $"--nodes takes 1..{MaxNodes}"; return false; }
                    options = options with { Nodes = n };
                    break;
                case "--partitions":
                    if (!Int(out int p, 1, 3)) { error = "--partitions takes 1, 2 or 3"; return false; }
                    options = options with { Partitions = p };
                    break;
                case "--seed":
                    if (!Int(out int s, int.MinValue, int.MaxValue)) { error = "--seed takes an integer"; return false; }
                    options = options with { Seed = s };
                    break;
                case "--jitter-ms":
                    if (!Int(out int j, 0, 600_000)) { error = "--jitter-ms takes 0..600000"; return false; }
                    options = options with { JitterMilliseconds = j };
                    break;
                case "--stage-delay-ms":
                    if (!Int(out int d, 0, 600_000)) { error = "--stage-delay-ms takes 0..600000"; return false; }
                    options = options with { StageDelayMilliseconds = d };
                    break;
                case "--timeout":
                    if (!Int(out int t, 1, 86_400)) { error = "--timeout takes 1..86400 seconds"; return false; }
                    options = options with { TimeoutSeconds = t };
                    break;
                case "--rx-queue":
                    if (!Int(out int q, 16, 1 << 22)) { error = "--rx-queue takes 16..4194304 frames"; return false; }
                    options = options with { ReceiveQueue = q };
                    break;
                case "--out":
                    if (Next() is not { Length: > 0 } dir) { error = "--out takes a directory"; return false; }
                    options = options with { OutDirectory = dir };
                    break;
                case "--results":
                    if (Next() is not { Length: > 0 } file) { error = "--results takes a file"; return false; }
                    options = options with { ResultsFile = file };
                    break;
                case "--dhcpd":
                    if (Next() is not { Length: > 0 } path) { error = "--dhcpd takes the dhcpd executable"; return false; }
                    options = options with { DhcpdPath = path, DhcpdProcess = true };
                    break;
                case "--dhcpd-process":
                    options = options with { DhcpdProcess = true };
                    break;
                case "--no-progress":
                    options = options with { Progress = false };
                    break;
                case "-h" or "--help":
                    error = "";
                    return false;
                default:
                    error = $"unknown argument '{arg}'";
                    return false;
            }
        }
        int capacity = StormLayout.Capacity(options.Partitions);
        if (options.Nodes > capacity)
        {
            error = $"{options.Nodes} nodes do not fit {options.Partitions} partition(s): at most {capacity}";
            return false;
        }
        return true;
    }
}
