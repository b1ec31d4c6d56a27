using IPoIBDhcp.Text;
using Pidgin;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// One server parameter as a key: its dhcpd.conf name, how it is written, where it may stand and what a client gets
/// when no scope sets it. Scopes store values by key (<see cref="ScopeParameters"/>) and merge them generically, so
/// the parameter itself is declared once, in <see cref="ServerParameters"/>, and nowhere else.
/// </summary>
public abstract class ServerParameter
{
    private readonly ScopeKind? notIn;

    private protected ServerParameter(int index, string name, ParameterSyntax syntax, ScopeKind? notIn)
    {
        Index = index;
        Name = name;
        Syntax = syntax;
        this.notIn = notIn;
    }

    /// <summary>The dhcpd.conf keyword (lower case): <c>next-server</c>, <c>default-lease-time</c>.</summary>
    public string Name { get; }

    /// <summary>How the statement is written, which also fixes the value type.</summary>
    public ParameterSyntax Syntax { get; }

    /// <summary>The parameter's slot in every <see cref="ScopeParameters"/>: its place in <see cref="ServerParameters.All"/>.</summary>
    internal int Index { get; }

    /// <summary>The value in force when no scope sets it, boxed (null when there is none): for tables and tests.</summary>
    public abstract object? DefaultValue { get; }

    /// <summary>False where ISC refuses the statement (<c>authoritative</c> in a host declaration).</summary>
    public bool IsAllowedIn(ScopeKind kind) => kind != notIn;

    /// <summary>Hands the typed parameter to <paramref name="visitor"/>, so a reader can parse and store its value without casts.</summary>
    internal abstract void Accept(IServerParameterVisitor visitor);

    /// <summary>The dhcpd.conf name.</summary>
    public override string ToString() => Name;
}

/// <summary>A server parameter whose value is a <typeparamref name="T"/>; the key a reply reads it by.</summary>
/// <typeparam name="T">The value type: nullable when the parameter has no default.</typeparam>
public sealed class ServerParameter<T> : ServerParameter
{
    internal ServerParameter(int index, string name, ParameterSyntax syntax, T defaultValue,
        Parser<ConfigToken, T>? grammar, Parser<ConfigToken, T>? negated,
        Func<AccessMode, T>? fromAccess, ScopeKind? notIn)
        : base(index, name, syntax, notIn)
    {
        Default = defaultValue;
        Grammar = grammar;
        Negated = negated;
        FromAccess = fromAccess;
    }

    /// <summary>What a client gets when no scope sets the parameter.</summary>
    public T Default { get; }

    /// <inheritdoc/>
    public override object? DefaultValue => Default;

    /// <summary>The tokens after the name (<see cref="ParameterSyntax.Access"/>: none, the verb is the value).</summary>
    internal Parser<ConfigToken, T>? Grammar { get; }

    /// <summary>The tokens after <c>not NAME</c>, for a <see cref="ParameterSyntax.Switch"/>.</summary>
    internal Parser<ConfigToken, T>? Negated { get; }

    /// <summary>The value an <c>allow</c>, <c>deny</c> or <c>ignore</c> sets, for an <see cref="ParameterSyntax.Access"/>.</summary>
    internal Func<AccessMode, T>? FromAccess { get; }

    internal override void Accept(IServerParameterVisitor visitor) => visitor.Visit(this);
}

/// <summary>Recovers a parameter's value type from the untyped key found by name.</summary>
internal interface IServerParameterVisitor
{
    /// <summary>Called with the parameter at its own type.</summary>
    void Visit<T>(ServerParameter<T> parameter);
}
