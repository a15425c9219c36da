# Helpers for scenario scripts, run in dom0. A scenario creates guests,
# waits for console lines and shutdowns, and ends with pass or fail; every
# wait is bounded and a failure says what was expected and what was seen.
SUMMARY=/results/summary
LOGDIR=/var/log/xen
# PV-GRUB where `make install` puts it for this dom0's Xen (XEN_LIBDIR from
# /etc/testbed.env, set by dom0's init), as the example configs name it.
PVGRUB=$XEN_LIBDIR/boot/pv-grub-x86_64.gz

step() { echo "step: $*" >&2; }

pass() {
	# A failure recorded from inside $(...) must not be overwritten.
	grep -q "^FAIL $SCENARIO:" "$SUMMARY" && exit 1
	echo "PASS $SCENARIO: $*" >>"$SUMMARY"
	exit 0
}

fail() {
	echo "FAIL $SCENARIO: $*" >>"$SUMMARY"
	exit 1
}

# The guest's console log without carriage returns.
guest_log() { tr -d '\r' <"$LOGDIR/guest-$1.log" 2>/dev/null; }

last_line() {
	ll_line=$(guest_log "$1" | grep -v '^[[:space:]]*$' | tail -n 1)
	echo "${ll_line:-<no console output>}"
}

# xl's state column (r b p s c d), empty when the domain does not exist.
# xl's output is read by shell builtins. A domain is gone only when xl says
# so twice, a second apart: while xl restores a domain it is listed as
# NAME--incoming until the restore is complete, so one "no such domain"
# may be a rename in progress. xl dying of a signal is a failure.
domain_state() {
	for ds_try in 1 2; do
		ds_out=$(xl list "$1" 2>/dev/null)
		ds_rc=$?
		if [ "$ds_rc" = 0 ]; then
			ds_line=${ds_out#*
}
			ds_line=${ds_line%%
*}
			# shellcheck disable=SC2086 # split into fields on purpose
			set -- $ds_line
			echo "$5"
			return 0
		fi
		[ "$ds_rc" -lt 128 ] || fail "xl list $1 died of signal $((ds_rc - 128))"
		[ "$ds_try" = 2 ] || sleep 1
	done
}

# xl_run LOG ARGS...: `xl ARGS`, its output in LOG, killed after
# XL_SECONDS (45) so that a hung xl ends the scenario with a message rather
# than its budget. Returns xl's status; one that died of a signal (or was
# killed) says so in LOG.
xl_run() {
	xr_log=$1
	shift
	timeout -s KILL "${XL_SECONDS:-45}" xl "$@" >"$xr_log" 2>&1
	xr_rc=$?
	if [ "$xr_rc" -ge 128 ]; then
		echo "xl $1 died of signal $((xr_rc - 128)) (a kill after ${XL_SECONDS:-45}s is signal 9)" >>"$xr_log"
	fi
	return "$xr_rc"
}

# create_error LOG: why an xl create whose output is in LOG failed: libxl's
# first error lines, leaving out the clean-up's complaints about destroying
# the half-made domain (which follow every failure), else LOG's last lines.
create_error() {
	ce_lines=$(grep -v -E 'destroy|Destruction|Non-existant domain' "$1" 2>/dev/null | grep -i -m 4 -E 'error|fail|timed out')
	[ -n "$ce_lines" ] || ce_lines=$(tail -n 3 "$1" 2>/dev/null)
	printf '%s\n' "$ce_lines" | tr '\n' ' '
}

# domid_of NAME: NAME's domain id, read with a shell builtin.
domid_of() {
	xl_run "/tmp/$1.domid" domid "$1" ||
		fail "xl domid $1 failed: $(tail -n 1 "/tmp/$1.domid")"
	read -r do_id <"/tmp/$1.domid"
	echo "$do_id"
}

# bridge_up NAME: dom0's bridge NAME, up, with 192.0.2.1/24 (documentation
# range), no spanning tree and no forwarding delay, for guests' vifs to
# join through libxl's vif-bridge hotplug script (made once, kept between
# scenarios).
bridge_up() {
	step "creating bridge $1 with 192.0.2.1/24"
	if [ ! -e "/sys/class/net/$1" ]; then
		brctl addbr "$1" || fail "brctl addbr $1 failed"
	fi
	# dom0's busybox brctl only adds and deletes, so through sysfs.
	echo 0 >"/sys/class/net/$1/bridge/stp_state"
	echo 0 >"/sys/class/net/$1/bridge/forward_delay"
	ip addr add 192.0.2.1/24 dev "$1" 2>/dev/null ||
		ip -4 addr show dev "$1" | grep -q 'inet 192\.0\.2\.1/24' ||
		fail "cannot give $1 192.0.2.1/24"
	ip link set "$1" up || fail "cannot bring $1 up"
	step "$1 is up"
}

