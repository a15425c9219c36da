# selftest: the kernel services checked from inside a stub domain, one
# result line each; dom0 pokes a watched key, reads a granted page, writes
# and checks disk sectors, and talks over consoles 1 and 2.
# libxl up to 4.17 (Debian 12's) numbers channels from devid 0, which
# collides with the primary console (xl says "Primary console has invalid
# configuration" and drops it), so there the first channel below is a
# placeholder and the next two become device/console/1 and /2; 4.20's
# (Debian 13's) numbers them from 1, so there the two come alone.
# budget: 180
step "making the disks: 4 MiB read-write with a pattern, 1 MiB read-only"
rw=/tmp/selftest-rw.img ro=/tmp/selftest-ro.img
dd if=/dev/zero of=$rw bs=1M count=4 2>/dev/null && dd if=/dev/zero of=$ro bs=1M count=1 2>/dev/null ||
	fail "cannot create disk images"
/testbed/tools/disk-pattern write $rw 0 8192 5 || fail "cannot write the disk pattern"
placeholder=
case $XEN_VERSION in
4.[0-9] | 4.1[0-7]) placeholder="'connection=pty,name=devid0-taken-by-the-primary-console', " ;;
esac
create_guest selftest <<CFG
kernel = "/testbed/images/selftest.gz"
memory = 16
disk = [ 'format=raw,vdev=xvda,access=rw,target=$rw', 'format=raw,vdev=xvdb,access=ro,target=$ro' ]
channel = [ $placeholder'connection=pty,name=org.stubdom.test1', 'connection=pty,name=org.stubdom.test2' ]
CFG
domid=$(domid_of selftest) || exit 1
base=/local/domain/$domid/data/selftest

step "waiting for the guest to watch its poke key"
n=0
until [ "$(xenstore-read "$base/waiting-for-poke" 2>/dev/null)" = 1 ]; do
	n=$((n + 1))
	[ $n -gt 60 ] && fail "guest never asked to be poked; last console line: $(last_line selftest)"
	sleep 1
done
xenstore-write "$base/poke" hello

step "waiting for the grant reference"
n=0
until ref=$(xenstore-read "$base/gnt-ref" 2>/dev/null); do
	n=$((n + 1))
	[ $n -gt 60 ] && fail "guest never published a grant; last console line: $(last_line selftest)"
	sleep 1
done
answer=$(/testbed/tools/gnt-read "$domid" $ref 2>&1 | tail -n 1)
step "gnt-read said: $answer"
xenstore-write "$base/gnt-result" "$answer"

step "waiting for the guest's consoles 1 and 2"
n=0
until consoles=$(xenstore-read "$base/cons-ready" 2>/dev/null); do
	n=$((n + 1))
	if [ $n -gt 60 ]; then
		xenstore-ls -fp /local/domain/$domid >/results/logs/selftest-xenstore.txt 2>&1
		fail "guest never opened its consoles; last console line: $(last_line selftest)"
	fi
	sleep 1
done
xenstore-ls -fp /local/domain/$domid >/results/logs/selftest-xenstore.txt 2>&1
results=
for c in $consoles; do
	tty=$(xenstore-read /local/domain/$domid/device/console/$c/tty 2>/dev/null)
	[ -n "$tty" ] || fail "no pty for console $c (device/console/$c/tty)"
	r=$(/testbed/tools/console-io "$tty" 256 2>&1 | tail -n 1)
	step "console $c: $r"
	results="$results${results:+ }$r"
done
xenstore-write "$base/cons-result" "$results"

step "waiting for the guest to ask for its disk to be detached"
n=0
until [ "$(xenstore-read "$base/detach-me" 2>/dev/null)" = 1 ]; do
	n=$((n + 1))
	[ $n -gt 60 ] && fail "guest never asked for the detach; last console line: $(last_line selftest)"
	sleep 1
done
detached=$(xl block-detach selftest xvda 2>&1) || step "xl block-detach: $detached"

summary=$(expect_line selftest "^selftest: [0-9]+ passed, [0-9]+ failed" 60) || exit 1
failures=$(guest_log selftest | grep "^selftest: .*: FAILURE" | tr '\n' ';')
[ -z "$failures" ] || fail "$failures"
# The non-blocking interfaces and the one wait, each by name.
for want in "blkfront submit/complete" "one wait wakes on an event channel, a timer, a disk completion" \
	"consoles 1 (driver, try-read and the one wait)"; do
	guest_log selftest | grep -qF "selftest: $want" || fail "no result line for: $want"
done
complaints=$(guest_log selftest | grep '^[EW] ' | tr '\n' ';')
[ -z "$complaints" ] || fail "the kernel logged errors or warnings: $complaints"
expect_shutdown selftest poweroff 20
written=$(/testbed/tools/disk-pattern check $rw 1000 64 9 2>&1) ||
	fail "the sectors the guest wrote are wrong in dom0's image: $written"
pass "${summary#selftest: }: $(guest_log selftest | grep -c ': SUCCESS$') services"
