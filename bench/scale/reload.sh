#!/usr/bin/env bash
# Reload at scale: SIGHUP to the Native AOT dhcpd serving a dhcpd.conf with N host stanzas (default 100,000) while
# perfdhcp runs relayed DORA at a steady rate; a run without reloads at the same rate, in the same invocation, is the
# baseline. Reports each reload's times from dhcpd's log line and the exchanges perfdhcp lost in each run.
#
# Topology (network rule: only namespaces this script creates, 198.18.0.0/15, no route out):
#   ns ipoibreload-srv  veth0 198.18.0.1/15  dhcpd --listen 198.18.0.1:67
#   ns ipoibreload-cli  veth1 198.18.0.2/15  perfdhcp in relay mode (giaddr 198.18.0.2), pinned to CPU 1
# Hosts have fixed addresses from 198.18.1.0 up; perfdhcp's clients draw from 198.19.192.10-198.19.255.250.
# Every run is bounded by perfdhcp -p.
#
# Usage: sudo bench/scale/reload.sh [--hosts N] [--rate R] [--seconds S] [--reloads K] [--out bench/results/reload-scale.md]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
hosts=100000; rate=1000; seconds=16; reloads=4
out="$root/bench/results/reload-scale.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) hosts="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --reloads) reloads="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
for tool in perfdhcp ip taskset; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (bash .ci/prereqs installs the peers)" >&2; exit 1; }
done
# The build an admin installs (README, Build and install).
aot="$root/artifacts/publish/dhcpd-aot/dhcpd"
dotnet publish "$root/dhcpd/dhcpd.csproj" -c Release -r linux-x64 -p:PublishAot=true -o "$(dirname "$aot")" >/dev/null

work=$(mktemp -d /var/tmp/ipoibreload.XXXXXX)
srv=ipoibreload-srv; cli=ipoibreload-cli
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  ip netns pids "$srv" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del "$srv" 2>/dev/null || true
  ip netns del "$cli" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
ip netns del "$srv" 2>/dev/null || true; ip netns del "$cli" 2>/dev/null || true
ip netns add "$srv"; ip netns add "$cli"
ip link add ipoibr0 type veth peer name ipoibr1
ip link set ipoibr0 netns "$srv" name veth0; ip link set ipoibr1 netns "$cli" name veth1
ip -n "$srv" addr add 198.18.0.1/15 dev veth0; ip -n "$cli" addr add 198.18.0.2/15 dev veth1
for ns in "$srv" "$cli"; do ip -n "$ns" link set lo up; done
ip -n "$srv" link set veth0 up; ip -n "$cli" link set veth1 up

conf="$work/dhcpd.conf"
# Hosts keyed by FlexBoot client-ids, each with a fixed address (as bench/scale/config.sh), and a range for perfdhcp.
awk -v n="$hosts" 'BEGIN {
  print "authoritative;\nping-check false;\nddns-update-style none;\ndefault-lease-time 3600;\nmax-lease-time 3600;";
  print "subnet 198.18.0.0 netmask 255.254.0.0 {\n  option routers 198.18.0.1;\n  range 198.19.192.10 198.19.255.250;\n}";
  for (i = 1; i <= n; i++) {
    a = i + 256;
    printf "host node%06d {\n  option dhcp-client-identifier ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:%02x:%02x:%02x;\n  fixed-address 198.%d.%d.%d;\n}\n",
      i, int(i / 65536) % 256, int(i / 256) % 256, i % 256, 18 + int(a / 65536), int(a / 256) % 256, a % 256;
  }
}' > "$conf"
size=$(du -h "$conf" | cut -f1)

