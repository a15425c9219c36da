# ioemu-net: an HVM guest's emulated NIC, rtl8139 then e1000, without the
# platform device (xen_platform_pci = 0: no PV driver to take over). Dom0
# serves DHCP (busybox udhcpd), a 16 MiB file over HTTP (busybox httpd) and
# takes 16 MiB on a TCP port (busybox nc) on its bridge xenbr0
# (192.0.2.1). Each guest boots Debian's kernel from an IDE disk with GRUB
# 2 (ioemu-net.host: testbed.net=MODEL on its command line), and the test
# initramfs loads the model's Linux drivers, takes a lease with busybox
# udhcpc, pings dom0, fetches the file and sends 16 MiB of random bytes
# (tests/xen/guest/init), each step's line on the serial port (a file in
# dom0); dom0 checks the lease (in its range, through the model's driver),
# the ping (no loss) and the MD5 sums of both transfers against its own of
# what it served and what it received, then the guest powers off. Both
# models run whatever the first did; the verdict gives each one's outcome,
# with the transfers' times.
# The device model is IOEMU_NET_DM: "stub" (our ioemu stub domain) for
# ioemu-net, "dom0" (Debian's QEMU in dom0, which emulates both NICs and so
# proves the scenario itself) for ioemu-net-dom0, this script and its .host
# under another name (links): tests/xen/run passes no variables to dom0.
# emulated-cpus: 1
# budget: 2400
IOEMU_NET_DM=stub
case $SCENARIO in *-dom0) IOEMU_NET_DM=dom0 ;; esac
data=/testbed/data/$SCENARIO
models="rtl8139 e1000"

# dm_cfg NAME: the lines every guest here shares, with the device model's.
dm_cfg() {
	printf '%s\n' "name = \"$1\"" 'type = "hvm"' 'device_model_version = "qemu-xen"' \
		'memory = 256' 'vcpus = 1' 'boot = "c"' 'xen_platform_pci = 0' \
		"serial = \"file:$LOGDIR/$1.serial\"" 'cpuid = "host,rdtscp=0"' 'on_crash = "preserve"'
	case $IOEMU_NET_DM in
	stub) printf '%s\n' 'device_model_stubdomain_override = 1' \
		'stubdomain_kernel = "/testbed/images/ioemu-stubdom.gz"' \
		'stubdomain_ramdisk = "/tmp/ioemu-rootfs"' 'stubdomain_memory = 16' ;;
	*) echo 'device_model_stubdomain_override = 0' ;;
	esac
}
# dm_log NAME: the last lines of NAME's device model's log (the stub's
# console, or dom0's QEMU's output), on one line.
dm_log() {
	tr -d '\r' 2>/dev/null <"$LOGDIR/qemu-dm-$1.log" | tail -n 4 | tr '\n' '|'
}
# serial NAME: the whole lines NAME's serial port has had so far, without
# carriage returns (the last one is left out while the guest is still
# writing it: the UART carries a line byte by byte, slowly).
serial() {
	tr -d '\r' 2>/dev/null <"$LOGDIR/$1.serial" >"/tmp/$1.serial-now" || return 0
	if [ -n "$(tail -c 1 "/tmp/$1.serial-now")" ]; then
		sed '$d' "/tmp/$1.serial-now"
	else
		cat "/tmp/$1.serial-now"
	fi
}
# wait_serial NAME REGEX SECONDS: the first line of NAME's serial port
# matching REGEX, or fail with the port's last lines and the device
# model's (at once when the kernel panics or oopses, or the init says a
# network step failed).
wait_serial() {
	ws_waited=0
	until ws_line=$(serial "$1" | grep -m 1 -E "$2"); do
		ws_bad=$(serial "$1" | grep -m 1 -E 'Kernel panic|BUG: |Oops: |testbed guest: net FAILED')
		[ -n "$ws_bad" ] && fail "waiting for '$2', $1 said: $ws_bad (its serial port is $LOGDIR/$1.serial; the device model's log ends: $(dm_log "$1"))"
		[ "$ws_waited" -ge "$3" ] && fail "no '$2' on $1's serial port in $3 s; it ends: $(serial "$1" | tail -n 4 | tr '\n' '|'); the device model's log ends: $(dm_log "$1")"
		sleep 2
		ws_waited=$((ws_waited + 2))
	done
	echo "$ws_line"
}
# wait_gone NAME SECONDS: both NAME and its stub domain (if any) are gone.
wait_gone() {
	wg_waited=0
	while [ -n "$(domain_state "$1")$(domain_state "$1-dm")" ]; do
		[ "$wg_waited" -ge "$2" ] && fail "$1 (state '$(domain_state "$1")') or $1-dm (state '$(domain_state "$1-dm")') still there after $2 s; the device model's log ends: $(dm_log "$1")"
		sleep 1
		wg_waited=$((wg_waited + 1))
	done
}

