namespace IPoIBDhcp.Text;

/// <summary>Unwinds one statement after its error was recorded by <see cref="ConfigTokenReader"/>; never escapes the reader's <see cref="ConfigTokenReader.Guard"/>.</summary>
internal sealed class StatementAbort : Exception
{
}
