# ioemu-lifecycle: an HVM guest's own power-off and reboots end and
# restart both its domain and its ioemu stub domain, with no xl destroy.
# The guests are set up as in ioemu-start (device_model_version =
# "qemu-xen", device_model_stubdomain_override = 1, stubdomain_memory = 16)
# and boot a disk whose MBR (ioemu-lifecycle.host: a real-mode program)
# reads a boot count from the disk's LBA 1, writes it back plus one,
# prints "LIFECYCLE <count>: ..." on port 0xe9 and then: count 0, resets
# through 0xcf9; count 1, through port 0x92; 2 and more, enters S5 as an ACPI
# OS does with Xen's FADT and DSDT (PM1a_CNT at 0xb004, SLP_TYP 0, then
# SLP_EN). The stub turns each into XEN_DMOP_remote_shutdown and xl's
# daemon does the rest.
# 1. ioemu-off, count 5 on its disk (S5 at once): xl create completes, the
#    guest powers off, and both ioemu-off and ioemu-off-dm disappear; the
#    stub logged the request, xl saw reason code 0 (poweroff) and no
#    xenstore node of either domain is left.
# 2. ioemu-reboot, on_reboot = "restart", count 0: it boots three times as
#    three domains with three stub domains (reset through 0xcf9, then
#    through 0x92, then S5), and after the third both are gone; each
#    stub's log (libxl keeps the earlier ones as qemu-dm-NAME.log.1, .2)
#    names its guest and the request it made; the disk's count is 3.
# xl destroy during a run is ioemu-start's.
# emulated-cpus: 1
# budget: 300
data=/testbed/data/ioemu-lifecycle
lines=/tmp/lifecycle.lines
[ -f "$data/mbr.bin" ] || fail "no $data/mbr.bin (ioemu-lifecycle.host makes it)"
# libxl reads the stub's ramdisk even when the stub needs none.
printf 'ioemu-stubdom needs no ramdisk\n' >/tmp/ioemu-rootfs || fail "cannot write the ramdisk"
: >"$lines"

now() {
	read -r now_s _ </proc/uptime
	echo "${now_s%%.*}"
}

# lc_disk NAME COUNT: /tmp/NAME.img, 4 MiB, the MBR in sector 0 and the
# boot count COUNT (0-7) in the first byte of sector 1.
lc_disk() {
	dd if=/dev/zero of="/tmp/$1.img" bs=1M count=4 2>/dev/null ||
		fail "cannot make /tmp/$1.img"
	dd if="$data/mbr.bin" of="/tmp/$1.img" conv=notrunc 2>/dev/null ||
		fail "cannot write the MBR to /tmp/$1.img"
	# shellcheck disable=SC2059 # the count as an octal escape
	printf "\\00$2" | dd of="/tmp/$1.img" bs=1 seek=512 conv=notrunc 2>/dev/null ||
		fail "cannot write the boot count to /tmp/$1.img"
}

# lc_count NAME: the boot count on NAME's disk now.
lc_count() {
	dd if="/tmp/$1.img" bs=1 skip=512 count=1 2>/dev/null | od -An -tu1 | tr -d ' \n'
}

# lc_config NAME ON_REBOOT: /tmp/NAME.cfg, an HVM guest of 32 MiB with our
# stub as its device model and /tmp/NAME.img as its disk.
lc_config() {
	printf '%s\n' "name = \"$1\"" 'type = "hvm"' 'memory = 32' 'cpuid = "host,rdtscp=0"' \
		'device_model_version = "qemu-xen"' 'device_model_stubdomain_override = 1' \
		'stubdomain_kernel = "/testbed/images/ioemu-stubdom.gz"' \
		'stubdomain_ramdisk = "/tmp/ioemu-rootfs"' 'stubdomain_memory = 16' \
		'serial = "pty"' 'boot = "c"' \
		"disk = [ 'format=raw,vdev=hda,access=rw,target=/tmp/$1.img' ]" \
		'on_poweroff = "destroy"' "on_reboot = \"$2\"" 'on_crash = "preserve"' \
		>"/tmp/$1.cfg" || fail "cannot write /tmp/$1.cfg"
}

# collect: the guests' LIFECYCLE lines in Xen's log, as "DOMID TEXT", added
# to $lines as they come (Xen's console ring keeps only a few boots of
# firmware messages).
collect() {
	xl dmesg 2>/dev/null | tr -d '\r' |
		sed -n 's/.*(d\([0-9][0-9]*\)) \(LIFECYCLE .*\)$/\1 \2/p' >>"$lines"
	sort -u -o "$lines" "$lines"
}

