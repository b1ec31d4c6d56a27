#!/bin/bash
# Runs ISC dhcpd 4.4 with $1 (a dhcpd.conf) in namespace ev15s, and client.py with the rest of the args in ev15c.
set -u
conf=$1; shift
ip netns add ev15s; ip netns add ev15c
ip link add ev15a type veth peer name ev15b
ip link set ev15a netns ev15s; ip link set ev15b netns ev15c
ip -n ev15s addr add 198.18.200.1/24 dev ev15a; ip -n ev15s link set ev15a up; ip -n ev15s link set lo up
ip -n ev15c link set ev15b up; ip -n ev15c link set lo up
: > /tmp/evalisc/leases
ip netns exec ev15s timeout 20 /usr/sbin/dhcpd -4 -f -d -cf "$conf" -lf /tmp/evalisc/leases -pf /tmp/evalisc/pid ev15a > /tmp/evalisc/dhcpd.log 2>&1 &
sleep 1.5
ip netns exec ev15c timeout 10 python3 /tmp/evalisc/client.py ev15b "$@"
kill %1 2>/dev/null; wait 2>/dev/null
ip netns del ev15s; ip netns del ev15c
