using BenchmarkDotNet.Running;

namespace IPoIBDhcp.Bench.Micro;

/// <summary>Entry point: BenchmarkDotNet's switcher, so <c>--filter</c>, <c>--job short</c> and the other BDN flags work.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks the command line selects.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
