#!/usr/bin/env bash
# Builds, with Debian's own tools, the disk and kernel images the parser unit
# tests read: a source tree (src/, listed in manifest), ext2/3/4 images of it
# in many flavours (mke2fs -d, directories indexed by e2fsck -D), MBR and GPT
# partition tables (sfdisk, sgdisk) with a file system inside a partition,
# and small Xen PV kernels (as + ld). The tests compare what the readers see
# with src/ and with the tools' own listings (*.parts).
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

for t in mke2fs e2fsck sfdisk sgdisk debugfs as ld; do
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
fs_image ext2-1k 24M -t ext2 -b 1024
fs_image ext2-4k 24M -t ext2 -b 4096
fs_image ext2-rev0 24M -t ext2 -b 1024 -r 0
fs_image ext3 32M -t ext3 -b 1024
fs_image ext4 32M -t ext4 -b 4096
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
