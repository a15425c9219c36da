# bench-pvgrub (run by bench/pvgrub): the same Debian kernel and test
# initramfs, in 256 MiB guests with the same disk, booted three ways in
# turn, RUNS rounds: direct (kernel/ramdisk in the xl config), our PV-GRUB
# (menu.lst) and Debian's pvgrub2 (grub.cfg found by its embedded config).
# Each boot is timed from just before `xl create` to the initramfs marker
# in the guest's console log, polled every 50 ms, then destroyed; one
# untimed boot of each comes first. Results go to /results/bench-pvgrub/
# (times: METHOD RUN MS CREATE_MS; info: what was booted); the host
# prints the table. Fails when a boot does not reach the marker: the
# numbers are never judged here.
# budget: 900
bench_setup
res=$RES
ours=$PVGRUB
theirs=/usr/lib/grub-xen/grub-x86_64-xen.bin
[ -f "$ours" ] || fail "no $ours in dom0 (run make first)"
[ -f "$theirs" ] || fail "no $theirs in dom0 (tests/xen/prepare installs grub-xen-host's)"
BOOT_LIMIT_MS=240000

# guest_cfg NAME METHOD_CFG: the config lines every boot shares, then the
# method's (printed by the function METHOD_CFG).
guest_cfg() {
	echo "name = \"$1\""
	echo 'memory = 256'
	echo "disk = [ 'format=raw,vdev=xvda,access=ro,target=$data/disk.img' ]"
	echo 'on_poweroff = "preserve"'
	echo 'on_crash = "preserve"'
	echo 'on_reboot = "preserve"'
	$2
}

# Destroys NAME and lets dom0 finish tearing it down (backends, hotplug
# scripts) before the next boot is timed.
destroy_guest() {
	xl destroy "$1" >/dev/null 2>&1
	dg_i=0
	while xl domid "$1" >/dev/null 2>&1 && [ $dg_i -lt 50 ]; do
		sleep 0.1
		dg_i=$((dg_i + 1))
	done
	sleep 2
}

# time_boot NAME METHOD_CFG: one boot. Sets BOOT_MS (to the marker),
# CREATE_MS (until `xl create` returned) and BOOT_LINE (the marker), or
# BOOT_ERR and returns 1 when the marker does not come (xl create failed,
# domain gone, crashed or shut down, PV-GRUB gave up, or BOOT_LIMIT_MS
# passed). Destroys the guest either way. Not in a pipe: it sets variables.
time_boot() {
	tb_log=$LOGDIR/guest-$1.log
	guest_cfg "$1" "$2" >"/tmp/$1.cfg"
	step "timing $1"
	BOOT_ERR=
	now_ms
	tb_t0=$NOW_MS
	if ! xl create "/tmp/$1.cfg" >"/tmp/$1.create.log" 2>&1; then
		BOOT_ERR="xl create $1 failed: $(create_error "/tmp/$1.create.log")"
		destroy_guest "$1"
		return 1
	fi
	now_ms
	CREATE_MS=$((NOW_MS - tb_t0))
	tb_polls=0
	while ! grep -q -F LINUX-PV-MARKER "$tb_log" 2>/dev/null; do
		tb_polls=$((tb_polls + 1))
		if [ $((tb_polls % 20)) = 0 ]; then
			# About once a second: has it stopped, given up or run too long?
			tb_st=$(domain_state "$1")
			now_ms
			if grep -q -F 'pvgrub: nothing was booted' "$tb_log" 2>/dev/null; then
				BOOT_ERR="PV-GRUB booted nothing: $(guest_log "$1" | grep -m 1 'E pvgrub: ')"
			elif [ $((NOW_MS - tb_t0)) -gt $BOOT_LIMIT_MS ]; then
				BOOT_ERR="no marker within $((BOOT_LIMIT_MS / 1000))s"
			else
				case $tb_st in
				"" | *c* | *s*)
					# Stopped: a second later, the console daemon has
					# written the last lines; look again.
					sleep 1
					grep -q -F LINUX-PV-MARKER "$tb_log" 2>/dev/null && break
					case $(domain_state "$1") in
					"") BOOT_ERR="the domain is gone" ;;
					*c*) BOOT_ERR="the domain crashed" ;;
					*s*) BOOT_ERR="the domain shut down" ;;
					esac
					;;
				esac
			fi
			if [ -n "$BOOT_ERR" ]; then
				BOOT_ERR="$1: $BOOT_ERR; last console line: $(last_line "$1")"
				destroy_guest "$1"
				return 1
			fi
		fi
		sleep 0.05
	done
	now_ms
	BOOT_MS=$((NOW_MS - tb_t0))
	BOOT_LINE=$(guest_log "$1" | grep -m 1 -F LINUX-PV-MARKER)
	step "$1: ${BOOT_MS} ms"
	destroy_guest "$1"
}

