using System.Collections.Immutable;
using IPoIBDhcp.Text;
using IPoIBDhcp.Wire.Options;

namespace IPoIBDhcp.Server.Config;

/// <summary>
/// One type of <c>option NAME code N = TYPE;</c> as written, before its rules are checked: the type's first token,
/// the <c>array of</c> tokens before it, and for the types that take more words, those words.
/// </summary>
/// <param name="At">The type keyword, where problems with the type are reported.</param>
/// <param name="Arrays">Each <c>array</c> token written before the type (more than one is refused).</param>
/// <param name="Kind">The field kind.</param>
/// <param name="Width">For integers: the width token.</param>
/// <param name="Signed">For integers: signed or not.</param>
/// <param name="Space">For <c>encapsulate</c>: the space's name token.</param>
/// <param name="Compressed">For <c>domain-list compressed</c>.</param>
internal sealed record OptionTypeItem(ConfigToken At, ImmutableArray<ConfigToken> Arrays, OptionFieldKind Kind,
    ConfigToken? Width = null, bool Signed = false, ConfigToken? Space = null, bool Compressed = false);

/// <summary>The whole TYPE: one item, or a record <c>{ … }</c> of items, with the <c>array of</c> tokens before a record.</summary>
internal sealed record OptionTypeSpec(ImmutableArray<ConfigToken> RecordArrays, ImmutableArray<OptionTypeItem> Items, bool IsRecord);
