# ioemu-hostile: a hostile guest against its own ioemu stub domain, beside
# a well-behaved one. Both are HVM guests set up as in ioemu-start (32 MiB,
# one vCPU, device_model_stubdomain_override = 1, stubdomain_memory = 16,
# an IDE disk), each with its own stub; their disks (ioemu-hostile.host)
# hold one program, tests/xen/hvm/hostile/, whose MBR byte chooses:
#  - ioemu-heartbeat, started first and kept running throughout: about
#    once a second it reads a sector of its disk through the emulated IDE
#    (SeaBIOS's driver: its own stub), checks its pattern and prints
#    "HEARTBEAT n ok" on port 0xe9;
#  - ioemu-hostile, started next: in 32-bit protected mode it records the
#    PCI functions and their BARs, writes garbage to every I/O port (but
#    the few whose proper effect ends the guest), with rep outs/ins on
#    buffers in RAM and beyond it, to every MMIO range the stub claims,
#    to every PCI configuration register, then puts the configuration
#    back and starts IDE bus-master DMA with PRD tables outside its
#    memory and entries pointing outside it (hostile.c says what and
#    why); each phase ends with a "HOSTILE <phase> done: ..." line, all
#    with "HOSTILE done".
# Then: the hostile guest's stub is alive and answers QMP (query-status
# through the socket libxl's vchan-socket-proxy serves); the heartbeat
# kept coming before, during and after the attack, every read good, its
# stub logged no refusal and answers QMP too; dom0 runs this script and
# its kernel logged no oops; the hostile stub's log names what it refused
# (W lines: each DMA refused, with its address, and the ports put over
# other devices' that it would not decode, after the floods of garbage
# the stub logs at a limited rate); the hostile program
# found every out-of-memory DMA ended with the error bits and its disk
# unchanged by them. xl destroy of both leaves no domain of the four and
# no xenstore node. A stub that died is a failure here (the acceptance
# allows a fault to kill the stub and its guest, but none should).
# emulated-cpus: 1
# budget: 420
data=/testbed/data/ioemu-hostile
lines=/tmp/hostile.lines # "SECONDS DOMID TEXT": each guest line, when first seen
seen=/tmp/hostile.seen   # "DOMID TEXT" of those
for f in hostile.img heartbeat.img; do
	[ -f "$data/$f" ] || fail "no $data/$f (ioemu-hostile.host makes it)"
	cp "$data/$f" "/tmp/ioemu-${f%.img}.img" || fail "cannot copy $f to /tmp"
done
# libxl reads the stub's ramdisk even when the stub needs none.
printf 'ioemu-stubdom needs no ramdisk\n' >/tmp/ioemu-rootfs || fail "cannot write the ramdisk"
: >"$lines"
: >"$seen"
# Whatever the verdict, the guests' lines end up in this scenario's log.
trap 'sed "s/^/  guest line: /" "$lines" >&2' EXIT

now() {
	read -r now_s _ </proc/uptime
	echo "${now_s%%.*}"
}
t_begin=$(now)

# guest_config NAME: /tmp/NAME.cfg, an HVM guest of 32 MiB with our stub as
# its device model and /tmp/NAME.img as its disk; kept when it stops.
guest_config() {
	printf '%s\n' "name = \"$1\"" 'type = "hvm"' 'memory = 32' 'vcpus = 1' \
		'cpuid = "host,rdtscp=0"' 'device_model_version = "qemu-xen"' \
		'device_model_stubdomain_override = 1' \
		'stubdomain_kernel = "/testbed/images/ioemu-stubdom.gz"' \
		'stubdomain_ramdisk = "/tmp/ioemu-rootfs"' 'stubdomain_memory = 16' \
		'serial = "pty"' 'boot = "c"' \
		"disk = [ 'format=raw,vdev=hda,access=rw,target=/tmp/$1.img' ]" \
		'on_poweroff = "preserve"' 'on_reboot = "preserve"' 'on_crash = "preserve"' \
		>"/tmp/$1.cfg" || fail "cannot write /tmp/$1.cfg"
}

# stub_log NAME: NAME's stub's log without carriage returns.
stub_log() { tr -d '\r' <"$LOGDIR/qemu-dm-$1.log" 2>/dev/null; }

# create NAME: xl create /tmp/NAME.cfg, which must complete; prints "STUB
# GUEST", the domain ids the stub's log names.
create() {
	step "xl create /tmp/$1.cfg"
	XL_SECONDS=150 xl_run "/tmp/$1.create.log" create "/tmp/$1.cfg" ||
		fail "xl create $1 failed: $(create_error "/tmp/$1.create.log"); its stub: $(stub_log "$1" | tail -n 3 | tr '\n' '|')"
	c_ids=$(stub_log "$1" | sed -n 's/^I ioemu: stub domain \([0-9]*\), device model of domain \([0-9]*\)$/\1 \2/p')
	[ -n "$c_ids" ] || fail "$1's stub did not name itself and its guest: $(stub_log "$1" | head -n 3 | tr '\n' '|')"
	echo "$c_ids"
}

