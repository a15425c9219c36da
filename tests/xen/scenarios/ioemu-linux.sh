# ioemu-linux: Debian's kernel boots in an HVM guest whose device model is
# our stub domain. The CD (ioemu-linux.host: an ISO9660 image made with
# Debian's isolinux) is the guest's only drive, an ATAPI CD-ROM on the
# secondary IDE channel; SeaBIOS boots it (El Torito through our ATAPI
# READ commands), isolinux loads the kernel and the test initramfs, the
# kernel's console is the first serial port (our 16550 on the stub's
# console 3, which dom0's QEMU writes to a file) and its init prints the
# marker and powers off: ACPI S5 through PIIX4 PM, which the stub turns
# into the guest's shutdown, after which libxl removes both domains.
# Then a hard disk with GRUB 2 in its MBR and a second disk, without the
# platform device: Linux's ata_piix drives our IDE controller (bus-master
# DMA) and the guest's init writes a pattern to the second disk, which
# dom0 finds in its image after shutdown. Then the same kind of disk with
# the platform device: Linux unplugs the emulated disk (the stub takes it
# away) and reads its disk through the PV driver; then xl reboot, which
# Linux's PV shutdown watch turns into a reboot (a new domain with a new
# stub boots), and xl shutdown, which it turns into a power-off, ending
# both domains.
# emulated-cpus: 1
# budget: 900
data=/testbed/data/ioemu-linux
stub_cfg() { # NAME: the stub-domain lines every guest here shares
	printf '%s\n' 'type = "hvm"' 'device_model_version = "qemu-xen"' \
		'device_model_stubdomain_override = 1' \
		'stubdomain_kernel = "/testbed/images/ioemu-stubdom.gz"' \
		'stubdomain_ramdisk = "/tmp/ioemu-rootfs"' 'stubdomain_memory = 16' \
		"serial = \"file:$LOGDIR/$1.serial\"" 'cpuid = "host,rdtscp=0"' 'on_crash = "preserve"'
}
# wait_serial NAME REGEX SECONDS: the first line of NAME's serial port
# matching REGEX, or fail with the port's last lines and the stub's (at
# once when the kernel panics or oopses).
wait_serial() {
	ws_waited=0
	until tr -d '\r' <"$LOGDIR/$1.serial" 2>/dev/null | grep -q -E "$2"; do
		ws_panic=$(tr -d '\r' <"$LOGDIR/$1.serial" 2>/dev/null | grep -m 1 -E 'Kernel panic|BUG: |Oops: ')
		[ -n "$ws_panic" ] && fail "waiting for '$2', $1's kernel said: $ws_panic (its serial port is $LOGDIR/$1.serial)"
		[ "$ws_waited" -ge "$3" ] && fail "no '$2' on $1's serial port in $3 s; it ends: $(tr -d '\r' <"$LOGDIR/$1.serial" 2>/dev/null | tail -n 4 | tr '\n' '|'); the stub's log ends: $(tr -d '\r' <"$LOGDIR/qemu-dm-$1.log" 2>/dev/null | tail -n 4 | tr '\n' '|')"
		sleep 1
		ws_waited=$((ws_waited + 1))
	done
	tr -d '\r' <"$LOGDIR/$1.serial" | grep -m 1 -E "$2"
}
# wait_gone NAME SECONDS: both NAME and its stub domain are gone.
wait_gone() {
	wg_waited=0
	while [ -n "$(domain_state "$1")$(domain_state "$1-dm")" ]; do
		[ "$wg_waited" -ge "$2" ] && fail "$1 (state '$(domain_state "$1")') or $1-dm (state '$(domain_state "$1-dm")') still there after $2 s; the stub's log ends: $(tr -d '\r' <"$LOGDIR/qemu-dm-$1.log" 2>/dev/null | tail -n 4 | tr '\n' '|')"
		sleep 1
		wg_waited=$((wg_waited + 1))
	done
}
[ -f "$data/cdrom.iso" ] || fail "no $data/cdrom.iso (ioemu-linux.host makes it)"
printf 'ioemu-stubdom needs no ramdisk\n' >/tmp/ioemu-rootfs || fail "cannot write the ramdisk"

step "a Linux CD-ROM: boot = d, the ISO as hdc"
{
	echo 'name = "ioemu-cd"'
	stub_cfg ioemu-cd
	printf '%s\n' 'memory = 256' 'vcpus = 1' 'boot = "d"' \
		"disk = [ 'format=raw,vdev=hdc,devtype=cdrom,access=r,target=$data/cdrom.iso' ]"
} >/tmp/ioemu-cd.cfg || fail "cannot write the config"
rm -f "$LOGDIR/ioemu-cd.serial"
XL_SECONDS=120 xl_run /tmp/ioemu-cd.create.log create /tmp/ioemu-cd.cfg ||
	fail "xl create failed: $(create_error /tmp/ioemu-cd.create.log)"
