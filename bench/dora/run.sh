#!/usr/bin/env bash
# Relayed DORA rate of our dhcpd, Kea 2.2 (memfile) and ISC dhcpd 4.4, measured with perfdhcp in one run,
# interleaved A B C at each rate of a ladder so machine drift hits all three alike.
#
# Topology (network rule: only namespaces this script creates, 198.18.0.0/15, no route out):
#   ns ipoibbench-srv  veth0 198.18.0.1/24  the server under test, pinned to CPU 0
#   ns ipoibbench-cli  veth1 198.18.0.2/24  perfdhcp in relay mode (giaddr 198.18.0.2), pinned to CPU 1
# Clients get addresses from 198.19.0.0/16 (a relayed subnet). Every run is bounded by perfdhcp -p.
#
# Usage: sudo bench/dora/run.sh [--rates "1000 2000 4000"] [--seconds 8] [--servers "ours kea isc"] [--out bench/results/dora.md]
# (--servers also takes ours-nosync: ours with Journal:Flush=none, no fsync, as Kea's memfile)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
rates="500 1000 2000 4000 8000 12000 16000"
seconds=8
servers="ours kea isc"
out="$root/bench/results/dora.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) rates="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --servers) servers="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
for tool in perfdhcp kea-dhcp4 dhcpd ip taskset; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (bash .ci/prereqs installs the peers)" >&2; exit 1; }
done
ours="$root/artifacts/bin/dhcpd/release/dhcpd"
[ -x "$ours" ] || dotnet build -c Release "$root/IPoIBDhcp.sln" >/dev/null

work=$(mktemp -d /var/tmp/ipoibbench.XXXXXX)   # on disk, not tmpfs: fsync costs what it costs
srv=ipoibbench-srv; cli=ipoibbench-cli
cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  ip netns pids "$srv" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del "$srv" 2>/dev/null || true
  ip netns del "$cli" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cleanup_ns() { ip netns del "$srv" 2>/dev/null || true; ip netns del "$cli" 2>/dev/null || true; }
cleanup_ns
ip netns add "$srv"; ip netns add "$cli"
ip link add ipoibb0 type veth peer name ipoibb1
ip link set ipoibb0 netns "$srv" name veth0; ip link set ipoibb1 netns "$cli" name veth1
ip -n "$srv" addr add 198.18.0.1/24 dev veth0; ip -n "$cli" addr add 198.18.0.2/24 dev veth1
for ns in "$srv" "$cli"; do ip -n "$ns" link set lo up; done
ip -n "$srv" link set veth0 up; ip -n "$cli" link set veth1 up

cat > "$work/dhcpd.conf" <<CONF
authoritative;
ping-check false;
ddns-update-style none;
default-lease-time 3600;
max-lease-time 3600;
shared-network bench {
  subnet 198.18.0.0 netmask 255.255.255.0 { }
  subnet 198.19.0.0 netmask 255.255.0.0 { range 198.19.0.10 198.19.255.250; }
}
CONF
cat > "$work/kea.json" <<CONF
{ "Dhcp4": {
  "interfaces-config": { "interfaces": ["veth0/198.18.0.1"], "dhcp-socket-type": "udp" },
  "multi-threading": { "enable-multi-threading": false },
  "lease-database": { "type": "memfile", "persist": true, "name": "$work/kea-leases.csv", "lfc-interval": 0 },
  "valid-lifetime": 3600,
  "subnet4": [ { "id": 1, "subnet": "198.19.0.0/16", "pools": [ { "pool": "198.19.0.10 - 198.19.255.250" } ],
                 "relay": { "ip-addresses": ["198.18.0.2"] } } ],
  "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "$work/kea.log" } ], "severity": "WARN" } ]
} }
CONF
export KEA_PIDFILE_DIR="$work" KEA_LOCKFILE_DIR="$work"

