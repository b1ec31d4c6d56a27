using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using IPoIBDhcp.Server.Config;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Planning;

/// <summary>
/// Turns the options of other spaces in a resolved scope set into DHCP options, as ISC dhcpd 4.4's store_options does
/// when it builds a reply (common/options.c): an option whose format is <c>encapsulate SPACE</c> and that has no value
/// of its own carries the options set in SPACE (option 43, "encapsulate" the <c>vendor-option-space</c> in force); and
/// with a <c>site-option-space</c>, codes from the space's lowest code (at most 224) up are taken from that space.
/// The result is ordinary DHCP options, so the reply sends them under the same rules as every option: when the client
/// lists them in its parameter request list, or every configured one when it sends no list. Run once per resolved
/// scope set (the resolver caches the result), never per packet.
/// </summary>
internal static class OptionEncapsulation
{
    // ISC's option hash (includes/dhcpd.h): sub-options leave a space bucket by bucket.
    private const int HashSize = 17;

    /// <summary>
    /// The DHCP options of <paramref name="resolved"/> with its other spaces' options composed in. A configured value of
    /// no bytes (<c>zerolen</c>, <c>""</c>) is left out, as ISC's store_options skips it: it still hides what an
    /// enclosing scope set.
    /// </summary>
    public static ScopeParameters Compose(ScopeParameters resolved, OptionSpaceTable spaces)
    {
        bool anyEmpty = false;
        foreach (var value in resolved.Options.Values) anyEmpty |= value.IsEmpty;
        if (resolved.SpaceOptions.Count == 0 && !anyEmpty) return resolved; // most configurations: nothing to do
        var options = new Dictionary<byte, ImmutableArray<byte>>(resolved.Options);
        var bySpace = resolved.SpaceOptions
            .GroupBy(kv => kv.Key.Space, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(kv => (kv.Key.Code, kv.Value)).ToList(), StringComparer.OrdinalIgnoreCase);
        string? vendorSpace = Selected(resolved, SpaceOptionKey.VendorOptionSpace);
        if (Selected(resolved, SpaceOptionKey.SiteOptionSpace) is { } site && spaces.TryGetSpace(site, out var siteSpace))
        {
            uint min = SiteCodeMinimum(spaces, siteSpace.Name);
            foreach (var code in options.Keys.Where(c => c >= min).ToList()) options.Remove(code);
            if (bySpace.TryGetValue(siteSpace.Name, out var siteValues))
                foreach (var (code, value) in siteValues)
                    if (code >= min && code <= 254) options[(byte)code] = value.Value;
        }
        foreach (var parent in spaces.OptionsOf(OptionSpace.Dhcp))
        {
            if (parent.Format.EncapsulatedSpace is not { } space || parent.Code > 254) continue;
            if (parent.Code == 82 || options.ContainsKey((byte)parent.Code)) continue; // a value of its own wins; 82 is the relay's
            if (space.Length == 0) space = vendorSpace ?? "";
            if (space.Length == 0) continue;
            var bytes = new List<byte>();
            Encapsulate(space, spaces, bySpace, bytes, depth: 0);
            if (bytes.Count > 0) options[(byte)parent.Code] = [.. bytes];
        }
        foreach (var code in options.Where(o => o.Value.IsEmpty).Select(o => o.Key).ToList()) options.Remove(code);
        return resolved with { Options = options.ToFrozenDictionary() };
    }

    private static string? Selected(ScopeParameters p, SpaceOptionKey key) =>
        p.SpaceOptions.TryGetValue(key, out var v) ? Encoding.UTF8.GetString(v.Value.AsSpan()) : null;

    /// <summary>ISC's find_min_site_code: the space's lowest code, but no higher than 224 and no lower than 128.</summary>
    internal static uint SiteCodeMinimum(OptionSpaceTable spaces, string space)
    {
        uint min = 224;
        foreach (var d in spaces.OptionsOf(space)) min = Math.Min(min, d.Code);
        return Math.Max(min, 128);
    }

    /// <summary>
    /// Appends the options set in <paramref name="space"/>, framed at its code and length widths, then the options of
    /// spaces it encapsulates in turn (ISC's search_subencapsulation). Nesting is bounded, and a space that
    /// (through others) encapsulates itself stops there.
    /// </summary>
    private static void Encapsulate(string space, OptionSpaceTable spaces, Dictionary<string, List<(uint Code, SpaceOptionValue Value)>> bySpace,
        List<byte> output, int depth)
    {
        if (depth > 8 || !spaces.TryGetSpace(space, out var s)) return;
        var values = bySpace.TryGetValue(space, out var v) ? v : [];
        // Bucket by bucket; within a bucket the value stored last comes first (ISC prepends to a bucket's list).
        foreach (var (code, value) in values.OrderBy(x => Bucket(x.Code)).ThenByDescending(x => x.Value.Sequence))
        {
            if (value.Value.IsEmpty && spaces.Find(space, code)?.Format.Fields is not [{ Kind: OptionFieldKind.ZeroLength }]) continue;
            s.Append(output, code, value.Value.AsSpan());
        }
        foreach (var d in spaces.OptionsOf(space))
        {
            if (d.Format.EncapsulatedSpace is not { Length: > 0 } inner || values.Exists(x => x.Code == d.Code)) continue;
            if (spaces.ParentOf(inner) != d) continue; // ISC nests a space only through its (last-defined) parent
            var nested = new List<byte>();
            Encapsulate(inner, spaces, bySpace, nested, depth + 1);
            if (nested.Count > 0 && nested.Count <= s.MaxLength) s.Append(output, d.Code, nested.ToArray());
        }
    }

    private static uint Bucket(uint code) => ((code & 31) + ((code >> 5) & 31)) % HashSize;
}
