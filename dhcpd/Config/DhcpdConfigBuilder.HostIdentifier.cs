using System.Collections.Immutable;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Dhcp;
using IPoIBDhcp.Wire.Options;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Server.Config;

/// <summary><c>host-identifier option NAME DATA;</c> in a host declaration (<see cref="HostIdentifier"/>).</summary>
internal sealed partial class DhcpdConfigBuilder
{
    private void ReadHostIdentifier(BodyItem item, ScopeBuilder s)
    {
        if (s.Kind != ScopeKind.Host)
        {
            Error(item, $"'host-identifier' is not allowed {Where(s.Kind)}; only in a host declaration");
            return;
        }
        var args = item.Args;
        if (args.Length == 0 || !args[0].Is("option"))
        {
            // ISC's other form, v6relopt, identifies DHCPv6 clients only.
            Error(item.File, args.Length == 0 ? item.File.Text.PositionOf(item.Statement.Terminator) : item.File.Text.PositionOf(args[0]),
                "host-identifier: expected 'option NAME DATA' (v6relopt is for DHCPv6, which this server does not serve)");
            return;
        }
        if (args.Length < 3 || args[1].Kind != K.Word)
        {
            Error(item.File, item.File.Text.PositionOf(args.Length < 2 ? item.Statement.Terminator : args[1]), "host-identifier option: expected an option name and its value");
            return;
        }
        if (s.Identifier is not null)
        {
            Error(item, "host-identifier: the host already has one");
            return;
        }
        var name = args[1];
        var value = args[2..];
        string lower = name.Text.ToLowerInvariant();
        if (lower is "agent.circuit-id" or "agent.remote-id")
        {
            if (!RunOn(item, value, TokenParsers.StringBytes.Or(TokenParsers.ColonHex).Labelled("a quoted string or colon-separated hex bytes").Before(TokenParsers.EndOfHead),
                    $"host-identifier option {name.Text}", out var bytes)) return;
            s.Identifier = new HostIdentifier(DhcpOptionCode.RelayAgentInformation,
                lower == "agent.circuit-id" ? RelayAgentInformation.CircuitId : RelayAgentInformation.RemoteId, bytes, lower);
            return;
        }
        if (lower.Contains('.', StringComparison.Ordinal))
        {
            Error(item.File, item.File.Text.PositionOf(name), $"host-identifier option {name.Text}: of the option spaces only agent.circuit-id and agent.remote-id identify a host here");
            return;
        }
        if (!table.TryGet(name.Text, out var definition))
        {
            Error(item.File, item.File.Text.PositionOf(name), $"unknown option '{name.Text}'");
            return;
        }
        if (!OptionText(item, definition, value, out string text)) return;
        if (!OptionValueCodec.TryEncode(definition, text, out var encoded, out var error))
        {
            Error(item.File, item.File.Text.PositionOf(value[0]), error);
            return;
        }
        s.Identifier = new HostIdentifier(definition.Code, null, [.. encoded], definition.Name);
    }
}
