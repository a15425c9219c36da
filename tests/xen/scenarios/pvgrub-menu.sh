# pvgrub-menu: PV-GRUB (stage 1) runs in the guest's domain, finds
# (hd0,0)/boot/grub/menu.lst on an MBR disk with an ext4 file system made
# by mkfs.ext4's defaults, parses it (an unknown command is reported with
# its line) and lists the entries.
# budget: 90
create_guest pvgrub-menu <<CFG
kernel = "/usr/lib/xen-4.17/boot/pv-grub-x86_64.gz"
memory = 64
disk = [ 'format=raw,vdev=xvda,access=ro,target=/testbed/data/pvgrub-menu/disk.img' ]
extra = "(hd0,0)/boot/grub/menu.lst"
CFG
expect_line pvgrub-menu "^pvgrub: read \(hd0,0\)/boot/grub/menu.lst \([0-9]+ bytes\)" 60 >/dev/null
expect_line pvgrub-menu "^pvgrub: menu line 14: unknown command 'frobnicate'" 5 >/dev/null
expect_line pvgrub-menu "^pvgrub: 2 entries, default 1, timeout 5" 5 >/dev/null
expect_line pvgrub-menu "^pvgrub: entry 1: Debian GNU/Linux, kernel 6.1.0-56-amd64 \(recovery mode\) \(default\)" 5 >/dev/null
expect_line pvgrub-menu "^pvgrub:   kernel /boot/vmlinuz-6.1.0-56-amd64 root=/dev/xvda1 ro single console=hvc0" 5 >/dev/null
expect_line pvgrub-menu "^pvgrub: error: file not found: \(hd0,0\)/boot/vmlinuz-6.1.0-56-amd64$" 20 >/dev/null || exit 1
expect_line pvgrub-menu "^pvgrub: error: no entry could be booted" 5 >/dev/null || exit 1
expect_shutdown pvgrub-menu crash 20
pass "read and parsed (hd0,0)/boot/grub/menu.lst from an MBR + ext4 disk: 2 entries, default 1, the unknown command named with its line; the missing kernel named with its path"
