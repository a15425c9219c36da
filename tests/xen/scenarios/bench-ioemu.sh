# bench-ioemu (run by bench/ioemu): the same HVM guest, 256 MiB and one
# vCPU, its boot disk with GRUB 2 and a second disk of random bytes on the
# emulated IDE (no platform device, so Linux's ata_piix drives the device
# model's IDE), booted with each device model in turn, RUNS rounds after
# one untimed boot of each: "stub", our ioemu stub domain
# (stubdomain_memory = 16), and "dom0", Debian's QEMU in dom0
# (device_model_stubdomain_override = 0). Each boot is timed from just
# before `xl create` to the test initramfs's marker on the guest's serial
# port (a file, polled every 50 ms) and until `xl create` returned (libxl
# returns once the device model is running); the guest's init then times
# a sequential read of the second disk. The device model's memory: the
# stub's own figure of what it uses (and when it said `running`, by its
# clock), dom0 QEMU's resident set at the marker. Results in
# /results/bench-ioemu/times: METHOD RUN BOOT_MS CREATE_MS READ_BYTES
# READ_MS DM_KIB DM_READY_MS ("-" where a method has no figure). A boot
# that does not reach the marker is done again once (the test bed's
# emulated SVM stops about one Linux boot in twelve, whatever the device
# model; info says which were); a second failure fails the benchmark.
# The numbers are never judged here.
# emulated-cpus: 1
# budget: 3600
bench_setup
res=$RES
BOOT_LIMIT_MS=600000
printf 'ioemu-stubdom needs no ramdisk\n' >/tmp/ioemu-rootfs || fail "cannot write the ramdisk"
dd if=/dev/urandom of=/tmp/bench-data.img bs=1M count="$SEQREAD_MIB" 2>/dev/null ||
	fail "cannot make the second disk"
# dom0's QEMU opens the boot disk read-write: a copy in dom0's /tmp.
cp "$data/disk.img" /tmp/bench-disk.img || fail "cannot copy the boot disk"
# Debian's qemu-system-xen puts its QEMU where libxl looks for it.
[ -x /usr/libexec/xen-qemu-system-i386 ] ||
	fail "no /usr/libexec/xen-qemu-system-i386 in dom0 (tests/xen/prepare installs Debian's qemu-system-xen)"

# guest_cfg NAME METHOD: the guest's xl config.
guest_cfg() {
	printf '%s\n' "name = \"$1\"" 'type = "hvm"' 'memory = 256' 'vcpus = 1' \
		'cpuid = "host,rdtscp=0"' 'device_model_version = "qemu-xen"' 'boot = "c"' \
		'xen_platform_pci = 0' "serial = \"file:$LOGDIR/$1.serial\"" \
		"disk = [ 'format=raw,vdev=hda,access=rw,target=/tmp/bench-disk.img', 'format=raw,vdev=hdb,access=rw,target=/tmp/bench-data.img' ]" \
		'on_poweroff = "destroy"' 'on_reboot = "destroy"' 'on_crash = "preserve"'
	case $2 in
	stub) printf '%s\n' 'device_model_stubdomain_override = 1' \
		'stubdomain_kernel = "/testbed/images/ioemu-stubdom.gz"' \
		'stubdomain_ramdisk = "/tmp/ioemu-rootfs"' 'stubdomain_memory = 16' ;;
	dom0) echo 'device_model_stubdomain_override = 0' ;;
	esac
}

# serial_line NAME TEXT: the first line of NAME's serial port holding TEXT.
serial_line() {
	tr -d '\r' <"$LOGDIR/$1.serial" 2>/dev/null | grep -m 1 -F "$2"
}

# qemu_rss_kib DOMID: the resident set of dom0's QEMU for DOMID, in KiB.
qemu_rss_kib() {
	for qr_pid in /proc/[0-9]*; do
		tr '\0' ' ' <"$qr_pid/cmdline" 2>/dev/null | grep -q -e "-xen-domid $1 " || continue
		sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "$qr_pid/status"
		return 0
	done
	echo -
}

# gone NAME: waits up to 60 s for NAME and its stub to be gone (the init
# powers off after its read), destroying them after that; then lets dom0
# finish tearing down before the next boot.
gone() {
	g_waited=0
	while [ -n "$(domain_state "$1")$(domain_state "$1-dm")" ] && [ "$g_waited" -lt 60 ]; do
		sleep 1
		g_waited=$((g_waited + 1))
	done
	xl destroy "$1" >/dev/null 2>&1
	sleep 2
}

