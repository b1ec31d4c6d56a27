import socket, struct, sys, os, random
# Sends one DHCPDISCOVER (broadcast flag set) on the given device and prints the OFFER's file field and options.
dev = sys.argv[1]; extra = sys.argv[2:]  # extra: code=hex pairs
xid = random.randint(1, 2**31)
chaddr = bytes.fromhex("02aabbccdd01")
pkt = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000, b"\0"*4, b"\0"*4, b"\0"*4, b"\0"*4,
                  chaddr + b"\0"*10, b"\0"*64, b"\0"*128)
opts = b"\x63\x82\x53\x63" + bytes([53, 1, 1])
opts += bytes([55, 9, 1, 3, 6, 12, 15, 17, 40, 66, 67])
for e in extra:
    code, hx = e.split("=")
    v = bytes.fromhex(hx)
    opts += bytes([int(code), len(v)]) + v
opts += b"\xff"
pkt += opts
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, 25, dev.encode())
s.bind(("0.0.0.0", 68))
s.settimeout(5)
s.sendto(pkt, ("255.255.255.255", 67))
for _ in range(5):
    data, _ = s.recvfrom(4096)
    if struct.unpack("!I", data[4:8])[0] != xid: continue
    print("yiaddr", socket.inet_ntoa(data[16:20]))
    print("file", data[108:236].split(b"\0")[0])
    print("sname", data[44:108].split(b"\0")[0])
    i = 240
    while i < len(data) and data[i] != 255:
        if data[i] == 0: i += 1; continue
        c, l = data[i], data[i+1]; print("opt", c, data[i+2:i+2+l].hex(), data[i+2:i+2+l]); i += 2 + l
    break
