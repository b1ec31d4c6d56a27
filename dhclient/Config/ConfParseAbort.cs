namespace IPoIBDhcp.Client.Config;

/// <summary>Unwinds one statement after its error was recorded; never escapes the parser.</summary>
internal sealed class ConfParseAbort : Exception
{
}
