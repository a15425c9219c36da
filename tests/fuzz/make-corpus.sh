#!/usr/bin/env bash
# Regenerates the seed corpora of the parser fuzzers (tests/fuzz/corpus/
# {ext,part,elf_xen,menu_lst,fat,iso9660}) with Debian's tools: small
# ext2/ext4 images (mke2fs -d), tiny MBR and GPT disks (sfdisk, sgdisk,
# fdisk), the PV kernels tests/unit/make-images.sh links, FAT images
# (mkfs.fat, mtools) cut after their last used sector, and small ISO9660
# images (xorriso). Not run by make: its output is committed.
# Usage: [CORPORA="fat iso9660"] tests/fuzz/make-corpus.sh [BUILD]
# (CORPORA: which to regenerate, all by default)
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build}
corpus=$top/tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
want() {
	case " ${CORPORA:-ext part elf_xen menu_lst fat iso9660} " in *" $1 "*) return 0 ;; esac
	return 1
}
# Cuts file $1 after its last nonzero block of $2 bytes.
cut_used() {
	python3 - "$1" "$2" <<'EOF'
import sys
d, bs = open(sys.argv[1], 'rb').read(), int(sys.argv[2])
end = len(d.rstrip(b'\0'))
open(sys.argv[1], 'wb').write(d[:(end + bs - 1) // bs * bs])
EOF
}

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

if want ext; then
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
fi

# ---- part: tiny disks ----------------------------------------------------------
if want part; then
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
fi

# ---- elf_xen: the unit tests' kernels and a bzImage around one ---------------
if want elf_xen; then
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
fi

# ---- menu_lst ------------------------------------------------------------------
if want menu_lst; then
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
fi

# ---- fat: the paths the harness looks up, on FAT12, FAT16 and FAT32 ----------
# As small as mkfs.fat allows (FAT16 needs 4085 clusters, so its FAT is
# big), then cut after the last sector in use: the reader mounts a cut image
# and fails only where it reads past the end.
if want fat; then
export MTOOLS_SKIP_CHECK=1
mkdir -p "$corpus/fat" "$tmp/fsrc/boot/grub" "$tmp/fsrc/dir/sub/deeper" "$tmp/fsrc/big"
cp "$src/boot/grub/menu.lst" "$tmp/fsrc/boot/grub/"
head -c 3000 /dev/urandom >"$tmp/fsrc/boot/vmlinuz"
printf 'deep\n' >"$tmp/fsrc/dir/sub/deeper/file"
printf 'long\n' >"$tmp/fsrc/A Long File Name.txt"
printf 'MiXeD' >"$tmp/fsrc/MixedCase.Txt"
for i in $(seq 0 20); do printf '%d' "$i" >"$tmp/fsrc/big/f-$i"; done
head -c 1500 /dev/urandom >"$tmp/filler"
head -c 3000 /dev/urandom >"$tmp/frag"
fat_seed() {
	local name=$1 size=$2
	shift 2
	rm -f "$tmp/$name"
	truncate -s "$size" "$tmp/$name"
	mkfs.fat "$@" "$tmp/$name" >/dev/null 2>&1
	if [ "$name" != fat32-empty ]; then
		mcopy -s -Q -i "$tmp/$name" "$tmp/fsrc"/* ::/
		# A fragmented file: into the hole the filler leaves, and on.
		mcopy -Q -i "$tmp/$name" "$tmp/filler" ::/filler
		mcopy -Q -i "$tmp/$name" "$src/dir/tiny" ::/tiny
		mdel -i "$tmp/$name" ::/filler
		mcopy -Q -i "$tmp/$name" "$tmp/frag" ::/frag
	fi
	cut_used "$tmp/$name" 512
	cp "$tmp/$name" "$corpus/fat/$name"
}
fat_seed fat12 128K -F 12 -s 1 -r 16 -n PVGRUB
fat_seed fat16 2200K -F 16 -s 1 -r 16 -f 1
# mtools cannot fill a FAT32 of fewer than 65525 clusters: an empty one
# with a volume label (FAT32's root is a cluster chain like any directory).
fat_seed fat32-empty 1M -F 32 -s 1 -n PVGRUB
fi

# ---- iso9660: Rock Ridge + Joliet, plain, relocated deep directories, Joliet ---
# Small trees (each directory is a block), images cut after their last block
# in use.
if want iso9660; then
mkdir -p "$corpus/iso9660" "$tmp/iso/boot/grub" "$tmp/iso/dir/sub/deeper" "$tmp/deep"
cp "$src/boot/grub/menu.lst" "$tmp/iso/boot/grub/"
head -c 3000 /dev/urandom >"$tmp/iso/boot/vmlinuz"
printf 'deep\n' >"$tmp/iso/dir/sub/deeper/file"
mkdir -p "$tmp/deep/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10"
printf 'file\n' >"$tmp/deep/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/file"
iso_seed() {
	local name=$1
	shift
	xorriso "$@" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
	cut_used "$tmp/$name" 2048
	cp "$tmp/$name" "$corpus/iso9660/$name"
}
iso_seed plain -rockridge off -as mkisofs -no-pad -o "$tmp/plain" "$tmp/iso"
mkdir -p "$tmp/iso/links"
ln -s ../boot/vmlinuz "$tmp/iso/links/fast"
ln -s /boot/grub "$tmp/iso/links/abs-dir"
# Long enough for a continuation area.
ln -s "$(for i in $(seq 1 60); do printf './'; done)../boot/vmlinuz" "$tmp/iso/links/long"
iso_seed rr-joliet -as mkisofs -R -J -no-pad -o "$tmp/rr-joliet" "$tmp/iso"
iso_seed reloc -as mkisofs -R -no-pad -rr_reloc_dir RR_MOVED -o "$tmp/reloc" "$tmp/deep"
# Joliet names only, so that its descriptor gives the label and UUID.
mkdir -p "$tmp/jtree/boot/grub"
cp "$src/boot/grub/menu.lst" "$tmp/jtree/boot/grub/"
iso_seed joliet -rockridge off -as mkisofs -J -no-pad -V 'PvGrub Jöliet' --modification-date=2024013112000000 \
	-o "$tmp/joliet" "$tmp/jtree"
fi

ls -la "$corpus"/{ext,part,elf_xen,menu_lst,fat,iso9660}
du -sh "$corpus"
