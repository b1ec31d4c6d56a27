namespace IPoIBDhcp.Wire.Options;

/// <summary>
/// One option of an option space: <c>option SPACE.NAME code N = TYPE;</c> or a built-in. The DHCP space's options
/// are rows of this kind too (space <c>dhcp</c>), so a dotted name and a plain one resolve the same way.
/// </summary>
/// <param name="Space">The space the option belongs to.</param>
/// <param name="Code">The option's code within its space.</param>
/// <param name="Name">The option's name within its space.</param>
/// <param name="Format">How its value is laid out.</param>
public sealed record SpaceOptionDefinition(OptionSpace Space, uint Code, string Name, OptionFormat Format)
{
    /// <summary>The name as written in dhcpd.conf: <c>NAME</c> for the DHCP space, <c>SPACE.NAME</c> for any other.</summary>
    public string QualifiedName => Space.Name == OptionSpace.Dhcp ? Name : $"{Space.Name}.{Name}";

    /// <summary>When the table learned the definition: the later of two parents of one space wins, as in ISC.</summary>
    internal long Order { get; init; }

    /// <inheritdoc/>
    public override string ToString() => QualifiedName;
}
