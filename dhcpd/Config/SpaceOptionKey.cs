namespace IPoIBDhcp.Server.Config;

/// <summary>
/// An option of a space other than DHCP's own, as a scope's value is keyed: <c>option ipxe.no-pxedhcp 1;</c> is
/// (ipxe, 176). ISC keeps <c>vendor-option-space</c> and <c>site-option-space</c> as options of its <c>server</c>
/// space (codes 19 and 21), and so does this server, so they inherit and override like any option.
/// </summary>
/// <param name="Space">The space's name as declared.</param>
/// <param name="Code">The option's code in that space.</param>
public readonly record struct SpaceOptionKey(string Space, uint Code)
{
    /// <summary><c>vendor-option-space NAME;</c>: the space option 43 is composed from.</summary>
    public static SpaceOptionKey VendorOptionSpace { get; } = new("server", 19);

    /// <summary><c>site-option-space "NAME";</c>: the space codes 224-254 come from.</summary>
    public static SpaceOptionKey SiteOptionSpace { get; } = new("server", 21);
}

/// <summary>
/// The value of a <see cref="SpaceOptionKey"/> and when it was first written: ISC emits the options of a space bucket by
/// bucket of its option hash, the later-stored first within a bucket, so the composer needs that order to lay
/// sub-options out byte for byte as ISC does. A more specific scope's value keeps the order of the value it replaces.
/// </summary>
/// <param name="Value">The option's bytes.</param>
/// <param name="Sequence">Statement order: outer scopes are read first, as ISC executes them first.</param>
public readonly record struct SpaceOptionValue(System.Collections.Immutable.ImmutableArray<byte> Value, int Sequence);
