# qmp: the QMP monitor on a vchan, as libxl reaches a stub domain's device
# model: the guest serves it at /local/domain/<id>/data/qmp-vchan, dom0 runs
# Debian's vchan-socket-proxy as the vchan's client and a small unix-socket
# client (tests/xen/tools/qmp-client) talks QMP through it, one vchan
# connection per client connection. The first connection is refused a
# command before capabilities, negotiates, reads and changes the status,
# lists the vCPUs and gets errors for an unknown command and malformed
# input; a second gets a fresh greeting and sees the state the first left;
# a third floods the server without ending a message and gets an error;
# a fourth is served normally again.
# budget: 150
create_guest qmptest <<CFG
kernel = "/testbed/images/qmptest.gz"
memory = 16
CFG
domid=$(domid_of qmptest) || exit 1
expect_line qmptest "^qmptest: serving QMP at /local/domain/$domid/data/qmp-vchan" 60 >/dev/null ||
	exit 1
# libxenvchan's keys: owned by the guest, readable by dom0 only.
perms=$(xenstore-ls -p "/local/domain/$domid/data/qmp-vchan" 2>&1)
step "the vchan's keys: $(echo "$perms" | tr '\n' ' ')"
for key in ring-ref event-channel; do
	echo "$perms" | grep -q "^$key = \"[0-9]*\" .*(n$domid,r0)\$" ||
		fail "$key is not a number owned by the guest and readable by dom0 only: $(echo "$perms" | tr '\n' ' ')"
done
sock=/tmp/qmp-$domid.sock
step "vchan-socket-proxy $domid /local/domain/$domid/data/qmp-vchan $sock"
vchan-socket-proxy "$domid" "/local/domain/$domid/data/qmp-vchan" "$sock" \
	>/tmp/qmp-proxy.log 2>&1 &
proxy=$!
n=0
until [ -S "$sock" ]; do
	n=$((n + 1))
	[ $n -gt 20 ] && fail "vchan-socket-proxy made no socket: $(tail -n 3 /tmp/qmp-proxy.log | tr '\n' ' ')"
	sleep 1
done

# qmp_session NAME MESSAGE...: one client connection; its replies in
# /tmp/qmp-NAME.out, one "<- " line each.
qmp_session() {
	qs_name=$1
	shift
	step "connection $qs_name: $*"
	timeout -s KILL 120 /testbed/tools/qmp-client "$sock" "$@" >"/tmp/qmp-$qs_name.out" \
		2>"/tmp/qmp-$qs_name.err" ||
		fail "connection $qs_name: $(tail -n 2 "/tmp/qmp-$qs_name.err" | tr '\n' ' '); replies: $(tr '\n' ' ' <"/tmp/qmp-$qs_name.out")"
	sed 's/^/  /' "/tmp/qmp-$qs_name.out" >&2
}
# reply NAME N EXPECTED: the Nth line the connection received (1: the
# greeting) is EXPECTED exactly.
reply() {
	r_got=$(sed -n "${2}p" "/tmp/qmp-$1.out")
	[ "$r_got" = "<- $3" ] || fail "connection $1, reply $2: expected '$3', got '${r_got#<- }'"
}

greeting='{"QMP":{"version":{"qemu":{"micro":0,"minor":0,"major":8},"package":"stubdom-qmptest"},"capabilities":[]}}'
qmp_session first \
	'{"execute":"query-status","id":1}' \
	'{"execute":"qmp_capabilities","id":2}' \
	'{"execute":"query-status","id":3}' \
	'{"execute":"cont","id":4}' \
	'{"execute":"query-status","id":5}' \
	'{"execute":"query-cpus-fast","id":6}' \
	'{"execute":"frobnicate","id":7}' \
	'{"execute": }' \
	'hello qmp' \
	'{"execute":"query-status","id":8}'
reply first 1 "$greeting"
reply first 2 '{"error":{"class":"CommandNotFound","desc":"Expecting capabilities negotiation with '"'qmp_capabilities'"'"},"id":1}'
reply first 3 '{"return":{},"id":2}'
reply first 4 '{"return":{"status":"paused","singlestep":false,"running":false},"id":3}'
reply first 5 '{"return":{},"id":4}'
reply first 6 '{"return":{"status":"running","singlestep":false,"running":true},"id":5}'
reply first 7 '{"return":[{"cpu-index":0,"qom-path":"/machine/unattached/device[0]","thread-id":0,"target":"x86_64","props":{"core-id":0,"thread-id":0,"socket-id":0}},{"cpu-index":1,"qom-path":"/machine/unattached/device[1]","thread-id":1,"target":"x86_64","props":{"core-id":0,"thread-id":0,"socket-id":1}}],"id":6}'
reply first 8 '{"error":{"class":"CommandNotFound","desc":"The command frobnicate has not been found"},"id":7}'
reply first 9 '{"error":{"class":"GenericError","desc":"JSON parse error"}}'
reply first 10 '{"error":{"class":"GenericError","desc":"JSON parse error, invalid input"}}'
reply first 11 '{"return":{"status":"running","singlestep":false,"running":true},"id":8}'

qmp_session second \
	'{"execute":"qmp_capabilities","id":1}' \
	'{"execute":"query-status","id":2}' \
	'{"execute":"stop","id":3}' \
	'{"execute":"query-status","id":4}'
reply second 1 "$greeting"
reply second 2 '{"return":{},"id":1}'
reply second 3 '{"return":{"status":"running","singlestep":false,"running":true},"id":2}'
reply second 4 '{"return":{},"id":3}'
reply second 5 '{"return":{"status":"paused","singlestep":false,"running":false},"id":4}'

qmp_session flood '{"execute":"qmp_capabilities","id":1}' '@flood:20000'
reply flood 1 "$greeting"
reply flood 3 '{"error":{"class":"GenericError","desc":"QMP input exceeds 16384 bytes without a complete message"}}'

qmp_session after '{"execute":"qmp_capabilities","id":"x"}' '{"execute":"query-status","id":"y"}'
reply after 1 "$greeting"
reply after 2 '{"return":{},"id":"x"}'
reply after 3 '{"return":{"status":"paused","singlestep":false,"running":false},"id":"y"}'

kill "$proxy" 2>/dev/null
expect_line qmptest "qmp: client 4 connected" 20 >/dev/null || exit 1
expect_line qmptest "qmp: client 3 sent 16384 bytes without a whole message" 20 >/dev/null || exit 1
expect_line qmptest "qmp: client 3 gone after" 20 >/dev/null || exit 1
gone=$(guest_log qmptest | grep -c "qmp: client [0-9]* gone after")
bad=$(guest_log qmptest | grep -E '^E ' | head -n 1)
[ -z "$bad" ] || fail "the guest logged an error: $bad"
xl_tried /tmp/qmptest-off.log "took_request qmptest poweroff && return 0" shutdown qmptest ||
	fail "xl shutdown failed: $(tail -n 3 /tmp/qmptest-off.log | tr '\n' ' ')"
expect_shutdown qmptest poweroff 30
pass "4 connections through vchan-socket-proxy, each greeted afresh ($gone seen leaving); status, cont/stop, vCPUs, errors and a flood answered"
