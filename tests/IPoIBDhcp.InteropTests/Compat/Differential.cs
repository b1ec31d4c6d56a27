namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>
/// Serves one corpus file with both servers at once (each started once for the whole row sequence) and feeds each
/// the same rows in the same order: the row's DISCOVER, then, if it got an OFFER, the REQUEST selecting that offer.
/// Returns per row the differences between the two servers' answers (empty when identical).
/// </summary>
public static class Differential
{
    /// <summary>
    /// How long a server may take to answer: ISC pings a new address first (ping-check, 1 s by default) and this
    /// 2-core machine is shared, so no reply within this is taken as no reply at all.
    /// </summary>
    public static readonly TimeSpan ReplyWait = TimeSpan.FromSeconds(4);

    /// <summary>Row → differences, plus each server's transcript for the test's output.</summary>
    public static async Task<(Dictionary<RequestRow, List<string>> Differences, string Transcript)> RunAsync(CorpusEntry entry, string workDirectory)
    {
        Task<IscCompatServer> iscStart = IscCompatServer.StartAsync(entry, workDirectory);
        Task<OurCompatServer> ourStart = OurCompatServer.StartAsync(entry, workDirectory);
        try
        {
            await Task.WhenAll(iscStart, ourStart);
        }
        catch (Exception e)
        {
            await DisposeStartedAsync(iscStart);
            await DisposeStartedAsync(ourStart);
            if (iscStart.IsCompletedSuccessfully && ourStart.Exception?.InnerException is { } ourFailure)
            {
                throw new OurServerDidNotServeException($"our dhcpd accepts {entry.File} but does not serve it: {ourFailure.Message}", ourFailure);
            }

            throw new InvalidOperationException($"ISC dhcpd did not serve {entry.File}: {e.Message}", e);
        }

        await using IscCompatServer isc = iscStart.Result;
        await using OurCompatServer ours = ourStart.Result;
        Task<Dictionary<RequestRow, Answers>> iscAnswers = AnswersAsync(isc, entry);
        Task<Dictionary<RequestRow, Answers>> ourAnswers = AnswersAsync(ours, entry);
        await Task.WhenAll(iscAnswers, ourAnswers);

        // Agreement on silence proves nothing: a file whose rows ISC never answers has a wrong topology in the manifest.
        Assert.That(iscAnswers.Result.Values.Any(a => a.Offer is not null), Is.True,
            $"ISC answered no row of {entry.File}: check its manifest line (server, relay, giaddr)\n{await isc.LogAsync()}");
        var differences = new Dictionary<RequestRow, List<string>>();
        var transcript = new System.Text.StringBuilder();
        foreach (RequestRow row in entry.Rows)
        {
            Answers a = iscAnswers.Result[row];
            Answers b = ourAnswers.Result[row];
            byte[] requested = DhcpRequests.RequestedOptions(entry, row);
            List<string> rowDifferences = [
                .. ReplyComparison.Differences("DISCOVER", a.Offer, b.Offer, requested),
                .. ReplyComparison.Differences("REQUEST", a.Ack, b.Ack, requested),
            ];
            differences[row] = rowDifferences;
            transcript.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"--- {entry.File} row {row.Name()}: {(rowDifferences.Count == 0 ? "identical" : "differs")}\n");
            foreach (string line in rowDifferences)
            {
                transcript.Append("    ").Append(line).Append('\n');
            }

            transcript.Append(System.Globalization.CultureInfo.InvariantCulture, $"  ISC offer:\n{Indent(a.Offer)}\n  ISC ack:\n{Indent(a.Ack)}\n");
        }

        transcript.Append("--- ISC dhcpd log:\n").Append(await isc.LogAsync()).Append("\n--- our dhcpd log:\n").Append(await ours.LogAsync());
        return (differences, transcript.ToString());
    }

    /// <summary>
    /// ISC alone on <paramref name="entry"/>: its answer to each row, one line each (what a file's rows should get,
    /// and a check of the manifest's topology before ours accepts the file).
    /// </summary>
    public static async Task<string> IscOnlyAsync(CorpusEntry entry, string workDirectory)
    {
        await using IscCompatServer isc = await IscCompatServer.StartAsync(entry, workDirectory);
        Dictionary<RequestRow, Answers> answers = await AnswersAsync(isc, entry);
        Assert.That(answers.Values.Any(a => a.Offer is not null), Is.True,
            $"ISC answered no row of {entry.File}: check its manifest line (server, relay, giaddr)\n{await isc.LogAsync()}");
        return string.Join('\n', entry.Rows.Select(row => $"{entry.File} {row.Name()}: {Summary(answers[row].Offer)} / {Summary(answers[row].Ack)}"));
    }

    private sealed record Answers(DhcpReply? Offer, DhcpReply? Ack);

    private static string Summary(DhcpReply? reply) =>
        reply is null ? "no reply" :
        $"type {reply.MessageType} yiaddr {reply.Fields["yiaddr"]} siaddr {reply.Fields["siaddr"]} file '{reply.Fields["file"]}' sname '{reply.Fields["sname"]}' flags {reply.Fields["flags"]} " +
        string.Join(' ', reply.Options.Where(o => o.Key is not (53 or 54)).Select(o => $"{o.Key}={DhcpReply.Render(o.Value)}"));

    private static async Task<Dictionary<RequestRow, Answers>> AnswersAsync(CompatServer server, CorpusEntry entry)
    {
        var answers = new Dictionary<RequestRow, Answers>();
        foreach (RequestRow row in entry.Rows)
        {
            uint xid = DhcpRequests.TransactionId(row);
            DhcpReply? offer = await server.ExchangeAsync(DhcpRequests.BuildDiscover(entry, row), xid, ReplyWait);
            DhcpReply? ack = null;
            if (offer is { MessageType: 2, ServerIdentifier: { } serverId })
            {
                ack = await server.ExchangeAsync(DhcpRequests.BuildRequest(entry, row, offer.YourAddress, serverId), xid, ReplyWait);
            }

            answers[row] = new Answers(offer, ack);
        }

        return answers;
    }

    private static string Indent(DhcpReply? reply) =>
        reply is null ? "    (none)" : string.Join('\n', reply.ToString().Split('\n').Select(l => "    " + l));

    private static async Task DisposeStartedAsync<T>(Task<T> start)
        where T : CompatServer
    {
        if (start.IsCompletedSuccessfully)
        {
            await start.Result.DisposeAsync();
        }
    }
}

/// <summary>Our dhcpd passed <c>-t</c> on a file but did not start serving it (a gap of its own: <c>FILE serve</c>).</summary>
public sealed class OurServerDidNotServeException(string message, Exception inner) : Exception(message, inner);
