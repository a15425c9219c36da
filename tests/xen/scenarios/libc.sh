# libc: the libc test image, in a 32 MiB domain, runs its newlib and zlib
# checks (stdio, malloc over sbrk beyond 4 MiB and its pages given back
# when freed, strings, clocks and sleeping, POSIX fds, compression); each
# prints "ok", the last line of main is "libc: all N checks passed", the
# atexit handler runs after main returns (its line, left in a fully
# buffered stdout, shows that exit() flushes stdio) and the domain powers
# off.
# budget: 120
create_guest libc <<CFG
kernel = "/testbed/images/libc.gz"
memory = 32
CFG
# A failed check makes the image print "N of M checks FAILED" and exit(1):
# wait for either ending, then report the failing checks' own lines.
final=$(expect_line libc "^libc: (all [0-9]+ checks passed|[0-9]+ of [0-9]+ checks FAILED)" 60) || exit 1
bad=$(guest_log libc | grep -E "^libc: .*FAILED" | head -n 4 | tr '\n' ';')
[ -z "$bad" ] || fail "$bad"
expect_line libc "^libc: atexit handler, stdout flushed by exit: ok$" 10 >/dev/null
expect_line libc "^exit: status 0, powering off" 10 >/dev/null
expect_shutdown libc poweroff 20
pass "${final#libc: }, atexit handler ran, stdout flushed at exit, powered off"