# One run: dhcpd started afresh, a 2 s warm-up, then perfdhcp for $seconds s; with $1 = yes, a SIGHUP every
# $seconds/($reloads+1) s, each after an edit that adds one host (so every reload changes the plan).
run() {
  local with_reloads=$1 log="$work/dhcpd-$1.log" report
  : > "$work/dhcpd.leases"
  ip netns exec "$srv" "$aot" -d -cf "$conf" -lf "$work/dhcpd.leases" --no-pid --listen 198.18.0.1:67 --LogLevel=info >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do grep -q "Server starting service." "$log" && break; sleep 0.1; done
  grep -q "Server starting service." "$log" || { echo "bench: dhcpd did not start:" >&2; tail -5 "$log" >&2; exit 1; }
  ip netns exec "$cli" taskset -c 1 timeout 20 perfdhcp -4 -g single -l 198.18.0.2 -r 500 -R 15000 -p 2 198.18.0.1 >/dev/null 2>&1 || true
  ip netns exec "$cli" taskset -c 1 timeout $((seconds + 20)) perfdhcp -4 -g single -l 198.18.0.2 -r "$rate" -R 15000 -p "$seconds" 198.18.0.1 >"$work/perfdhcp-$1.txt" 2>&1 &
  local perf=$!
  if [ "$with_reloads" = yes ]; then
    local gap; gap=$(awk -v s="$seconds" -v k="$reloads" 'BEGIN { printf "%.2f", s / (k + 1) }')
    for k in $(seq 1 "$reloads"); do
      sleep "$gap"
      printf 'host added%02d {\n  option dhcp-client-identifier ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:04:00:00:00:%02x;\n  fixed-address 198.19.191.%d;\n}\n' "$k" "$k" "$k" >> "$conf"
      kill -HUP "$(pgrep -n -f "dhcpd-aot/dhcpd -d -cf $conf")"
    done
  fi
  wait "$perf" || true
  kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""
  sleep 0.3
}
run no
run yes

# perfdhcp prints two blocks: DO (discover/offer) then RA (request/ack).
field() { awk -v what="$2" -v n="$3" '$0 ~ what { c++; if (c == n) print $3 }' "$work/perfdhcp-$1.txt"; }
row() {
  local disc acks drops_do drops_ra
  disc=$(field "$1" "sent packets" 1); acks=$(field "$1" "received packets" 2)
  drops_do=$(field "$1" "drops" 1); drops_ra=$(field "$1" "drops" 2)
  printf '| %s | %s | %s | %s | %s | %s ms | %s ms |\n' "$2" "$disc" "$acks" "${drops_do:-0}" "${drops_ra:-0}" \
    "$(awk '/avg delay/ { c++; if (c == 2) print $3 }' "$work/perfdhcp-$1.txt")" "$(awk '/max delay/ { c++; if (c == 2) print $3 }' "$work/perfdhcp-$1.txt")"
}
{
  echo "# Reload at scale: SIGHUP with $hosts hosts while serving $rate DORA/s"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
  echo "- command: \`sudo bench/scale/reload.sh --hosts $hosts --rate $rate --seconds $seconds --reloads $reloads\`; dhcpd.conf $size"
  echo "- server: the Native AOT dhcpd, unpinned; perfdhcp $(perfdhcp -v 2>&1 | head -1 | awk '{print $2}') relayed across a veth pair (\`-g single -R 15000\`, drop time 1 s) on CPU 1; both runs start dhcpd afresh and warm it up 2 s at 500/s"
  echo "- each reload adds one host to the file first, so every reload reads the whole file and replaces the plan"
  echo
  echo "| run | DISCOVERs | ACKs | DISCOVERs lost | REQUESTs lost | avg DORA delay | max delay |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  row no "no reload (baseline)"
  row yes "$reloads reloads during the run"
  echo
  echo "Each reload, as dhcpd logged it (read = parse and check of dhcpd.conf, off the serving path; applied = the plan built"
  echo "and swapped; paused = how long requests waited for the swap):"
  echo
  grep -o 'Reloaded .*' "$work/dhcpd-yes.log" | sed "s|$work/||; s/^/- /"
  grep -o 'Reload of .*' "$work/dhcpd-yes.log" | sed "s|$work/||; s/^/- REFUSED: /" || true
} > "$out"
cat "$out"
