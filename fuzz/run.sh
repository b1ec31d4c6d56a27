#!/usr/bin/env bash
# Coverage-guided fuzzing of one reader: build, instrument (SharpFuzz), seed from the golden fixtures,
# run afl-fuzz for MINUTES, then copy every crash and hang into fuzz/regressions/TARGET/, which the unit
# tests replay. See docs/fuzzing.md.
#
#   fuzz/run.sh TARGET MINUTES      e.g. fuzz/run.sh dhcpd-conf 10
#   fuzz/run.sh list                the targets
#
# Needs afl-fuzz (Debian: apt-get install afl++) and the SharpFuzz CLI
# (dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0).
# Runs at nice 19 so it only takes CPU nobody else wants; several targets may run at once.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
targets="dhcp frame identity option-text leases dhcpd-conf dhclient-conf dhclient-leases fabric partitions"
if [[ "${1:-}" == list ]]; then echo "$targets"; exit 0; fi
if [[ $# -ne 2 || " $targets " != *" $1 "* || ! "$2" =~ ^[0-9]+$ ]]; then
    echo "usage: fuzz/run.sh TARGET MINUTES   (targets: $targets)" >&2
    exit 2
fi
target="$1"
minutes="$2"
command -v afl-fuzz >/dev/null || { echo "afl-fuzz not found: apt-get install afl++" >&2; exit 1; }
sharpfuzz="$(command -v sharpfuzz || echo "$HOME/.dotnet/tools/sharpfuzz")"
[[ -x "$sharpfuzz" ]] || { echo "sharpfuzz not found: dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0" >&2; exit 1; }

work="$repo/artifacts/fuzz/$target"
plain="$work/plain"   # as built: seeds and replays (instrumented code runs only under afl-fuzz)
bin="$work/bin"       # instrumented copy for afl-fuzz
mkdir -p "$work"

# 1. Build, then instrument a private copy (instrumentation rewrites the DLLs in place). Builds of
#    concurrent runs share obj/, so they take turns.
rm -rf "$plain" "$bin"
(
    flock 9
    nice -n 19 dotnet publish "$repo/fuzz/IPoIBDhcp.Fuzz.csproj" -c Release -o "$plain" --nologo -v quiet
) 9>"$repo/artifacts/fuzz/.build.lock"
cp -r "$plain" "$bin"
for dll in IPoIBDhcp.Shared.dll dhclient.dll dhcpd.dll; do
    "$sharpfuzz" "$bin/$dll" >/dev/null
done

# 2. Seeds: the golden fixtures for this reader, plus fuzz/seeds/TARGET and the regression corpus.
rm -rf "$work/seeds"
dotnet "$plain/IPoIBDhcp.Fuzz.dll" seeds "$target" "$work/seeds" "$repo"
for dir in "$repo/fuzz/regressions/$target" "$repo/fuzz/pending/$target"; do
    [[ -d "$dir" ]] && cp "$dir"/* "$work/seeds/" 2>/dev/null || true
done

# 3. Fuzz. An input that runs longer than FUZZ_TIMEOUT_MS (default 10 s: a shared, loaded machine) is a hang;
#    '+' skips seeds that time out instead of aborting. An existing findings folder is resumed.
#    Keep the timeout generous: after a timeout SharpFuzz restarts its worker process, and on a loaded
#    machine the campaign then runs far slower (see docs/fuzzing.md).
export AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_AUTORESUME=1 \
       AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CRASHES=1 AFL_FORKSRV_INIT_TMOUT=60000 \
       AFL_IGNORE_UNKNOWN_ENVS=1
start=$(date +%s)
nice -n 19 afl-fuzz -i "$work/seeds" -o "$work/findings" -t "${FUZZ_TIMEOUT_MS:-10000}+" -m none -V $((minutes * 60)) \
    -- dotnet "$bin/IPoIBDhcp.Fuzz.dll" "$target" >"$work/afl.log" 2>&1 || {
    echo "afl-fuzz failed; last lines of $work/afl.log:" >&2
    tail -n 20 "$work/afl.log" >&2
    exit 1
}
end=$(date +%s)

# 4. Every crash and hang that replays (an exception, or slower than the unit tests' 10 s bound) becomes a
#    regression input, named by its content so reruns do not duplicate it. One that does not replay (a
#    worker lost to machine load) stays in the findings folder and is only listed.
out="$repo/fuzz/regressions/$target"
new=0
unreproduced=""
for kind in crashes hangs; do
    for f in "$work/findings/default/$kind"/id:*; do
        [[ -f "$f" ]] || continue
        name="${kind%es}"; name="${name%s}-$(sha1sum "$f" | cut -c1-12)"
        [[ -e "$out/$name" || -e "$repo/fuzz/pending/$target/$name" ]] && continue
        if timeout 120 dotnet "$plain/IPoIBDhcp.Fuzz.dll" replay "$target" "$f" >/dev/null 2>&1; then
            unreproduced="$unreproduced $f"
        else
            mkdir -p "$out"
            cp "$f" "$out/$name"
            new=$((new + 1))
        fi
    done
done

stats="$work/findings/default/fuzzer_stats"
get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
echo "target=$target wall_s=$((end - start)) run_time_s=$(get run_time) execs=$(get execs_done)" \
     "execs_per_s=$(get execs_per_sec) corpus=$(get corpus_count) edges=$(get edges_found)" \
     "crashes=$(get saved_crashes) hangs=$(get saved_hangs) new_regressions=$new"
[[ -z "$unreproduced" ]] || echo "not reproduced outside afl-fuzz:$unreproduced"
if [[ $new -gt 0 ]]; then
    echo "new inputs in fuzz/regressions/$target; their stacks:"
    dotnet "$plain/IPoIBDhcp.Fuzz.dll" replay "$target" "$out" | grep -v '^ok ' || true
fi
