#!/usr/bin/env python3
"""Writes the seed corpus of the ide fuzzer (tests/fuzz/corpus/ide): byte
streams as tests/fuzz/ide.c reads them (a byte choosing the drives, a byte
choosing their sizes, then steps: an operation byte, an argument byte, the
operation's own bytes), each a sequence a firmware or driver would send:
IDENTIFY, PIO reads and writes, DMA through a PRD table, ATAPI packets by
PIO and DMA, resets. Not run by make: its output is committed.
Usage: tests/fuzz/make-ide-corpus.py"""
import hashlib
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'corpus', 'ide')

# drives: 2 bits each (0 none, 1 disk, 2 CD-ROM, 3 empty CD-ROM)
DISK0, CD0, EMPTY_CD0, DISK2 = 0x01, 0x02, 0x03, 0x10
# sizes: 2 bits each (64, 300, 0x10000001, 2**40 sectors); bit 0: disk 0 read-only
SMALL, MEDIUM, BIG, HUGE = 0, 1, 2, 3


def tf_write(ch, reg, value):
    return bytes([0, ch | reg << 1, value])


def control(ch, value):
    return bytes([2, ch, value])


def status(ch):
    return bytes([1, ch | 7 << 1])


def ata(ch, command, count=0, lba=0, device=0xe0):
    return bytes([13, ch, command, count, lba & 0xff, (lba >> 8) & 0xff,
                  (lba >> 16) & 0xff, device | ((lba >> 24) & 0x0f)])


