# hvm-firmware-rate: a measurement tool, not in any list. Boots the same
# HVM guest (a 4 MiB disk whose MBR writes a line to the debug port 0xe9,
# then idles in hlt) again and again, one at a time, with the ioemu stub
# domain and with Debian's QEMU in dom0 as its device model, and counts the
# boots whose firmware reached the MBR within 120 s and then idled 20 s
# without entering one of SeaBIOS's exception handlers, against those that
# stopped or went astray (with the firmware's last lines and where the
# vCPU was, from Xen's debug key v). It measured the emulated machine's
# flaw with two CPUs (TESTBED_SMP=2; README, "The test bed"). Fails when
# any boot stopped.
# emulated-cpus: 1
# budget: 2400
runs=7
variants="stub dm0"
dd if=/dev/zero of=/tmp/rate-disk.img bs=1M count=4 2>/dev/null || fail "cannot make the disk"
printf '\061\300\216\330\276\023\174\254\204\300\164\004\346\351\353\367\364\353\375RATE MBR OK\n\000' |
	dd of=/tmp/rate-disk.img conv=notrunc 2>/dev/null || fail "cannot write the MBR"
printf '\125\252' | dd of=/tmp/rate-disk.img bs=1 seek=510 conv=notrunc 2>/dev/null ||
	fail "cannot write the MBR's signature"
printf 'ioemu-stubdom needs no ramdisk\n' >/tmp/ioemu-rootfs || fail "cannot write the ramdisk"
summary=""
stopped=0
for variant in $variants; do
	ok=0 bad=0 secs=""
	for run in $(seq 1 "$runs"); do
		name=rate-$variant-$run
		{
			printf '%s\n' "name = \"$name\"" 'type = "hvm"' 'memory = 32' 'vcpus = 1' \
				'cpuid = "host,rdtscp=0"' 'device_model_version = "qemu-xen"' \
				'boot = "c"' 'serial = "pty"' \
				"disk = [ 'format=raw,vdev=hda,access=rw,target=/tmp/rate-disk.img' ]" \
				'on_crash = "preserve"'
			case $variant in
			stub*) printf '%s\n' 'device_model_stubdomain_override = 1' \
				'stubdomain_kernel = "/testbed/images/ioemu-stubdom.gz"' \
				'stubdomain_ramdisk = "/tmp/ioemu-rootfs"' 'stubdomain_memory = 16' ;;
			esac
			case $variant in *-shadow) echo 'hap = 0' ;; esac
		} >"/tmp/$name.cfg"
		read -r t0 _ </proc/uptime
		XL_SECONDS=150 xl_run "/tmp/$name.create.log" create "/tmp/$name.cfg" ||
			{ step "$name: xl create failed: $(create_error "/tmp/$name.create.log")"; bad=$((bad + 1)); continue; }
		guest=$(domid_of "$name")
		waited=0 reached=0
		while [ "$waited" -lt 120 ]; do
			if xl dmesg | grep -q "(d$guest) RATE MBR OK"; then reached=1; break; fi
			sleep 3
			waited=$((waited + 3))
		done
		read -r t1 _ </proc/uptime
		if [ "$reached" = 1 ]; then
			# The MBR now idles in hlt, woken by the BIOS's timer
			# interrupt: any exception handler the BIOS enters
			# from here on means the guest went astray.
			sleep 20
			astray=$(xl dmesg | grep -c "(d$guest) enter handle_0[0-7]:")
			if [ "$astray" -gt 0 ]; then
				bad=$((bad + 1))
				step "$name: MBR reached, then ASTRAY while idle: $(xl dmesg | grep -A 2 -m 1 "(d$guest) enter handle_0[0-7]:" | tr '\n' '|')"
			else
				ok=$((ok + 1))
				secs="$secs $((${t1%.*} - ${t0%.*}))"
				step "$name: MBR reached, idle 20 s without a fault"
			fi
		else
			bad=$((bad + 1))
			step "$name: STOPPED; firmware's last lines: $(xl dmesg | grep "(d$guest)" | tail -n 3 | tr '\n' '|')"
			xl debug-keys v >/dev/null 2>&1
			sleep 1
			step "$name: its vCPU: $(xl dmesg | grep -i -E 'rip|cs[:= ]|ss[:= ]|rsp|rflags|exit' | tail -n 10 | tr '\n' '|')"
		fi
		xl destroy "$name" >/dev/null 2>&1
		sleep 2
	done
	summary="$summary $variant: $ok/$runs reached the MBR (s:$secs);"
	stopped=$((stopped + bad))
	step "$variant: $ok reached, $bad stopped"
done
[ "$stopped" = 0 ] || fail "$stopped boot(s) stopped before the MBR:$summary"
pass "every boot reached the MBR:$summary"
