using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Hosting;

/// <summary>
/// The client side of systemd's notify protocol (sd_notify(3)): one datagram of <c>KEY=value</c> lines to the unix socket
/// named by <c>NOTIFY_SOCKET</c> (a path, or <c>@name</c> for an abstract socket). It lets a <c>Type=notify</c> unit
/// know when dhcpd really serves (<see cref="Ready"/>), reloads (<see cref="Reloading"/> then <see cref="Ready"/>) and
/// stops (<see cref="Stopping"/>). Written here instead of taking Microsoft.Extensions.Hosting.Systemd because the
/// programs do not run on the generic host, and the protocol is one <c>sendto</c>.
/// </summary>
/// <remarks>
/// Without <c>NOTIFY_SOCKET</c> every method does nothing (<see cref="Enabled"/> is false), so callers need no checks.
/// A message that cannot be delivered (socket gone, receiver's queue full: the socket never blocks) is reported once
/// per message through the failure callback and otherwise ignored: readiness is a courtesy to the supervisor, serving
/// goes on. <c>NOTIFY_SOCKET</c> stays in the environment, as sd_notify(0, …) leaves it.
/// </remarks>
public sealed partial class SystemdNotifier : IDisposable
{
    /// <summary>The environment variable systemd sets for <c>Type=notify</c> services.</summary>
    public const string SocketVariable = "NOTIFY_SOCKET";

    private readonly UnixDomainSocketEndPoint? endpoint;
    private readonly Socket? socket;
    private readonly Action<string> failed;

    private SystemdNotifier(string? address, UnixDomainSocketEndPoint? endpoint, Socket? socket, Action<string> failed)
    {
        Address = address;
        this.endpoint = endpoint;
        this.socket = socket;
        this.failed = failed;
    }

    /// <summary>
    /// A notifier for the socket in <c>NOTIFY_SOCKET</c>, or a disabled one when the variable is unset or empty.
    /// <paramref name="failed"/> receives one plain line for each message that could not be sent (and for an address
    /// this client cannot use, such as systemd's <c>vsock:</c> form, at the first message).
    /// </summary>
    public static SystemdNotifier FromEnvironment(Func<string, string?> environment, Action<string> failed)
    {
        string? address = environment(SocketVariable);
        if (string.IsNullOrEmpty(address)) return new SystemdNotifier(null, null, null, failed);
        if (address[0] != '/' && address[0] != '@')
            return new SystemdNotifier(address, null, null, failed);
        // An abstract socket's name starts with a NUL byte in the address; systemd writes it '@'.
        var endpoint = new UnixDomainSocketEndPoint(address[0] == '@' ? "\0" + address[1..] : address);
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
        return new SystemdNotifier(address, endpoint, socket, failed);
    }

    /// <summary>True when <c>NOTIFY_SOCKET</c> names a socket: the process runs as a systemd <c>Type=notify</c> service (or under a test posing as one).</summary>
    public bool Enabled => Address is not null;

    /// <summary>The address from <c>NOTIFY_SOCKET</c>, or null when disabled.</summary>
    public string? Address { get; }

    /// <summary>
    /// <c>READY=1</c> with <c>MAINPID</c> (this process: right even when a wrapper started it) and an optional
    /// <c>STATUS</c> line: start-up (or a reload) is complete and the service serves.
    /// </summary>
    public bool Ready(string? status = null) =>
        Send($"READY=1\nMAINPID={Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}{StatusLine(status)}");

    /// <summary>
    /// <c>RELOADING=1</c> with <c>MONOTONIC_USEC</c> (which <c>Type=notify-reload</c> requires): a reload started;
    /// follow it with <see cref="Ready"/> when the reload is done, whether the new configuration was taken or refused.
    /// </summary>
    public bool Reloading(string? status = null) =>
        Send($"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds().ToString(CultureInfo.InvariantCulture)}{StatusLine(status)}");

    /// <summary><c>STOPPING=1</c>: the service is shutting down (sent when the stop begins, before the lease file is closed).</summary>
    public bool Stopping(string? status = null) => Send($"STOPPING=1{StatusLine(status)}");

    /// <summary><c>STATUS=</c>: a one-line status shown by <c>systemctl status</c>.</summary>
    public bool Status(string status) => Send($"STATUS={OneLine(status)}");

    /// <summary><c>MAINPID=</c>: tells systemd which process is the service's main one.</summary>
    public bool MainPid(int pid) => Send($"MAINPID={pid.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Sends <paramref name="state"/> (newline-separated <c>KEY=value</c> lines) as one datagram; false (reported) when it could not.</summary>
    public bool Send(string state)
    {
        if (Address is null) return false;
        if (socket is null || endpoint is null)
        {
            failed($"{SocketVariable}={Address}: only unix socket paths and @abstract names are supported; systemd not notified");
            return false;
        }
        try
        {
            socket.SendTo(Encoding.UTF8.GetBytes(state), SocketFlags.None, endpoint);
            return true;
        }
        catch (SocketException ex)
        {
            failed($"can't notify systemd at {Address}: {ErrorText.Of(ex)}");
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => socket?.Dispose();

    private static string StatusLine(string? status) => status is null ? "" : $"\nSTATUS={OneLine(status)}";

    // A newline inside the status would start a new KEY=value line.
    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>CLOCK_MONOTONIC in microseconds, the clock systemd compares MONOTONIC_USEC with.</summary>
    private static long MonotonicMicroseconds()
    {
        Timespec ts;
        return ClockGetTime(ClockMonotonic, out ts) == 0 ? ts.Seconds * 1_000_000 + ts.Nanoseconds / 1_000 : 0;
    }

    private const int ClockMonotonic = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);
}