# domid_on LINE: the domain that printed "LIFECYCLE LINE" (empty if none).
domid_on() {
	awk -v t="LIFECYCLE $1" 'substr($0, index($0, " ") + 1) == t { print $1 }' "$lines"
}

# lc_create NAME: xl create /tmp/NAME.cfg, which must complete.
lc_create() {
	step "xl create /tmp/$1.cfg"
	XL_SECONDS=120 xl_run "/tmp/$1.create.log" create "/tmp/$1.cfg" ||
		fail "xl create $1 failed: $(create_error "/tmp/$1.create.log"); its stub: $(tr -d '\r' <"$LOGDIR/qemu-dm-$1.log" 2>/dev/null | tail -n 3 | tr '\n' '|')"
}

# lc_stub_tails NAME: the last lines of each of NAME's stub logs, on one line.
lc_stub_tails() {
	for lst_log in "$LOGDIR/qemu-dm-$1.log"*; do
		[ -f "$lst_log" ] || continue
		printf '[%s] %s ' "${lst_log##*/}" "$(tr -d '\r' <"$lst_log" | tail -n 4 | tr '\n' '|')"
	done
}

# lc_wait NAME TEXT SECONDS: waits for a guest's "LIFECYCLE TEXT" line, then
# for NAME and NAME-dm both to be gone. A guest that says it is still
# running after its request, a disk error or a crash ends the wait; at
# the time limit, the last lines of NAME's firmware are shown.
lc_wait() {
	lw_end=$(($(now) + $3))
	step "waiting up to ${3}s for 'LIFECYCLE $2', then for $1 and $1-dm to be gone"
	while :; do
		collect
		grep -q -e ' LIFECYCLE still running' -e ' LIFECYCLE disk error' "$lines" &&
			fail "a guest did not go: $(tr '\n' '|' <"$lines")"
		if [ -n "$(domid_on "$2")" ]; then
			lw_guest=$(domain_state "$1")
			case $lw_guest in *c*) fail "$1 crashed: $(tr '\n' '|' <"$lines")" ;; esac
			[ -z "$lw_guest" ] && [ -z "$(domain_state "$1-dm")" ] && return 0
		fi
		if [ "$(now)" -ge "$lw_end" ]; then
			lw_id=$(xl domid "$1" 2>/dev/null)
			fail "after ${3}s: guest lines $(tr '\n' '|' <"$lines"); $1 (${lw_id:-none}) '$(domain_state "$1")', $1-dm '$(domain_state "$1-dm")', boot count on its disk $(lc_count "$1"); its firmware's last lines: $(xl dmesg | tr -d '\r' | grep "(d${lw_id:-none})" | tail -n 3 | tr '\n' '|'); its stubs' last lines: $(lc_stub_tails "$1"); xl's daemon: $(tail -n 12 "$LOGDIR/xl-$1.log" 2>/dev/null | tr '\n' '|')"
		fi
		sleep 2
	done
}

# stub_of NAME GUEST: "STUB LOG" for the stub that served domain GUEST, from
# NAME's stub logs (qemu-dm-NAME.log and libxl's older .1, .2, ...).
stub_of() {
	for so_log in "$LOGDIR/qemu-dm-$1.log"*; do
		so_stub=$(tr -d '\r' <"$so_log" | sed -n "s/^I ioemu: stub domain \([0-9]*\), device model of domain $2\$/\1/p")
		[ -n "$so_stub" ] && { echo "$so_stub $so_log"; return 0; }
	done
	fail "no stub log of $1 names domain $2: $(ls "$LOGDIR/qemu-dm-$1.log"* 2>/dev/null | tr '\n' ' ')"
}

# expect_request LOG WHAT: the stub's log says the guest asked for WHAT.
expect_request() {
	tr -d '\r' <"$1" | grep -q -x "I ioemu: the guest asks for $2" ||
		fail "${1##*/} does not say the guest asked for $2: $(tr -d '\r' <"$1" | tail -n 4 | tr '\n' '|')"
}

