#!/usr/bin/env bash
# Builds, with Debian's own tools, the disk and kernel images the parser unit
# tests read: a source tree (src/, listed in manifest), ext2/3/4 images of it
# in many flavours (mke2fs -d, directories indexed by e2fsck -D), MBR and GPT
# partition tables (sfdisk, sgdisk) with a file system inside a partition,
# FAT12/16/32 images (mkfs.fat, filled by mtools without mounting), ISO9660
# images with and without Rock Ridge and Joliet (xorriso), and small Xen PV
# kernels (as + ld). The tests compare what the readers see with the source
# trees and with the tools' own listings (*.parts), extractions and, for
# each file system's UUID and label (some set to known values), what blkid
# prints (NAME.blkid: "UUID=..." and "LABEL=...", empty for none).
#
# Usage: make-images.sh OUTDIR    (OUTDIR is replaced as a whole)
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

mkdir -p "$(dirname "$1")"
out=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp="$out.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"
cd "$tmp"

for t in mke2fs e2fsck sfdisk sgdisk debugfs mkfs.fat mcopy mmd mdel xorriso blkid as ld; do
	command -v "$t" >/dev/null || { echo "make-images: $t missing: run 'make deps'" >&2; exit 1; }
done

# ---- the source tree -------------------------------------------------------
mkdir -p src/boot/grub src/dir/sub/deeper src/big src/links
rnd() { head -c "$2" /dev/urandom >"$1"; }
: >src/empty
printf x >src/one
rnd src/small 100
rnd src/block-1 4095
rnd src/block 4096
rnd src/block+1 4097
rnd src/medium 70000
rnd src/boot/vmlinuz 1200000 # past the double-indirect start with 1 KiB blocks
rnd src/boot/initrd.img 3000000
rnd "src/dir/with space" 333
rnd src/dir/sub/deeper/file 12345
cat >src/boot/grub/menu.lst <<'EOF'
default 0
timeout 5
title Debian
root (hd0,0)
kernel /boot/vmlinuz root=/dev/xvda1 ro
initrd /boot/initrd.img
EOF
# Sparse: data, a hole, data, a long hole (triple indirect with 1 KiB
# blocks), data in the last block.
truncate -s 70M src/sparse
printf 'first' | dd of=src/sparse conv=notrunc status=none
head -c 5000 /dev/urandom | dd of=src/sparse bs=1 seek=1048570 conv=notrunc status=none
printf 'last' | dd of=src/sparse bs=1 seek=$((70 * 1024 * 1024 - 4)) conv=notrunc status=none
# A directory big enough to be indexed (htree).
for i in $(seq -w 0 1999); do printf '%s\n' "$i" >"src/big/file-$i"; done
# Symlinks: fast (in the inode), slow (a block), relative, absolute, through
# directories, dangling, a loop, and chains of 8 (fine) and 9 (too many).
long=src/dir/a-directory-with-a-name-long-enough-that-a-link-to-it-is-not-fast
mkdir -p "$long"
rnd "$long/target" 777
ln -s ../boot/vmlinuz src/links/fast
ln -s "../dir/$(basename "$long")/target" src/links/slow
ln -s /boot/grub src/links/abs-dir
ln -s ../dir/sub src/links/rel-dir
ln -s nowhere src/links/dangling
ln -s loop-b src/links/loop-a
ln -s loop-a src/links/loop-b
ln -s ../medium src/links/chain0
for i in 1 2 3 4 5 6 7 8; do ln -s "chain$((i - 1))" "src/links/chain$i"; done

# "type size path link-target" of each file under a directory, tab-separated.
manifest() {
	(cd "$1" && find . -mindepth 1 -printf '%y\t%s\t%P\t%l\n' | LC_ALL=C sort -t"$(printf '\t')" -k3)
}

