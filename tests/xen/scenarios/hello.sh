# hello: the hello stub domain, in a domain of 8 MiB, prints its banner, the
# Xen version (the test bed's: XEN_VERSION, from dom0's /etc/testbed.env),
# its memory size and its domain id, then powers off.
# budget: 90
create_guest hello <<CFG
kernel = "/testbed/images/hello.gz"
memory = 8
CFG
domid=$(domid_of hello) || exit 1
expect_line hello "^hello: stub domain kernel" 30
version=$(expect_line hello "^hello: Xen version $(echo "$XEN_VERSION" | sed 's/\./\\./g')\." 10) || exit 1
expect_line hello "^hello: memory 8192 KiB" 10
expect_line hello "^hello: domid $domid\$" 10
expect_line hello "^exit: status 0, powering off" 10
expect_shutdown hello poweroff 20
pass "${version#hello: }, 8192 KiB, domid $domid, powered off"
