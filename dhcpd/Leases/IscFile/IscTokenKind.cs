namespace IPoIBDhcp.Server.Leases.IscFile;

/// <summary>The token classes the lease file grammar needs; everything else is a word.</summary>
internal enum IscTokenKind : byte
{
    /// <summary>A run of bytes up to whitespace or punctuation: keywords, numbers, addresses, colon-hex.</summary>
    Word,
    /// <summary>A double-quoted string; Start/Length cover the content without the quotes, escapes unresolved.</summary>
    String,
    /// <summary>'{'</summary>
    OpenBrace,
    /// <summary>'}'</summary>
    CloseBrace,
    /// <summary>';'</summary>
    Semicolon,
    /// <summary>'='</summary>
    EqualsSign,
    /// <summary>A string never closed by '"'; Start/Length cover it from its opening quote.</summary>
    Unterminated,
}