def rep_in(ch, words, gpa=0x4000):
    out = b''
    while words > 0:
        n = min(words, 2048)
        out += bytes([6, ch | 1 << 1, n >> 8, n & 0xff, (gpa // 4) >> 8, (gpa // 4) & 0xff])
        words -= n
    return out


def rep_out(ch, words, gpa=0x4000):
    out = b''
    while words > 0:
        n = min(words, 2048)
        out += bytes([7, ch | 1 << 1, n >> 8, n & 0xff, (gpa // 4) >> 8, (gpa // 4) & 0xff])
        words -= n
    return out


def packet(ch, cdb, limit=0xfffe, dma=False):
    cdb = bytes(cdb) + bytes(12 - len(cdb))
    return bytes([8, ch, 1 if dma else 0, limit & 0xff, limit >> 8]) + cdb


def complete_all():
    return bytes([10, 0])


def fail_one():
    return bytes([9, 0x40])


def prd(index, addr, count, last, table=0x100):
    at = table + index * 8
    return bytes([11, 0, at >> 8, at & 0xff]) + struct.pack('<I', addr) + \
        bytes([count & 0xff, (count >> 8) & 0xff, 0x80 if last else 0])


def bm_write(ch, offset, size_index, value):
    return bytes([4, (ch * 8 + offset) << 1 | size_index << 5]) + struct.pack('<I', value)


def bm_read(ch, offset):
    return bytes([5, (ch * 8 + offset) << 1])


def dma_setup(ch, to_memory, table=0x100):
    return bm_write(ch, 4, 2, table) + bm_write(ch, 0, 0, 8 if to_memory else 0)


def dma_start(ch, to_memory):
    return bm_write(ch, 0, 0, 9 if to_memory else 1)


SEEDS = {
    'identify': bytes([DISK0, BIG]) + ata(0, 0xec, device=0xa0) + status(0) + rep_in(0, 256),
    'pio-read': bytes([DISK0, MEDIUM << 0 | 0]) + ata(0, 0x20, 4, 1) + complete_all() +
    rep_in(0, 1024) + status(0),
    'pio-write': bytes([DISK0, BIG]) + ata(0, 0x30, 2, 5) + rep_out(0, 256) + complete_all() +
    rep_out(0, 256) + complete_all() + status(0),
    'read-multiple': bytes([DISK0, BIG]) + ata(0, 0xc6, 8) + ata(0, 0xc4, 20, 3) +
    complete_all() + rep_in(0, 4096) + rep_in(0, 1024),
    'dma-read': bytes([DISK0, BIG]) + prd(0, 0x2000, 0x0800, True) + dma_setup(0, True) +
    ata(0, 0xc8, 4, 9) + dma_start(0, True) + complete_all() + bm_read(0, 2) + status(0),
    'dma-write-lba48': bytes([DISK2, HUGE << 4]) + prd(0, 0x2000, 0x8000, False) +
    prd(1, 0xa000, 0x4000, True) + dma_setup(1, False) + dma_start(1, False) +
    tf_write(1, 2, 0) + tf_write(1, 3, 1) + tf_write(1, 4, 0) + tf_write(1, 5, 0) +
    ata(1, 0x35, 96, 0x100, 0x40) + complete_all() + bm_read(1, 2),
    'dma-short-table': bytes([DISK0, BIG]) + prd(0, 0x2000, 0x200, True) + dma_setup(0, True) +
    dma_start(0, True) + ata(0, 0xc8, 8, 0) + complete_all() + bm_read(0, 2),
    'dma-no-end': bytes([DISK0, BIG]) + b''.join(prd(i, 0x3000 + i * 2, 2, False, 0xfe00)
                                                  for i in range(64)) +
    dma_setup(0, True, 0xfe00) + dma_start(0, True) + ata(0, 0xc8, 1, 0) + complete_all(),
    'read-error': bytes([DISK0, BIG]) + ata(0, 0x20, 1, 0) + fail_one() + status(0) +
    bytes([3, 0]) + ata(0, 0xe7) + complete_all(),
    'srst': bytes([DISK0 | CD0 << 2, BIG | MEDIUM << 2]) + ata(0, 0x20, 1, 0) +
    control(0, 6) + control(0, 2) + complete_all() + status(0) +
    tf_write(0, 6, 0xb0) + status(0) + ata(0, 0x90),
    'atapi-probe': bytes([CD0, MEDIUM]) + ata(0, 0xec, device=0xa0) +
    ata(0, 0xa1, device=0xa0) + rep_in(0, 256) +
    packet(0, [0x00]) + packet(0, [0x03, 0, 0, 0, 18], 18) + rep_in(0, 9) +
    packet(0, [0x12, 0, 0, 0, 36], 36) + rep_in(0, 18) +
    packet(0, [0x25], 8) + rep_in(0, 4),
    'atapi-read10': bytes([CD0, MEDIUM]) +
    packet(0, [0x28, 0, 0, 0, 0, 1, 0, 0, 2], 2048) + complete_all() + rep_in(0, 2048),
    'atapi-read12-dma': bytes([CD0, MEDIUM]) + prd(0, 0x2000, 0x2000, True) +
    dma_setup(0, True) + dma_start(0, True) +
    packet(0, [0xa8, 0, 0, 0, 0, 3, 0, 0, 0, 4], 0, True) + complete_all() + bm_read(0, 2),
    'atapi-toc-mode': bytes([CD0, MEDIUM]) +
    packet(0, [0x43, 2, 0, 0, 0, 0, 0, 0, 100]) + rep_in(0, 10) +
    packet(0, [0x43, 0, 1, 0, 0, 0, 0, 0, 12]) + rep_in(0, 6) +
    packet(0, [0x5a, 0, 0x3f, 0, 0, 0, 0, 0, 128]) + rep_in(0, 19) +
    packet(0, [0x46, 0, 0, 0, 0, 0, 0, 0, 255]) + rep_in(0, 20) +
    packet(0, [0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8]) + rep_in(0, 4) +
    packet(0, [0x51, 0, 0, 0, 0, 0, 0, 0, 34]) + rep_in(0, 17) +
    packet(0, [0xbd, 0, 0, 0, 0, 0, 0, 0, 0, 8]) + rep_in(0, 4) +
    packet(0, [0x1e, 0, 0, 0, 1]) + packet(0, [0x1b, 0, 0, 0, 2]) + packet(0, [0xbb]),
    'atapi-empty': bytes([EMPTY_CD0, SMALL]) + packet(0, [0x00]) +
    packet(0, [0x03, 0, 0, 0, 18], 18) + rep_in(0, 9) + packet(0, [0x25], 8),
    'completion-in-submit': bytes([DISK0 | 0x80 | 0x40, BIG]) + ata(0, 0x24 - 4, 3, 2) +
    rep_in(0, 768) + prd(0, 0x2000, 0x600, True) + dma_setup(0, True) + dma_start(0, True) +
    ata(0, 0xc8, 3, 2),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in SEEDS.items():
        digest = hashlib.sha1(data).hexdigest()
        with open(os.path.join(OUT, digest), 'wb') as f:
            f.write(data)
        print(f'{name}: {len(data)} bytes -> {digest}')


if __name__ == '__main__':
    main()
