# nx: jumping into data faults (data is not executable); the report names
# the address.
# budget: 90
create_guest nx <<CFG
kernel = "/testbed/images/faults.gz"
memory = 8
extra = "exec-data"
CFG
expect_shutdown nx crash 40
target=$(expect_line nx "^faults: executing data at 0x[0-9a-f]+" 5) || exit 1
addr=${target##* }
line=$(expect_line nx "^crash: page fault at address $addr \(instruction fetch, protection violation\)" 5) || exit 1
pass "reported '$line'; domain crashed"
