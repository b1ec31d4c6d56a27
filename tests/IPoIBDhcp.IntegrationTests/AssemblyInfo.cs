// Each fixture starts its own processes on its own fabric name, ports and temp directory, so fixtures may
// run side by side; two at a time on the 2-core machines CI has.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]
