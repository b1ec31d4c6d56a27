using System.Text;
using System.Text.RegularExpressions;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>DATA ~= PATTERN</c> (or <c>~~</c>, ignoring case): whether the data, read as text up to its first NUL as ISC's
/// regexec does, contains a match of the POSIX extended regular expression. Undefined when either side is null, as
/// ISC. A constant pattern is compiled once when the file is read (<see cref="Compiled"/>); a computed one per request,
/// and one that does not compile simply does not match (ISC does not report it either).
/// </summary>
/// <param name="Data">The text to search.</param>
/// <param name="Pattern">The regular expression.</param>
/// <param name="IgnoreCase">True for <c>~~</c>.</param>
/// <param name="Compiled">The pattern compiled at load time when it is a constant, else null.</param>
public sealed record RegexMatchExpression(DataExpression Data, DataExpression Pattern, bool IgnoreCase, Regex? Compiled) : BooleanExpression
{
    /// <summary>How long one match may run before it counts as no match: a pattern from a packet cannot stall the server.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);

    /// <summary>Compiles <paramref name="pattern"/> with the options ISC uses (extended syntax, optionally ignoring case).</summary>
    public static Regex? TryCompile(ReadOnlySpan<byte> pattern, bool ignoreCase, out string? error)
    {
        try
        {
            error = null;
            var options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            return new Regex(Text(pattern), options, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <inheritdoc/>
    public override bool? EvaluateDefined(IOptionSource request)
    {
        if (Data.Evaluate(request) is not { } data || Pattern.Evaluate(request) is not { } pattern) return null;
        var regex = Compiled ?? TryCompile(pattern.Span, IgnoreCase, out _);
        if (regex is null) return false;
        try
        {
            return regex.IsMatch(Text(data.Span));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Text(ReadOnlySpan<byte> bytes)
    {
        int nul = bytes.IndexOf((byte)0);
        return Encoding.Latin1.GetString(nul < 0 ? bytes : bytes[..nul]);
    }
}
