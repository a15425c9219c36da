# harness: the scenario helpers turn a hung guest and a silently crashing one
# into a FAIL that says why, within the wait's bound; never an endless wait.
# budget: 90
create_guest hang <<CFG
kernel = "/testbed/images/faults.gz"
memory = 8
extra = "hang"
CFG
create_guest early-crash <<CFG
kernel = "/testbed/images/faults.gz"
memory = 8
extra = "null"
CFG
(SUMMARY=/tmp/harness-hang; expect_line hang "a line that never comes" 5) >/dev/null 2>&1
grep -q "no line matching /a line that never comes/ in guest-hang.log within 5s (domain state " /tmp/harness-hang ||
	fail "a hung guest was not reported as such: $(cat /tmp/harness-hang 2>/dev/null)"
(SUMMARY=/tmp/harness-crash; expect_line early-crash "a line that never comes" 30) >/dev/null 2>&1
grep -q "domain early-crash crashed before printing /a line that never comes/; last console line: crash: page fault" /tmp/harness-crash ||
	fail "a crashed guest was not reported as such: $(cat /tmp/harness-crash 2>/dev/null)"
(SUMMARY=/tmp/harness-shutdown; expect_shutdown hang poweroff 3) >/dev/null 2>&1
grep -q "domain hang did not poweroff within 3s" /tmp/harness-shutdown ||
	fail "a guest that never shut down was not reported: $(cat /tmp/harness-shutdown 2>/dev/null)"
pass "hung guest, crashed guest and missing shutdown each reported with the reason"
