#!/usr/bin/env bash
# Lease scale: dhcpd start-up on a dhcpd.leases with N leases (default 1,000,000) in ISC's format: time from
# process start until it serves (replay, index, restore; a rewrite only when the file is overgrown), and resident memory per lease.
# Usage: bench/scale/leases.sh [--leases N] [--out bench/results/lease-scale.md]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
leases=1000000
out="$root/bench/results/lease-scale.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --leases) leases="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
ours="$root/artifacts/bin/dhcpd/release/dhcpd"
[ -x "$ours" ] || dotnet build -c Release "$root/IPoIBDhcp.sln" >/dev/null
work=$(mktemp -d /var/tmp/ipoib-leasescale.XXXXXX); trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
pid=""
cat > "$work/dhcpd.conf" <<CONF
authoritative;
ddns-update-style none;
shared-network relay {
  subnet 127.0.0.0 netmask 255.0.0.0 { }
  subnet 198.16.0.0 netmask 255.240.0.0 { range 198.16.0.10 198.31.255.250; }
}
CONF
# N active leases as ISC dhcpd 4.4 writes them, FlexBoot client-ids as uids, addresses in 198.16.0.0/12
# (a parse-only file: nothing is sent to these addresses).
awk -v n="$leases" 'BEGIN {
  print "# The format of this file is documented in the dhcpd.leases(5) manual page.\n# This lease file was written by isc-dhcp-4.4.3-P1\n\n# authoring-byte-order entry is generated, DO NOT DELETE\nauthoring-byte-order little-endian;\n";
  for (i = 0; i < n; i++) {
    a = i + 10;
    printf "lease 198.%d.%d.%d {\n  starts 3 2026/11/25 00:00:00;\n  ends 4 2036/11/27 00:00:00;\n  cltt 3 2026/11/25 00:00:00;\n  binding state active;\n  next binding state free;\n  rewind binding state free;\n  uid \"\\377\\000\\000\\000\\000\\000\\002\\000\\000\\002\\311\\000\\000\\002\\311\\003\\%03o\\%03o\\%03o\\%03o\";\n}\n",
      16 + int(a / 65536), int(a / 256) % 256, a % 256, int(i / 16777216) % 256, int(i / 65536) % 256, int(i / 256) % 256, i % 256;
  }
}' > "$work/dhcpd.leases"
size=$(du -h "$work/dhcpd.leases" | cut -f1)
port=$(( 20000 + RANDOM % 20000 ))

start_ours() {  # $1 = lease file; prints "seconds rss_kib"
  local t0 t1
  : > "$work/out.log"
  t0=$(date +%s.%N)
  "$ours" -q -d -cf "$work/dhcpd.conf" -lf "$1" --no-pid -p "$port" --listen "127.0.0.1:$port" >"$work/out.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    grep -q "Server starting service." "$work/out.log" && break
    kill -0 "$pid" 2>/dev/null || { echo "bench: dhcpd exited:" >&2; tail -5 "$work/out.log" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s.%N)
  rss=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  awk -v a="$t0" -v b="$t1" -v r="$rss" 'BEGIN { printf "%.2f %d\n", b - a, r }'
}
: > "$work/empty.leases"
read -r empty_t empty_rss < <(start_ours "$work/empty.leases")
read -r full_t full_rss < <(start_ours "$work/dhcpd.leases")
per=$(( (full_rss - empty_rss) * 1024 / leases ))
{
  echo "# Lease scale: dhcpd start-up on $leases leases"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
  echo "- command: \`bench/scale/leases.sh --leases $leases\`; lease file $size in ISC 4.4's format (active leases, FlexBoot uids)"
  echo "- start-up = process start until \"Server starting service.\": replay, indexes, restore into the allocator (and a rewrite only if the file is overgrown)"
  echo
  echo "| lease file | start-up | resident memory | per lease |"
  echo "|---|---:|---:|---:|"
  echo "| empty | ${empty_t} s | $((empty_rss / 1024)) MiB | |"
  echo "| $leases leases | ${full_t} s | $((full_rss / 1024)) MiB | ${per} bytes |"
  echo
  echo "Target: 1,000,000 leases replayed in under 2 s at under 300 bytes of memory per lease."
} > "$out"
cat "$out"
