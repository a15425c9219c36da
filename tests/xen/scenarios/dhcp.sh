# dhcp: the IP stack network boot runs on (lwIP over netfront, lib/net/).
# dom0 serves DHCP on its bridge (busybox udhcpd: addresses 192.0.2.100 to
# .150, router, BOOTP next server and file, and option 150 naming a menu
# file as GRUB legacy's network boot reads it); the guest must get a lease
# with each of those, answer dom0's ping on its address, then give the
# lease back and power off.
# budget: 150
bridge=xenbr0
bridge_up $bridge
cat >/tmp/udhcpd.conf <<CONF
start 192.0.2.100
end 192.0.2.150
max_leases 51
interface $bridge
lease_file /tmp/udhcpd.leases
opt subnet 255.255.255.0
opt router 192.0.2.1
opt lease 600
siaddr 192.0.2.1
boot_file /boot/pxe.elf
opt 0x96 2f7076677275622f6d656e752e6c7374
CONF
: >/tmp/udhcpd.leases
# In the foreground, so that its log is kept; stopped when the scenario ends.
udhcpd -f /tmp/udhcpd.conf >"$LOGDIR/udhcpd.log" 2>&1 &
udhcpd_pid=$!
trap 'kill $udhcpd_pid 2>/dev/null' EXIT
step "udhcpd started (pid $udhcpd_pid)"

create_guest dhcptest <<CFG
kernel = "/testbed/images/dhcptest.gz"
memory = 32
vif = ['bridge=$bridge,mac=00:16:3e:00:00:43']
CFG
domid=$(domid_of dhcptest) || exit 1
line=$(expect_line dhcptest "^dhcptest: (lease|FAILURE)" 60) || exit 1
step "guest said: $line"
case $line in
*FAILURE*) fail "${line#dhcptest: }" ;;
esac
set -- $line
address=${3%/*}
want="dhcptest: lease $address/24 router 192.0.2.1 server 192.0.2.1 next-server 192.0.2.1 file /boot/pxe.elf menu /pvgrub/menu.lst"
[ "$line" = "$want" ] || fail "lease not as served: '$line', expected '$want'"
case $address in
192.0.2.1[0-4][0-9] | 192.0.2.150) ;;
*) fail "leased address $address outside udhcpd's range" ;;
esac
# busybox's ping may be crashed by QEMU's emulation: three tries.
pinged=
for try in 1 2 3; do
	if ping -c 3 -W 3 "$address" >/tmp/dhcp-ping.log 2>&1; then
		pinged=yes
		break
	fi
	step "ping $address failed (try $try): $(tail -n 2 /tmp/dhcp-ping.log | tr '\n' ' ')"
done
[ -n "$pinged" ] || fail "the guest did not answer ping on $address: $(tail -n 2 /tmp/dhcp-ping.log | tr '\n' ' ')"
step "ping: $(grep -E 'packets|round-trip' /tmp/dhcp-ping.log | tr '\n' ' ')"
xenstore-write "/local/domain/$domid/data/dhcptest-done" 1 || fail "cannot write data/dhcptest-done"
expect_line dhcptest "^dhcptest: lease given back, vif closed$" 30 >/dev/null
expect_shutdown dhcptest poweroff 30
pass "lwIP over netfront got a lease from dom0's udhcpd ($address/24, router, server, next server, file and option 150's menu file as served) and answered ping: $(grep -m 1 'packets' /tmp/dhcp-ping.log)"
