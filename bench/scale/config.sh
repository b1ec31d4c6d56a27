#!/usr/bin/env bash
# Config scale: a generated dhcpd.conf with N host stanzas (default 100,000), checked by our `dhcpd -t` and by
# ISC's `dhcpd -t` on the same file; median wall time of 3 runs each, and our peak memory.
# Usage: bench/scale/config.sh [--hosts N] [--out bench/results/config-scale.md]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
hosts=100000
out="$root/bench/results/config-scale.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --hosts) hosts="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
ours="$root/artifacts/bin/dhcpd/release/dhcpd"
[ -x "$ours" ] || dotnet build -c Release "$root/IPoIBDhcp.sln" >/dev/null
command -v dhcpd >/dev/null || { echo "bench: ISC dhcpd is missing (bash .ci/prereqs installs it)" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
conf="$work/dhcpd.conf"
# Hosts keyed by FlexBoot client-ids, each with a fixed address in 198.18.0.0/15.
awk -v n="$hosts" 'BEGIN {
  print "authoritative;\nddns-update-style none;\nsubnet 198.18.0.0 netmask 255.254.0.0 {\n  option routers 198.18.0.1;\n}";
  for (i = 1; i <= n; i++) {
    a = i + 256;
    printf "host node%06d {\n  option dhcp-client-identifier ff:00:00:00:00:00:02:00:00:02:c9:00:00:02:c9:03:00:%02x:%02x:%02x;\n  fixed-address 198.%d.%d.%d;\n}\n",
      i, int(i / 65536) % 256, int(i / 256) % 256, i % 256, 18 + int(a / 65536), int(a / 256) % 256, a % 256;
  }
}' > "$conf"
size=$(du -h "$conf" | cut -f1)

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
run() {  # prints seconds of one run; fails loudly if the check fails
  local start end
  start=$(date +%s.%N)
  "$@" >"$work/out.txt" 2>&1 || { echo "bench: '$*' failed:" >&2; tail -5 "$work/out.txt" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}
ours_t=$(for _ in 1 2 3; do run "$ours" -t -q -cf "$conf"; done | median)
isc_t=$(for _ in 1 2 3; do run dhcpd -t -q -4 -cf "$conf"; done | median)
# Our peak resident memory for the check (from /proc while it runs).
"$ours" -t -q -cf "$conf" >/dev/null 2>&1 & pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
  [ "${rss:-0}" -gt "$peak" ] && peak=$rss
  sleep 0.05
done
{
  echo "# Config scale: \`dhcpd -t\` on a generated dhcpd.conf with $hosts host stanzas"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
  echo "- command: \`bench/scale/config.sh --hosts $hosts\`; file: $size, each host keyed by a FlexBoot client-id with one fixed address"
  echo "- median wall time of 3 runs each, process start to exit"
  echo
  echo "| checker | wall time | peak memory |"
  echo "|---|---:|---:|"
  echo "| ours \`dhcpd -t\` | ${ours_t} s | $((peak / 1024)) MiB |"
  echo "| ISC dhcpd 4.4 \`dhcpd -t\` | ${isc_t} s | |"
  echo
  echo "Target: 100,000 hosts checked in under 1 s."
} > "$out"
cat "$out"
