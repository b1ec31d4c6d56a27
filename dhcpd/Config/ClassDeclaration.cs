using System.Collections.Frozen;
using System.Text;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// A client class: how a client joins it and the parameters its members get. A client joins when <see cref="Match"/>
/// (<c>match if</c>) holds, or there is none; then, when the class has a <see cref="SubMatch"/> (<c>match DATA;</c> or
/// <c>spawn with DATA;</c>), its value must select a subclass, except that a spawning class makes one for any
/// value (ISC's spawned subclasses; they carry no parameters of their own). A class with neither is joined only
/// through <c>match if</c>; one with nothing at all is joined by nobody.
/// </summary>
/// <param name="Name">Class name (used by <c>allow members of</c>).</param>
/// <param name="Scope">The class's scope.</param>
/// <param name="Match">The <c>match if</c> condition, or null.</param>
/// <param name="Position">Where the declaration is.</param>
public sealed record ClassDeclaration(string Name, ConfigScope Scope, BooleanExpression? Match, SourcePosition Position)
{
    /// <summary>The <c>match</c> or <c>spawn with</c> expression whose value picks a subclass, or null.</summary>
    public DataExpression? SubMatch { get; init; }

    /// <summary>True for <c>spawn with</c>: a value with no declared subclass still makes the client a member.</summary>
    public bool Spawns { get; init; }

    /// <summary>Declared subclasses by key (the key's bytes as Latin-1 text, so lookup needs no custom comparer).</summary>
    public FrozenDictionary<string, SubclassDeclaration> Subclasses { get; init; } = FrozenDictionary<string, SubclassDeclaration>.Empty;

    /// <summary>True when the client described by <paramref name="request"/> belongs to the class.</summary>
    public bool Matches(IOptionSource request) => Classify(request, out _);

    /// <summary>Whether the client belongs to the class, and the declared subclass it belongs to, if any.</summary>
    public bool Classify(IOptionSource request, out SubclassDeclaration? subclass)
    {
        subclass = null;
        if (Match is null && SubMatch is null) return false;
        if (Match is not null && !Match.Evaluate(request)) return false;
        if (SubMatch is null) return true;
        if (SubMatch.Evaluate(request) is not { } value) return false;
        if (Subclasses.TryGetValue(Encoding.Latin1.GetString(value.Span), out subclass)) return true;
        return Spawns;
    }
}
