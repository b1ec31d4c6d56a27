namespace IPoIBDhcp.Server.Config;

/// <summary>How an option statement combines with what less specific scopes (and earlier statements) gave the option.</summary>
public enum OptionStatementMode
{
    /// <summary><c>option X …</c> or <c>supersede X …</c>: replaces any earlier value.</summary>
    Supersede,
    /// <summary><c>default X …</c>: used only when nothing earlier gave the option a value.</summary>
    Default,
    /// <summary><c>prepend X …</c>: written before the earlier value (alone when there is none).</summary>
    Prepend,
    /// <summary><c>append X …</c>: written after the earlier value (alone when there is none).</summary>
    Append,
}
