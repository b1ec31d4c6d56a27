using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire;
using IPoIBDhcp.Wire.Options;
using K = IPoIBDhcp.Text.ConfigTokenKind;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// Reads the value of <c>option NAME VALUE;</c> into wire bytes, field by field as the option's format says, in ISC's
/// textual forms (parse_option_data in ISC's common/parse.c): a record's fields one after the other, the elements of
/// an array separated by commas, a repeating last field likewise. Every problem names the token it is at.
/// </summary>
internal static class OptionValueReader
{
    /// <summary>The longest text ISC keeps for one option (it concatenates instances up to this).</summary>
    private const int MaxText = 255 * 8;

    /// <summary>Why a value was refused and at which token (null: at the statement's end).</summary>
    /// <remarks>An empty <see cref="Message"/> means the problem was already reported (by the name resolver).</remarks>
    public readonly record struct Problem(ConfigToken? At, string Message);

    /// <summary>
    /// Turns a host name written where an address is wanted into its addresses; false when it does not resolve, having
    /// reported why at the token itself.
    /// </summary>
    public delegate bool NameResolver(ConfigToken name, out System.Collections.Immutable.ImmutableArray<IPv4Address> addresses);

    public static bool TryRead(SpaceOptionDefinition option, ReadOnlySpan<ConfigToken> tokens, out byte[] value, out Problem problem) =>
        TryRead(option, tokens, null, out value, out problem);

    /// <summary>
    /// As the other overload, with host names allowed in ip-address fields (ISC resolves them when it reads the file):
    /// a list field or an array takes every address of the name, a single field its first.
    /// </summary>
    public static bool TryRead(SpaceOptionDefinition option, ReadOnlySpan<ConfigToken> tokens, NameResolver? resolve,
        out byte[] value, out Problem problem)
    {
        var bytes = new List<byte>(32); // a client-id, an address list: one buffer, not four regrowths
        var format = option.Format;
        string name = option.QualifiedName;
        value = [];
        int i = 0;
        var names = new List<int>(); // where each domain name of a compressed list starts (RFC 1035 4.1.4 pointers)
        if (format.Fields is [{ Kind: OptionFieldKind.ZeroLength }])
        {
            problem = tokens.IsEmpty ? default : new Problem(tokens[0], $"option {name}: takes no value");
            return tokens.IsEmpty;
        }
        if (tokens.IsEmpty)
        {
            problem = new Problem(null, $"option {name}: missing value");
            return false;
        }
        while (true)
        {
            foreach (var field in format.Fields)
            {
                while (true)
                {
                    if (i >= tokens.Length) { problem = new Problem(null, $"option {name}: missing value"); return false; }
                    if (!TryField(name, field, tokens, ref i, bytes, names, resolve, format.IsArray || field.Repeats, out problem)) return false;
                    if (!field.Repeats || i >= tokens.Length || tokens[i].Kind != K.Comma) break;
                    i++;
                }
            }
            if (!format.IsArray || i >= tokens.Length || tokens[i].Kind != K.Comma) break;
            i++;
        }
        if (i < tokens.Length)
        {
            problem = new Problem(tokens[i], $"option {name}: unexpected {tokens[i].Describe()}");
            return false;
        }
        if (bytes.Count > MaxText)
        {
            problem = new Problem(tokens[0], $"option {name}: value is too long");
            return false;
        }
        value = [.. bytes];
        problem = default;
        return true;
    }