start=$(date +%s)
banner=$(wait_serial ioemu-cd '^ISOLINUX ' 90) || exit 1
step "isolinux on the serial port: $banner"
marker=$(wait_serial ioemu-cd 'testbed guest: LINUX-PV-MARKER' 240) || exit 1
booted=$(($(date +%s) - start))
step "its init: $marker (${booted} s after xl create)"
wait_gone ioemu-cd 60
stub_log=$(tr -d '\r' <"$LOGDIR/qemu-dm-ioemu-cd.log")
step "the stub's log ends: $(printf '%s\n' "$stub_log" | tail -n 5 | tr '\n' '|')"
step "a disk with GRUB 2 in its MBR and a second disk; no platform device: Linux's ata_piix drives our IDE"
dd if=/dev/zero of=/tmp/ioemu-data.img bs=1M count=8 2>/dev/null || fail "cannot make the second disk"
cp "$data/disk-ata.img" /tmp/ioemu-disk-ata.img || fail "cannot copy the boot disk"
{
	echo 'name = "ioemu-ata"'
	stub_cfg ioemu-ata
	printf '%s\n' 'memory = 256' 'vcpus = 1' 'boot = "c"' 'xen_platform_pci = 0' \
		"disk = [ 'format=raw,vdev=hda,access=rw,target=/tmp/ioemu-disk-ata.img', 'format=raw,vdev=hdb,access=rw,target=/tmp/ioemu-data.img' ]"
} >/tmp/ioemu-ata.cfg || fail "cannot write the config"
rm -f "$LOGDIR/ioemu-ata.serial"
XL_SECONDS=120 xl_run /tmp/ioemu-ata.create.log create /tmp/ioemu-ata.cfg ||
	fail "xl create failed: $(create_error /tmp/ioemu-ata.create.log)"
start=$(date +%s)
grub_line=$(wait_serial ioemu-ata '^GRUB 2: loading' 90) || exit 1
step "GRUB on the serial port: $grub_line"
ata_marker=$(wait_serial ioemu-ata 'testbed guest: LINUX-PV-MARKER' 240) || exit 1
ata_booted=$(($(date +%s) - start))
step "its init: $ata_marker (${ata_booted} s after xl create)"
case $ata_marker in
*"disks: sda sdb "*) ;;
*) fail "the guest does not see both emulated disks as sda and sdb: $ata_marker" ;;
esac
written=$(wait_serial ioemu-ata 'testbed guest: PATTERN sd[a-z] ' 120) || exit 1
wait_gone ioemu-ata 60
# "testbed guest: PATTERN DISK MD5": the pattern names the disk it went to.
pattern_disk=${written#*PATTERN }
pattern_disk=${pattern_disk%% *}
want=$(yes "ioemu pattern on $pattern_disk" | head -c 4194304 | md5sum | cut -d' ' -f1)
have=$(head -c 4194304 /tmp/ioemu-data.img | md5sum | cut -d' ' -f1)
step "the pattern: the guest read back ${written##* }, the image holds $have, expected $want"
[ "${written##* }" = "$want" ] || fail "the guest read back a different pattern (${written##* }, not $want)"
[ "$have" = "$want" ] || fail "the second disk's image does not hold the pattern the guest wrote ($have, not $want)"

step "the same disk with the platform device: Linux unplugs the emulated disk and reads it through its PV driver"
cp "$data/disk-pv.img" /tmp/ioemu-disk-pv.img || fail "cannot copy the boot disk"
{
	echo 'name = "ioemu-pv"'
	stub_cfg ioemu-pv
	printf '%s\n' 'memory = 256' 'vcpus = 1' 'boot = "c"' \
		"disk = [ 'format=raw,vdev=hda,access=rw,target=/tmp/ioemu-disk-pv.img' ]"
} >/tmp/ioemu-pv.cfg || fail "cannot write the config"
rm -f "$LOGDIR/ioemu-pv.serial"
XL_SECONDS=120 xl_run /tmp/ioemu-pv.create.log create /tmp/ioemu-pv.cfg ||
	fail "xl create failed: $(create_error /tmp/ioemu-pv.create.log)"
pv_marker=$(wait_serial ioemu-pv 'testbed guest: LINUX-PV-MARKER' 300) || exit 1
step "its init: $pv_marker"
case $pv_marker in
*"disks: xvda "*) ;;
*) fail "the guest does not see its disk as xvda through the PV driver: $pv_marker" ;;
esac
pv_read=$(wait_serial ioemu-pv 'testbed guest: READ xvda ' 60) || exit 1
pv_want=$(head -c 1048576 /tmp/ioemu-disk-pv.img | md5sum | cut -d' ' -f1)
[ "${pv_read##* }" = "$pv_want" ] || fail "the guest read its disk's first MiB as ${pv_read##* }, not $pv_want"
# xl reboot: control/shutdown "reboot", which Linux's PV shutdown watch
# takes; its orderly reboot resets the machine through the stub (the
# stub logs which way), xl's daemon builds a new domain with a new stub and
# the guest boots again. The serial file is moved away first: the new boot's lines
# go to a new file at the old path.
wait_serial ioemu-pv 'testbed guest: alive 1,' 60 >/dev/null || exit 1
pv_first=$(xl domid ioemu-pv)
mv "$LOGDIR/ioemu-pv.serial" "$LOGDIR/ioemu-pv.serial.1" || fail "cannot move the serial file away"
step "xl reboot ioemu-pv (domain $pv_first)"
XL_SECONDS=60 xl_run /tmp/ioemu-pv.reboot.log reboot ioemu-pv ||
	fail "xl reboot failed: $(tail -n 3 /tmp/ioemu-pv.reboot.log | tr '\n' ' ')"