# ---- 1. power-off: S5 on the first boot ------------------------------------
lc_disk ioemu-off 5
lc_config ioemu-off preserve
t0=$(now)
lc_create ioemu-off
off_log=$LOGDIR/qemu-dm-ioemu-off.log
ids=$(tr -d '\r' <"$off_log" | sed -n 's/^I ioemu: stub domain \([0-9]*\), device model of domain \([0-9]*\)$/\1 \2/p')
[ -n "$ids" ] || fail "the stub did not name itself and its target: $(tr -d '\r' <"$off_log" | head -n 3 | tr '\n' '|')"
off_stub=${ids% *} off_guest=${ids#* }
step "xl create completed: guest $off_guest, stub $off_stub"
lc_wait ioemu-off "5: S5 through PM1a_CNT" 90
off_secs=$(($(now) - t0))
[ "$(domid_on "5: S5 through PM1a_CNT")" = "$off_guest" ] ||
	fail "the S5 line is not domain $off_guest's: $(tr '\n' '|' <"$lines")"
expect_request "$off_log" poweroff
grep -q "Action for shutdown reason code 0 is destroy" "$LOGDIR/xl-ioemu-off.log" ||
	fail "xl's daemon saw no poweroff: $(tr '\n' '|' <"$LOGDIR/xl-ioemu-off.log")"
no_nodes "$off_guest" "$off_stub"
step "ioemu-off powered off; guest $off_guest and stub $off_stub gone ${off_secs}s after xl create"

# ---- 2. reboots: 0xcf9, then 0x92, then S5 ----------------------------------
lc_disk ioemu-reboot 0
lc_config ioemu-reboot restart
t0=$(now)
lc_create ioemu-reboot
lc_wait ioemu-reboot "2: S5 through PM1a_CNT" 180
reboot_secs=$(($(now) - t0))
step "the guest's lines: $(tr '\n' '|' <"$lines")"
g0=$(domid_on "0: reset through 0xcf9")
g1=$(domid_on "1: reset through port 0x92")
g2=$(domid_on "2: S5 through PM1a_CNT")
[ -n "$g0" ] && [ -n "$g1" ] && [ -n "$g2" ] ||
	fail "not three boots of ioemu-reboot in Xen's log: $(tr '\n' '|' <"$lines")"
[ "$g0" != "$g1" ] && [ "$g1" != "$g2" ] && [ "$g0" != "$g2" ] ||
	fail "the boots were not three domains: $g0 $g1 $g2"
[ "$(grep -c -v "^$off_guest " "$lines")" = 3 ] ||
	fail "ioemu-reboot did not boot exactly three times: $(tr '\n' '|' <"$lines")"
found=$(stub_of ioemu-reboot "$g0") || exit 1
s0=${found%% *}
expect_request "${found#* }" "a reboot"
found=$(stub_of ioemu-reboot "$g1") || exit 1
s1=${found%% *}
expect_request "${found#* }" "a reboot"
found=$(stub_of ioemu-reboot "$g2") || exit 1
s2=${found%% *}
expect_request "${found#* }" poweroff
[ "$s0" != "$s1" ] && [ "$s1" != "$s2" ] && [ "$s0" != "$s2" ] ||
	fail "the boots did not have three stub domains: $s0 $s1 $s2"
xl_daemon=$LOGDIR/xl-ioemu-reboot.log
[ "$(grep -c "Action for shutdown reason code 1 is restart" "$xl_daemon")" = 2 ] &&
	grep -q "Action for shutdown reason code 0 is destroy" "$xl_daemon" ||
	fail "xl's daemon did not see two reboots and a poweroff: $(tr '\n' '|' <"$xl_daemon")"
count=$(lc_count ioemu-reboot)
[ "$count" = 3 ] || fail "the boot count on ioemu-reboot's disk is '$count', not 3"
no_nodes "$g0" "$s0" "$g1" "$s1" "$g2" "$s2"
pass "S5 through PM1a_CNT (0xb004, SLP_TYP 0 + SLP_EN) powered ioemu-off (domain $off_guest) off: it and its stub $off_stub gone with no xl destroy, ${off_secs}s after xl create; ioemu-reboot (on_reboot restart) came back as a new domain with a new stub after a reset through 0xcf9 (domain $g0, stub $s0) and one through port 0x92 ($g1, $s1), then powered off ($g2, $s2) and was gone ${reboot_secs}s after xl create; its MBR counted 3 boots on its disk through the emulated IDE; each stub logged its guest's request, xl's daemon saw reason codes 1, 1, 0, and no xenstore node of the 8 domains is left"
