# ioemu-start: the real xl starts our ioemu stub domain as the device
# model of an HVM guest (device_model_version = "qemu-xen" with
# device_model_stubdomain_override = 1, stubdomain_memory = 16): the stub
# finds its guest through `target`, parses the dm-argv libxl wrote (a
# disk, the cirrus VGA, a serial port, -net none), pairs the disk with its
# own PV disk, creates and enables the
# ioreq server with the guest's vCPU event channels, serves QMP on a vchan
# and writes `running`, which libxl takes: xl create completes (QMP cont
# through dom0's vchan-socket-proxy). The guest's firmware then runs on
# the stub's platform (hvmloader sets up the PCI functions, SeaBIOS finds
# them, reads the disk's MBR through the emulated IDE controller and runs
# it: its line reaches Xen's log). xl destroy then leaves no domain and no
# xenstore node of the stub. Then a guest whose device-model
# arguments carry one the stub does not understand (-usb): the stub names
# it on its console and stops, xl create fails and leaves no domain.
# emulated-cpus: 1
# budget: 240
dd if=/dev/zero of=/tmp/ioemu-disk.img bs=1M count=4 2>/dev/null || fail "cannot make the disk"
# Its MBR: xor ax,ax; mov ds,ax; mov si,msg; then each byte of msg to the
# debug port 0xe9 (Xen's log shows it as a line of the guest); then hlt.
printf '\061\300\216\330\276\023\174\254\204\300\164\004\346\351\353\367\364\353\375IOEMU MBR OK\n\000' |
	dd of=/tmp/ioemu-disk.img conv=notrunc 2>/dev/null || fail "cannot write the MBR"
printf '\125\252' | dd of=/tmp/ioemu-disk.img bs=1 seek=510 conv=notrunc 2>/dev/null ||
	fail "cannot write the MBR's signature"
# libxl reads the stub's ramdisk even when the stub needs none.
printf 'ioemu-stubdom needs no ramdisk\n' >/tmp/ioemu-rootfs || fail "cannot write the ramdisk"
printf '%s\n' 'name = "ioemu-start"' 'type = "hvm"' 'memory = 32' 'vcpus = 2' \
	'cpuid = "host,rdtscp=0"' 'device_model_version = "qemu-xen"' \
	'device_model_stubdomain_override = 1' \
	'stubdomain_kernel = "/testbed/images/ioemu-stubdom.gz"' \
	'stubdomain_ramdisk = "/tmp/ioemu-rootfs"' 'stubdomain_memory = 16' \
	'serial = "pty"' 'boot = "c"' \
	"disk = [ 'format=raw,vdev=hda,access=rw,target=/tmp/ioemu-disk.img' ]" \
	'on_crash = "preserve"' >/tmp/ioemu-start.cfg || fail "cannot write the config"
step "xl create /tmp/ioemu-start.cfg (in the background)"
(
	XL_SECONDS=120
	xl_run /tmp/ioemu-start.create.log create /tmp/ioemu-start.cfg
) &
xl_pid=$!
stub_log=$LOGDIR/qemu-dm-ioemu-start.log
waited=0
until tr -d '\r' <"$stub_log" 2>/dev/null | grep -q -E '^(I ioemu: running|E ioemu: )'; do
	[ "$waited" -ge 90 ] && fail "no 'running' from the stub in 90 s; its log: $(tr -d '\r' <"$stub_log" 2>/dev/null | tail -n 3 | tr '\n' '|'); xl: $(tail -n 3 /tmp/ioemu-start.create.log | tr '\n' '|')"
	sleep 1
	waited=$((waited + 1))
