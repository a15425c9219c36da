# pvgrub-compress: our own hello kernel boots through PV-GRUB from each of
# the seven compressions the kernel build uses (gzip, xz with the x86
# filter, lzma, bzip2, lzo, lz4 legacy frames, zstd), both as a compressed
# ELF file and as a bzImage-style payload: each boot prints the kernel's
# own name as its argument. (lzma -9 declares a 64 MiB dictionary;
# PV-GRUB cuts it to the most output there can be, lib/decompress/xz.c.)
# budget: 420
d=/testbed/data/pvgrub-compress
booted=0
for c in gz xz lzma bz2 lzo lz4 zst; do
	for f in "hello.$c" "bzhello.$c"; do
		g=pvgrub-$f
		g=${g//./-}
		create_guest "$g" <<CFG
kernel = "$PVGRUB"
memory = 128
disk = [ 'format=raw,vdev=xvda,access=ro,target=$d/disk.img' ]
extra = "(hd0,0)/boot/grub/$f.lst"
CFG
		expect_line "$g" "^I pvgrub: \(hd0,0\)/boot/$f: " 60 >/dev/null || exit 1
		expect_line "$g" "^hello: argument 1: $f\$" 30 >/dev/null || exit 1
		expect_shutdown "$g" poweroff 20
		xl destroy "$g" 2>/dev/null
		booted=$((booted + 1))
	done
done
pass "our hello kernel booted through PV-GRUB from $booted images: gzip, xz, lzma, bzip2, lzo, lz4 and zstd, each as a compressed ELF file and as a bzImage payload"
