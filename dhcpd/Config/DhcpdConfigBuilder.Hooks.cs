using System.Collections.Immutable;
using IPoIBDhcp.Server.Config.Hooks;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

internal sealed partial class DhcpdConfigBuilder
{
    private int hookDepth;

    /// <summary>
    /// <c>on commit|release|expiry [or …] { … }</c>, in any scope ISC allows it (every one, <c>if</c> arms included): the
    /// body becomes the scope's handler for those events, replacing an earlier <c>on</c> of the scope for the same event.
    /// </summary>
    private void ReadHook(BodyItem item, ScopeBuilder s)
    {
        if (!Run(item, HookGrammar.Events, "on", out var events)) return;
        if (!item.Statement.HasBody)
        {
            Error(item, "'on' needs a { … } block");
            return;
        }
        if (ReadHookBody(item) is { } body) s.Hooks = s.Hooks.With(events, new Hook(body, item.Position));
    }

    /// <summary>The statements of a hook body or an <c>if</c> arm inside one; null when any of them is wrong (each reported).</summary>
    private ImmutableArray<HookStatement>? ReadHookBody(BodyItem owner)
    {
        if (hookDepth >= ConfigLimits.MaxIfNesting)
        {
            Error(owner, $"'if' statements nested deeper than {ConfigLimits.MaxIfNesting}");
            return null;
        }
        hookDepth++;
        try
        {
            var items = Flatten(BodyOf(owner), owner.File);
            var statements = ImmutableArray.CreateBuilder<HookStatement>();
            bool ok = true;
            for (int i = 0; i < items.Count; i++)
            {
                var item = items[i];
                string keyword = item.Keyword;
                HookStatement? statement;
                if (keyword == "if")
                {
                    int end = i + 1;
                    while (end < items.Count && items[end].Keyword is "elsif" or "else") end++;
                    statement = ReadHookConditional(items.GetRange(i, end - i));
                    i = end - 1;
                }
                else statement = ReadHookStatement(item);
                if (statement is null) ok = false;
                else statements.Add(statement);
            }
            return ok ? statements.ToImmutable() : null;
        }
        finally
        {
            hookDepth--;
        }
    }

    private HookStatement? ReadHookStatement(BodyItem item)
    {
        string keyword = item.Keyword;
        if (item.Statement.Head.IsEmpty)
        {
            Error(item, "'{' without a statement before it");
            return null;
        }
        if (keyword is "elsif" or "else")
        {
            Error(item, $"'{keyword}' without a preceding 'if'");
            return null;
        }
        if (item.Statement.HasBody)
        {
            Error(item, $"'{item.Statement.Keyword.Text}' does not take a {{ … }} block");
            return null;
        }
        if (keyword is "execute" or "log" or "set" && !WithinExpressionLimits(item, item.Args, keyword)) return null;
        var binder = new ExpressionBinder(table, item.File.Text);
        HookStatement? statement = null;
        switch (keyword)
        {
            case "execute":
                if (Run(item, HookGrammar.Execute, "execute", out var execute))
                    statement = new ExecuteStatement(execute.Program, [.. execute.Arguments.Select(a => a(binder))], item.Position);
                break;
            case "log":
                if (Run(item, HookGrammar.Log, "log", out var log)) statement = new LogStatement(log.Priority, log.Message(binder), item.Position);
                break;
            case "set":
                if (Run(item, HookGrammar.Set, "set", out var set))
                    statement = new SetStatement(set.Name.Text, set.Value?.Invoke(binder), set.Literal is { } l ? l with { Name = set.Name.Text } : null, item.Position);
                break;
            case "unset":
                if (Run(item, HookGrammar.Unset, "unset", out var name)) statement = new UnsetStatement(name.Text, item.Position);
                break;
            default:
                Error(item, $"'{item.Statement.Keyword.Text}' is not supported in an 'on' block; only execute, log, set, unset and if");
                return null;
        }
        foreach (var e in binder.Errors) Error(item.File, e);
        return binder.Errors.Count == 0 ? statement : null;
    }

    private HookConditional? ReadHookConditional(List<BodyItem> chain)
    {
        var branches = ImmutableArray.CreateBuilder<HookBranch>();
        bool ok = ReadChain(chain, (item, condition) =>
        {
            if (ReadHookBody(item) is not { } body) return false;
            branches.Add(new HookBranch(condition, body));
            return true;
        });
        return ok ? new HookConditional(branches.ToImmutable(), chain[0].Position) : null;
    }
}
