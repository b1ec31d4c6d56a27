namespace IPoIBDhcp.Wire.Options;

/// <summary>Where an option value is printed: ISC uses commas and quotes in files, spaces and raw text in script variables.</summary>
public enum OptionTextStyle
{
    /// <summary>Lease files and config: <c>10.0.0.1,10.0.0.2</c>, <c>"text"</c>.</summary>
    LeaseFile,
    /// <summary>dhclient-script environment: <c>10.0.0.1 10.0.0.2</c>, <c>text</c>.</summary>
    ScriptEnvironment,
}