# boot NAME METHOD_CFG: time_boot; a guest whose programs printed
# "Segmentation fault" fails it too (its /init may have cut its wait for
# the disk short, and its time would not be a boot's).
boot() {
	time_boot "$1" "$2" || return 1
	if grep -q -F 'Segmentation fault' "$LOGDIR/guest-$1.log"; then
		BOOT_ERR="$1: a program in the guest printed Segmentation fault"
		return 1
	fi
}

direct_cfg() {
	echo 'kernel = "/testbed/linux/vmlinuz"'
	echo 'ramdisk = "/testbed/linux/guest.cpio.gz"'
	echo "extra = \"$ARGS\""
}
# Our PV-GRUB gets menu.lst (the bzImage) or menu-elf.lst (the ELF).
ours_menu=menu.lst
ours_cfg() {
	echo "kernel = \"$ours\""
	echo "extra = \"(hd0,0)/boot/grub/$ours_menu\""
}
pvgrub2_cfg() {
	echo "kernel = \"$theirs\""
}

# One untimed boot of each method first (the first boots in a fresh dom0
# are the slowest); ours comes first: with PVGRUB_KERNEL=auto it also finds
# out whether PV-GRUB boots the bzImage yet.
[ "$PVGRUB_KERNEL" = elf ] && ours_menu=menu-elf.lst
if boot bench-warmup-ours ours_cfg; then
	:
elif [ "$PVGRUB_KERNEL" = auto ] && [ "$ours_menu" = menu.lst ] &&
	case $BOOT_ERR in *"PV-GRUB booted nothing"*) true ;; *) false ;; esac; then
	bench_info "ours-bzimage-error: $(guest_log bench-warmup-ours | grep -m 1 'E pvgrub: ' || echo "$BOOT_ERR")"
	ours_menu=menu-elf.lst
	boot bench-warmup-ours-elf ours_cfg || fail "the warm-up boot with PV-GRUB failed: $BOOT_ERR"
else
	fail "the warm-up boot with PV-GRUB failed: $BOOT_ERR"
fi
warm="ours $BOOT_MS"
for method in direct pvgrub2; do
	boot "bench-warmup-$method" "${method}_cfg" || fail "the warm-up boot ($method) failed: $BOOT_ERR"
	warm="$warm $method $BOOT_MS"
done
bench_info "warm-up: $warm"
case $ours_menu in
menu.lst) bench_info "ours-kernel: bzimage /boot/vmlinuz-6.1" ;;
*) bench_info "ours-kernel: elf /boot/vmlinux-6.1" ;;
esac

run=1
while [ $run -le "$RUNS" ]; do
	for method in direct ours pvgrub2; do
		boot "bench-$method-$run" "${method}_cfg" ||
			fail "$method boot $run did not reach the marker: $BOOT_ERR"
		echo "$method $run $BOOT_MS $CREATE_MS" >>"$res/times"
		[ "$run" = 1 ] && bench_info "marker-$method: $BOOT_LINE"
	done
	run=$((run + 1))
done
pass "$((RUNS * 3)) boots timed ($RUNS each: direct, PV-GRUB with $ours_menu, pvgrub2); results in $res"
