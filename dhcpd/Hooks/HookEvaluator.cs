using System.Collections.Immutable;
using System.Text;
using IPoIBDhcp.Logging;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Server.Config.Hooks;
using IPoIBDhcp.Server.Leases;
using IPoIBDhcp.Wire;

namespace IPoIBDhcp.Server.Hooks;

/// <summary>What running a hook's statements decided: the lease's variables after them, and the programs to run.</summary>
/// <param name="Variables">The variables, to store with the lease.</param>
/// <param name="Runs">The <c>execute</c>s, in order, to run once the lease is durable (null when none).</param>
public sealed record HookOutcome(IReadOnlyList<LeaseVariable> Variables, IReadOnlyList<ProgramRun>? Runs);

/// <summary>
/// Runs a hook body's statements at the moment of its event, under the server's lock, where the request is still valid:
/// <c>set</c>/<c>unset</c> change the lease's variables, <c>log</c> writes its line now, <c>if</c> picks an arm, and
/// <c>execute</c> only evaluates its arguments: the program itself runs later, off the request path
/// (<see cref="HookExecutor"/>). Bounded: the body is a finite tree (its <c>if</c> nesting is limited when read).
/// </summary>
public static class HookEvaluator
{
    /// <summary>Runs <paramref name="hook"/> for <paramref name="eventName"/> on the lease of <paramref name="address"/>.</summary>
    public static HookOutcome Run(Hook hook, string eventName, IPv4Address address, IOptionSource source, IReadOnlyList<LeaseVariable> variables, ILogSink log)
    {
        var context = new HookContext(source, variables);
        List<ProgramRun>? runs = null;
        Execute(hook.Body, eventName, address, context, log, ref runs);
        return new HookOutcome(context.Variables.Count == 0 ? [] : context.Variables.ToArray(), runs);
    }

    private static void Execute(ImmutableArray<HookStatement> body, string eventName, IPv4Address address, HookContext context, ILogSink log, ref List<ProgramRun>? runs)
    {
        foreach (var statement in body)
        {
            switch (statement)
            {
                case ExecuteStatement execute:
                    (runs ??= []).Add(new ProgramRun(execute.Program, [.. execute.Arguments.Select(a => Text(a.Evaluate(context)))], eventName, address));
                    break;
                case LogStatement logStatement:
                    var severity = logStatement.Priority switch
                    {
                        HookLogPriority.Fatal or HookLogPriority.Error => LogSeverity.Error,
                        HookLogPriority.Debug => LogSeverity.Debug,
                        _ => LogSeverity.Info,
                    };
                    // ISC logs nothing when the expression has no value.
                    if (log.IsEnabled(severity) && logStatement.Message.Evaluate(context) is { } line) log.Write(severity, Text(line));
                    break;
                case SetStatement set:
                    if (set.Literal is { } literal) context.Set(literal);
                    else if (set.Value!.Evaluate(context) is { } value) context.Set(new LeaseVariable(set.Name, Encoding.Latin1.GetString(value.Span)));
                    else context.Unset(set.Name); // no value: the variable has none (ISC writes no value for it)
                    break;
                case UnsetStatement unset:
                    context.Unset(unset.Name);
                    break;
                case HookConditional conditional:
                    foreach (var branch in conditional.Branches)
                    {
                        if (branch.Condition is not null && !branch.Condition.Evaluate(context)) continue;
                        Execute(branch.Body, eventName, address, context, log, ref runs);
                        break;
                    }
                    break;
            }
        }
    }

    /// <summary>Bytes as the text a program argument or log line carries (UTF-8; no data is the empty string).</summary>
    private static string Text(ReadOnlyMemory<byte>? bytes) => bytes is { } b ? Encoding.UTF8.GetString(b.Span) : "";
}