# ---- file systems ----------------------------------------------------------
# name, size, mke2fs options; SRC names the tree (src by default). Writes
# NAME.img, NAME.manifest and NAME.src (the tree, for the contents).
fs_image() {
	local name=$1 size=$2 src=${SRC:-src}
	shift 2
	truncate -s "$size" "$name.img"
	mke2fs -q -F -d "$src" "$@" "$name.img" >mke2fs.log 2>&1 || { cat mke2fs.log >&2; exit 1; }
	# Index the big directory; e2fsck exits 1 when it changed something.
	e2fsck -fyD "$name.img" >/dev/null 2>&1 || [ $? -le 2 ]
	manifest "$src" >"$name.manifest"
	echo "$src" >"$name.src"
}
fs_image ext2-1k 24M -t ext2 -b 1024 -L sixteen-chars-16
fs_image ext2-4k 24M -t ext2 -b 4096
fs_image ext2-rev0 24M -t ext2 -b 1024 -r 0
fs_image ext3 32M -t ext3 -b 1024
fs_image ext4 32M -t ext4 -b 4096 -U 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 -L 'PVGRUB root'
fs_image ext4-1k 32M -t ext4 -b 1024
fs_image ext4-64bit-csum 32M -t ext4 -b 4096 -O 64bit,metadata_csum,metadata_csum_seed,^has_journal
fs_image ext4-blockmap 32M -t ext4 -b 1024 -O ^extent,^flex_bg,^64bit
fs_image ext4-inline 32M -t ext4 -b 4096 -I 512 -O inline_data
fs_image ext4-metabg 300M -t ext4 -b 1024 -N 4096 -O meta_bg,^resize_inode,64bit
fs_image ext4-bigalloc 64M -t ext4 -b 1024 -O bigalloc -C 16384
SRC=src/dir fs_image ext4-64k 16M -t ext4 -b 65536 -O ^has_journal
fs_image ext4-largedir 32M -t ext4 -b 4096 -O large_dir,huge_file,^has_journal
fs_image ext4-casefold-encrypt 32M -t ext4 -b 4096 -O casefold,encrypt,^has_journal
# Which of them really have an indexed big/ (checked by the tests too).
for f in *.img; do
	debugfs -R "stat /big" "$f" 2>/dev/null | grep -q 'Flags: 0x.*1[0-9a-f]\{3\}$' && echo "${f%.img}" || true
done >htree-images

# ---- partition tables ------------------------------------------------------
# sfdisk's dump, as "index start-bytes size-bytes type" with GRUB's numbers.
parts_of() {
	local img=$1 base=$2
	sfdisk -d "$img" | sed -n "s|^$img\([0-9]*\) *: start= *\([0-9]*\), size= *\([0-9]*\), type=\([^,]*\).*|\1 \2 \3 \4|p" |
		while read -r n start size type; do
			echo "$((n - base)) $((start * 512)) $((size * 512)) $type"
		done
}

truncate -s 24M mbr.img
sfdisk -q mbr.img >/dev/null <<'EOF'
label: dos
start=2048, size=4M, type=83, bootable
size=2M, type=82
size=1M, type=83
type=5
size=3M, type=83
size=4M, type=83
size=2M, type=c
EOF
parts_of mbr.img 1 >mbr.parts
# A file system in the second logical partition, (hd0,5).
read -r _ start size _ < <(awk '$1 == 5' mbr.parts)
mke2fs -q -F -t ext2 -b 1024 -d src/dir -E offset="$start" mbr.img $((size / 1024))k >/dev/null

truncate -s 24M gpt.img
sgdisk -n 1:2048:+4M -t 1:8300 -n 2:0:+2M -t 2:8200 -n 4:0:+6M -t 4:8300 \
	-c 4:linux -n 5:0:+1M gpt.img >/dev/null
parts_of gpt.img 1 >gpt.parts
# A file system in entry 4 (number 3: entry 3 is empty and keeps its number).
read -r _ start size _ < <(awk '$1 == 3' gpt.parts)
mke2fs -q -F -t ext4 -b 4096 -d src/dir -E offset="$start" gpt.img $((size / 1024))k -O ^has_journal >/dev/null
# GPT on a disk of 4 KiB sectors.
truncate -s 24M gpt4k.img
printf 'g\nn\n1\n\n+4M\nn\n2\n\n+2M\nw\n' | fdisk -b 4096 gpt4k.img >/dev/null
fdisk -b 4096 -l gpt4k.img | awk '$1 ~ /^gpt4k.img[0-9]+$/ {
	n = substr($1, 10); printf "%d %d %d gpt\n", n - 1, $2 * 4096, $4 * 4096 }' >gpt4k.parts
# The same with the primary header destroyed: the backup must be used.
cp gpt.img gpt-backup.img
dd if=/dev/zero of=gpt-backup.img bs=512 seek=1 count=1 conv=notrunc status=none

# ---- FAT ------------------------------------------------------------------
# A tree with long, mixed-case and non-ASCII names, a deep path, a directory
# of many clusters and a file fragmented on purpose (late/frag: copied last,
# into the hole a deleted file left, and on past the file after it).
export MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8
mkdir -p fsrc/boot/grub fsrc/big fsrc/late
cp src/boot/grub/menu.lst fsrc/boot/grub/
rnd fsrc/boot/vmlinuz 1200000
: >fsrc/empty
printf x >fsrc/one
for n in 511 512 513 4095 4096 4097; do rnd "fsrc/size-$n" "$n"; done
rnd "fsrc/A Long File Name With Spaces.txt" 1000
rnd fsrc/MixedCase.Txt 10
rnd fsrc/UPPER.TXT 11
rnd fsrc/lower.txt 12
rnd "fsrc/ünïcödé €.txt" 13
rnd "fsrc/$(printf 'n%.0s' $(seq 1 200)).name" 14
deep=fsrc/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12
mkdir -p "$deep"
rnd "$deep/deep file" 5000
for i in $(seq -w 0 299); do printf '%s\n' "$i" >"fsrc/big/file-$i"; done
rnd fsrc/late/frag 300000
rnd filler-a 20000
rnd filler-b 20000