# collect: the guests' HOSTILE and HEARTBEAT lines in Xen's log that are
# new, into $lines with the time they were first seen (Xen's console ring
# keeps only the last few KiB).
collect() {
	xl dmesg 2>/dev/null | tr -d '\r' |
		sed -n -e 's/.*(d\([0-9][0-9]*\)) \(HOSTILE .*\)$/\1 \2/p' \
			-e 's/.*(d\([0-9][0-9]*\)) \(HEARTBEAT .*\)$/\1 \2/p' >/tmp/hostile.now
	awk -v t="$(now)" 'FILENAME == ARGV[1] { s[$0] = 1; next } !($0 in s) { s[$0] = 1; print t, $0 }' \
		"$seen" /tmp/hostile.now >>"$lines"
	cut -d ' ' -f 2- "$lines" >"$seen"
}

# said DOMID PREFIX: the first HOSTILE line of DOMID whose text (after
# "HOSTILE ") starts with PREFIX; the text.
said() {
	awk -v d="$1" -v p="$2" '$2 == d && $3 == "HOSTILE" { t = $0; sub(/^[^ ]* [^ ]* [^ ]* /, "", t)
		if (index(t, p) == 1) { print t; exit } }' "$lines"
}

# beats FROM TO: the heartbeat guest's good lines first seen at FROM <= t < TO.
beats() {
	awk -v d="$hb_guest" -v a="$1" -v b="$2" \
		'$2 == d && $3 == "HEARTBEAT" && $5 == "ok" && $1 >= a && $1 < b { n++ } END { print n + 0 }' "$lines"
}

# alive NAME: fails unless domain NAME exists and has neither crashed nor
# shut down.
alive() {
	al_state=$(domain_state "$1")
	case $al_state in
	"") fail "domain $1 is gone; $(context)" ;;
	*c*) fail "domain $1 crashed ($al_state); $(context)" ;;
	*s*) fail "domain $1 shut down ($al_state); $(context)" ;;
	esac
}

# context: what a failure should show.
context() {
	printf 'hostile lines: %s; heartbeat: %s; hostile stub: %s; Xen on d%s: %s' \
		"$(grep " ${hs_guest:-none} HOSTILE" "$lines" | tail -n 4 | cut -d ' ' -f 3- | tr '\n' '|')" \
		"$(grep " ${hb_guest:-none} HEARTBEAT" "$lines" | tail -n 2 | cut -d ' ' -f 3- | tr '\n' '|')" \
		"$(stub_log ioemu-hostile | tail -n 4 | tr '\n' '|')" "${hs_guest:-none}" \
		"$(xl dmesg | tr -d '\r' | grep "(XEN).*d${hs_guest:-none}" | tail -n 3 | tr '\n' '|')"
}

# qmp_status GUEST: the status QMP's query-status gives through the socket
# libxl's vchan-socket-proxy serves for GUEST's stub.
qmp_status() {
	qs_sock=/var/run/xen/qmp-libxl-$1
	[ -S "$qs_sock" ] || fail "no QMP socket $qs_sock: $(ls /var/run/xen 2>&1 | tr '\n' ' ')"
	timeout -s KILL 60 /testbed/tools/qmp-client "$qs_sock" '{"execute":"qmp_capabilities","id":1}' \
		'{"execute":"query-status","id":2}' >"/tmp/qmp-$1.out" 2>"/tmp/qmp-$1.err" ||
		fail "QMP to domain $1's stub: $(tail -n 2 "/tmp/qmp-$1.err" | tr '\n' ' '); replies: $(tr '\n' ' ' <"/tmp/qmp-$1.out")"
	sed -n 's/^<- {"return":{"status":"\([a-z-]*\)".*"id":2}$/\1/p' "/tmp/qmp-$1.out"
}

