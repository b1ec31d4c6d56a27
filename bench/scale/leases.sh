#!/usr/bin/env bash
# Lease scale: dhcpd start-up on a dhcpd.leases with N leases (default 1,000,000) in ISC's format: time from
# process start until it serves (replay, index, restore; a rewrite only when the file is overgrown), and resident memory per lease.
# Usage: sudo bench/scale/leases.sh [--leases N] [--out bench/results/lease-scale.md]
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
dotnet build -c Release "$root/dhcpd/dhcpd.csproj" >/dev/null
# The build README's install puts in /usr/local/sbin.
aot="$root/artifacts/publish/dhcpd-aot/dhcpd"
dotnet publish "$root/dhcpd/dhcpd.csproj" -c Release -r linux-x64 -p:PublishAot=true -o "$(dirname "$aot")" >/dev/null
command -v dhcpd >/dev/null || { echo "bench: ISC dhcpd is missing (bash .ci/prereqs installs it)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "bench: run as root: ISC dhcpd runs in a network namespace of its own" >&2; exit 1; }
work=$(mktemp -d /var/tmp/ipoib-leasescale.XXXXXX)
ns="leasescale-$$"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null; ip netns del "$ns" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
# ISC dhcpd listens on a veth inside a namespace of its own (no route out); ours on loopback. Nothing is sent to either.
ip netns add "$ns"
ip -n "$ns" link add v0 type veth peer name v1
ip -n "$ns" addr add 198.16.0.1/12 dev v0
ip -n "$ns" link set v0 up; ip -n "$ns" link set v1 up
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
}' > "$work/source.leases"
size=$(du -h "$work/source.leases" | cut -f1)
port=$(( 20000 + RANDOM % 20000 ))

# Starts a server on a fresh copy of $2 (a lease file, or "empty") and waits for "Server starting service.";
# prints "seconds rss_kib peak_kib". $1 = aot | ours | isc.
start() {
  local t0 t1 rss hwm
  if [ "$2" = empty ]; then : > "$work/run.leases"; else cp "$work/source.leases" "$work/run.leases"; fi
  rm -f "$work/run.leases~"
  : > "$work/out.log"
  t0=$(date +%s.%N)
  case "$1" in
    aot) "$aot" -q -d -cf "$work/dhcpd.conf" -lf "$work/run.leases" --no-pid -p "$port" --listen "127.0.0.1:$port" >"$work/out.log" 2>&1 & pid=$! ;;
    ours) "$ours" -q -d -cf "$work/dhcpd.conf" -lf "$work/run.leases" --no-pid -p "$port" --listen "127.0.0.1:$port" >"$work/out.log" 2>&1 & pid=$! ;;
    isc) ip netns exec "$ns" dhcpd -4 -f -d -cf "$work/dhcpd.conf" -lf "$work/run.leases" -pf "$work/isc.pid" v0 >"$work/out.log" 2>&1 & pid=$! ;;
  esac
  for _ in $(seq 1 1200); do
    grep -q "Server starting service." "$work/out.log" && break
    kill -0 "$pid" 2>/dev/null || { echo "bench: $1 exited:" >&2; tail -5 "$work/out.log" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s.%N)
  rss=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status"); hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  awk -v a="$t0" -v b="$t1" -v r="$rss" -v h="$hwm" 'BEGIN { printf "%.2f %d %d\n", b - a, r, h }'
}
row() {  # $1 = who, $2 = label: one table row from an empty and a full start
  local et er eh ft fr fh
  read -r et er eh < <(start "$1" empty)
  read -r ft fr fh < <(start "$1" full)
  echo "| $2 | ${et} s | $((er / 1024)) MiB | ${ft} s | $((fr / 1024)) MiB | $((fh / 1024)) MiB | $(( (fr - er) * 1024 / leases )) bytes | $(( fr * 1024 / leases )) bytes |"
}
aot_row=$(row aot "ours, Native AOT (as README installs it)")
ours_row=$(row ours "ours, JIT (\`artifacts/bin/dhcpd/release/dhcpd\`)")
isc_row=$(row isc "ISC dhcpd 4.4 (\`dhcpd -4 -f -d\`)")
{
  echo "# Lease scale: dhcpd start-up on $leases leases"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
  echo "- command: \`sudo bench/scale/leases.sh --leases $leases\`; lease file $size in ISC 4.4's format (active leases, FlexBoot uids); one range holding every address"
  echo "- start-up = process start until \"Server starting service.\": replay, indexes, restore into the allocator (ISC also rewrites the file; ours only when it is overgrown); memory at that moment, and the peak until then"
  echo
  echo "| server | empty file: start-up | resident | $leases leases: start-up | resident | peak | added per lease | all per lease |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  echo "$aot_row"
  echo "$ours_row"
  echo "$isc_row"
  echo
  echo "ISC allocates a lease structure for every address of a range when it reads the configuration, leased or not, so"
  echo "most of its memory is in the empty-file start already: \"all per lease\" (resident with the leases, divided by the"
  echo "leases) is the figure to compare. Ours holds a bit per range address and a record per lease."
  echo
  echo "Target: 1,000,000 leases served in under 1 s at under 200 bytes of memory per lease."
} > "$out"
cat "$out"
