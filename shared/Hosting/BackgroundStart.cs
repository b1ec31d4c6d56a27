using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace IPoIBDhcp.Hosting;

/// <summary>
/// The parent half of going to the background the way ISC's daemons do (fork, the parent waits on a pipe until the child
/// serves, then exits 0), for a .NET program, which cannot fork: the parent starts its own executable again with the
/// same arguments and a pipe's write end named in <see cref="ReadyDescriptorVariable"/>, then waits. The child
/// (<see cref="DetachedChild"/>) writes one byte once it serves and leaves the terminal's session; if it fails first, it
/// has already said why on the terminal (stderr is shared until then) and its exit status becomes the parent's.
/// </summary>
/// <remarks>
/// So <c>start-stop-daemon --start --exec dhcpd</c>, an init script or an ifupdown hook returns once the service is
/// up, with 0, or with the failure's status. A SIGTERM, SIGINT or SIGHUP sent to the waiting parent is passed on to the
/// child, so stopping the starter stops what it started.
/// </remarks>
public static class BackgroundStart
{
    /// <summary>The environment variable naming the readiness pipe's descriptor in the child; internal to this handshake.</summary>
    public const string ReadyDescriptorVariable = "IPOIBDHCP_READY_FD";

    /// <summary>
    /// Starts this executable again with <paramref name="args"/> in the background and waits: 0 once the child reports
    /// it serves, otherwise the child's exit status (it printed its reason on the shared stderr).
    /// <paramref name="stderr"/> gets one line when the child cannot even be started.
    /// </summary>
    public static int Run(string program, IReadOnlyList<string> args, TextWriter stderr)
    {
        if (Environment.ProcessPath is not { } executable)
        {
            stderr.WriteLine($"{program}: can't go to the background: the path of this executable is unknown (use -f or -d)");
            return 1;
        }
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
        var info = new ProcessStartInfo(executable) { UseShellExecute = false };
        // Run as 'dotnet dhcpd.dll': the host needs the program's path again before the arguments.
        if (Path.GetFileNameWithoutExtension(executable) == "dotnet") info.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        info.Environment[ReadyDescriptorVariable] = pipe.GetClientHandleAsString();

        Process child;
        try
        {
            child = Process.Start(info) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            stderr.WriteLine($"{program}: can't go to the background: {ex.Message}");
            return 1;
        }
        pipe.DisposeLocalCopyOfClientHandle();
        using (child)
        {
            void Forward(PosixSignalContext context)
            {
                context.Cancel = true;
                ProcessCalls.kill(child.Id, (int)SignalNumber(context.Signal));
            }
            using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Forward);
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Forward);
            using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Forward);
            // One byte: the child serves. End of file without it: the child exited (or closed the pipe and will exit).
            if (pipe.ReadByte() == 0) return 0;
            child.WaitForExit();
            return child.ExitCode;
        }
    }

    // PosixSignal's values are .NET's own (negative); kill(2) wants Linux's numbers.
    private static int SignalNumber(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGTERM => 15,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal.ToString()),
    };

    /// <summary>The descriptor number the parent passed, from <paramref name="value"/>; false when it is not one.</summary>
    internal static bool TryParseDescriptor(string? value, out int fd) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out fd) && fd > 2;
}
