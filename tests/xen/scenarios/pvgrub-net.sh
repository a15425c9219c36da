# pvgrub-net: PV-GRUB boots over the network. dom0 serves DHCP (busybox
# udhcpd, option 150 naming /pvgrub/dhcp.lst) and TFTP (tftpd-hpa) on its
# bridge: a guest whose extra is "(nd)/pvgrub/menu.lst" and one whose
# extra is empty (the menu option 150 names) each read their menu and our
# own hello kernel (gzip'd ELF) over TFTP and boot it in place, with the
# argument their menu gives; a third guest's menu names a kernel the server
# does not have, which is reported as missing with its path.
# budget: 240
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

net_guest() { # NAME MAC-END EXTRA
	create_guest "$1" <<CFG
kernel = "/usr/lib/xen-4.17/boot/pv-grub-x86_64.gz"
memory = 64
vif = ['bridge=$bridge,mac=00:16:3e:00:01:$2']
extra = "$3"
CFG
}
net_guest pvgrub-nd 01 "(nd)/pvgrub/menu.lst"
net_guest pvgrub-dhcp 02 ""
net_guest pvgrub-nokernel 03 "(nd)/pvgrub/missing.lst"
for g in pvgrub-nd pvgrub-dhcp; do
	expect_line $g "^pvgrub: network: address 192\.0\.2\.1[6-9][0-9], files from 192\.0\.2\.1$" 90 >/dev/null
	expect_line $g "^hello: stub domain kernel" 120 >/dev/null
done
expect_line pvgrub-nd "^hello: argument 1: from-extra$" 20 >/dev/null
expect_line pvgrub-dhcp "^pvgrub: menu \(nd\)/pvgrub/dhcp\.lst$" 5 >/dev/null
expect_line pvgrub-dhcp "^hello: argument 1: from-option-150$" 20 >/dev/null
expect_shutdown pvgrub-nd poweroff 30
expect_shutdown pvgrub-dhcp poweroff 30
expect_line pvgrub-nokernel "^pvgrub: error: file not found: \(nd\)/boot/no-such-kernel\.gz$" 120 >/dev/null
expect_line pvgrub-nokernel "^pvgrub: nothing was booted; back to the menu$" 20 >/dev/null
xl_tried /tmp/pvgrub-nokernel.destroy.log : destroy pvgrub-nokernel || fail "xl destroy pvgrub-nokernel failed"
read_ms=$(guest_log pvgrub-nd | grep -m 1 '^pvgrub: read (nd)/boot/hello.gz' | sed 's/.* in //')
pass "PV-GRUB over the network: extra \"(nd)/pvgrub/menu.lst\" and an empty extra (DHCP option 150's menu) each booted our hello kernel read over TFTP (${read_ms:-?}) with their menu's argument; a kernel missing on the server was named with its path"
