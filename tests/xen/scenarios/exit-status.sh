# exit-status: main returning non-zero shuts the domain down as crashed,
# after a last line giving the status.
# budget: 60
create_guest exit-status <<CFG
kernel = "/testbed/images/faults.gz"
memory = 8
extra = "exit 3"
CFG
expect_shutdown exit-status crash 40
line=$(expect_line exit-status "^exit: status 3, shutting down as crashed" 5) || exit 1
pass "reported '$line'; domain crashed"
