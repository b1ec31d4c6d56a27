using System.Runtime.CompilerServices;
using IPoIBDhcp.Text;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// One lexical scope (global, shared-network, subnet, pool, group, host, class) with its own parameters and
/// a link to the enclosing scope. Effective values are found by walking outwards; see <see cref="ParameterResolver"/>
/// for how host, class and pool chains combine.
/// </summary>
/// <param name="Kind">What declared the scope.</param>
/// <param name="Name">Subnet in CIDR form, host/class/shared-network name, or empty.</param>
/// <param name="Position">Where the declaration is.</param>
/// <param name="Parameters">What this scope itself sets.</param>
/// <param name="Parent">The enclosing scope; null only for the global scope.</param>
public sealed record ConfigScope(ScopeKind Kind, string Name, SourcePosition Position, ScopeParameters Parameters, ConfigScope? Parent)
{
    /// <summary>
    /// Scopes are equal only to themselves. Two declarations with the same text are still two scopes, and comparing
    /// or hashing by value would walk the whole enclosing chain recursively: 20,000 nested groups (which ISC accepts)
    /// would exhaust the stack the first time a subnet or host is used as a dictionary key.
    /// </summary>
    public bool Equals(ConfigScope? other) => ReferenceEquals(this, other);

    /// <summary>Identity hash, matching <see cref="Equals(ConfigScope?)"/>.</summary>
    public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);

    /// <summary>This scope, then each enclosing one out to the global scope.</summary>
    public IEnumerable<ConfigScope> Chain()
    {
        for (var s = this; s is not null; s = s.Parent) yield return s;
    }

    /// <summary>True when <paramref name="other"/> is this scope or encloses it.</summary>
    public bool IsWithin(ConfigScope other)
    {
        // A loop, not Chain().Any(…): the parameter resolver asks this for every request.
        for (var s = this; s is not null; s = s.Parent)
            if (ReferenceEquals(s, other)) return true;
        return false;
    }

    /// <summary>The unconditional parameters in force here: innermost wins, parameter by parameter.</summary>
    public ScopeParameters Effective() => ParameterResolver.Resolve(null, [this]);

    /// <summary>The parameters in force here for <paramref name="request"/>, <c>if</c> statements included.</summary>
    public ScopeParameters Effective(IOptionSource request) => ParameterResolver.Resolve(request, [this]);

    /// <summary>A readable name for messages: <c>subnet 198.18.0.0/20</c>, <c>host node1</c>.</summary>
    public override string ToString() => Kind switch
    {
        ScopeKind.Global => "global scope",
        ScopeKind.SharedNetwork => $"shared-network {Name}",
        ScopeKind.Subnet => $"subnet {Name}",
        ScopeKind.Host => $"host {Name}",
        ScopeKind.Class => $"class \"{Name}\"",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
