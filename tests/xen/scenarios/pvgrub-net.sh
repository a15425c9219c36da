# pvgrub-net: PV-GRUB boots over the network. dom0 serves DHCP (busybox
# udhcpd, option 150 naming /pvgrub/dhcp.lst) and TFTP (tftpd-hpa) on its
# bridge: a guest whose extra is "(nd)/pvgrub/menu.lst" and one whose
# extra is empty (the menu option 150 names) each read their menu and our
# own hello kernel (gzip'd ELF) over TFTP and boot it in place, with the
# argument their menu gives, having closed their vif first; a third
# guest's menu names a kernel the server does not have, which is reported
# as missing with its path. Then Debian's kernel and the test initramfs,
# both over TFTP, boot a 256 MiB guest.
# budget: 420
bridge=xenbr0
root=/tmp/tftp-pvgrub
mkdir -p $root/boot $root/pvgrub
cp /testbed/images/hello.gz $root/boot/hello.gz || fail "no hello kernel to serve"
menu() { # FILE TITLE KERNEL-LINE
	printf 'timeout 0\ndefault 0\ntitle %s\nkernel %s\n' "$2" "$3" >"$root/pvgrub/$1"
}
menu menu.lst "From extra" "/boot/hello.gz from-extra"
menu dhcp.lst "From option 150" "/boot/hello.gz from-option-150"
menu missing.lst "Missing kernel" "/boot/no-such-kernel.gz"
serve_netboot pvgrub-net 160 199 $root "$(menu_option /pvgrub/dhcp.lst)"

net_guest() { # NAME MAC-END EXTRA [MIB]
	create_guest "$1" <<CFG
kernel = "$PVGRUB"
memory = ${4:-64}
vif = ['bridge=$bridge,mac=00:16:3e:00:01:$2']
extra = "$3"
CFG
}
net_guest pvgrub-nd 01 "(nd)/pvgrub/menu.lst"
net_guest pvgrub-dhcp 02 ""
net_guest pvgrub-nokernel 03 "(nd)/pvgrub/missing.lst"
for g in pvgrub-nd pvgrub-dhcp; do
	expect_line $g "^I pvgrub: network: address 192\.0\.2\.1[6-9][0-9], files from 192\.0\.2\.1$" 90 >/dev/null
	expect_line $g "^hello: stub domain kernel" 120 >/dev/null
done
expect_line pvgrub-nd "^hello: argument 1: from-extra$" 20 >/dev/null
guest_log pvgrub-nd | grep -B 100 '^hello: stub domain kernel' | grep -q '^I netfront: device/vif/0: closed: ' ||
	fail "PV-GRUB did not close its vif before starting the kernel"

expect_line pvgrub-dhcp "^I pvgrub: menu \(nd\)/pvgrub/dhcp\.lst$" 5 >/dev/null
expect_line pvgrub-dhcp "^hello: argument 1: from-option-150$" 20 >/dev/null
expect_shutdown pvgrub-nd poweroff 30
expect_shutdown pvgrub-dhcp poweroff 30
expect_line pvgrub-nokernel "^E pvgrub: file not found: \(nd\)/boot/no-such-kernel\.gz$" 120 >/dev/null
expect_line pvgrub-nokernel "^I pvgrub: nothing was booted; back to the menu$" 20 >/dev/null
xl_run /tmp/pvgrub-nokernel.destroy.log destroy pvgrub-nokernel || fail "xl destroy pvgrub-nokernel failed"
step "Debian's kernel and its initramfs over TFTP"
mkdir -p $root/linux
cp /testbed/linux/vmlinuz /testbed/linux/guest.cpio.gz $root/linux/ || fail "cannot copy Debian's kernel to serve"
menu linux.lst "Debian GNU/Linux over TFTP" "/linux/vmlinuz console=hvc0 quiet"
echo "initrd /linux/guest.cpio.gz" >>"$root/pvgrub/linux.lst"
net_guest pvgrub-linux 04 "(nd)/pvgrub/linux.lst" 256
line=$(expect_linux pvgrub-linux none 256) || exit 1
read_ms=$(guest_log pvgrub-nd | grep -m 1 '^I pvgrub: read (nd)/boot/hello.gz' | sed 's/.* in //')
linux_read=$(guest_log pvgrub-linux | grep -m 1 '^I pvgrub: read (nd)/linux/vmlinuz' | sed 's/^I pvgrub: read (nd)//')
initrd_read=$(guest_log pvgrub-linux | grep -m 1 '^I pvgrub: initrd (nd)/linux/guest.cpio.gz' | sed 's/^I pvgrub: initrd (nd)//')
pass "PV-GRUB over the network: extra \"(nd)/pvgrub/menu.lst\" and an empty extra (DHCP option 150's menu) each booted our hello kernel read over TFTP (${read_ms:-?}) with their menu's argument, the vif closed first; a kernel missing on the server was named with its path; Debian's kernel ($linux_read) and initramfs ($initrd_read) over TFTP: $line"
