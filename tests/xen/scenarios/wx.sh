# wx: writing to the kernel's own text faults (text is read-only); the
# report names the address written.
# budget: 90
create_guest wx <<CFG
kernel = "/testbed/images/faults.gz"
memory = 8
extra = "write-text"
CFG
expect_shutdown wx crash 40
target=$(expect_line wx "^faults: writing to text at 0x[0-9a-f]+" 5) || exit 1
addr=${target##* }
line=$(expect_line wx "^crash: page fault at address $addr \(write, protection violation\)" 5) || exit 1
pass "reported '$line'; domain crashed"
