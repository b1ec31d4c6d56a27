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

    /// <summary>Row → differences, ISC's answer per row (<see cref="Describe"/>), and both servers' transcript for the test's output.</summary>
    public static async Task<(Dictionary<RequestRow, List<string>> Differences, Dictionary<RequestRow, string> IscAnswers, string Transcript)> RunAsync(
        CorpusEntry entry, string workDirectory)
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
        return (differences, entry.Rows.ToDictionary(row => row, row => Describe(iscAnswers.Result[row])), transcript.ToString());
    }

    /// <summary>
    /// ISC alone on a file ours does not take yet: its answer to each row (<see cref="Describe"/>), the target for
    /// making ours take the file, and a check that the manifest's topology lets ISC answer, so that the file is
    /// compared at once when ours starts to accept it.
    /// </summary>
    public static async Task<Dictionary<RequestRow, string>> IscOnlyAsync(CorpusEntry entry, string workDirectory)
    {
        await using IscCompatServer isc = await IscCompatServer.StartAsync(entry, workDirectory);
        Dictionary<RequestRow, Answers> answers = await AnswersAsync(isc, entry);
        Assert.That(answers.Values.Any(a => a.Offer is not null), Is.True,
            $"ISC answered no row of {entry.File}: check its manifest line (server, relay, giaddr)\n{await isc.LogAsync()}");
        return entry.Rows.ToDictionary(row => row, row => Describe(answers[row]));
    }

    private sealed record Answers(DhcpReply? Offer, DhcpReply? Ack);

    /// <summary>
    /// One row's answer in a line: the OFFER's address, boot fields and options (53, 54 and the deliberate divergences
    /// aside), then whether the ACK confirmed it.
    /// </summary>
    private static string Describe(Answers answers)
    {
        if (answers.Offer is not { } offer)
        {
            return "no reply";
        }

        var parts = new List<string> { $"{(offer.MessageType == 2 ? "OFFER" : $"type {offer.MessageType}")} {offer.Fields["yiaddr"]}" };
        if (offer.Fields["file"].Length > 0)
        {
            parts.Add($"file \"{offer.Fields["file"]}\"");
        }

        if (offer.Fields["sname"].Length > 0)
        {
            parts.Add($"sname \"{offer.Fields["sname"]}\"");
        }

        if (offer.Fields["siaddr"] != "0.0.0.0")
        {
            parts.Add("siaddr " + offer.Fields["siaddr"]);
        }

        parts.AddRange(offer.Options.Where(o => o.Key is not (53 or 54 or 82) && !ReplyComparison.DeliberateDivergences.Contains(o.Key))
            .Select(o => $"{o.Key}={DhcpReply.Render(o.Value)}"));
        parts.Add(answers.Ack switch
        {
            null => "no ACK",
            { MessageType: 5 } ack when ack.Fields["yiaddr"] == offer.Fields["yiaddr"] => "ACKed",
            { } ack => $"then type {ack.MessageType} {ack.Fields["yiaddr"]}",
        });
        return string.Join(", ", parts);
    }

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
