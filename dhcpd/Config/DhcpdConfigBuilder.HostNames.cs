using System.Collections.Immutable;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Options;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Host names where ISC allows an address (<c>fixed-address</c>, <c>next-server</c>, <c>server-identifier</c>, options of
/// type ip-address): resolved once, when the file is read, through <see cref="IHostNameResolver"/>. A name that does not
/// resolve is an error at its position, so <c>dhcpd -t</c> finds it before a client would.
/// </summary>
internal sealed partial class DhcpdConfigBuilder
{
    // One lookup per name per load: a name used by a hundred hosts costs one query.
    private readonly Dictionary<string, (ImmutableArray<IPv4Address> Addresses, string Error)> lookups = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The addresses <paramref name="token"/> stands for: itself when it is a dotted quad, else every IPv4 address its
    /// host name resolves to. False (reported at the token) when it is neither.
    /// </summary>
    private bool TryResolve(BodyItem item, ConfigToken token, string what, out ImmutableArray<IPv4Address> addresses)
    {
        if (IPv4Address.TryParse(token.Text, out var address))
        {
            addresses = [address];
            return true;
        }
        addresses = [];
        string name = token.Text;
        if (token.Kind != K.Word || !IsHostName(name))
        {
            Error(item.File, item.File.Text.PositionOf(token), $"{what}: '{name}' is not an IPv4 address or a host name");
            return false;
        }
        if (!lookups.TryGetValue(name, out var found))
        {
            found = resolver.TryResolve(name, out var resolved, out var error) ? (resolved, "") : ([], error);
            lookups[name] = found;
        }
        if (found.Addresses.IsDefaultOrEmpty)
        {
            Error(item.File, item.File.Text.PositionOf(token), $"{what}: cannot resolve host name '{name}': {found.Error}");
            return false;
        }
        addresses = found.Addresses;
        return true;
    }

    /// <summary>
    /// Letters, digits, '-', '_' and dots, with at least one letter: a mistyped address (<c>198.18.0.999</c>) is said to be
    /// one, not looked up.
    /// </summary>
    private static bool IsHostName(string text) =>
        text.Length is > 0 and <= 253 && text.Any(char.IsAsciiLetter)
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>
    /// <c>next-server NAME;</c> and the like: an address parameter written with a host name. False when the statement is not
    /// one (the parameter's own grammar then reads it).
    /// </summary>
    private bool TryReadHostNameParameter(BodyItem item, ServerParameter parameter, ScopeBuilder s)
    {
        if (parameter is not ServerParameter<IPv4Address?> address || item.Args.Length != 1
            || item.Args[0].Kind != K.Word || IPv4Address.TryParse(item.Args[0].Text, out _) || !IsHostName(item.Args[0].Text))
            return false;
        // ISC takes the name's first address where one address is wanted.
        if (Allowed(item, parameter, s) && TryResolve(item, item.Args[0], parameter.Name, out var addresses)) s.Set(address, addresses[0]);
        return true;
    }

    /// <summary>
    /// An option value as the codec reads it, with host names in an ip-address option replaced by their addresses
    /// (every address of the name in a list option, its first in a single-address one). False when a name fails.
    /// </summary>
    private bool OptionText(BodyItem item, DhcpOptionDefinition definition, ReadOnlySpan<ConfigToken> value, out string text)
    {
        text = "";
        var parts = new List<string>(value.Length);
        foreach (var t in value)
        {
            if (definition.Type == OptionValueType.IPv4Address && t.Kind == K.Word && !IPv4Address.TryParse(t.Text, out _))
            {
                if (!TryResolve(item, t, $"option {definition.Name}", out var addresses)) return false;
                parts.Add(definition.IsArray ? string.Join(", ", addresses) : addresses[0].ToString());
                continue;
            }
            parts.Add(t.Text);
        }
        text = string.Join(" ", parts);
        return true;
    }

    /// <summary>The resolver an option value's ip-address fields use: names are looked up once per load and reported here.</summary>
    private OptionValueReader.NameResolver ResolveIn(BodyItem item, SpaceOptionDefinition definition) =>
        (ConfigToken name, out ImmutableArray<IPv4Address> addresses) =>
            TryResolve(item, name, $"option {definition.QualifiedName}", out addresses);
}
