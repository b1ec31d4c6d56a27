namespace IPoIBDhcp.Server.Config;

/// <summary>What declared a scope; decides which statements are legal in it and where it sits in the precedence order.</summary>
public enum ScopeKind
{
    /// <summary>The file's top level.</summary>
    Global,
    /// <summary><c>shared-network NAME { … }</c>: subnets on one physical link (one IPoIB partition carrying several IP subnets).</summary>
    SharedNetwork,
    /// <summary><c>subnet A netmask M { … }</c>.</summary>
    Subnet,
    /// <summary><c>pool { … }</c> in a subnet or shared network.</summary>
    Pool,
    /// <summary><c>group { … }</c>: parameters shared by the declarations inside.</summary>
    Group,
    /// <summary><c>host NAME { … }</c>.</summary>
    Host,
    /// <summary><c>class "NAME" { … }</c>.</summary>
    Class,
    /// <summary>A branch of <c>if</c>/<c>elsif</c>/<c>else</c>: parameters only.</summary>
    Conditional,
}
