# examples: the real xl reads every example configuration (examples/xl):
# `xl create -n` (a dry run: the file parsed and turned into the domain's
# configuration as for a real create, nothing started) accepts it, and the
# configuration it prints loads the kernel the file names (a PV guest's
# kernel, an HVM guest's stub-domain kernel), which make install put there.
# budget: 90
n=0
for cfg in /testbed/data/examples/*.cfg; do
	name=$(basename "$cfg" .cfg)
	kernel=$(sed -n 's/^\(stubdomain_\)\{0,1\}kernel *= *"\(.*\)"/\2/p' "$cfg" | head -n 1)
	[ -n "$kernel" ] || fail "$name.cfg names no kernel or stubdomain_kernel"
	[ -f "$kernel" ] || fail "$name.cfg names $kernel, which is not installed"
	xl_run "/tmp/example-$name.out" create -n "$cfg" ||
		fail "xl rejects $name.cfg: $(tail -n 3 "/tmp/example-$name.out" | tr '\n' ' ')"
	grep -q "\"$kernel\"" "/tmp/example-$name.out" ||
		fail "xl's configuration for $name.cfg does not load $kernel: $(head -c 300 "/tmp/example-$name.out")"
	n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no example configurations in /testbed/data/examples"
pass "xl create -n accepts all $n example configurations, each loading the kernel it names: $(cd /testbed/data/examples && echo *.cfg)"
