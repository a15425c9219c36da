# nettest: netfront on Linux's netback. dom0 puts a bridge on 192.0.2.1/24
# (documentation range), the guest's vif joins it through libxl's
# vif-bridge hotplug script, the guest asks for 192.0.2.1 with ARP and must
# get dom0's answer; 300 more exchanges wrap both rings and a burst of 40
# fills the tx ring; a frame is received without blocking (try-receive's
# EAGAIN, then the reply through the one wait); then it closes the device (and reopens and closes it
# once more); both ends of the vif must be left Closed.
# budget: 150
bridge=xenbr0
bridge_up $bridge

create_guest nettest <<CFG
kernel = "/testbed/images/nettest.gz"
memory = 16
vif = ['bridge=$bridge,mac=00:16:3e:00:00:42']
CFG
domid=$(domid_of nettest) || exit 1
step "bridge ports: $(ls /sys/class/net/$bridge/brif | tr '\n' ' ')"

line=$(expect_line nettest "^nettest: arp reply from .*: (SUCCESS|FAILURE)" 90) || exit 1
step "guest said: $line"
case $line in
*": SUCCESS") ;;
*) fail "${line#nettest: }" ;;
esac
# A bridge takes its address from its ports: read it now that vif has joined.
bridge_mac=$(cat /sys/class/net/$bridge/address)
case $line in
*" at $bridge_mac: SUCCESS") ;;
*) fail "the guest's answer names another MAC than $bridge's $bridge_mac: ${line#nettest: }" ;;
esac
neigh=$(ip neigh show 192.0.2.2 dev $bridge 2>/dev/null | head -n 1)
step "dom0's neighbour entry for the guest: ${neigh:-none}"

line=$(expect_line nettest "^nettest: ring wrap and full tx ring: (SUCCESS|FAILURE)" 60) || exit 1
step "guest said: $line"
case $line in
*": SUCCESS") ;;
*) fail "${line#nettest: }" ;;
esac

line=$(expect_line nettest "^nettest: try-receive EAGAIN, then a frame through the one wait: (SUCCESS|FAILURE)" 30) || exit 1
step "guest said: $line"
case $line in
*": SUCCESS") ;;
*) fail "${line#nettest: }" ;;
esac

line=$(expect_line nettest "^nettest: close and reopen: (SUCCESS|FAILURE)" 60) || exit 1
step "guest said: $line"
case $line in
*": SUCCESS") ;;
*) fail "${line#nettest: }" ;;
esac
expect_shutdown nettest poweroff 30

# The backend follows our Closed on its own time.
n=0
while back=$(xenstore-read /local/domain/0/backend/vif/$domid/0/state 2>/dev/null) &&
	[ "$back" != 6 ] && [ $n -lt 10 ]; do
	n=$((n + 1))
	sleep 1
done
front=$(xenstore-read /local/domain/$domid/device/vif/0/state 2>/dev/null)
step "vif states after poweroff: frontend ${front:-?}, backend ${back:-?}"
[ "$front" = 6 ] || fail "frontend state ${front:-missing} after close, expected 6 (Closed)"
[ "$back" = 6 ] || fail "backend state ${back:-missing} after close, expected 6 (Closed)"
pass "ARP reply from 192.0.2.1 at $bridge_mac; $(guest_log nettest | grep -m 1 '^nettest: [0-9]* exchanges' | sed 's/^nettest: //; s/, [0-9]* other.*//'); $(guest_log nettest | grep -m 1 '^nettest: tx ' | sed 's/^nettest: //'); received without blocking; closed and reopened, vif left Closed on both ends"
