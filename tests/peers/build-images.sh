#!/usr/bin/env bash
# Builds the local peer image for the interop tests (tests/IPoIBDhcp.InteropTests), once.
# No image registry is reachable from this machine, so the image is a Debian bookworm minbase root
# filesystem made with debootstrap from the same Debian mirror apt uses here, with the peers installed
# in a chroot, and imported with `docker import`. Idempotent: does nothing when the image exists.
# Needs root, debootstrap and a running Docker engine. Usage: build-images.sh [--force]
set -euo pipefail

image="${IPOIBDHCP_PEER_IMAGE:-ipoibdhcp/peers:bookworm}"
peers=(isc-dhcp-server isc-dhcp-client kea-dhcp4-server kea-admin busybox dnsmasq iproute2)

if [ "${1:-}" != "--force" ] && docker image inspect "$image" >/dev/null 2>&1; then
  echo "build-images: $image already present"
  exit 0
fi

# The Debian mirror apt uses here (deb822 sources first, then the one-line format).
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -e "$f" ] || continue
  mirror=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$f")
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ]; then
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '$1 == "deb" && $0 ~ /bookworm/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\/.*\/debian\/?$/) { print $i; exit } }' | head -n 1)
fi
if [ -z "$mirror" ]; then
  echo "build-images: no Debian mirror found in /etc/apt/sources.list*" >&2
  exit 1
fi

start=$(date +%s)
work=$(mktemp -d /var/tmp/ipoibdhcp-rootfs.XXXXXX)
rootfs="$work/rootfs"
cleanup() {
  # Unmount whatever is still mounted under the root filesystem before removing it.
  for m in proc sys dev/pts; do
    mountpoint -q "$rootfs/$m" 2>/dev/null && umount -l "$rootfs/$m" || true
  done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

echo "build-images: debootstrap bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
}

# No service may start inside the chroot while the peers install.
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod +x "$rootfs/usr/sbin/policy-rc.d"
mount -t proc proc "$rootfs/proc"
echo "build-images: installing ${peers[*]}"
chroot "$rootfs" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update -qq
chroot "$rootfs" /usr/bin/env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${peers[@]}" >"$work/install.log" 2>&1 || {
  tail -n 30 "$work/install.log" >&2
  exit 1
}
chroot "$rootfs" apt-get clean
umount "$rootfs/proc"
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
# The peers write leases and pid files here when the tests do not say otherwise.
mkdir -p "$rootfs/var/lib/dhcp" "$rootfs/run/kea" "$rootfs/var/lib/kea"

tar -C "$rootfs" -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -m "IPoIB-DHCP interop peers: ${peers[*]}" - "$image" >/dev/null

versions=$(docker run --rm --network none "$image" sh -c \
  'dpkg-query -W -f "\${Package}=\${Version} " isc-dhcp-server isc-dhcp-client kea-dhcp4-server busybox dnsmasq')
echo "build-images: $image built in $(( $(date +%s) - start )) s: $versions"