# ---- the well-behaved guest ----------------------------------------------
guest_config ioemu-heartbeat
ids=$(create ioemu-heartbeat) || exit 1
hb_stub=${ids% *} hb_guest=${ids#* }
step "ioemu-heartbeat: guest $hb_guest, stub $hb_stub; waiting for its heartbeat"
waited=0
until [ "$(beats 0 999999)" -ge 3 ]; do
	[ "$waited" -ge 150 ] && fail "no 3 heartbeats from ioemu-heartbeat in 150 s: $(grep " $hb_guest " "$lines" | tr '\n' '|'); its firmware: $(xl dmesg | tr -d '\r' | grep "(d$hb_guest)" | tail -n 3 | tr '\n' '|')"
	sleep 2
	waited=$((waited + 2))
	collect
	alive ioemu-heartbeat
done

# ---- the hostile guest ---------------------------------------------------
t_attack=$(now)
guest_config ioemu-hostile
ids=$(create ioemu-hostile) || exit 1
hs_stub=${ids% *} hs_guest=${ids#* }
step "ioemu-hostile: guest $hs_guest, stub $hs_stub; waiting for 'HOSTILE done'"
reported= rounds=0
while :; do
	collect
	for phase in start time pci ports mmio pci-config dma; do
		case " $reported " in *" $phase "*) continue ;; esac
		prefix="$phase done"
		[ "$phase" = start ] && prefix=start:
		ph_line=$(said "$hs_guest" "$prefix")
		[ -n "$ph_line" ] || continue
		step "after $(($(now) - t_attack)) s: $ph_line"
		reported="$reported $phase"
	done
	grep -q " $hs_guest HOSTILE done" "$lines" && break
	fault=$(grep " $hs_guest HOSTILE FAULT" "$lines" | head -n 1 | cut -d ' ' -f 3-)
	[ -n "$fault" ] && fail "the hostile program took an exception: $fault; $(context)"
	# (every 10 s: each xl takes time from the guests)
	rounds=$((rounds + 1))
	if [ $((rounds % 5)) = 0 ]; then
		alive ioemu-hostile-dm
		alive ioemu-hostile
		alive ioemu-heartbeat-dm
		alive ioemu-heartbeat
	fi
	[ $(($(now) - t_attack)) -ge 300 ] && fail "no 'HOSTILE done' in 300 s; $(context)"
	sleep 2
done
t_done=$(now)
step "the attack took $((t_done - t_attack)) s; the heartbeat for 12 s more"
sleep 12
collect
t_end=$(now)

# ---- what is left standing -------------------------------------------------
grep " $hs_guest HOSTILE" "$lines" | cut -d ' ' -f 3- | sed 's/^/  /' >&2
for d in ioemu-hostile-dm ioemu-hostile ioemu-heartbeat-dm ioemu-heartbeat; do
	alive "$d"
done
hs_qmp=$(qmp_status "$hs_guest") || exit 1
[ "$hs_qmp" = running ] || fail "the hostile guest's stub answers query-status with '$hs_qmp': $(tr '\n' ' ' <"/tmp/qmp-$hs_guest.out")"
hb_qmp=$(qmp_status "$hb_guest") || exit 1
[ "$hb_qmp" = running ] || fail "the heartbeat guest's stub answers query-status with '$hb_qmp'"
failed=$(grep " $hs_guest HOSTILE FAIL" "$lines" | cut -d ' ' -f 4- | tr '\n' '|')
[ -z "$failed" ] || fail "the hostile program found: $failed"

before=$(beats 0 $((t_attack + 1)))
during=$(beats $((t_attack + 1)) "$t_done")
after=$(beats "$t_done" 999999)
bad=$(grep " $hb_guest HEARTBEAT" "$lines" | grep -v -e ' ok$' -e ' start$' | cut -d ' ' -f 3- | head -n 3 | tr '\n' '|')
step "heartbeats: $before before the attack, $during during it ($((t_done - t_attack)) s), $after in the $((t_end - t_done)) s after"
[ -z "$bad" ] || fail "the heartbeat guest's reads went wrong: $bad"
[ "$during" -ge $(((t_done - t_attack) / 10)) ] && [ "$during" -ge 3 ] ||
	fail "only $during heartbeats in the $((t_done - t_attack)) s of the attack"
[ "$after" -ge 3 ] || fail "only $after heartbeats in the $((t_end - t_done)) s after the attack"
hb_warn=$(stub_log ioemu-heartbeat | grep -E '^(W|E) ' | head -n 3 | tr '\n' '|')
[ -z "$hb_warn" ] || fail "the heartbeat guest's stub logged: $hb_warn"

# dom0 runs this; its kernel logged no oops or BUG.
oops=$(dmesg 2>/dev/null | grep -E 'Oops|BUG:|general protection|Call Trace' | head -n 2 | tr '\n' '|')
[ -z "$oops" ] || fail "dom0's kernel: $oops"
ours="$hs_guest|$hs_stub|$hb_guest|$hb_stub"
xen_crash=$(xl dmesg | tr -d '\r' | grep -i crash | grep -E "[Dd]omain ($ours)[^0-9]|d($ours)v[0-9]" | head -n 3 | tr '\n' '|')
[ -z "$xen_crash" ] || fail "Xen reports a crash of one of ours: $xen_crash"

# The refusals, as the hostile guest's stub logged them.
log=$(stub_log ioemu-hostile)
warned=$(printf '%s\n' "$log" | grep -c -E '^(W|E) ioemu: ')
dma_lines=$(printf '%s\n' "$log" | grep -E '^W ioemu: ide channel [0-9]: DMA refused: ')
dma_logged=$(printf '%s\n' "$dma_lines" | grep -c .)
step "the hostile stub's refusals and warnings ($warned): $(printf '%s\n' "$log" | grep -E '^(W|E) ioemu: ' | head -n 40 | tr '\n' '|')"
dma_line=$(said "$hs_guest" "dma:")
dma_refused=$(printf '%s\n' "$dma_line" | sed -n 's/^dma: \([0-9]*\) refused.*/\1/p')
[ -n "$dma_refused" ] || fail "no count of refused DMA from the hostile program: '$dma_line'"
[ "$dma_logged" -ge "$dma_refused" ] ||
	fail "the hostile program saw $dma_refused DMA refused, its stub logged $dma_logged: $(printf '%s\n' "$dma_lines" | tr '\n' '|')"
for want in "PRD table outside guest memory: 8 bytes at 0xfffff000" \
	"PRD table outside guest memory: 8 bytes at 0x7ffff000" \
	"DMA address outside guest memory: 4096 bytes at 0x3000000" \
	"DMA address outside guest memory: 512 bytes at 0xeffff000" \
	"PRD table without an end" "PRD table ends before the transfer"; do
	printf '%s\n' "$dma_lines" | grep -q -F "$want" || fail "the stub did not log '$want': $(printf '%s\n' "$dma_lines" | tr '\n' '|')"
done
example=$(printf '%s\n' "$dma_lines" | grep -m 1 -F '0x7ffff000')
# The ports phase pci-config put over other devices' were not decoded.
overlaps=$(printf '%s\n' "$log" | grep -c 'overlaps another device: not decoded')
held=$(printf '%s\n' "$log" | sed -n 's/^W ioemu: (\([0-9]*\) messages of the device models not logged)$/\1/p' |
	awk '{ n += $1 } END { print n + 0 }')
for want in "piix3-ide: BAR 4 at 0x1f0 (16 bytes) overlaps another device: not decoded" \
	"xen-platform: BAR 0 at 0x300 (256 bytes) overlaps another device: not decoded" \
	"piix4-pm: PM block at 0x1c0 overlaps another device: not decoded"; do
	printf '%s\n' "$log" | grep -q -F "W ioemu: $want" ||
		fail "the stub did not log '$want': $(printf '%s\n' "$log" | grep overlaps | tr '\n' '|')"
done
moved=$(printf '%s\n' "$log" | grep -c '^I ioemu: VGA: video RAM now at ')

# Figures for the verdict.
ports=$(said "$hs_guest" "ports done:")
mmio=$(said "$hs_guest" "mmio done:")
config=$(said "$hs_guest" "pci-config done:")
dma=$(said "$hs_guest" "dma done:")
pci=$(said "$hs_guest" "pci done:")

xl destroy ioemu-hostile >/tmp/ioemu-hostile.destroy.log 2>&1 ||
	fail "xl destroy ioemu-hostile failed: $(cat /tmp/ioemu-hostile.destroy.log)"
xl destroy ioemu-heartbeat >/tmp/ioemu-heartbeat.destroy.log 2>&1 ||
	fail "xl destroy ioemu-heartbeat failed: $(cat /tmp/ioemu-heartbeat.destroy.log)"
sleep 2
for d in ioemu-hostile ioemu-hostile-dm ioemu-heartbeat ioemu-heartbeat-dm; do
	[ -z "$(domain_state "$d")" ] || fail "domain $d is still there after xl destroy"
done
no_nodes "$hs_guest" "$hs_stub" "$hb_guest" "$hb_stub"
pass "ioemu-hostile (domain $hs_guest, stub $hs_stub) attacked its stub for $((t_done - t_attack)) s: ${pci#pci done: }; ${ports#ports done: }; mmio ${mmio#mmio done: }; pci-config ${config#pci-config done: }, the video RAM moved $moved times; DMA ${dma#dma done: }, $dma_refused refused; its stub alive (QMP: $hs_qmp) and logged $warned W/E lines: $dma_logged DMA refusals such as '${example#W ioemu: }', $overlaps ports or BARs over others' not decoded (and $held messages of its floods held back by its rate limit); ioemu-heartbeat (domain $hb_guest, stub $hb_stub) read its disk through its own stub $before times before, $during during and $after after the attack, all good, its stub logging nothing; dom0 fine; xl destroy left none of the 4 domains and no xenstore node ($(($(now) - t_begin)) s in all)"
