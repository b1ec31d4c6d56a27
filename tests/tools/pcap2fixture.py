#!/usr/bin/env python3
"""Turns DHCP packets of a pcap (Ethernet, Linux cooked or raw IP) into annotated hex fixtures.

Usage: pcap2fixture.py CAPTURE.pcap OUTDIR PREFIX "source description"
       pcap2fixture.py --raw MESSAGE.hex OUT.hex "source description"   (annotate one DHCP message given as hex)
Writes OUTDIR/PREFIX-<n>-<type>.hex: the UDP payload (the DHCP message) with a comment per field,
and a first comment naming where the capture came from. Used to feed tests/IPoIBDhcp.Tests/Fixtures.
"""
import struct, sys, os

TYPES = {1: "discover", 2: "offer", 3: "request", 4: "decline", 5: "ack", 6: "nak", 7: "release", 8: "inform"}
NAMES = {1: "subnet-mask", 3: "routers", 6: "domain-name-servers", 12: "host-name", 15: "domain-name",
         17: "root-path", 26: "interface-mtu", 28: "broadcast-address", 50: "requested-address", 51: "lease-time",
         53: "message-type", 54: "server-identifier", 55: "parameter-request-list", 57: "max-message-size",
         58: "renewal-time", 59: "rebinding-time", 60: "vendor-class-identifier", 61: "client-identifier",
         66: "tftp-server-name", 67: "bootfile-name", 77: "user-class", 82: "relay-agent-information",
         93: "client-architecture", 118: "subnet-selection", 119: "domain-search", 121: "classless-static-routes"}

def packets(path):
    data = open(path, "rb").read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
    linktype = struct.unpack(endian + "I", data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(endian + "IIII", data[off:off + 16])
        frame = data[off + 16: off + 16 + incl]
        off += 16 + incl
        if linktype == 1:
            ip = frame[14:] if frame[12:14] == b"\x08\x00" else None
        elif linktype == 113:
            ip = frame[16:] if frame[14:16] == b"\x08\x00" else None
        else:
            ip = frame
        if not ip or ip[0] >> 4 != 4 or ip[9] != 17:
            continue
        ihl = (ip[0] & 15) * 4
        udp = ip[ihl:]
        length = struct.unpack(">H", udp[4:6])[0]
        yield ip, udp[8:length]

def hexs(b):
    return " ".join("%02x" % x for x in b)

def annotate(msg):
    out = []
    f = lambda o, n, label: out.append("%-48s # %s" % (hexs(msg[o:o + n]), label))
    f(0, 1, "op"); f(1, 1, "htype"); f(2, 1, "hlen"); f(3, 1, "hops"); f(4, 4, "xid"); f(8, 2, "secs")
    f(10, 2, "flags"); f(12, 4, "ciaddr"); f(16, 4, "yiaddr"); f(20, 4, "siaddr"); f(24, 4, "giaddr")
    f(28, 16, "chaddr")
    for o in range(44, 108, 32): f(o, 32, "sname")
    for o in range(108, 236, 32): f(o, 32, "file")
    f(236, 4, "magic cookie")
    i = 240
    while i < len(msg):
        code = msg[i]
        if code == 0:
            j = i
            while j < len(msg) and msg[j] == 0: j += 1
            for k in range(i, j, 32): f(k, min(32, j - k), "pad")
            i = j; continue
        if code == 255:
            f(i, 1, "end"); i += 1; continue
        n = msg[i + 1]
        f(i, 2 + n, "option %d %s" % (code, NAMES.get(code, "")))
        i += 2 + n
    return "\n".join(out) + "\n"

def main():
    if sys.argv[1] == "--raw":
        src, out, source = sys.argv[2:5]
        msg = bytes.fromhex(open(src).read().split("#")[0].replace(" ", "").replace("\n", "").replace(":", ""))
        with open(out, "w") as fh:
            fh.write("# %s\n# DHCP message (%d bytes)\n" % (source, len(msg)))
            fh.write(annotate(msg))
        return
    cap, outdir, prefix, source = sys.argv[1:5]
    os.makedirs(outdir, exist_ok=True)
    for n, (ip, msg) in enumerate(packets(cap), 1):
        t = 0
        i = 240
        while i < len(msg) - 1:
            if msg[i] == 0: i += 1; continue
            if msg[i] == 255: break
            if msg[i] == 53: t = msg[i + 2]
            i += 2 + msg[i + 1]
        name = "%s-%d-%s.hex" % (prefix, n, TYPES.get(t, "bootp"))
        src = ".".join(map(str, ip[12:16])); dst = ".".join(map(str, ip[16:20]))
        with open(os.path.join(outdir, name), "w") as fh:
            fh.write("# %s\n# captured %s -> %s, UDP payload (%d bytes)\n" % (source, src, dst, len(msg)))
            fh.write(annotate(msg))
        print(name)

main()
