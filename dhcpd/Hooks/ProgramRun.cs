using System.Collections.Immutable;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Hooks;

/// <summary>
/// One <c>execute</c> a hook decided on, with its arguments already evaluated (the request they were evaluated from is
/// gone by the time it runs): the program runs after the lease is durable and the reply sent.
/// </summary>
/// <param name="Program">The program's path.</param>
/// <param name="Arguments">Its arguments (argv[1…]).</param>
/// <param name="Event">commit, release or expiry: for the log line when it fails.</param>
/// <param name="Address">The lease's address: for the log line when it fails.</param>
public sealed record ProgramRun(string Program, ImmutableArray<string> Arguments, string Event, IPv4Address Address);