# time_boot NAME METHOD: one boot; sets BOOT_MS, CREATE_MS, READ_BYTES,
# READ_MS, DM_KIB, DM_READY_MS, or BOOT_ERR and returns 1.
time_boot() {
	guest_cfg "$1" "$2" >"/tmp/$1.cfg"
	rm -f "$LOGDIR/$1.serial"
	step "timing $1"
	BOOT_ERR=
	now_ms
	tb_t0=$NOW_MS
	if ! XL_SECONDS=150 xl_run "/tmp/$1.create.log" create "/tmp/$1.cfg"; then
		BOOT_ERR="xl create $1 failed: $(create_error "/tmp/$1.create.log")"
		gone "$1"
		return 1
	fi
	now_ms
	CREATE_MS=$((NOW_MS - tb_t0))
	tb_domid=$(xl domid "$1" 2>/dev/null)
	tb_polls=0
	while [ -z "$(serial_line "$1" LINUX-PV-MARKER)" ]; do
		tb_polls=$((tb_polls + 1))
		if [ $((tb_polls % 20)) = 0 ]; then
			now_ms
			tb_panic=$(tr -d '\r' <"$LOGDIR/$1.serial" 2>/dev/null | grep -m 1 -E 'Kernel panic|BUG: |Oops: ')
			if [ -n "$tb_panic" ]; then
				BOOT_ERR="its kernel said: $tb_panic"
			elif [ $((NOW_MS - tb_t0)) -gt $BOOT_LIMIT_MS ]; then
				BOOT_ERR="no marker within $((BOOT_LIMIT_MS / 1000)) s"
			else
				case $(domain_state "$1") in
				"") BOOT_ERR="the domain is gone" ;;
				*c*) BOOT_ERR="the domain crashed" ;;
				esac
			fi
			if [ -n "$BOOT_ERR" ]; then
				BOOT_ERR="$1: $BOOT_ERR; its serial port ends: $(tr -d '\r' <"$LOGDIR/$1.serial" 2>/dev/null | tail -n 3 | tr '\n' '|')"
				gone "$1"
				return 1
			fi
		fi
		sleep 0.05
	done
	now_ms
	BOOT_MS=$((NOW_MS - tb_t0))
	DM_KIB=- DM_READY_MS=-
	case $2 in
	dom0)
		DM_KIB=$(qemu_rss_kib "$tb_domid")
		DM_KIB=${DM_KIB:--}
		;;
	stub)
		STUB_MIB=$(xl list "$1-dm" 2>/dev/null | awk 'NR == 2 { print $3 }')
		tb_running=$(tr -d '\r' <"$LOGDIR/qemu-dm-$1.log" 2>/dev/null | grep -m 1 '^I ioemu: running: ')
		tb_kib=$(echo "$tb_running" | sed -n 's/^I ioemu: running: \([0-9]*\) of .*/\1/p')
		tb_ready=$(echo "$tb_running" | sed -n 's/.*, \([0-9]*\) ms after main() began$/\1/p')
		DM_KIB=${tb_kib:--} DM_READY_MS=${tb_ready:--}
		;;
	esac
	tb_waited=0
	while [ -z "$(serial_line "$1" 'testbed guest: SEQREAD')" ]; do
		[ "$tb_waited" -ge 120 ] && {
			BOOT_ERR="$1: no SEQREAD line within 120 s of the marker; its serial port ends: $(tr -d '\r' <"$LOGDIR/$1.serial" | tail -n 3 | tr '\n' '|')"
			gone "$1"
			return 1
		}
		sleep 1
		tb_waited=$((tb_waited + 1))
	done
	tb_read=$(serial_line "$1" 'testbed guest: SEQREAD')
	READ_BYTES=$(echo "$tb_read" | sed -n 's/.* \([0-9]*\) bytes in [0-9]* ms$/\1/p')
	READ_MS=$(echo "$tb_read" | sed -n 's/.* bytes in \([0-9]*\) ms$/\1/p')
	[ "$READ_BYTES" = $((SEQREAD_MIB * 1048576)) ] || {
		BOOT_ERR="$1: the guest read ${READ_BYTES:-?} bytes of its second disk, not $((SEQREAD_MIB * 1048576)): $tb_read"
		gone "$1"
		return 1
	}
	step "$1: marker ${BOOT_MS} ms, xl create ${CREATE_MS} ms, $READ_BYTES bytes read in $READ_MS ms, device model ${DM_KIB} KiB"
	gone "$1"
}

# boot NAME METHOD: time_boot, done again once when it fails.
boot() {
	time_boot "$1" "$2" && return 0
	step "$BOOT_ERR; once more"
	bench_info "retried $1: $BOOT_ERR"
	time_boot "$1-again" "$2"
}

warm=""
for method in stub dom0; do
	boot "bench-warmup-$method" "$method" || fail "the warm-up boot ($method) failed: $BOOT_ERR"
	warm="$warm $method $BOOT_MS"
done
bench_info "warm-up:$warm"
run=1
while [ "$run" -le "$RUNS" ]; do
	for method in stub dom0; do
		boot "bench-$method-$run" "$method" ||
			fail "$method boot $run did not complete: $BOOT_ERR"
		echo "$method $run $BOOT_MS $CREATE_MS $READ_BYTES $READ_MS $DM_KIB $DM_READY_MS" >>"$res/times"
	done
	run=$((run + 1))
done
bench_info "stub-domain-mib: $STUB_MIB"
pass "$((RUNS * 2)) boots timed ($RUNS each: our stub domain, dom0's QEMU); results in $res"
