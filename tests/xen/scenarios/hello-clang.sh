# hello-clang: the hello stub domain built by clang boots and powers off
# like the gcc build.
# budget: 60
[ -f /testbed/images/clang/hello.gz ] || fail "no clang build of hello (make CC=clang BUILD=build/clang)"
create_guest hello-clang <<CFG
kernel = "/testbed/images/clang/hello.gz"
memory = 8
CFG
domid=$(domid_of hello-clang) || exit 1
expect_line hello-clang "^hello: domid $domid\$" 30
expect_shutdown hello-clang poweroff 20
pass "clang build: domid $domid, powered off"
