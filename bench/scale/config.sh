#!/usr/bin/env bash
# Config scale: a generated dhcpd.conf with N host stanzas (default 100,000), checked by our `dhcpd -t` and by
# ISC's `dhcpd -t` on the same file, and the same for a one-host file (start-up); median wall time of 3 runs each
# and peak memory, for our JIT build, our Native AOT build and ISC's.
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
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
# The Native AOT build an admin installs (README, Build and install): no JIT, so its start-up is the runtime's alone.
aot="$root/artifacts/publish/dhcpd-aot/dhcpd"
dotnet publish "$root/dhcpd/dhcpd.csproj" -c Release -r linux-x64 -p:PublishAot=true -o "$(dirname "$aot")" >/dev/null
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
small="$work/small.conf"
head -n 9 "$conf" > "$small"   # the subnet and one host
size=$(du -h "$conf" | cut -f1)

# One run: "seconds peak-KiB" from /usr/bin/time; fails loudly if the check fails.
run() {
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1 \
    || { echo "bench: '$*' failed:" >&2; tail -5 "$work/out.txt" >&2; exit 1; }
  cat "$work/time.txt"
}
# Median wall time and the largest peak of 3 runs, interleaved so that load on the machine falls on every checker alike.
declare -A times peaks
for _ in 1 2 3; do
  for who in jit aot isc; do
    for file in "$conf" "$small"; do
      case $who in
        jit) r=$(run "$ours" -t -q -cf "$file") ;;
        aot) r=$(run "$aot" -t -q -cf "$file") ;;
        isc) r=$(run dhcpd -t -q -4 -cf "$file") ;;
      esac
      key="$who:$(basename "$file")"
      times[$key]="${times[$key]:-} ${r% *}"
      p=${r#* }; [ "$p" -gt "${peaks[$key]:-0}" ] && peaks[$key]=$p
    done
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
t() { echo "${times[$1]}" | median; }
mib() { echo $(( ${peaks[$1]} / 1024 )); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
big=$(basename "$conf")
{
  echo "# Config scale: \`dhcpd -t\` on a generated dhcpd.conf with $hosts host stanzas"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
  echo "- command: \`bench/scale/config.sh --hosts $hosts\`; file: $size, each host keyed by a FlexBoot client-id with one fixed address; the small file is its subnet and first host"
  echo "- median wall time of 3 interleaved runs each, process start to exit; peak resident memory (the largest of the 3)"
  echo
  echo "| checker | $hosts hosts | peak memory | × ISC's time | small file |"
  echo "|---|---:|---:|---:|---:|"
  echo "| ours, Native AOT (\`dotnet publish -r linux-x64 -p:PublishAot=true\`) | $(t "aot:$big") s | $(mib "aot:$big") MiB | $(ratio "$(t "aot:$big")" "$(t "isc:$big")") | $(t aot:small.conf) s |"
  echo "| ours, JIT (\`artifacts/bin/dhcpd/release/dhcpd\`) | $(t "jit:$big") s | $(mib "jit:$big") MiB | $(ratio "$(t "jit:$big")" "$(t "isc:$big")") | $(t jit:small.conf) s |"
  echo "| ISC dhcpd 4.4 \`dhcpd -t -4\` | $(t "isc:$big") s | $(mib "isc:$big") MiB | 1.00 | $(t isc:small.conf) s |"
  echo
  echo "Targets: at most 0.5× ISC's time and no more than ISC's memory on $hosts hosts; a small file in 30 ms."
} > "$out"
cat "$out"
