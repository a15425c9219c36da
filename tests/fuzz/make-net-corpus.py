#!/usr/bin/env python3
"""Writes the seed corpus of the net_input fuzzer (tests/fuzz/corpus/net_input):
records of frames as tests/fuzz/net_input.c reads them (one byte choosing the
interface, bit 0 set for "leasing"; a big-endian 16-bit length; the frame).
Not run by make: its output is committed. Usage: tests/fuzz/make-net-corpus.py"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'corpus', 'net_input')
FIXED_MAC = bytes([0x00, 0x16, 0x3e, 0, 0, 0x42])
LEASING_MAC = bytes([0x00, 0x16, 0x3e, 0, 0, 0x43])
PEER_MAC = bytes([0xfe, 0xff, 0xff, 0xff, 0xff, 0xff])
BROADCAST = b'\xff' * 6
XID = 0x5eed0001


def ip(text):
    return bytes(int(x) for x in text.split('.'))


def checksum(data):
    if len(data) % 2:
        data += b'\0'
    s = sum(struct.unpack('!%dH' % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ipv4(src, dst, proto, payload, ident=1, frag=0):
    head = struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(payload), ident, frag, 64, proto, 0,
                       ip(src), ip(dst))
    head = head[:10] + struct.pack('!H', checksum(head)) + head[12:]
    return head + payload


def udp(src, dst, sport, dport, payload):
    length = 8 + len(payload)
    pseudo = ip(src) + ip(dst) + struct.pack('!BBH', 0, 17, length)
    head = struct.pack('!HHHH', sport, dport, length, 0)
    c = checksum(pseudo + head + payload) or 0xffff
    return ipv4(src, dst, 17, head[:6] + struct.pack('!H', c) + payload)


def ether(dst, src, kind, payload):
    return dst + src + struct.pack('!H', kind) + payload


def dhcp(msg_type, extra=b''):
    bootp = struct.pack('!BBBBIHH4s4s4s4s', 2, 1, 6, 0, XID, 0, 0, b'\0' * 4, ip('192.0.2.100'),
                        ip('192.0.2.1'), b'\0' * 4)
    bootp += LEASING_MAC + b'\0' * 10 + b'\0' * 64 + b'/boot/pxe.elf'.ljust(128, b'\0')
    opts = bytes([53, 1, msg_type]) + bytes([54, 4]) + ip('192.0.2.1')
    opts += bytes([51, 4]) + struct.pack('!I', 600) + bytes([1, 4]) + ip('255.255.255.0')
    opts += bytes([3, 4]) + ip('192.0.2.1') + extra + b'\xff'
    msg = bootp + b'\x63\x82\x53\x63' + opts
    return ether(BROADCAST, PEER_MAC, 0x0800,
                 udp('192.0.2.1', '255.255.255.255', 67, 68, msg))


def arp(op, sender_mac, sender_ip, target_mac, target_ip, dst):
    body = struct.pack('!HHBBH', 1, 0x0800, 6, 4, op) + sender_mac + ip(sender_ip)
    body += target_mac + ip(target_ip)
    return ether(dst, sender_mac, 0x0806, body)


def icmp_echo(payload=b'ping'):
    head = struct.pack('!BBHHH', 8, 0, 0, 7, 1)
    msg = head + payload
    msg = msg[:2] + struct.pack('!H', checksum(msg)) + msg[4:]
    return ether(FIXED_MAC, PEER_MAC, 0x0800, ipv4('192.0.2.1', '192.0.2.2', 1, msg))


def record(leasing, frame):
    return bytes([1 if leasing else 0]) + struct.pack('!H', len(frame)) + frame


def fragments():
    data = bytes(range(256)) * 2
    head = struct.pack('!HHHH', 1234, 9, 8 + len(data), 0)
    whole = head + data
    first = ipv4('192.0.2.1', '192.0.2.2', 17, whole[:256], ident=77, frag=0x2000)
    second = ipv4('192.0.2.1', '192.0.2.2', 17, whole[256:], ident=77, frag=256 // 8)
    return [ether(FIXED_MAC, PEER_MAC, 0x0800, f) for f in (first, second)]


def main():
    os.makedirs(OUT, exist_ok=True)
    menu = b'(nd)/pvgrub/menu.lst'
    seeds = {
        'dhcp-offer': record(1, dhcp(2)),
        'dhcp-offer-ack': record(1, dhcp(2)) + record(1, dhcp(5, bytes([150, len(menu)]) + menu)),
        'dhcp-offer-nak': record(1, dhcp(2)) + record(1, dhcp(6)),
        'arp-request': record(0, arp(1, PEER_MAC, '192.0.2.1', b'\0' * 6, '192.0.2.2', BROADCAST)),
        'arp-reply': record(0, arp(2, PEER_MAC, '192.0.2.1', FIXED_MAC, '192.0.2.2', FIXED_MAC)),
        'icmp-echo': record(0, icmp_echo()),
        'udp-closed-port': record(0, ether(FIXED_MAC, PEER_MAC, 0x0800,
                                            udp('192.0.2.1', '192.0.2.2', 1000, 69, b'\0\1x'))),
        'ip-fragments': b''.join(record(0, f) for f in fragments()),
    }
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main()
