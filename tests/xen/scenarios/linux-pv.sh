# linux-pv: Debian's own kernel boots as a PV domU and prints the marker from
# its initramfs. Proves the test bed itself.
# budget: 180
create_guest linux-pv <<CFG
kernel = "/testbed/linux/vmlinuz"
ramdisk = "/testbed/linux/guest.cpio.gz"
memory = 256
extra = "console=hvc0 quiet"
CFG
expect_line linux-pv "LINUX-PV-MARKER" 150
expect_shutdown linux-pv poweroff 60
pass "Debian's kernel ran as a PV domU and printed its initramfs marker"
