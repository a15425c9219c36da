#!/usr/bin/env bash
# Regenerates the seed corpora of the parser fuzzers (tests/fuzz/corpus/
# {ext,part,elf_xen,menu_lst}) with Debian's tools: small ext2/ext4 images
# (mke2fs -d), tiny MBR and GPT disks (sfdisk, sgdisk, fdisk), and the PV
# kernels tests/unit/make-images.sh links. Not run by make: its output is
# committed. Usage: tests/fuzz/make-corpus.sh [BUILD]
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
corpus=$top/tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- ext: the paths the harness looks up, in a few flavours -----------------
src=$tmp/src
mkdir -p "$src/boot/grub" "$src/dir/sub/deeper" "$src/links" "$src/big"
printf 'default 0\ntitle x\nroot (hd0,0)\nkernel /boot/vmlinuz ro\n' >"$src/boot/grub/menu.lst"
head -c 20000 /dev/urandom >"$src/boot/vmlinuz" # past the 12 direct 1 KiB blocks
printf 'deep\n' >"$src/dir/sub/deeper/file"
printf 'tiny' >"$src/dir/tiny"
ln -s ../boot/vmlinuz "$src/links/fast"
ln -s ../dir/sub/deeper/../deeper/../deeper/../deeper/../deeper/../deeper/file "$src/links/slow"
ln -s /boot/grub "$src/links/abs-dir"
for i in $(seq 0 40); do printf '%d' "$i" >"$src/big/f-$i"; done
# Small enough to be an inline directory whose entries spill into the
# inode's extended attribute space.
mkdir -p "$src/dir/inl"
for n in a b c d e; do : >"$src/dir/inl/$n"; done
truncate -s 300000 "$src/dir/sparse"
printf 'end' >>"$src/dir/sparse"

mkdir -p "$corpus/ext"
mkfs() {
	local name=$1 size=$2
	shift 2
	rm -f "$tmp/$name"
	truncate -s "$size" "$tmp/$name"
	mke2fs -q -F -d "$src" "$@" "$tmp/$name" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
	e2fsck -fyD "$tmp/$name" >/dev/null 2>&1 || [ $? -le 2 ]
	cp "$tmp/$name" "$corpus/ext/$name"
}
mkfs ext2-1k 160K -t ext2 -b 1024 -N 96 -m 0
mkfs ext4-1k 192K -t ext4 -b 1024 -N 96 -m 0 -O ^has_journal,^resize_inode
mkfs ext4-inline 192K -t ext4 -b 1024 -N 96 -m 0 -I 256 -O ^has_journal,^resize_inode,inline_data
mkfs ext4-64bit 256K -t ext4 -b 1024 -N 96 -m 0 -O ^has_journal,^resize_inode,64bit,metadata_csum,meta_bg

# ---- part: tiny disks ----------------------------------------------------------
mkdir -p "$corpus/part"
truncate -s 64K "$tmp/mbr"
sfdisk -q "$tmp/mbr" >/dev/null <<'EOF'
label: dos
start=4, size=8, type=83, bootable
start=12, size=8, type=82
start=20, size=4, type=83
start=24, size=96, type=5
start=26, size=10, type=83
start=38, size=10, type=83
start=50, size=60, type=c
EOF
cp "$tmp/mbr" "$corpus/part/mbr-logical"
truncate -s 64K "$tmp/gpt"
sgdisk -a 1 -n 1:34:+4K -n 2:0:+4K -n 4:0:+8K "$tmp/gpt" >/dev/null
cp "$tmp/gpt" "$corpus/part/gpt"
truncate -s 64K "$tmp/gpt4k"
printf 'g\nn\n1\n\n+8K\nn\n2\n\n+8K\nw\n' | fdisk -b 4096 "$tmp/gpt4k" >/dev/null 2>&1
cp "$tmp/gpt4k" "$corpus/part/gpt-4k"

# ---- elf_xen: the unit tests' kernels and a bzImage around one ---------------
mkdir -p "$corpus/elf_xen"
imgs=$build/unit/images
[ -f "$imgs/xen-pv.elf" ] || "$top/tests/unit/make-images.sh" "$imgs"
for f in xen-pv xen-pv-shdr xen-legacy xen-x86_32 plain; do
	cp "$imgs/$f.elf" "$corpus/elf_xen/$f"
done
# bzImage: one setup sector after the boot sector, payload = the ELF.
python3 - "$imgs/xen-legacy.elf" "$corpus/elf_xen/bzimage" <<'EOF'
import struct, sys
elf = open(sys.argv[1], 'rb').read()
hdr = bytearray(1024)
hdr[0x1f1] = 1
struct.pack_into('<H', hdr, 0x1fe, 0xaa55)
hdr[0x202:0x206] = b'HdrS'
struct.pack_into('<H', hdr, 0x206, 0x20f)
struct.pack_into('<II', hdr, 0x248, 0, len(elf))
open(sys.argv[2], 'wb').write(bytes(hdr) + elf)
EOF

# ---- menu_lst ------------------------------------------------------------------
mkdir -p "$corpus/menu_lst"
cp "$src/boot/grub/menu.lst" "$corpus/menu_lst/minimal"
cat >"$corpus/menu_lst/debian" <<'EOF'
default		0
timeout		5
fallback	1 0
hiddenmenu
password --md5 $1$xyz$abcdefghijklmnopqrstuv
# comment
title		Debian GNU/Linux, kernel 6.1.0-13-amd64
root		(hd0,0)
kernel		/boot/vmlinuz-6.1.0-13-amd64 root=/dev/xvda1 ro quiet
initrd		/boot/initrd.img-6.1.0-13-amd64
savedefault
boot

title		Xen chain
rootnoverify	(hd1)
configfile	(hd0,4)/boot/grub/menu.lst
EOF
printf 'timeout=3\r\ndefault = saved\r\ntitle=net\r\nroot (nd)\r\nkernel=--type=linux (nd)/pxe/vmlinuz console=hvc0\r\nmodule (hd2,12)/m a b\r\ncolor x\r\n' >"$corpus/menu_lst/crlf-equals"
ls -la "$corpus"/{ext,part,elf_xen,menu_lst}
du -sh "$corpus"
