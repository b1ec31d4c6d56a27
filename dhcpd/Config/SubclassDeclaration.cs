using System.Collections.Immutable;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>subclass "CLASS" DATA;</c> or <c>subclass "CLASS" DATA { … }</c>: clients whose value of the class's
/// <c>match</c> expression equals <see cref="Key"/> are members of the class and of this subclass.
/// </summary>
/// <param name="ClassName">The class it belongs to.</param>
/// <param name="Key">The value that selects it.</param>
/// <param name="Scope">Its own parameters (enclosed by the class's scope), or null when declared without a body.</param>
/// <param name="Position">Where the declaration is.</param>
public sealed record SubclassDeclaration(string ClassName, ImmutableArray<byte> Key, ConfigScope? Scope, SourcePosition Position)
{
    /// <summary>
    /// The name a request's class list carries for a member of this subclass with a scope: never a name a
    /// <c>members of</c> can spell, so it only selects the subclass's parameters.
    /// </summary>
    public string MemberName => MemberNameFor(ClassName, Key.AsSpan());

    /// <summary>The member name of the subclass of <paramref name="className"/> keyed by <paramref name="key"/>.</summary>
    public static string MemberNameFor(string className, ReadOnlySpan<byte> key) => $"{className}\0{Convert.ToHexString(key)}";
}