done
log=$(tr -d '\r' <"$stub_log")
step "the stub's log: $(printf '%s\n' "$log" | tr '\n' '|')"
err=$(printf '%s\n' "$log" | grep -m 1 '^E ioemu: ') && fail "the stub refused: $err"
# (The ids from the stub's own line: xl may not have finished yet.)
ids=$(printf '%s\n' "$log" | sed -n 's/^I ioemu: stub domain \([0-9]*\), device model of domain \([0-9]*\)$/\1 \2/p')
[ -n "$ids" ] || fail "the stub did not name itself and its target"
stub=${ids% *} guest=${ids#* }
desc="I ioemu: guest $guest 'ioemu-start': machine xenfv, 24 MiB, 2/2 vCPU, boot c, cirrus-vga 8 MiB, ide0.0 disk xvda, COM1 on console 3, ACPI"
printf '%s\n' "$log" | grep -q -x -F "$desc" ||
	fail "the stub's reading of dm-argv differs: expected '$desc'"
printf '%s\n' "$log" | grep -q -x "I ioemu: ide0.0: device/vbd/768, 8192 sectors" ||
	fail "the guest's disk hda was not paired with the stub's PV disk 768 (8192 sectors)"
printf '%s\n' "$log" | grep -q "^I ioemu: ioreq server [0-9]* for domain $guest: 2 vCPU(s)" ||
	fail "no ioreq server line for 2 vCPUs"
step "waiting for xl create: libxl sends QMP's cont after 'running'"
wait "$xl_pid"
rc=$?
step "xl create ended with $rc: $(tail -n 4 /tmp/ioemu-start.create.log | tr '\n' '|')"
[ "$rc" = 0 ] || fail "xl create failed ($rc): $(create_error /tmp/ioemu-start.create.log)"
tr -d '\r' <"$stub_log" | grep -q -x "I ioemu: QMP: cont" || fail "the stub saw no QMP cont"
# The platform as the firmware sees it: hvmloader routes the PCI links
# and sizes the BARs, SeaBIOS finds the six PCI functions of xenfv with
# cirrus, reads the MBR through the emulated IDE disk (the stub's PV disk
# behind it) and runs it.
waited=0
until xl dmesg | grep -q "(d$guest) IOEMU MBR OK"; do
	[ "$waited" -ge 90 ] && fail "the guest did not run its disk's MBR in 90 s; Xen's log: $(xl dmesg | grep "(d$guest)" | tail -n 4 | tr '\n' '|')"
	sleep 1
	waited=$((waited + 1))
done
fw=$(xl dmesg | grep "(d$guest)")
step "the guest's firmware (Xen's log): $(printf '%s\n' "$fw" | grep -E 'PCI-ISA link|SeaBIOS \(|PCI devices|Booting' | tr '\n' '|')"
for want in "PCI-ISA link 0 routed to IRQ" "pci dev 01:1 bar 20 size 000000010" "Invoking SeaBIOS" \
	"Found 6 PCI devices (max PCI bus is 00)"; do
	printf '%s\n' "$fw" | grep -q -F "$want" || fail "no '$want' from the guest's firmware"
done
step "the stub's log: $(tr -d '\r' <"$stub_log" | tail -n 8 | tr '\n' '|')"
state=$(xenstore-read "/local/domain/$stub/device-model/$guest/state" 2>/dev/null)
[ "$state" = running ] || fail "device-model/$guest/state is '$state', not running"
xl destroy ioemu-start >/tmp/ioemu-start.destroy.log 2>&1 || fail "xl destroy failed: $(cat /tmp/ioemu-start.destroy.log)"
grep -q "stub domain.*timed out\|startup timed out" /tmp/ioemu-start.create.log &&
	fail "libxl timed out waiting for the stub: $(grep -m 1 'timed out' /tmp/ioemu-start.create.log)"
sleep 2
for d in ioemu-start ioemu-start-dm; do
	[ -z "$(domain_state "$d")" ] || fail "domain $d is still there after xl destroy"
done
[ -z "$(xenstore-ls "/local/domain/$stub" 2>/dev/null)" ] ||
	fail "/local/domain/$stub is still in xenstore"

step "a device-model argument the stub does not understand: it refuses, saying which"
printf '%s\n' 'name = "ioemu-refuse"' 'type = "hvm"' 'memory = 32' 'cpuid = "host,rdtscp=0"' \
	'device_model_version = "qemu-xen"' 'device_model_stubdomain_override = 1' \
	'stubdomain_kernel = "/testbed/images/ioemu-stubdom.gz"' \
	'stubdomain_ramdisk = "/tmp/ioemu-rootfs"' 'stubdomain_memory = 16' 'vga = "none"' \
	'device_model_args = [ "-usb" ]' >/tmp/ioemu-refuse.cfg || fail "cannot write the config"
XL_SECONDS=120 xl_run /tmp/ioemu-refuse.create.log create /tmp/ioemu-refuse.cfg &&
	fail "xl create succeeded with an argument the stub refuses"
refusal=$(tr -d '\r' <"$LOGDIR/qemu-dm-ioemu-refuse.log" 2>/dev/null | grep -m 1 '^E ioemu: ')
step "xl create failed: $(tail -n 2 /tmp/ioemu-refuse.create.log | tr '\n' '|'); the stub: $refusal"
case $refusal in
"E ioemu: refusing to start: dm-argv "[0-9][0-9][0-9]": -usb: this option is not understood by this device model") ;;
*) fail "the stub's refusal does not name -usb: '$refusal'" ;;
esac
sleep 2
for d in ioemu-refuse ioemu-refuse-dm; do
	[ -z "$(domain_state "$d")" ] || fail "domain $d is still there after the failed create"
done
pass "xl started ioemu-stubdom for an HVM guest in 16 MiB (+8 MiB video): its target and dm-argv read ($desc), an ioreq server for both vCPUs, 'running' taken by libxl, QMP cont answered and xl create complete; hvmloader routed the PCI links and sized the BARs of its PCI functions, SeaBIOS found all 6 and ran the MBR it read through the emulated IDE disk; both domains gone after xl destroy; with -usb added, the stub refused ($refusal) and xl create failed, leaving no domain"
