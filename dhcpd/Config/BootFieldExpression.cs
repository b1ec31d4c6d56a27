namespace IPoIBDhcp.Server.Config;

/// <summary>
/// <c>filename</c> or <c>server-name</c> as data: the request's own <c>file</c> or <c>sname</c> field up to its first
/// NUL, as ISC; null when the field is empty.
/// </summary>
/// <param name="ServerName">True for <c>server-name</c> (sname), false for <c>filename</c> (file).</param>
public sealed record BootFieldExpression(bool ServerName) : DataExpression
{
    private const int SName = 44, SNameLength = 64, File = 108, FileLength = 128;

    /// <inheritdoc/>
    public override ReadOnlyMemory<byte>? Evaluate(IOptionSource request)
    {
        var packet = request.Packet;
        int start = ServerName ? SName : File, length = ServerName ? SNameLength : FileLength;
        if (packet.Length < start + length) return null;
        var field = packet.Slice(start, length);
        int nul = field.Span.IndexOf((byte)0);
        if (nul == 0) return null;
        return nul < 0 ? field : field[..nul];
    }
}