for model in $models; do
	[ -f "$data/disk-$model.img" ] || fail "no $data/disk-$model.img (ioemu-net.host makes it)"
done
printf 'ioemu-stubdom needs no ramdisk\n' >/tmp/ioemu-rootfs || fail "cannot write the ramdisk"

# Dom0's servers on xenbr0 (192.0.2.1), until the scenario ends: udhcpd
# leasing .10 to .20, httpd serving the 16 MiB file; a one-connection nc
# per guest (below). Stopped at the end.
bridge_up xenbr0
printf '%s\n' 'start 192.0.2.10' 'end 192.0.2.20' 'max_leases 11' 'interface xenbr0' \
	'lease_file /tmp/ioemu-net.leases' 'opt subnet 255.255.255.0' 'opt router 192.0.2.1' 'opt lease 600' \
	>/tmp/ioemu-net-udhcpd.conf || fail "cannot write udhcpd's configuration"
: >/tmp/ioemu-net.leases
mkdir -p /tmp/ioemu-net-www || fail "cannot make httpd's directory"
head -c 16777216 /dev/urandom >/tmp/ioemu-net-www/net-16m || fail "cannot make the file to serve"
served=$(md5sum </tmp/ioemu-net-www/net-16m | cut -d' ' -f1)
udhcpd -f /tmp/ioemu-net-udhcpd.conf >"$LOGDIR/ioemu-net-udhcpd.log" 2>&1 &
net_pids=$!
httpd -f -p 192.0.2.1:80 -h /tmp/ioemu-net-www >"$LOGDIR/ioemu-net-httpd.log" 2>&1 &
net_pids="$net_pids $!"
trap 'kill $net_pids 2>/dev/null' EXIT
step "device model: $IOEMU_NET_DM; udhcpd and httpd on xenbr0 (pid $net_pids), serving 16 MiB with MD5 $served"

