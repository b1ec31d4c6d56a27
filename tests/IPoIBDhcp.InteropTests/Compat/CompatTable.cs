using System.Globalization;
using System.Text;

namespace IPoIBDhcp.InteropTests.Compat;

/// <summary>Writes docs/compat.md from a run's outcomes (the only place that text is made, so it stays true).</summary>
public static class CompatTable
{
    /// <summary>The markdown of the whole page.</summary>
    public static string Render(IReadOnlyList<CorpusEntry> corpus, IReadOnlyDictionary<string, FileOutcome> outcomes, KnownGaps gaps)
    {
        var page = new StringBuilder();
        page.Append("""
            # Compatibility with real dhcpd.conf files

            The corpus in `tests/compat/` holds dhcpd.conf files in the shape the provisioning tools in the field write them
            (each file's header says which tool and version it imitates; every address is in 198.18.0.0/15). For each file the
            Interop test `tests/IPoIBDhcp.InteropTests/Compat` runs ISC dhcpd 4.4 (`ipoibdhcp/peers:bookworm`) and our dhcpd:
            `dhcpd -t` on the file, then, when both accept it, both servers on the file at once, each behind a veth pair in its
            own namespaces, and sends both the same requests through a relay agent (giaddr set, so no raw-socket differences),
            comparing the replies field for field (flags, yiaddr, siaddr, giaddr, hardware fields, sname, file) and option for
            option (code and bytes, order aside). `tests/compat/manifest.txt` gives each file's rows and topology.

            The test passes when every file ISC accepts is accepted by ours and answered identically, except what
            `tests/compat/known-gaps.txt` lists, one line each with a reason: `FILE accept` (ours refuses the file), `FILE serve`
            (ours accepts it but does not start serving it) or `FILE ROW` (ours answers that row differently). A listed gap
            that no longer shows fails the test with "remove it from known-gaps", so the list only shrinks.

            Regenerate this page (root, Docker and the peer image; a build, then about 20 s per served file):

                tests/compat/compat-table.sh

            which runs `dotnet test tests/IPoIBDhcp.InteropTests --filter "FullyQualifiedName~Compat"` with
            `COMPAT_TABLE=docs/compat.md`. A file ours refuses is still served by ISC alone, which proves its manifest line
            and records, under "What ISC answers", the target for making ours take it.

            ## Request rows

            | row | client |
            |---|---|
            | bios | BIOS PXE ROM: client architecture 0 (option 93), UNDI 2.1, vendor class `PXEClient:Arch:00000:UNDI:002001`, UUID (97) |
            | uefi7 | UEFI PXE, client architecture 7 |
            | uefi9 | UEFI PXE, client architecture 9 |
            | ipxe | iPXE chain-loaded from a BIOS ROM: user-class `iPXE` (77), feature option 175 (HTTP, iSCSI, TFTP, DNS, menu, bus id), client-id `01`+MAC |
            | flexboot | FlexBoot on IPoIB: htype 32, hlen 0, empty chaddr, broadcast flag, client-id `ff:00:00:00:00:00:02:00:00:02:c9:00`+port GUID |
            | dhclient | an OS's ISC dhclient (Debian's request list, host-name): the known host's MAC when the file has an Ethernet host |
            | relay82 | dhclient-style, the relay adds option 82 (circuit-id, remote-id) |
            | known | the host stanza the manifest names, presented as its firmware would (BIOS PXE, or FlexBoot for an IPoIB host) |
            | unknown | a dhclient-style stranger no file knows |

            Each row sends a DISCOVER and, when it gets an OFFER, the REQUEST selecting it; both replies are compared. No reply
            from either server within 4 s (ISC pings a new address for 1 s first) is no reply; no reply from both is agreement,
            but a file ISC answers no row of fails (its manifest line is wrong). Lease times (option 51) within 10 s of each
            other are the same answer: ISC offers an existing lease with the time it has left, which depends on how long
            the rows since it was taken took.

            ## Results

            | file | ISC `dhcpd -t` | our `dhcpd -t` | replies identical | known gaps |
            |---|---|---|---|---|

            """);
        foreach (CorpusEntry entry in corpus)
        {
            if (!outcomes.TryGetValue(entry.File, out FileOutcome? outcome))
            {
                page.Append(CultureInfo.InvariantCulture, $"| [{entry.File}](../tests/compat/{entry.File}) | not run | not run | not run | |\n");
                continue;
            }

            string listed = string.Join(", ", gaps.All.Where(g => g.File == entry.File).Select(g => g.What));
            page.Append(CultureInfo.InvariantCulture,
                $"| [{entry.File}](../tests/compat/{entry.File}) | {Verdict(outcome.Isc)} | {Verdict(outcome.Ours)} | {Replies(outcome)} | {listed} |\n");
        }

        page.Append("""

            ## Differences seen

            The first differences of each differing row (ISC's value, then ours).

            """);
        foreach (FileOutcome outcome in corpus.Select(e => outcomes.GetValueOrDefault(e.File)).OfType<FileOutcome>())
        {
            if (outcome.ServingError is { } error)
            {
                page.Append(CultureInfo.InvariantCulture, $"- `{outcome.Entry.File}`: not compared: {Cell(error)}\n");
            }

            foreach ((RequestRow row, List<string> differences) in outcome.Rows ?? [])
            {
                foreach (string difference in differences.Take(4))
                {
                    page.Append(CultureInfo.InvariantCulture, $"- `{outcome.Entry.File}` {row.Name()}: {Cell(difference)}\n");
                }
            }
        }

        page.Append("""

            ## What ISC answers

            ISC dhcpd 4.4's answer to each row: the OFFER (address, boot fields, options other than 53, 54, 82 and the
            deliberate divergences below), then whether the REQUEST for it was ACKed.

            """);
        foreach (FileOutcome outcome in corpus.Select(e => outcomes.GetValueOrDefault(e.File)).OfType<FileOutcome>())
        {
            if (outcome.IscAnswers is not { } answers)
            {
                continue;
            }

            page.Append(CultureInfo.InvariantCulture, $"\n### {outcome.Entry.File}\n\n| row | ISC |\n|---|---|\n");
            foreach ((RequestRow row, string answer) in answers)
            {
                page.Append(CultureInfo.InvariantCulture, $"| {row.Name()} | {Cell(answer, 400)} |\n");
            }
        }

        page.Append("""

            ## Deliberate divergences

            Left out of the comparison on purpose (`ReplyComparison.DeliberateDivergences`):

            - **Option 61 (client identifier) echoed in replies**: RFC 6842 requires it, and IPoIB clients (RFC 4390) have
              nothing else to recognise their replies by; ISC dhcpd 4.4 does not echo it.
            - **Options 58 and 59 (T1, T2) stated in every lease**: ISC 4.4 leaves them out unless configured, and the client
              then derives 0.5 and 0.875 of the lease time (RFC 2131 4.4.5), the values we state, so clients act the same.
            - **Option 26 (interface MTU) sent unasked**: when the file sets it, ours adds it to replies whose client did not
              request it (RFC 2131 4.3.1 allows it; on IPoIB a wrong MTU breaks the link, and PXE ROMs do not ask for it);
              ISC sends only requested options. Only its presence in ours alone, unrequested, is left out; its value is compared.

            """);
        return page.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static string Verdict(ConfigVerdict verdict) => verdict.Accepted ? "accepts" : "refuses: " + Cell(verdict.FirstProblem);

    private static string Replies(FileOutcome outcome)
    {
        if (outcome.ServingError is not null)
        {
            return "not compared (see Differences seen)";
        }

        if (outcome.Rows is null)
        {
            return "—";
        }

        List<string> differing = [.. outcome.Rows.Where(r => r.Value.Count > 0).Select(r => r.Key.Name())];
        return differing.Count == 0
            ? $"all {outcome.Rows.Count} rows"
            : $"{outcome.Rows.Count - differing.Count} of {outcome.Rows.Count}; differ: {string.Join(", ", differing)}";
    }

    private static string Cell(string text, int limit = 160)
    {
        string one = text.Replace('\n', ' ').Replace("|", "\\|", StringComparison.Ordinal).Trim();
        return one.Length > limit ? one[..(limit - 3)] + "..." : one;
    }
}
