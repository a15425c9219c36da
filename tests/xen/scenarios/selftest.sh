# selftest: the kernel services checked from inside a stub domain, one
# result line each; dom0 pokes a watched key and reads a granted page.
# budget: 120
create_guest selftest <<CFG
kernel = "/testbed/images/selftest.gz"
memory = 16
CFG
domid=$(xl domid selftest) || fail "xl domid selftest failed"
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

summary=$(expect_line selftest "^selftest: [0-9]+ passed, [0-9]+ failed" 60) || exit 1
failures=$(guest_log selftest | grep "^selftest: .*: FAILURE" | tr '\n' ';')
[ -z "$failures" ] || fail "$failures"
expect_shutdown selftest poweroff 20
pass "${summary#selftest: }: $(guest_log selftest | grep -c ': SUCCESS$') services"
