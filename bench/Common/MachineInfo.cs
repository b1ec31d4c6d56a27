using System.Globalization;

namespace IPoIBDhcp.Bench;

/// <summary>The machine a result was measured on (cores, CPU model, memory), read from /proc where it exists.</summary>
public static class MachineInfo
{
    /// <summary>
    /// The 1-minute load average (/proc/loadavg), or null where there is none: on a shared machine a result
    /// means little without it.
    /// </summary>
    public static double? LoadAverage()
    {
        try
        {
            if (!File.Exists("/proc/loadavg")) return null;
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>e.g. <c>2 cpu, AMD EPYC 7763 64-Core Processor, 23.4 GiB</c>.</summary>
    public static string Describe()
    {
        string model = "unknown CPU";
        double memoryGiB = 0;
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                {
                    if (line.StartsWith("model name", StringComparison.Ordinal))
                    {
                        model = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                        break;
                    }
                }
            }
            if (File.Exists("/proc/meminfo"))
            {
                foreach (var line in File.ReadLines("/proc/meminfo"))
                {
                    if (!line.StartsWith("MemTotal:", StringComparison.Ordinal)) continue;
                    var kb = line["MemTotal:".Length..].Trim().Split(' ')[0];
                    memoryGiB = long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
                    break;
                }
            }
        }
        catch (IOException)
        {
        }
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cpu, {model}, {memoryGiB:0.0} GiB");
    }
}
