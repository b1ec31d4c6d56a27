using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Runs a scope's <see cref="OptionStatement"/>s over the parameters the less specific scopes gave, as ISC's
/// execute_statements does: <c>supersede</c> replaces (a value that evaluates to null removes the option, as ISC then
/// sends nothing for it), <c>default</c> fills in only what is still missing, <c>prepend</c>/<c>append</c> join their
/// bytes before/after the value so far. <c>config-option</c> inside a value reads the options as they stand.
/// </summary>
internal static class OptionStatementRunner
{
    public static ScopeParameters Run(ImmutableArray<OptionStatement> statements, ScopeParameters lower, IOptionSource? request)
    {
        var options = new Dictionary<byte, ImmutableArray<byte>>(lower.Options);
        var result = lower;
        var view = new ConfigOptionView(request, options);
        foreach (var statement in statements)
        {
            if (request is null && !statement.IsConstant) continue;
            var value = statement.Value.Evaluate(view);
            if (statement.Field is { } field)
            {
                // Only "filename = …" and "server-name = …" reach here: they replace, like any parameter statement.
                result = result.With(field, value is { } text ? Encoding.Latin1.GetString(text.Span) : null);
                continue;
            }
            bool had = options.TryGetValue(statement.Code, out var before);
            switch (statement.Mode)
            {
                case OptionStatementMode.Supersede:
                    if (value is { } v) options[statement.Code] = [.. v.Span];
                    else options.Remove(statement.Code);
                    break;
                case OptionStatementMode.Default:
                    if (!had && value is { } d) options[statement.Code] = [.. d.Span];
                    break;
                case OptionStatementMode.Prepend:
                    if (value is { } p) options[statement.Code] = had ? [.. p.Span, .. before.AsSpan()] : [.. p.Span];
                    break;
                default:
                    if (value is { } a) options[statement.Code] = had ? [.. before.AsSpan(), .. a.Span] : [.. a.Span];
                    break;
            }
        }
        return result with { Options = options.ToFrozenDictionary() };
    }

    /// <summary>The request as the expressions see it, with <c>config-option</c> answered from the options built so far.</summary>
    private sealed class ConfigOptionView(IOptionSource? request, Dictionary<byte, ImmutableArray<byte>> options) : IOptionSource
    {
        public bool TryGetOption(byte code, out ReadOnlyMemory<byte> value)
        {
            if (request is not null) return request.TryGetOption(code, out value);
            value = default;
            return false;
        }

        public bool IsKnown => request?.IsKnown ?? false;

        public ReadOnlyMemory<byte> Packet => request?.Packet ?? ReadOnlyMemory<byte>.Empty;

        public bool IsStatic => request?.IsStatic ?? false;

        public string? HostDeclarationName => request?.HostDeclarationName;

        public Wire.IPv4Address? LeasedAddress => request?.LeasedAddress;

        public uint? LeaseTime => request?.LeaseTime;

        public bool TryGetConfigOption(byte code, out ReadOnlyMemory<byte> value)
        {
            bool found = options.TryGetValue(code, out var bytes);
            value = found ? bytes.AsMemory() : default;
            return found;
        }
    }
}
