# iptest: the IP stack network boot runs on (lwIP over netfront,
# lib/net/). dom0 serves DHCP on its bridge (busybox udhcpd: addresses
# 192.0.2.100 to .150, router, BOOTP next server and file, and option 150
# naming a menu file as GRUB legacy's network boot reads it) and TFTP
# (tftpd-hpa); the guest must get a lease with each of those, read the
# file over TFTP (its size and CRC-32 as dom0's), be told a missing file
# is missing, answer dom0's ping on its address, then give the lease back
# and power off.
# budget: 180
bridge=xenbr0
# 3 MiB and a little: more than 2000 blocks of 1432 bytes, the last one short.
mkdir -p /tmp/tftp/boot
head -c 3146000 /dev/urandom >/tmp/tftp/boot/pxe.bin || fail "cannot make the file to serve"
size=$(wc -c </tmp/tftp/boot/pxe.bin)
crc=$(crc32 /tmp/tftp/boot/pxe.bin | cut -d ' ' -f 1)
step "serving /boot/pxe.bin: $size bytes, crc32 $crc"
serve_netboot iptest 100 150 /tmp/tftp "boot_file /boot/pxe.bin" "$(menu_option /pvgrub/menu.lst)"

create_guest iptest <<CFG
kernel = "/testbed/images/iptest.gz"
memory = 32
vif = ['bridge=$bridge,mac=00:16:3e:00:00:43']
CFG
domid=$(domid_of iptest) || exit 1
line=$(expect_line iptest "^iptest: (lease|FAILURE)" 60) || exit 1
step "guest said: $line"
case $line in
*FAILURE*) fail "${line#iptest: }" ;;
esac
set -- $line
address=${3%/*}
want="iptest: lease $address/24 router 192.0.2.1 server 192.0.2.1 next-server 192.0.2.1 file /boot/pxe.bin menu /pvgrub/menu.lst"
[ "$line" = "$want" ] || fail "lease not as served: '$line', expected '$want'"
case $address in
192.0.2.1[0-4][0-9] | 192.0.2.150) ;;
*) fail "leased address $address outside udhcpd's range" ;;
esac
line=$(expect_line iptest "^iptest: (tftp /boot/pxe.bin:|FAILURE)" 120) || exit 1
step "guest said: $line"
[ "$line" = "iptest: tftp /boot/pxe.bin: $size bytes, crc32 $crc" ] ||
	fail "${line#iptest: }, served $size bytes with crc32 $crc"
line=$(expect_line iptest "^iptest: (tftp /no/such/file:|FAILURE)" 30) || exit 1
[ "$line" = "iptest: tftp /no/such/file: ENOENT" ] || fail "${line#iptest: }, expected ENOENT"
ping -c 3 -W 3 "$address" >/tmp/iptest-ping.log 2>&1 || fail "the guest did not answer ping on $address: $(tail -n 2 /tmp/iptest-ping.log | tr '\n' ' ')"
step "ping: $(grep -E 'packets|round-trip' /tmp/iptest-ping.log | tr '\n' ' ')"
xenstore-write "/local/domain/$domid/data/iptest-done" 1 || fail "cannot write data/iptest-done"
expect_line iptest "^iptest: lease given back, vif closed$" 30 >/dev/null
expect_shutdown iptest poweroff 30
pass "lwIP over netfront: a lease from dom0's udhcpd ($address/24, router, server, next server, file and option 150's menu file as served), $size bytes read over TFTP from tftpd-hpa with dom0's CRC-32, a missing file named missing (ENOENT), ping answered: $(grep -m 1 'packets' /tmp/iptest-ping.log)"
