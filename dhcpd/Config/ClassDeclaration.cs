using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>A client class: a condition plus the parameters its members get.</summary>
/// <param name="Name">Class name (used by <c>allow members of</c>).</param>
/// <param name="Scope">The class's scope.</param>
/// <param name="Match">The <c>match if</c> condition, or null for a class nothing can join (subclasses are not supported).</param>
/// <param name="Position">Where the declaration is.</param>
public sealed record ClassDeclaration(string Name, ConfigScope Scope, BooleanExpression? Match, SourcePosition Position)
{
    /// <summary>True when the client described by <paramref name="request"/> belongs to the class.</summary>
    public bool Matches(IOptionSource request) => Match?.Evaluate(request) == true;
}