# name, size, mkfs.fat options
fat_image() {
	local name=$1 size=$2
	shift 2
	truncate -s "$size" "$name.img"
	mkfs.fat "$@" "$name.img" >/dev/null
	(cd fsrc && for f in *; do [ "$f" = late ] || echo "$f"; done) | while read -r f; do
		mcopy -s -Q -i "$name.img" "fsrc/$f" ::/
	done
	mcopy -Q -i "$name.img" filler-a filler-b ::/
	mdel -i "$name.img" ::/filler-a
	mmd -i "$name.img" ::/late
	mcopy -Q -i "$name.img" fsrc/late/frag ::/late/
	mdel -i "$name.img" ::/filler-b
	manifest fsrc >"$name.manifest"
	echo fsrc >"$name.src"
}
fat_image fat12 4M -F 12
fat_image fat12-2k 8M -F 12 -S 2048
fat_image fat16 16M -F 16 -s 1 -i 1a2b3c4d -n 'PVGRUB FAT'
fat_image fat16-4k 40M -F 16 -S 4096 -s 1
fat_image fat32 40M -F 32 -s 1 -i DEADBEEF -n 'PVGRUB F32'
rm -f filler-a filler-b

# ---- ISO9660 ----------------------------------------------------------------
# The ext tree's kinds of files, symlinks and a deep path, plus names only
# Rock Ridge keeps whole (long enough to need a continuation area), a
# symlink target as long, and a directory of many blocks.
mkdir -p isrc/boot/grub isrc/links isrc/big isrc/rr
cp src/boot/grub/menu.lst isrc/boot/grub/
cp src/boot/vmlinuz isrc/boot/
cp src/empty src/one src/small src/medium "src/dir/with space" isrc/
for n in 2047 2048 2049; do rnd "isrc/size-$n" "$n"; done
rnd "isrc/A Long File Name With Spaces.txt" 1000
rnd isrc/MixedCase.Txt 10
rnd "isrc/ünïcödé €.txt" 13
rnd "isrc/rr/$(printf 'r%.0s' $(seq 1 200)).name" 14
deep=isrc/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12
mkdir -p "$deep"
rnd "$deep/deep file" 5000
for i in $(seq -w 0 299); do printf '%s\n' "$i" >"isrc/big/file-$i"; done
ln -s ../boot/vmlinuz isrc/links/fast
ln -s /boot/grub isrc/links/abs-dir
ln -s ../d1/d2/d3 isrc/links/rel-dir
ln -s nowhere isrc/links/dangling
ln -s loop-b isrc/links/loop-a
ln -s loop-a isrc/links/loop-b
ln -s ../medium isrc/links/chain0
for i in 1 2 3 4 5 6 7 8; do ln -s "chain$((i - 1))" "isrc/links/chain$i"; done
ln -s "$(for i in $(seq 1 60); do printf './'; done)../d1/d2/d3/../../../medium" isrc/links/long-target
ln -s "$(printf 'r%.0s' $(seq 1 200)).name" isrc/rr/to-long-name

# name, then xorriso's arguments; NAME.src names the tree to compare with:
# isrc itself, or (for names other than Rock Ridge's) xorriso's own
# extraction of the image.
iso_image() {
	local name=$1
	shift
	xorriso "$@" >xorriso.log 2>&1 || { cat xorriso.log >&2; exit 1; }
}
iso_extract() {
	local name=$1
	rm -rf "$name.tree"
	xorriso -osirrox on -indev "$name.iso" -extract / "$name.tree" >xorriso.log 2>&1 ||
		{ cat xorriso.log >&2; exit 1; }
	chmod -R u+w "$name.tree"
	manifest "$name.tree" >"$name.manifest"
	echo "$name.tree" >"$name.src"
}
for name in iso-rr iso-rr-joliet iso-reloc; do
	manifest isrc >"$name.manifest"
	echo isrc >"$name.src"
done
iso_image iso-rr -as mkisofs -R -V PVGRUB_RR --modification-date=2023122423595900 \
	-o iso-rr.iso isrc
iso_image iso-rr-joliet -as mkisofs -R -J -joliet-long -V 'PVGRUB RRJ' -o iso-rr-joliet.iso isrc
iso_image iso-reloc -as mkisofs -R -rr_reloc_dir RR_MOVED -o iso-reloc.iso isrc
# Created and modified on different dates: the UUID is the modification's.
iso_image iso-joliet -outdev iso-joliet.iso -rockridge off -joliet on -volid 'PvGrub Joliet' \
	-volume_date c 2020010203040500 -volume_date m 2021060708091000 -map isrc /
