using IPoIBDhcp.Text;

namespace IPoIBDhcp.Engine.Fabric.Config;

/// <summary>One word of a fabric.conf statement with where it starts, so semantic errors point at it.</summary>
/// <param name="Text">The word, quotes removed.</param>
/// <param name="Quoted">True when it was written in double quotes (names and paths may contain anything).</param>
/// <param name="Position">1-based line and column of its first character (the opening quote of a quoted word).</param>
internal sealed record ConfWord(string Text, bool Quoted, SourcePosition Position);
