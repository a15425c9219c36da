# pvgrub-menu: PV-GRUB runs in the guest's domain, finds
# (hd0,0)/boot/grub/menu.lst on an MBR disk with an ext4 file system made
# by mkfs.ext4's defaults, parses it (an unknown command is reported with
# its line, its escape byte shown as '?'), takes the saved default from
# /boot/grub/default, counts down to it and, its kernel missing, names the
# path and shows the menu again.
# budget: 90
create_guest pvgrub-menu <<CFG
kernel = "$PVGRUB"
memory = 64
disk = [ 'format=raw,vdev=xvda,access=ro,target=/testbed/data/pvgrub-menu/disk.img' ]
extra = "(hd0,0)/boot/grub/menu.lst"
CFG
expect_line pvgrub-menu "^I pvgrub: read \(hd0,0\)/boot/grub/menu.lst \([0-9]+ bytes\)" 60 >/dev/null
expect_line pvgrub-menu "^W pvgrub: menu line 14: unknown command 'frob\?\[2Jnicate'" 5 >/dev/null || exit 1
guest_log pvgrub-menu | grep -q $'\033' && fail "an escape byte from the menu reached the console"
expect_line pvgrub-menu "^I pvgrub: default saved: entry 1 \(from \(hd0,0\)/boot/grub/default\)$" 5 >/dev/null || exit 1
expect_line pvgrub-menu "^I pvgrub: 2 entries, default 1, timeout 5" 5 >/dev/null || exit 1
expect_line pvgrub-menu "^ > 1: Debian GNU/Linux, kernel 6.1.0-56-amd64 \(recovery mode\)$" 5 >/dev/null || exit 1
# The countdown boots the default, whose kernel is not on the disk: the
# error names the path, and the menu comes back to wait for the user.
expect_line pvgrub-menu "^I pvgrub: boot entry 1: kernel /boot/vmlinuz-6.1.0-56-amd64 root=/dev/xvda1 ro single console=hvc0$" 20 >/dev/null || exit 1
expect_line pvgrub-menu "^E pvgrub: file not found: \(hd0,0\)/boot/vmlinuz-6.1.0-56-amd64$" 10 >/dev/null || exit 1
expect_line pvgrub-menu "^I pvgrub: nothing was booted; back to the menu$" 5 >/dev/null || exit 1
sleep 3
[ "$(guest_log pvgrub-menu | grep -c '^PV-GRUB menu:')" -ge 2 ] || fail "the menu did not come back after the failed boot"
guest_log pvgrub-menu | tail -n 3 | grep -q "Booting .* in" && fail "the menu counts down again after a failed boot"
xl destroy pvgrub-menu
pass "read and parsed (hd0,0)/boot/grub/menu.lst from an MBR + ext4 disk: 2 entries, default saved = 1 from /boot/grub/default, the unknown command named with its line (its escape byte as '?'); the countdown booted the default, whose missing kernel was named with its path; the menu came back and waits"
