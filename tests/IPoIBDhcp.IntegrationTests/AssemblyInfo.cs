// Each fixture starts its own processes on its own fabric name, ports and temp directory, so fixtures may
// run side by side; two at a time on the 2-core machines CI has.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]

// The tests run shell scripts, bind 127.0.0.2 and read /proc-style POSIX behaviour: Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
