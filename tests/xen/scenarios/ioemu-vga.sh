# ioemu-vga: the VGA of the ioemu stub domain, for xl's vga = "stdvga"
# (-device VGA, 16 MiB) and its default Cirrus (-device cirrus-vga, 8 MiB):
# the stub populates the video RAM and the VGA BIOS (Debian's
# vgabios-stdvga.bin / vgabios-cirrus.bin) in the guest, hvmloader sizes
# the function's ROM BAR (64 KiB) and framebuffer BAR, the stub moves the
# video RAM to the framebuffer BAR, SeaBIOS copies the VGA BIOS out of the
# ROM BAR and runs it (its "Running option rom" line in Xen's log), the
# VGA BIOS sets text mode through the emulated registers, SeaBIOS prints
# its banner on the screen and the disk's MBR prints its line with INT 10h
# (and on the debug port 0xe9). The screen is read back through QMP's
# x-screen-text on the socket libxl's vchan-socket-proxy serves in dom0:
# the banner and the MBR's line must be on it.
# emulated-cpus: 1
# budget: 360
dd if=/dev/zero of=/tmp/ioemu-vga-disk.img bs=1M count=4 2>/dev/null || fail "cannot make the disk"
# Its MBR: xor ax,ax; mov ds,ax; cld; mov si,msg; then each byte of msg to
# the debug port 0xe9 and to the screen (INT 10h, AH=0eh: teletype, page 0);
# then hlt.
printf '\061\300\216\330\374\276\033\174\254\204\300\164\013\346\351\264\016\273\007\000\315\020\353\360\364\353\375IOEMU VGA MBR OK\n\000' |
	dd of=/tmp/ioemu-vga-disk.img conv=notrunc 2>/dev/null || fail "cannot write the MBR"
printf '\125\252' | dd of=/tmp/ioemu-vga-disk.img bs=1 seek=510 conv=notrunc 2>/dev/null ||
	fail "cannot write the MBR's signature"
printf 'ioemu-stubdom needs no ramdisk\n' >/tmp/ioemu-rootfs || fail "cannot write the ramdisk"

# screen_now GUEST: the text screen x-screen-text gives now (for failures).
screen_now() {
	timeout -s KILL 30 /testbed/tools/qmp-client "/var/run/xen/qmp-libxl-$1" \
		'{"execute":"qmp_capabilities","id":1}' '{"execute":"x-screen-text","id":2}' 2>&1 |
		sed -n 3p
}

# stopped_guest GUEST: what Xen says of a guest that stopped booting (its
# vCPU, its state as debug key q dumps it, where its vCPU is), into the
# scenario's log.
stopped_guest() {
	step "the stopped guest's vCPU: $(xl vcpu-list "$1" 2>&1 | tail -n 1)"
	xl debug-keys q >/dev/null 2>&1
	step "Xen on it: $(xl dmesg | grep -A 12 "General information for domain $1:" | tail -n 12 | tr '\n' '|')"
	# Where it is: the vCPU's state as the VMCB/VMCS dump (debug key v)
	# shows it, twice a second apart.
	for sample in 1 2; do
		xl debug-keys v >/dev/null 2>&1
		step "its vCPU ($sample): $(xl dmesg | grep -i -E 'rip|cs[:= ]|rflags' | tail -n 6 | tr '\n' '|')"
		sleep 1
	done
	return 0
}

