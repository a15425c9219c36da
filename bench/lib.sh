# bench/lib.sh: what the benchmark scripts share (sourced by bench/pvgrub
# and bench/ioemu): where the build and the test bed are, the check of a
# run count, and the host's load average sampled while QEMU runs.
#
#   . "$(dirname "$0")/lib.sh"     sets top, build, suite, out
#   bench_count NAME VALUE         exits unless VALUE is a positive number
#   bench_load_start / _stop       sample the load average every 10 s
#   bench_load_line                the report's line on that load
#   bench_cleanup                  stops the sampler and removes its files
#                                  (bench_load_start makes it the EXIT trap;
#                                  a script with its own trap calls it)

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD:-$top/build}
case $build in /*) ;; *) build=$top/$build ;; esac
suite=${TESTBED_SUITE:-trixie}
out=${TESTBED_DIR:-$build/testbed/$suite}

bench_count() {
	case $2 in
	'' | *[!0-9]* | 0)
		echo "${0##*/}: $1 must be a positive number, not '$2'" >&2
		exit 2
		;;
	esac
}

# The host's load while QEMU runs (it shares the cores with other work):
# sampled once the serial log of this run exists (not while waiting for
# another test-bed run).
bench_load_start() {
	bench_loadlog=$(mktemp) bench_since=$(mktemp)
	(while :; do
		[ "$out/results/serial.log" -nt "$bench_since" ] && cut -d' ' -f1 /proc/loadavg
		sleep 10
	done) >"$bench_loadlog" &
	bench_sampler=$!
	trap bench_cleanup EXIT
}

bench_load_stop() {
	[ -n "${bench_sampler:-}" ] || return 0
	kill "$bench_sampler" 2>/dev/null
	wait "$bench_sampler" 2>/dev/null
	bench_sampler=
}

bench_cleanup() {
	bench_load_stop
	rm -f "${bench_loadlog:-}" "${bench_since:-}"
}

bench_load_line() {
	[ -n "${bench_loadlog:-}" ] || return 0
	awk '{ s += $1; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 } END {
		if (NR) printf "host load average while QEMU ran (2 cores, QEMU included): mean %.1f, %.1f to %.1f\n", s / NR, lo, hi }' "$bench_loadlog"
}
