using System.Collections.Immutable;
using System.Text;

namespace IPoIBDhcp.Wire.Options;

/// <summary>
/// The structure of an option's value as ISC's <c>option NAME code N = TYPE;</c> describes it: one field, a record
/// of fields (<c>{ T, T, … }</c>), an array of either (<c>array of</c>), or a record whose last field repeats.
/// <see cref="IscFormat"/> gives ISC's own format string (e.g. <c>IIA</c> for static-routes), which is how the
/// tests compare a parsed definition with ISC's tables.
/// </summary>
/// <param name="Fields">The fields in order; never empty.</param>
/// <param name="IsArray">ISC's <c>array of</c> over the whole format (format letter A): the value repeats, comma-separated.</param>
public sealed record OptionFormat(ImmutableArray<OptionField> Fields, bool IsArray = false)
{
    /// <summary>A format of one field.</summary>
    public static OptionFormat Of(OptionFieldKind kind, bool isArray = false) => new([new OptionField(kind)], isArray);

    /// <summary>The field's space when the option encapsulates one (its only field is <c>encapsulate SPACE</c>), else null.</summary>
    public string? EncapsulatedSpace =>
        Fields.Length == 1 && Fields[0].Kind == OptionFieldKind.Encapsulation ? Fields[0].Space : null;

    /// <summary>ISC's format string for this format (tables.c's letters).</summary>
    public string IscFormat
    {
        get
        {
            var sb = new StringBuilder();
            foreach (var f in Fields)
            {
                sb.Append(f.Kind switch
                {
                    OptionFieldKind.Boolean => "f",
                    OptionFieldKind.UInt8 => "B",
                    OptionFieldKind.UInt16 => "S",
                    OptionFieldKind.UInt32 => "L",
                    OptionFieldKind.Int8 => "b",
                    OptionFieldKind.Int16 => "s",
                    OptionFieldKind.Int32 => "l",
                    OptionFieldKind.IPv4Address => "I",
                    OptionFieldKind.IPv6Address => "6",
                    OptionFieldKind.Text => "t",
                    OptionFieldKind.String => "X",
                    OptionFieldKind.DomainName => "d",
                    OptionFieldKind.DomainList => f.Compressed ? "Dc" : "D",
                    OptionFieldKind.Encapsulation => $"E{f.Space}.",
                    _ => "Z",
                });
                if (f.Repeats) sb.Append('a');
            }
            if (IsArray) sb.Append('A');
            return sb.ToString();
        }
    }

    /// <summary>Reads an ISC format string (the subset tables.c uses for the spaces this server knows).</summary>
    /// <exception cref="ArgumentException">A letter this reader does not know.</exception>
    public static OptionFormat FromIsc(string format)
    {
        var fields = ImmutableArray.CreateBuilder<OptionField>();
        bool array = false;
        for (int i = 0; i < format.Length; i++)
        {
            char c = format[i];
            OptionField field;
            switch (c)
            {
                case 'A': array = true; continue;
                case 'a': fields[^1] = fields[^1] with { Repeats = true }; continue;
                case 'E':
                    int dot = format.IndexOf('.', i);
                    field = new OptionField(OptionFieldKind.Encapsulation, Space: format[(i + 1)..dot]);
                    i = dot;
                    break;
                case 'D':
                    bool compressed = i + 1 < format.Length && format[i + 1] == 'c';
                    if (compressed) i++;
                    field = new OptionField(OptionFieldKind.DomainList, Compressed: compressed);
                    break;
                default:
                    field = new OptionField(c switch
                    {
                        'f' => OptionFieldKind.Boolean,
                        'B' => OptionFieldKind.UInt8,
                        'S' => OptionFieldKind.UInt16,
                        'L' or 'T' => OptionFieldKind.UInt32,
                        'b' => OptionFieldKind.Int8,
                        's' => OptionFieldKind.Int16,
                        'l' => OptionFieldKind.Int32,
                        'I' => OptionFieldKind.IPv4Address,
                        '6' => OptionFieldKind.IPv6Address,
                        't' => OptionFieldKind.Text,
                        'X' => OptionFieldKind.String,
                        'd' => OptionFieldKind.DomainName,
                        'Z' => OptionFieldKind.ZeroLength,
                        _ => throw new ArgumentException($"unknown ISC format letter '{c}' in '{format}'", nameof(format)),
                    });
                    break;
            }
            fields.Add(field);
        }
        return new OptionFormat(fields.ToImmutable(), array);
    }
}
