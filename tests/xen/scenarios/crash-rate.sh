# crash-rate: a measurement tool, not in the default list. Counts the
# short-lived busybox processes killed by a signal (SIGSEGV: exit 139) in
# dom0 and in a 2-vCPU Linux PV guest at the same time, to measure the test
# bed's flaw (README, "The test bed") under a QEMU CPU model (TESTBED_CPU).
# At most 6000 processes in each, in two loops at once, for at most 200 s
# (guest time); fails when any was killed. The CPU features Xen and dom0
# see are in its log.
# budget: 600
n=6000 secs=200
read -r qemu_cpu </testbed/qemu-cpu 2>/dev/null
d=/testbed/data/crash-rate
step "xl info: $(xl info 2>/dev/null | grep -e virt_caps -e hw_caps | tr -s ' ' | tr '\n' ';')"
step "dom0 cpu flags: $(grep -m 1 '^flags' /proc/cpuinfo)"
step "xen: $(xl dmesg 2>/dev/null | grep -e 'HVM: ' -e 'SVM' -e 'VMX' | tr '\n' ';')"
dmesg_before=$(dmesg | grep -c -e 'segfault at' -e 'general protection')

create_guest crash-rate <<CFG
kernel = "/testbed/linux/vmlinuz"
ramdisk = "$d/stress.cpio.gz"
memory = 256
vcpus = 2
extra = "console=hvc0 quiet testbed.n=$n testbed.secs=$secs"
CFG
expect_line crash-rate "STRESS-START" 150 >/dev/null || exit 1

read -r _ _ _ _ first </proc/loadavg
read -r up _ </proc/uptime
t0=${up%%.*}
sh "$d/run-loop.sh" /tmp/crash-rate.A $((n / 2)) $((t0 + secs)) >&2 &
sh "$d/run-loop.sh" /tmp/crash-rate.B $((n / 2)) $((t0 + secs)) >&2 &
wait
read -r up _ </proc/uptime
t1=${up%%.*}
read -r _ _ _ _ last </proc/loadavg
read -r ia sa oa </tmp/crash-rate.A
read -r ib sb ob </tmp/crash-rate.B
d_procs=$((ia + ib)) d_segv=$((sa + sb)) d_other=$((oa + ob))
d_kern=$(($(dmesg | grep -c -e 'segfault at' -e 'general protection') - dmesg_before))
dmesg | grep -e 'segfault at' -e 'general protection' | tail -n 10 >&2
step "dom0: $d_procs processes in $((t1 - t0)) s (pids $first..$last), $d_segv SIGSEGV, $d_other other, $d_kern segfault lines in dmesg"

g=$(expect_line crash-rate "STRESS-DONE" 300) || exit 1
guest_log crash-rate | grep -e 'crash-rate:' -e 'segfault' -e 'general protection' >&2
g_counts=$(echo "$g" | sed -n 's/.*STRESS-DONE \(.*\) (pids.*segfault lines: \([0-9]*\).*/\1 (dmesg: \2)/p')
figures="-cpu ${qemu_cpu:-?}: dom0 $d_procs processes, $d_segv SIGSEGV, $d_other other (dmesg: $d_kern); guest ${g_counts:-?}"
case "$d_segv $d_other $d_kern $g_counts" in
"0 0 0 "[1-9]*" 0 SIGSEGV, 0 other (dmesg: 0)") pass "$figures" ;;
esac
fail "$figures"