    private static bool TryField(string name, OptionField field, ReadOnlySpan<ConfigToken> tokens, ref int i, List<byte> bytes,
        List<int> names, NameResolver? resolve, bool takesList, out Problem problem)
    {
        var t = tokens[i];
        problem = default;
        Problem Bad(string why) => new(t, $"option {name}: {why}");
        switch (field.Kind)
        {
            case OptionFieldKind.Boolean:
                byte? flag = t.Kind != K.Word ? null : t.Text.ToLowerInvariant() switch
                {
                    "true" or "on" => 1,
                    "false" or "off" => 0,
                    "ignore" => 2,
                    _ => null,
                };
                if (flag is null) { problem = Bad($"{t.Describe()} is not a boolean (true, false, on or off)"); return false; }
                bytes.Add(flag.Value);
                break;
            case OptionFieldKind.UInt8 or OptionFieldKind.UInt16 or OptionFieldKind.UInt32
                or OptionFieldKind.Int8 or OptionFieldKind.Int16 or OptionFieldKind.Int32:
                if (!TryInteger(field, t, bytes, out string? why)) { problem = Bad(why); return false; }
                break;
            case OptionFieldKind.IPv4Address:
                Span<byte> four = stackalloc byte[4];
                if (t.Kind == K.Word && IPv4Address.TryParse(t.Text, out var address))
                {
                    address.Write(four);
                    bytes.AddRange(four);
                    break;
                }
                if (t.Kind != K.Word || resolve is null)
                {
                    problem = Bad($"{t.Describe()} is not an IPv4 address");
                    return false;
                }
                if (!resolve(t, out var resolved))
                {
                    problem = new Problem(t, "");
                    return false;
                }
                foreach (var one in takesList ? resolved.AsSpan() : resolved.AsSpan(0, 1))
                {
                    one.Write(four);
                    bytes.AddRange(four);
                }
                break;
            case OptionFieldKind.IPv6Address:
                if (t.Kind != K.Word || !IPAddress.TryParse(t.Text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                {
                    problem = Bad($"{t.Describe()} is not an IPv6 address");
                    return false;
                }
                bytes.AddRange(v6.GetAddressBytes());
                break;
            case OptionFieldKind.Text:
                if (t.Kind == K.String)
                {
                    if (!OptionValueCodec.TryUnquote(t.Text, out var text, out var error)) { problem = Bad(error); return false; }
                    bytes.AddRange(text);
                }
                else if (t.Kind == K.Word && t.Text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    bytes.AddRange(t.Text.Select(c => (byte)c)); // ISC takes a bare identifier as text
                }
                else
                {
                    problem = Bad($"expected a quoted string, found {t.Describe()}");
                    return false;
                }
                break;
            case OptionFieldKind.String or OptionFieldKind.Encapsulation:
                if (t.Kind == K.String)
                {
                    if (!OptionValueCodec.TryUnquote(t.Text, out var raw, out var error)) { problem = Bad(error); return false; }
                    bytes.AddRange(raw);
                }
                else if (t.Kind != K.Word || !OptionValueCodec.TryParseColonHex(t.Text, bytes))
                {
                    problem = Bad($"{t.Describe()} is neither colon-separated hex nor a quoted string");
                    return false;
                }
                break;
            case OptionFieldKind.DomainName:
                if (t.Kind != K.Word || !DomainNameEncoder.TryAppend(t.Text, bytes, null))
                {
                    problem = Bad($"{t.Describe()} is not a domain name");
                    return false;
                }
                break;
            case OptionFieldKind.DomainList:
                // One or more quoted names, comma-separated; the list takes the rest of the option.
                while (true)
                {
                    t = tokens[i];
                    if (t.Kind != K.String || !OptionValueCodec.TryUnquote(t.Text, out var domain, out _)
                        || !DomainNameEncoder.TryAppend(System.Text.Encoding.ASCII.GetString(domain), bytes, field.Compressed ? names : null))
                    {
                        problem = new Problem(t, $"option {name}: {t.Describe()} is not a quoted domain name");
                        return false;
                    }
                    if (i + 2 >= tokens.Length || tokens[i + 1].Kind != K.Comma) break;
                    i += 2;
                }
                break;
            default:
                problem = Bad($"takes no value");
                return false;
        }
        i++;
        return true;
    }

    /// <summary>An integer as ISC's convert_num reads it: decimal, 0x hex, or octal after a leading 0.</summary>
    private static bool TryInteger(OptionField field, ConfigToken t, List<byte> bytes, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? why)
    {
        (long min, long max) = field.Kind switch
        {
            OptionFieldKind.UInt8 => (0L, (long)byte.MaxValue),
            OptionFieldKind.UInt16 => (0L, (long)ushort.MaxValue),
            OptionFieldKind.UInt32 => (0L, (long)uint.MaxValue),
            OptionFieldKind.Int8 => ((long)sbyte.MinValue, (long)sbyte.MaxValue),
            OptionFieldKind.Int16 => ((long)short.MinValue, (long)short.MaxValue),
            _ => ((long)int.MinValue, (long)int.MaxValue),
        };
        why = $"{t.Describe()} is not an integer from {min} to {max}";
        if (t.Kind != K.Word) return false;
        var s = t.Text.AsSpan();
        bool negative = s.StartsWith("-");
        if (negative) s = s[1..];
        long number = 0;
        bool ok;
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            ok = long.TryParse(s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number);
        else if (s.Length > 1 && s[0] == '0')
        {
            ok = true;
            foreach (char c in s[1..])
            {
                if (c is < '0' or > '7' || number > uint.MaxValue) { ok = false; break; }
                number = number * 8 + (c - '0');
            }
        }
        else ok = s.Length > 0 && s.Length <= 18 && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out number);
        if (negative) number = -number;
        if (!ok || number < min || number > max) return false;
        int size = field.Size;
        for (int b = size - 1; b >= 0; b--) bytes.Add(unchecked((byte)(number >> (8 * b))));
        why = null;
        return true;
    }
}