rb_waited=0
while pv_second=$(xl domid ioemu-pv 2>/dev/null); [ -z "$pv_second" ] || [ "$pv_second" = "$pv_first" ]; do
	[ "$rb_waited" -ge 120 ] && fail "no new domain ioemu-pv 120 s after xl reboot (now '$pv_second'); the guest's serial port ended: $(tr -d '\r' <"$LOGDIR/ioemu-pv.serial.1" | tail -n 3 | tr '\n' '|'); the stub's log: $(tr -d '\r' <"$LOGDIR/qemu-dm-ioemu-pv.log" 2>/dev/null | tail -n 3 | tr '\n' '|')"
	sleep 1
	rb_waited=$((rb_waited + 1))
done
rb_asked=$(tr -d '\r' <"$LOGDIR/ioemu-pv.serial.1" | grep -m 1 'testbed guest: reboot asked by the kernel') ||
	fail "the guest's kernel did not ask for a reboot: $(tr -d '\r' <"$LOGDIR/ioemu-pv.serial.1" | tail -n 3 | tr '\n' '|')"
# The first stub's log: qemu-dm-ioemu-pv.log until libxl starts the new
# stub, .log.1 after.
rb_stub=$(cat "$LOGDIR"/qemu-dm-ioemu-pv.log* | tr -d '\r' |
	sed -n "/device model of domain $pv_first\$/,/device model of domain/p" | grep -m 1 'the guest asks for a reboot') ||
	fail "the stub of domain $pv_first did not log the guest's reboot: $(tr -d '\r' <"$LOGDIR/qemu-dm-ioemu-pv.log" | tail -n 3 | tr '\n' '|')"
step "domain $pv_second replaced $pv_first: the guest: $rb_asked; its first stub: $rb_stub"
rb_marker=$(wait_serial ioemu-pv 'testbed guest: LINUX-PV-MARKER' 300) || exit 1
case $rb_marker in
*"disks: xvda "*) ;;
*) fail "after the reboot, the guest does not see its disk as xvda through the PV driver: $rb_marker" ;;
esac
# xl shutdown: control/shutdown, which Linux's PV shutdown watch takes;
# its orderly power-off is ACPI S5 through the stub's PIIX4 PM.
wait_serial ioemu-pv 'testbed guest: alive 1,' 60 >/dev/null || exit 1
step "xl shutdown -w ioemu-pv"
XL_SECONDS=120 xl_run /tmp/ioemu-pv.shutdown.log shutdown -w ioemu-pv ||
	fail "xl shutdown failed: $(tail -n 3 /tmp/ioemu-pv.shutdown.log | tr '\n' ' '); the guest's serial port ends: $(tr -d '\r' <"$LOGDIR/ioemu-pv.serial" | tail -n 3 | tr '\n' '|')"
wait_gone ioemu-pv 60
asked=$(wait_serial ioemu-pv 'testbed guest: poweroff asked by the kernel' 5) || exit 1
stub_off=$(tr -d '\r' <"$LOGDIR/qemu-dm-ioemu-pv.log" | grep -m 1 'asks for poweroff') ||
	fail "the stub did not see the guest's power-off after xl shutdown"
step "the guest: $asked; the stub: $stub_off"
unplugged=$(cat "$LOGDIR"/qemu-dm-ioemu-pv.log* | tr -d '\r' | grep -m 1 'unplug: ')
step "the stub: $unplugged"
case $unplugged in
*"unplug: 1 emulated IDE disk(s) gone"*) ;;
*) fail "the stub did not take the emulated disk away: '$unplugged'" ;;
esac

pass "Debian's kernel booted from an ISO9660 CD (isolinux, El Torito through the stub's ATAPI) in an HVM guest whose device model is our stub: its init's marker on the serial port through the stub's 16550 ${booted} s after xl create ($marker), then its poweroff ended the guest and its stub; from an IDE disk with GRUB 2 in its MBR, Linux's ata_piix saw both emulated disks and wrote 4 MiB to the second (its MD5 read back and in the image after shutdown: $want), the guest up ${ata_booted} s after xl create; with the platform device, Linux unplugged the emulated disk ($unplugged) and read the disk's first MiB through its PV driver as it is in the image; xl reboot reached its PV shutdown watch, whose reboot (through the stub) made xl's daemon build a new domain ($pv_second after $pv_first) with a new stub, and the guest saw its PV disk again; xl shutdown reached its PV shutdown watch, whose power-off (S5 through the stub) ended the guest and its stub"