start_server() {  # $1 = ours | ours-nosync | kea | isc
  rm -f "$work"/*.leases* "$work"/kea-leases.csv*
  touch "$work/isc.leases"
  case "$1" in
    ours) ip netns exec "$srv" taskset -c 0 "$ours" -q -d -cf "$work/dhcpd.conf" -lf "$work/ours.leases" --no-pid --listen 198.18.0.1:67 --LogLevel=warn >/dev/null 2>&1 & ;;
    # Ours without the fsync, as Kea's memfile writes: what the rest of the work costs, apart from durability.
    ours-nosync) ip netns exec "$srv" taskset -c 0 "$ours" -q -d -cf "$work/dhcpd.conf" -lf "$work/ours.leases" --no-pid --listen 198.18.0.1:67 --LogLevel=warn --Journal:Flush=none >/dev/null 2>&1 & ;;
    kea)  ip netns exec "$srv" taskset -c 0 kea-dhcp4 -c "$work/kea.json" >/dev/null 2>&1 & ;;
    isc)  ip netns exec "$srv" taskset -c 0 dhcpd -4 -f -q -cf "$work/dhcpd.conf" -lf "$work/isc.leases" -pf "$work/isc.pid" veth0 >/dev/null 2>&1 & ;;
  esac
  server_pid=$!
  # The server pid is that of 'ip netns exec' until it execs; wait for the real process to listen.
  for _ in $(seq 1 50); do
    if ip netns exec "$srv" ss -uln 2>/dev/null | grep -q ':67 '; then break; fi
    sleep 0.2
  done
  sleep 0.5
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sys_ticks() { awk '{print $15}' "/proc/$1/stat"; }   # of which in the kernel (sockets, fsync)
# Replies the kernel dropped because perfdhcp's socket buffer was full (UDP RcvbufErrors in its namespace).
rcvbuf_errors() { ip netns exec "$cli" awk '/^Udp:/ { n++; if (n == 2) print $6 }' /proc/net/snmp; }
stop_server() { kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; sleep 0.3; }

clk=$(getconf CLK_TCK)
results="$work/results.tsv"
: > "$results"
for rate in $rates; do
  for server in $servers; do
    start_server "$server"
    # Warm-up (JIT, caches, first lease file growth) outside the measurement, for every server alike.
    ip netns exec "$cli" taskset -c 1 timeout 20 perfdhcp -4 -g single -l 198.18.0.2 -r 500 -R 60000 -p 2 198.18.0.1 >/dev/null 2>&1 || true
    pid=$(pgrep -n -f "$( [ ${server%-nosync} = ours ] && echo 'release/dhcpd' || ([ $server = kea ] && echo kea-dhcp4 || echo 'dhcpd -4 -f') )")
    t0=$(cpu_ticks "$pid"); k0=$(sys_ticks "$pid")
    rcv0=$(rcvbuf_errors)
    report=$(ip netns exec "$cli" taskset -c 1 timeout $((seconds + 20)) perfdhcp -4 -g single -l 198.18.0.2 -r "$rate" -R 60000 -p "$seconds" 198.18.0.1 2>&1 || true)
    t1=$(cpu_ticks "$pid" 2>/dev/null || echo "$t0"); k1=$(sys_ticks "$pid" 2>/dev/null || echo "$k0")
    rcvbuf=$(( $(rcvbuf_errors) - rcv0 ))
    stop_server
    # perfdhcp prints two blocks: DO (discover/offer) then RA (request/ack).
    sent=$(echo "$report" | awk '/sent packets/ {n++; if (n==2) print $3}')
    acks=$(echo "$report" | awk '/received packets/ {n++; if (n==2) print $3}')
    disc=$(echo "$report" | awk '/sent packets/ {n++; if (n==1) print $3}')
    avg=$(echo "$report" | awk '/avg delay/ {n++; if (n==2) print $3}')
    max=$(echo "$report" | awk '/max delay/ {n++; if (n==2) print $3}')
    cpu=$(awk -v a="$t0" -v b="$t1" -v c="$clk" 'BEGIN { printf "%.2f", (b - a) / c }')
    kernel=$(awk -v a="$k0" -v b="$k1" -v c="$clk" 'BEGIN { printf "%.2f", (b - a) / c }')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$rate" "${disc:-0}" "${sent:-0}" "${acks:-0}" "${avg:-}" "${max:-}" "$cpu" "$rcvbuf" "$kernel" >> "$results"
    printf 'rate %6s %-4s discovers %7s acks %7s avg %8s ms max %8s ms cpu %6s s (kernel %s s)\n' "$rate" "$server" "${disc:-0}" "${acks:-0}" "${avg:--}" "${max:--}" "$cpu" "$kernel" >&2
  done
done

{
  echo "# Relayed DORA rate: IPoIB-DHCP dhcpd vs Kea 2.2 vs ISC dhcpd 4.4"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "- command: \`sudo bench/dora/run.sh --rates \"$rates\" --seconds $seconds --servers \"$servers\"\`"
  echo "- perfdhcp $(perfdhcp -v 2>&1 | head -1) relayed (giaddr 198.18.0.2) across a veth pair, \`-g single\`, server on CPU 0, perfdhcp on CPU 1, runs interleaved ours/Kea/ISC at each rate"
  echo "- durability: ours fsyncs each batch before its ACKs (group commit); ISC fsyncs per ACK; Kea memfile appends without fsync"
  echo "- logging: ours at \`--LogLevel=warn\`, Kea at WARN, ISC to syslog (no syslog daemon here, so nothing is written); each server gets a 2 s warm-up at 500/s before the measured run"
  echo
  echo "| rate/s | server | DISCOVERs | ACKs | drops | avg ms | max ms | server CPU s | of it kernel | CPU s per 1000 leases | replies lost in perfdhcp's socket buffer |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '{ drops = ($3 > 0) ? 100 * (1 - $5 / $3) : 0; per = ($5 > 0) ? 1000 * $8 / $5 : 0;
    printf "| %s | %s | %s | %s | %.2f%% | %s | %s | %s | %s | %.3f | %s |\n", $2, $1, $3, $5, drops, $6, $7, $8, $10, per, $9 }' "$results"
  echo
  echo "Sustained rate (highest rate with < 1% of DISCOVERs not ending in an ACK):"
  echo
  for s in $servers; do
    best=$(awk -F'\t' -v s="$s" '$1 == s && $3 > 0 && (1 - $5 / $3) < 0.01 { if ($2 + 0 > b) b = $2 + 0 } END { print b + 0 }' "$results")
    echo "- $s: $best DORA/s"
  done
} > "$out"
cat "$out"
