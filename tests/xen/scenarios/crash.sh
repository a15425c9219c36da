# crash: a NULL dereference is reported with the faulting address and the
# domain is shut down as crashed.
# budget: 90
create_guest crash <<CFG
kernel = "/testbed/images/faults.gz"
memory = 8
extra = "null"
CFG
expect_shutdown crash crash 40
line=$(expect_line crash "^crash: page fault at address 0x0000000000000000 \(read, page not present\)" 5) || exit 1
expect_line crash "^rip 0x" 5 >/dev/null
pass "reported '$line'; domain crashed"
