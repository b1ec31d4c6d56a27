using System.Collections.Immutable;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config.Hooks;

/// <summary>One executable statement of a hook body (dhcp-eval(5)).</summary>
/// <param name="Position">Where the statement is, for messages.</param>
public abstract record HookStatement(SourcePosition Position);

/// <summary>
/// <c>execute("/path", arg, …);</c>: runs a program (never through a shell) with the arguments' values. The server
/// runs it once the lease is durable and the reply sent, off the request path, with a time limit.
/// </summary>
/// <param name="Program">The program's path, a quoted string as ISC requires.</param>
/// <param name="Arguments">Data expressions, evaluated when the event happens.</param>
/// <param name="Position">Where the statement is.</param>
public sealed record ExecuteStatement(string Program, ImmutableArray<DataExpression> Arguments, SourcePosition Position) : HookStatement(Position);

/// <summary><c>log(priority, expression);</c>: one line in the server's log; ISC's default priority is info.</summary>
/// <param name="Priority">fatal, error, info or debug.</param>
/// <param name="Message">The line.</param>
/// <param name="Position">Where the statement is.</param>
public sealed record LogStatement(HookLogPriority Priority, DataExpression Message, SourcePosition Position) : HookStatement(Position);

/// <summary><c>set NAME = value;</c>: a lease variable, written with the lease as ISC writes it (<c>set NAME = "…";</c>).</summary>
/// <param name="Name">The variable.</param>
/// <param name="Value">A data expression, or null when <paramref name="Literal"/> gives the value.</param>
/// <param name="Literal">A number (<c>%N</c> in the lease file) or <c>true</c>/<c>false</c>, with its kind; null for data.</param>
/// <param name="Position">Where the statement is.</param>
public sealed record SetStatement(string Name, DataExpression? Value, Leases.LeaseVariable? Literal, SourcePosition Position) : HookStatement(Position);

/// <summary><c>unset NAME;</c>: removes a lease variable.</summary>
/// <param name="Name">The variable.</param>
/// <param name="Position">Where the statement is.</param>
public sealed record UnsetStatement(string Name, SourcePosition Position) : HookStatement(Position);

/// <summary><c>if … { } elsif … { } else { }</c> inside a hook: the first arm whose condition holds runs.</summary>
/// <param name="Branches">The arms in written order; an <c>else</c> arm (no condition) is last.</param>
/// <param name="Position">Where the <c>if</c> is.</param>
public sealed record HookConditional(ImmutableArray<HookBranch> Branches, SourcePosition Position) : HookStatement(Position);

/// <summary>One arm of a hook's <c>if</c>.</summary>
/// <param name="Condition">The test, or null for <c>else</c>.</param>
/// <param name="Body">What the arm runs.</param>
public sealed record HookBranch(BooleanExpression? Condition, ImmutableArray<HookStatement> Body);

/// <summary>The priorities ISC's <c>log</c> statement takes.</summary>
public enum HookLogPriority : byte
{
    /// <summary><c>fatal</c> (logged as an error: a hook does not stop the server).</summary>
    Fatal,
    /// <summary><c>error</c>.</summary>
    Error,
    /// <summary><c>info</c>, the default.</summary>
    Info,
    /// <summary><c>debug</c>.</summary>
    Debug,
}
