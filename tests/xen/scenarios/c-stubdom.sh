# c-stubdom: the example stub domain prints, sleeps, uses libxenstore
# (read, write, watch), reads its disk and gunzips what dom0 put there,
# then exits 0.
# budget: 90
disk=/tmp/c-stubdom.img
dd if=/dev/zero of=$disk bs=512 count=64 2>/dev/null || fail "cannot make the disk"
printf 'C-STUBDOM DISK OK\n' | dd of=$disk conv=notrunc 2>/dev/null
echo "the quick brown fox jumps over the lazy dog" | gzip -c | dd of=$disk bs=512 seek=1 conv=notrunc 2>/dev/null
create_guest c-stubdom <<CFG
kernel = "/testbed/images/c-stubdom.gz"
memory = 16
disk = [ 'format=raw,vdev=xvda,access=rw,target=$disk' ]
CFG
expect_line c-stubdom "^c-stubdom: sector 0 says: C-STUBDOM DISK OK" 60 >/dev/null
expect_line c-stubdom "^c-stubdom: gunzipped 44 bytes: the quick brown fox jumps over the lazy dog" 10 >/dev/null
expect_line c-stubdom "^c-stubdom: all done" 10 >/dev/null
failures=$(guest_log c-stubdom | grep "FAILED" | tr '\n' ';')
[ -z "$failures" ] || fail "$failures"
expect_shutdown c-stubdom poweroff 20
pass "printed, slept, used xenstore and a watch, read its disk and gunzipped it, exited 0"