iso_image iso-plain -outdev iso-plain.iso -rockridge off -joliet off -map isrc /
iso_extract iso-joliet
iso_extract iso-plain
rm -f xorriso.log

# ---- what blkid says of each file system's identity ---------------------------
for f in *.img *.iso; do
	{
		printf 'UUID=%s\n' "$(blkid -p -o value -s UUID "$f" || true)"
		printf 'LABEL=%s\n' "$(blkid -p -o value -s LABEL "$f" || true)"
	} >"${f%.*}.blkid"
done

# ---- Xen PV kernels ----------------------------------------------------------
cat >notes.S <<'EOF'
#define NOTE(type, desc) \
	.pushsection .note.Xen, "a", @note; .p2align 2; .long 2f - 1f; .long 4f - 3f; \
	.long type; 1: .asciz "Xen"; 2: .p2align 2; 3: desc; 4: .p2align 2; .popsection
	NOTE(6, .asciz "linux")
	NOTE(7, .asciz "2.6")
	NOTE(5, .asciz "xen-3.0")
	NOTE(3, .quad 0xffffffff80000000)
	NOTE(4, .quad 0)
	NOTE(1, .quad start)
	NOTE(2, .quad hypercall_page)
	NOTE(10, .asciz "!writable_page_tables|pae_pgdir_above_4gb")
	NOTE(9, .asciz "yes")
	NOTE(8, .asciz "generic")
	NOTE(16, .long 1)
	NOTE(17, .long 0x801)
	NOTE(18, .long 0x1000040)
	.text
	.globl start
start:	.fill 0x1000, 1, 0x90
	.p2align 12
hypercall_page:	.fill 0x1000, 1, 0xcc
	.data
	.fill 0x800, 1, 0x55
	.bss
	.fill 0x3000, 1, 0
EOF
cat >kernel.lds <<'EOF'
ENTRY(start)
PHDRS { text PT_LOAD FLAGS(5); data PT_LOAD FLAGS(6); note PT_NOTE FLAGS(4); }
SECTIONS {
	. = 0xffffffff81000000;
	.text : AT(0x1000000) { *(.text) } :text
	.notes : { *(.note.*) } :text :note
	. = ALIGN(0x1000);
	.data : AT(ADDR(.data) - 0xffffffff80000000) { *(.data) } :data
	.bss : { *(.bss) } :data
	/DISCARD/ : { *(.note.gnu.*) }
}
EOF
gcc -c -o notes.o notes.S
ld -static -nostdlib -z noexecstack -z max-page-size=4096 -T kernel.lds -o xen-pv.elf notes.o
# No PT_NOTE: the notes must be found through the section headers.
sed '/^PHDRS/s/ note PT_NOTE FLAGS(4);//; s/:text :note/:text/' kernel.lds >kernel-nophdr.lds
ld -static -nostdlib -z noexecstack -z max-page-size=4096 -T kernel-nophdr.lds -o xen-pv-shdr.elf notes.o
# The old __xen_guest string instead of notes.
cat >legacy.S <<'EOF'
	.section __xen_guest, ""
	.ascii "GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xffffffff80000000,"
	.asciz "ELF_PADDR_OFFSET=0x0,HYPERCALL_PAGE=0x1001,LOADER=generic,PAE=yes[extended-cr3]"
	.text
	.globl start
start:	.fill 0x2000, 1, 0x90
EOF
gcc -c -o legacy.o legacy.S
sed '/^PHDRS/s/ note PT_NOTE FLAGS(4);//; s/:text :note/:text/' kernel.lds >legacy.lds
ld -static -nostdlib -z noexecstack -z max-page-size=4096 -T legacy.lds -o xen-legacy.elf legacy.o
# Not a Xen kernel: no notes at all.
printf '\t.text\n\t.globl start\nstart: ret\n' >plain.S
gcc -c -o plain.o plain.S
ld -static -nostdlib -z noexecstack -e start -o plain.elf plain.o
# A 32-bit PV kernel.
printf '\t.pushsection .note.Xen, "a", @note\n\t.long 4, 8, 6\n\t.asciz "Xen"\n\t.asciz "linux"\n\t.p2align 2\n\t.popsection\n\t.text\n\t.globl start\nstart: ret\n' >x86_32.S
gcc -m32 -c -o x86_32.o x86_32.S 2>/dev/null || as --32 -o x86_32.o x86_32.S
ld -m elf_i386 -static -nostdlib -z noexecstack -e start -o xen-x86_32.elf x86_32.o

rm -f -- *.o *.S *.lds mke2fs.log
rm -rf "$out"
mv "$tmp" "$out"