# vga_guest NAME VGA_LINE VRAM_KIB DEVFN: one guest with the VGA VGA_LINE
# configures ("" for xl's default); checks its firmware and screen; leaves
# a summary in $summary.
vga_guest() {
	name=$1 vga_line=$2 vram_kib=$3
	printf '%s\n' "name = \"$name\"" 'type = "hvm"' 'memory = 48' 'vcpus = 1' \
		'cpuid = "host,rdtscp=0"' 'device_model_version = "qemu-xen"' \
		'device_model_stubdomain_override = 1' \
		'stubdomain_kernel = "/testbed/images/ioemu-stubdom.gz"' \
		'stubdomain_ramdisk = "/tmp/ioemu-rootfs"' 'stubdomain_memory = 16' \
		'boot = "c"' 'serial = "pty"' "$vga_line" \
		"disk = [ 'format=raw,vdev=hda,access=rw,target=/tmp/ioemu-vga-disk.img' ]" \
		'on_crash = "preserve"' >"/tmp/$name.cfg" || fail "cannot write the config"
	step "$name: xl create /tmp/$name.cfg${vga_line:+ ($vga_line)}"
	t0=$(date +%s)
	XL_SECONDS=120 xl_run "/tmp/$name.create.log" create "/tmp/$name.cfg" ||
		fail "$name: xl create failed: $(create_error "/tmp/$name.create.log"); the stub: $(tr -d '\r' <"$LOGDIR/qemu-dm-$name.log" 2>/dev/null | tail -n 5 | tr '\n' '|')"
	stub_log=$LOGDIR/qemu-dm-$name.log
	log=$(tr -d '\r' <"$stub_log")
	ids=$(printf '%s\n' "$log" | sed -n 's/^I ioemu: stub domain \([0-9]*\), device model of domain \([0-9]*\)$/\1 \2/p')
	[ -n "$ids" ] || fail "$name: the stub did not name itself and its target: $(printf '%s\n' "$log" | tail -n 5 | tr '\n' '|')"
	guest=${ids#* }
	printf '%s\n' "$log" | grep -q "^I ioemu: VGA: $vram_kib KiB video RAM at 0x[0-9a-f]*, [0-9]*-byte BIOS at " ||
		fail "$name: no line of the stub on $vram_kib KiB of video RAM populated in the guest: $(printf '%s\n' "$log" | grep VGA | tr '\n' '|')"
	waited=0
	until xl dmesg | grep -q "(d$guest) IOEMU VGA MBR OK"; do
		[ "$waited" -ge 90 ] && stopped_guest "$guest" && fail "$name: the guest did not run its MBR in 90 s; Xen's log: $(xl dmesg | grep "(d$guest)" | tail -n 6 | tr '\n' '|'); the stub: $(tr -d '\r' <"$stub_log" | tail -n 6 | tr '\n' '|'); the screen: $(screen_now "$guest")"
		sleep 1
		waited=$((waited + 1))
	done
	t1=$(date +%s)
	fw=$(xl dmesg | grep "(d$guest)")
	step "$name: the firmware (Xen's log): $(printf '%s\n' "$fw" | grep -E 'bar 30|bar 10 |option rom|vga|VGA|Booting' | tr '\n' '|')"
	rom=$(printf '%s\n' "$fw" | grep -m 1 -o 'Running option rom at [0-9a-f:]*') ||
		fail "$name: SeaBIOS ran no option ROM: $(printf '%s\n' "$fw" | grep -i -E 'rom|vga' | tr '\n' '|')"
	printf '%s\n' "$fw" | grep -q "bar 30 size 000010000" ||
		fail "$name: hvmloader sized no 64 KiB ROM BAR: $(printf '%s\n' "$fw" | grep 'bar 30' | tr '\n' '|')"
	moved=$(tr -d '\r' <"$stub_log" | grep -m 1 -o 'VGA: video RAM now at 0x[0-9a-f]*') ||
		fail "$name: the video RAM was not moved to the framebuffer BAR: $(tr -d '\r' <"$stub_log" | grep VGA | tr '\n' '|')"
	# The screen, through the QMP socket libxl's proxy serves.
	sock=/var/run/xen/qmp-libxl-$guest
	[ -S "$sock" ] || fail "$name: no QMP socket at $sock: $(ls /var/run/xen 2>&1 | tr '\n' ' ')"
	waited=0
	while :; do
		timeout -s KILL 60 /testbed/tools/qmp-client "$sock" '{"execute":"qmp_capabilities","id":1}' \
			'{"execute":"x-screen-text","id":2}' >"/tmp/$name.screen" 2>"/tmp/$name.screen.err" ||
			fail "$name: QMP: $(tail -n 2 "/tmp/$name.screen.err" | tr '\n' ' '); replies: $(tr '\n' ' ' <"/tmp/$name.screen")"
		screen=$(sed -n 3p "/tmp/$name.screen")
		case $screen in *'SeaBIOS (version '*'IOEMU VGA MBR OK'*) break ;; esac
		[ "$waited" -ge 20 ] && fail "$name: the screen does not show SeaBIOS's banner and the MBR's line: $screen"
		sleep 1
		waited=$((waited + 1))
	done
	step "$name: the screen: $screen"
	case $screen in *'"rows":25,"cols":80'*) ;; *) fail "$name: not an 80x25 text screen: $screen" ;; esac
	xl destroy "$name" >"/tmp/$name.destroy.log" 2>&1 || fail "$name: xl destroy failed: $(cat "/tmp/$name.destroy.log")"
	sleep 2
	for d in "$name" "$name-dm"; do
		[ -z "$(domain_state "$d")" ] || fail "domain $d is still there after xl destroy"
	done
	summary="$name: $rom, ${moved#VGA: }, banner and MBR line on the 80x25 screen, MBR $((t1 - t0)) s after xl create"
}

vga_guest ioemu-stdvga 'vga = "stdvga"' 16384
std=$summary
vga_guest ioemu-cirrus '' 8192
pass "the stub's VGA with the VGA BIOS in its ROM BAR and video RAM in the guest: $std; $summary"