# serve_netboot NAME FIRST LAST ROOT [UDHCPD-LINE...]: network boot's
# servers on bridge xenbr0 (bridge_up): busybox udhcpd leasing 192.0.2.FIRST
# to .LAST (netmask, router and BOOTP next server 192.0.2.1, then the
# udhcpd.conf lines given) and tftpd-hpa serving ROOT on 192.0.2.1, both
# in the foreground until the scenario ends, their logs in
# $LOGDIR/NAME-udhcpd.log and NAME-tftpd.log.
serve_netboot() {
	sn_name=$1 sn_first=$2 sn_last=$3 sn_root=$4
	shift 4
	bridge_up xenbr0
	printf '%s\n' "start 192.0.2.$sn_first" "end 192.0.2.$sn_last" \
		"max_leases $((sn_last - sn_first + 1))" "interface xenbr0" \
		"lease_file /tmp/$sn_name.leases" "opt subnet 255.255.255.0" "opt router 192.0.2.1" \
		"opt lease 600" "siaddr 192.0.2.1" "$@" >"/tmp/$sn_name-udhcpd.conf" ||
		fail "cannot write /tmp/$sn_name-udhcpd.conf"
	: >"/tmp/$sn_name.leases"
	udhcpd -f "/tmp/$sn_name-udhcpd.conf" >"$LOGDIR/$sn_name-udhcpd.log" 2>&1 &
	sn_udhcpd=$!
	in.tftpd -L -u root -a 192.0.2.1:69 -s "$sn_root" >"$LOGDIR/$sn_name-tftpd.log" 2>&1 &
	sn_tftpd=$!
	# shellcheck disable=SC2064 # the process ids, now
	trap "kill $sn_udhcpd $sn_tftpd 2>/dev/null" EXIT
	step "udhcpd (pid $sn_udhcpd, 192.0.2.$sn_first-$sn_last) and in.tftpd (pid $sn_tftpd, $sn_root) started"
}

# menu_option PATH: the udhcpd.conf line giving PATH as DHCP option 150,
# the menu file GRUB legacy's network boot reads.
menu_option() {
	printf 'opt 0x96 %s\n' "$(printf '%s' "$1" | od -An -tx1 | tr -d ' \n')"
}

# create_guest NAME < config lines. The domain is kept after poweroff or
# crash so its state and console can be read. The config is read and
# written by shell builtins.
create_guest() {
	cfg=/tmp/$1.cfg cg_body=
	while IFS= read -r cg_line || [ -n "$cg_line" ]; do
		cg_body="$cg_body$cg_line
"
	done
	[ -n "$cg_body" ] || fail "create_guest $1: no config lines on its input"
	printf 'name = "%s"\non_poweroff = "preserve"\non_crash = "preserve"\non_reboot = "preserve"\n%s' \
		"$1" "$cg_body" >"$cfg" || fail "create_guest $1: cannot write $cfg"
	step "xl create $cfg"
	xl_run "/tmp/$1.create.log" create "$cfg" ||
		fail "xl create $1 failed: $(create_error "/tmp/$1.create.log")"
}

# expect_line NAME REGEX SECONDS: waits for a console line matching REGEX
# (extended regular expression); prints the first such line.
expect_line() {
	el_name=$1 el_re=$2 el_secs=$3 el_waited=0
	step "waiting up to ${el_secs}s for /$el_re/ on $el_name's console"
	while :; do
		el_line=$(guest_log "$el_name" | grep -E -m 1 -e "$el_re")
		if [ -n "$el_line" ]; then
			echo "$el_line"
			return 0
		fi
		el_st=$(domain_state "$el_name")
		case $el_st in
		"" | *c* | *s*)
			# The console daemon may still be writing the last lines.
			sleep 1
			el_line=$(guest_log "$el_name" | grep -E -m 1 -e "$el_re")
			[ -n "$el_line" ] && { echo "$el_line"; return 0; }
			case $el_st in
			"") fail "domain $el_name is gone without printing /$el_re/; last console line: $(last_line "$el_name")" ;;
			*c*) fail "domain $el_name crashed before printing /$el_re/; last console line: $(last_line "$el_name")" ;;
			*) fail "domain $el_name shut down before printing /$el_re/; last console line: $(last_line "$el_name")" ;;
			esac
			;;
		esac
		if [ "$el_waited" -ge "$el_secs" ]; then
			fail "no line matching /$el_re/ in guest-$el_name.log within ${el_secs}s (domain state $el_st); last console line: $(last_line "$el_name")"
		fi
		sleep 1
		el_waited=$((el_waited + 1))
	done
}

# expect_shutdown NAME poweroff|crash SECONDS
expect_shutdown() {
	es_name=$1 es_want=$2 es_secs=$3 es_waited=0
	step "waiting up to ${es_secs}s for $es_name to $es_want"
	while :; do
		es_st=$(domain_state "$es_name")
		case $es_st in
		"") fail "domain $es_name disappeared (expected $es_want); last console line: $(last_line "$es_name")" ;;
		*c*)
			[ "$es_want" = crash ] && return 0
			fail "domain $es_name crashed; last console line: $(last_line "$es_name")"
			;;
		*s*)
			[ "$es_want" = poweroff ] && return 0
			fail "domain $es_name shut down cleanly, expected a crash; last console line: $(last_line "$es_name")"
			;;
		esac
		if [ "$es_waited" -ge "$es_secs" ]; then
			fail "domain $es_name did not $es_want within ${es_secs}s (state $es_st); last console line: $(last_line "$es_name")"
		fi
		sleep 1
		es_waited=$((es_waited + 1))
	done
}