# net_guest MODEL: one guest with a vif of MODEL, through to its power-off;
# what it did goes to /tmp/ioemu-net-MODEL.result (run in a subshell whose
# fail records the reason instead, so that the other model runs too).
net_guest() {
	model=$1 name=net-$1
	step "$name: vif model=$model, booting the disk with testbed.net=$model"
	cp "$data/disk-$model.img" "/tmp/$name.img" || fail "cannot copy the boot disk"
	rm -f "/tmp/$name.up" "$LOGDIR/$name.serial"
	# One connection: what the guest sends, into /tmp/NAME.up.
	nc -l -p 5001 -e sh -c "cat >/tmp/$name.up" >"$LOGDIR/$name-nc.log" 2>&1 &
	listener=$!
	echo "$listener" >"/tmp/$name.listener"
	{
		dm_cfg "$name"
		echo "disk = [ 'format=raw,vdev=hda,access=rw,target=/tmp/$name.img' ]"
		echo "vif = [ 'bridge=xenbr0,mac=00:16:3e:00:02:01,model=$model' ]"
	} >"/tmp/$name.cfg" || fail "cannot write the config"
	XL_SECONDS=120 xl_run "/tmp/$name.create.log" create "/tmp/$name.cfg" ||
		fail "xl create failed: $(create_error "/tmp/$name.create.log")"
	start=$(date +%s)
	lease=$(wait_serial "$name" '^testbed guest: lease ' 600) || exit 1
	booted=$(($(date +%s) - start))
	step "$name: $lease ($booted s after xl create)"
	# "testbed guest: lease ADDRESS via DRIVER"
	# shellcheck disable=SC2086 # split into fields on purpose
	set -- $lease
	case $4 in
	192.0.2.1[0-9] | 192.0.2.20) ;;
	*) fail "the lease is not one of udhcpd's (192.0.2.10-20): $lease" ;;
	esac
	case $model:$6 in
	rtl8139:8139cp | rtl8139:8139too | e1000:e1000) ;;
	*) fail "eth0's driver '$6' is not one of $model's: $lease" ;;
	esac
	address=$4 driver=$6
	ping=$(wait_serial "$name" '^testbed guest: ping ' 60) || exit 1
	step "$name: $ping"
	case $ping in
	*", 3 packets received, 0% packet loss"*) ;;
	*) fail "not every ping was answered: $ping" ;;
	esac
	fetched=$(wait_serial "$name" '^testbed guest: fetched ' 200) || exit 1
	step "$name: $fetched"
	[ "${fetched##* }" = "$served" ] || fail "the guest fetched MD5 ${fetched##* }, dom0 served $served"
	sent=$(wait_serial "$name" '^testbed guest: sent ' 460) || exit 1
	step "$name: $sent"
	# The listener ends once it has read to the end (a zombie until the
	# shell reaps it).
	waited=0
	while read -r _ _ st _ 2>/dev/null <"/proc/$listener/stat" && [ "$st" != Z ]; do
		[ "$waited" -ge 30 ] && fail "dom0's nc still running 30 s after the guest sent everything"
		sleep 1
		waited=$((waited + 1))
	done
	got=$(md5sum <"/tmp/$name.up" | cut -d' ' -f1)
	size=$(wc -c <"/tmp/$name.up")
	if [ "$size" != 16777216 ] || [ "${sent##* }" != "$got" ]; then
		fail "dom0 received $size bytes with MD5 $got; the guest sent 16777216 with MD5 ${sent##* }"
	fi
	counters=$(wait_serial "$name" '^testbed guest: net counters: ' 30) || exit 1
	step "$name: $counters"
	wait_gone "$name" 120
	# "testbed guest: fetched 16777216 bytes in N ms (K KiB/s): md5 SUM"
	fetch_time=${fetched#*bytes in }
	send_time=${sent#*bytes in }
	echo "$model: lease $address via $driver ${booted} s after xl create, ping without loss, 16 MiB fetched in ${fetch_time%%:*} and sent in ${send_time%%:*}, both MD5s as dom0's" >"/tmp/ioemu-net-$model.result"
}

results="" failed=""
for model in $models; do
	rm -f "/tmp/ioemu-net-$model.result" "/tmp/ioemu-net-$model.failed"
	(
		# shellcheck disable=SC2317 # called from net_guest
		fail() {
			echo "$*$([ -f "/tmp/net-$model.up" ] && echo "; dom0 had received $(wc -c <"/tmp/net-$model.up") bytes on port 5001")" \
				>"/tmp/ioemu-net-$model.failed"
			exit 1
		}
		net_guest "$model"
	)
	if [ -f "/tmp/ioemu-net-$model.result" ]; then
		results="$results $(cat "/tmp/ioemu-net-$model.result");"
	else
		reason=$(cat "/tmp/ioemu-net-$model.failed" 2>/dev/null)
		step "net-$model: FAILED: ${reason:-no reason recorded}"
		failed="$failed $model: ${reason:-no reason recorded};"
		xl destroy "net-$model" >/dev/null 2>&1
	fi
	read -r listener 2>/dev/null <"/tmp/net-$model.listener" && kill "$listener" 2>/dev/null
	rm -f "/tmp/net-$model.img" "/tmp/net-$model.up"
done
[ -z "$failed" ] || fail "device model $IOEMU_NET_DM:$failed passed:${results:- none}"
pass "device model $IOEMU_NET_DM:$results"
