#!/usr/bin/env bash
# Regenerates the seed corpora of the decompression fuzzers
# (tests/fuzz/corpus/decompress_*) with Debian's own tools: a few hundred
# bytes of text and binary compressed with the options the Linux kernel
# build uses (small dictionaries and windows, so that each run stays fast),
# with the 4-byte size the kernel build appends, concatenated streams, and
# empty input. Deterministic; not run by make: its output is committed.
# Usage: tests/fuzz/make-decompress-corpus.sh [FORMAT...]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$top/tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The uncompressed inputs: a menu, some repetitive binary, nothing.
cat >"$tmp/text" <<'EOF'
default 0
timeout 5
title Debian GNU/Linux, kernel 6.1.0-13-amd64
root (hd0,0)
kernel /boot/vmlinuz-6.1.0-13-amd64 root=/dev/xvda1 ro console=hvc0
initrd /boot/initrd.img-6.1.0-13-amd64
title Debian GNU/Linux, kernel 6.1.0-13-amd64 (recovery mode)
root (hd0,0)
kernel /boot/vmlinuz-6.1.0-13-amd64 root=/dev/xvda1 ro single console=hvc0
initrd /boot/initrd.img-6.1.0-13-amd64
EOF
# x86 code-like bytes (calls and jumps for the BCJ filters) and counters.
for i in $(seq 0 63); do
	printf "$(printf '\\xe8\\x%02x\\x10\\x00\\x00\\x48\\x89\\xe5\\x%02x' "$i" "$((i * 3 % 256))")"
done >"$tmp/binary"
: >"$tmp/empty"

# NAME COMMAND: seeds NAME-text, NAME-binary, NAME-empty, NAME-text+size
# (the kernel build's trailer) and NAME-twice (two streams back to back).
seed() {
	local dir=$1 name=$2 cmd=$3 size
	mkdir -p "$corpus/$dir"
	for input in text binary empty; do
		sh -c "$cmd" <"$tmp/$input" >"$corpus/$dir/$name-$input"
	done
	size=$(stat -c %s "$tmp/text")
	{ cat "$corpus/$dir/$name-text"; printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' \
		$((size & 255)) $((size >> 8 & 255)) $((size >> 16 & 255)) $((size >> 24 & 255)))"; } \
		>"$corpus/$dir/$name-text+size"
	cat "$corpus/$dir/$name-binary" "$corpus/$dir/$name-text" >"$corpus/$dir/$name-twice"
}

formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(gzip xz lzma bzip2 lz4 zstd lzo)
for f in "${formats[@]}"; do
	rm -rf "$corpus/decompress_$f"
	case $f in
	gzip)
		seed decompress_gzip kernel 'gzip -n -9'
		seed decompress_gzip fast 'gzip -n -1'
		;;
	xz)
		seed decompress_xz kernel 'xz --check=crc32 --x86 --lzma2=dict=64KiB'
		seed decompress_xz crc64 'xz --lzma2=preset=1,dict=64KiB'
		seed decompress_xz sha256-delta 'xz --check=sha256 --delta=dist=2 --lzma2=dict=64KiB'
		seed decompress_xz none-arm64 'xz --check=none --arm64 --lzma2=dict=64KiB'
		;;
	lzma)
		seed decompress_lzma kernel 'xz --format=lzma --lzma1=preset=9,dict=64KiB'
		seed decompress_lzma lc0 'xz --format=lzma --lzma1=dict=64KiB,lc=0,lp=2,pb=0'
		;;
	bzip2)
		seed decompress_bzip2 kernel 'bzip2 -9'
		seed decompress_bzip2 small 'bzip2 -1'
		;;
	lz4)
		seed decompress_lz4 kernel 'lz4 -l -9'
		seed decompress_lz4 fast 'lz4 -l -1'
		;;
	zstd)
		seed decompress_zstd kernel 'cat | zstd -19 --zstd=wlog=17'
		seed decompress_zstd fast 'zstd -1 --no-check'
		;;
	lzo)
		seed decompress_lzo kernel 'lzop -9'
		seed decompress_lzo crc32 'lzop -1 --crc32'
		;;
	*)
		echo "unknown format $f" >&2
		exit 2
		;;
	esac
done
for f in "${formats[@]}"; do
	ls -l "$corpus/decompress_$f"
done
