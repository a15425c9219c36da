# xctest: the libxc subset (xenevtchn, xengnttab, xenforeignmemory,
# xendevicemodel) and libxenstore as a stub domain program calls them.
# budget: 90
create_guest xctest <<CFG
kernel = "/testbed/images/xctest.gz"
memory = 16
CFG
summary=$(expect_line xctest "^xctest: [0-9]+ passed, [0-9]+ failed" 60) || exit 1
failures=$(guest_log xctest | grep "^xctest: .*: FAILURE" | tr '\n' ';')
[ -z "$failures" ] || fail "$failures"
expect_shutdown xctest poweroff 20
pass "${summary#xctest: }"