# type_keys NAME KEYS: types KEYS (a printf format: '\033[B' is the down
# arrow, '\r' Enter) into NAME's console 0, as `xl console` would: through
# the pty xenconsoled gives it (console/tty in xenstore), put in raw mode so
# that the bytes pass unchanged.
type_keys() {
	tk_domid=$(xl domid "$1" 2>/dev/null) || fail "no domain $1 to type into"
	tk_tty=$(xenstore-read "/local/domain/$tk_domid/console/tty" 2>/dev/null)
	[ -n "$tk_tty" ] && [ -c "$tk_tty" ] || fail "no pty for $1's console 0 (console/tty: '$tk_tty')"
	step "typing '$2' into $1's console 0 ($tk_tty)"
	stty -F "$tk_tty" raw -echo 2>/dev/null || step "stty raw on $tk_tty failed; typing anyway"
	# shellcheck disable=SC2059 # KEYS is the format on purpose
	printf "$2" >"$tk_tty" || fail "cannot write to $tk_tty ($1's console 0)"
}

# expect_linux NAME DISKS MIB: the test initramfs of guest NAME prints its
# marker, showing exactly the disks DISKS ("xvda xvdb") and a kernel that
# found all MIB MiB (less the ISA hole and page 0, as a direct boot
# finds); then the guest powers off. Prints the marker line.
expect_linux() {
	xl_line=$(expect_line "$1" "LINUX-PV-MARKER" 150) || exit 1
	case $xl_line in
	*"disks: $2 "*) ;;
	*) fail "$1: the booted kernel does not see its disks ($2): $xl_line" ;;
	esac
	xl_total=$(printf '%s\n' "$xl_line" | sed -n 's|.*Memory: [0-9]*K/\([0-9]*\)K.*|\1|p')
	[ -n "$xl_total" ] && [ "$xl_total" -gt $(($3 * 1024 - 1024)) ] && [ "$xl_total" -le $(($3 * 1024)) ] ||
		fail "$1: the booted kernel found ${xl_total:-no}K of memory, not $3 MiB: $xl_line"
	expect_shutdown "$1" poweroff 60
	echo "$xl_line"
}

# pvgrub_linux NAME EXTRA DISKS EXPECTED-DISKS: a 256 MiB guest that boots
# through the installed PV-GRUB with extra = EXTRA and disk = [ DISKS ];
# its kernel must reach the test initramfs seeing EXPECTED-DISKS and all of
# its memory (expect_linux). The guest is gone afterwards.
pvgrub_linux() {
	create_guest "$1" <<CFG
kernel = "$PVGRUB"
memory = 256
disk = [ $3 ]
extra = "$2"
CFG
	expect_linux "$1" "$4" 256 >/dev/null || exit 1
	xl destroy "$1" 2>/dev/null
}

# For the benchmark scenarios (bench-*; their host scripts print the
# tables): bench_setup loads the .host script's DIR/config into the shell
# and starts /results/NAME/ afresh (RES: that directory; its times and info
# files empty); bench_info LINE adds a line to info.
bench_setup() {
	data=/testbed/data/$SCENARIO
	. "$data/config" || fail "no $data/config (the .host script did not run)"
	RES=/results/$SCENARIO
	mkdir -p "$RES"
	: >"$RES/times"
	: >"$RES/info"
}
bench_info() { echo "$*" >>"$RES/info"; }

# now_ms: NOW_MS, milliseconds since dom0 booted, without a fork (busybox
# date has no %N; /proc/uptime counts hundredths of a second,
# "SECONDS.HH", and its seconds are never 0 here, so the joined digits have
# no leading zero).
now_ms() {
	read -r nm_up _ </proc/uptime
	NOW_MS=$((${nm_up%.*}${nm_up#*.} * 10))
}

# no_nodes DOMID...: no xenstore node of these domains is left: their own,
# their backends' in dom0, dom0's device model of a stub (libxl's clean-up
# is given 20 s).
no_nodes() {
	nn_waited=0
	while :; do
		nn_left=
		for nn_id in "$@"; do
			for nn_path in "/local/domain/$nn_id" "/local/domain/0/device-model/$nn_id" \
				$(xenstore-list /local/domain/0/backend 2>/dev/null | sed "s|.*|/local/domain/0/backend/&/$nn_id|"); do
				xenstore-exists "$nn_path" 2>/dev/null && nn_left="$nn_left $nn_path"
			done
		done
		[ -z "$nn_left" ] && return 0
		[ "$nn_waited" -ge 20 ] && fail "xenstore nodes left after 20 s:$nn_left"
		sleep 2
		nn_waited=$((nn_waited + 2))
	done
}
