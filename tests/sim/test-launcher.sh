#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# apsim-run: exit status, namespaces, nothing left behind (mounts,
# processes, temporary files) after success, failure, INT and TERM, state
# kept with --state, usage errors, in a chroot (/ no mount point), and (as
# root) the same as a normal user.
. "$top_srcdir/tests/sim/lib.sh"
_why=$(sim_missing)
if [ -n "$_why" ]; then
	echo "1..0 # SKIP $_why"
	exit 0
fi
. "$top_srcdir/tests/lib/tap.sh"

hosts=$top_srcdir/tests/hosts
work=$(mktemp -d "${TMPDIR:-/tmp}/apsim-test.XXXXXX")
trap 'rm -rf "$work" "$_tap_tmp"' EXIT
# apsim-run's own temporary directories go here, to be counted at the end
mkdir -m 1777 "$work/tmp"
export TMPDIR="$work/tmp"
skip() { ok 0 "$1 # SKIP $2"; }

# left_behind DIR: processes still running with DIR on their command line
left_behind() {
	_n=0
	for _f in /proc/[0-9]*/cmdline; do
		_c=$(tr '\0' ' ' <"$_f" 2>/dev/null)
		case $_c in *"$1"*) _n=$((_n + 1)) ;; esac
	done
	echo $_n
}
outside_fs=$(stat -f -c %T /sys)

run "$sim_run" -- sh -c 'exit 7'
is "$rc" 7 "COMMAND's exit status is passed on"
run "$sim_run" -- sh -c 'stat -f -c %T /sys; cat /sys/bus/ap/bindings; tr "\0" " " </proc/1/cmdline'
is "$rc" 0 "a command runs inside"
is "$(echo "$out" | sed -n 1p)" fuseblk "inside, /sys is the FUSE file system"
is "$(echo "$out" | sed -n 2p)" "48/48 (complete)" "the default host is small.json"
like "$(echo "$out" | sed -n 3p)" "apsim-run" "inside, apsim-run is PID 1 of a new PID namespace"
is "$(stat -f -c %T /sys)" "$outside_fs" "outside, /sys is untouched"
is "$(findmnt -rn -t fuse.apsim | wc -l)" 0 "outside, no apsim mount is visible"
run "$sim_run" -- sh -c 'echo $SYSTEMD_DEVICE_VERIFY_SYSFS; test -x "$APSIM" && test -S "$APSIM_CTL" && echo ok'
is "$out" "0
ok" "SYSTEMD_DEVICE_VERIFY_SYSFS=0, APSIM and APSIM_CTL are exported"
echo hello >"$work/in"
run "$sim_run" -- cat <"$work/in"
is "$out" hello "COMMAND reads apsim-run's stdin"

# ---- usage errors
run "$sim_run"
is "$rc" 2 "no COMMAND: exit 2"
run "$sim_run" --bogus -- true
is "$rc" 2 "unknown option: exit 2"
like "$err" "unknown option" "... named"
echo '{ "adapters": [ { "id": 3, "mode": "XCP" } ] }' >"$work/bad.json"
run "$sim_run" --host "$work/bad.json" -- true
is "$rc" 125 "invalid host file: exit 125"
like "$err" "mode.*must be CCA, EP11 or accel" "... with the reason"
run "$sim_run" --host "$work/missing.json" -- true
is "$rc" 125 "missing host file: exit 125"
run env APSIM=/nonexistent "$sim_run" -- true
is "$rc" 125 "no simulator binary: exit 125"

# ---- state kept with --state, nothing left behind
st=$work/state
run "$sim_run" --state "$st" -- sh -c "
	echo $UUID1 >$T/create && echo 3 >$M/$UUID1/assign_adapter &&
	echo -5 >/sys/bus/ap/aqmask && mdevctl define -u $UUID2 -p matrix -t vfio_ap-passthrough &&
	\"\$APSIM\" ctl card 4 config 0"
is "$rc" 0 "first run with --state"
is "$(left_behind "$st")" 0 "no process left after the first run"
ok "$([ -f "$st/apsim-state.json" ] && [ -d "$st/mdevctl.d/scripts.d/callouts" ]; echo $?)" \
	"the state directory holds the simulator state and /etc/mdevctl.d"
run "$sim_run" --state "$st" -- sh -c "
	cat $M/$UUID1/matrix; cut -c1-4 /sys/bus/ap/aqmask; cat /sys/devices/ap/card04/config;
	mdevctl list -d"
is "$out" "03.
0xfb
0
$UUID2 matrix vfio_ap-passthrough manual" "the second run sees mdevs, masks, cards and definitions"
ok "$([ ! -e "/etc/mdevctl.d/matrix/$UUID2" ]; echo $?)" "the real /etc/mdevctl.d is untouched"

# ---- failure and interruption leave nothing behind
st2=$work/state2
run "$sim_run" --state "$st2" -- sh -c 'false'
is "$rc" 1 "a failing command"
is "$(left_behind "$st2")" 0 "... leaves no process"
# Ctrl-C: INT to the whole process group, in a session of its own. setsid
# forks when it is a process group leader already; -w waits for the child.
setsid -w sh -c "exec \"$sim_run\" --state \"$st2\" -- sleep 60" &
pid=$!
i=0
while [ "$(left_behind "$st2/apsim-state.json")" -eq 0 ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
is "$(left_behind "$st2/apsim-state.json")" 1 "the simulator runs while COMMAND does"
pg=$(cut -d' ' -f5 "/proc/$pid/stat")
[ "$pg" = "$pid" ] || pg=$(cat "/proc/$pid/task/$pid/children")
kill -INT -"$pg"
wait "$pid"
is "$?" 130 "Ctrl-C (INT to the process group): exit 130"
is "$(left_behind "$st2")" 0 "... leaves no process"
"$sim_run" --state "$st2" -- sleep 60 &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
is "$?" 143 "TERM to apsim-run: exit 143"
is "$(left_behind "$st2")" 0 "... leaves no process"
is "$(findmnt -rn -t fuse.apsim | wc -l)" 0 "still no apsim mount outside"
is "$(ls -A "$TMPDIR")" "" "no temporary directory left behind"

# ---- the big host
run "$sim_run" --host "$hosts/big-256.json" -- sh -c \
	'cat /sys/bus/ap/bindings; ls /sys/bus/ap/devices | wc -l; ls /sys/devices/ap/cardff | wc -l'
is "$out" "65536/65536 (complete)
65792
274" "big-256: 256 cards x 256 queues"

run env -u VFIO_AP_CTL_JOURNAL_DIR "$sim_run" -- sh -c 'echo "$VFIO_AP_CTL_JOURNAL_DIR"'
is "$out" /run/lock/vfio-ap-ctl-journal "vfio-ap-ctl's journal goes to the scratch /run/lock"

# ---- / is not a mount point (a chroot, a build root): "unshare --propagation
# private" fails there with EINVAL (mount(2) MS_PRIVATE needs a mount root).
# The build root gets the top-level directories bound in (/proc too, as a
# build root has it: LeakSanitizer in the sanitizer build needs it), in a
# mount namespace whose mounts are shared, so that a mount leaking out of
# apsim-run's namespace would show.
if [ "$(id -u)" -ne 0 ]; then
	skip "in a chroot" "chroot needs root"
elif ! command -v chroot >/dev/null; then
	skip "in a chroot" "no chroot"
else
	root=$work/root
	run unshare -m --propagation private sh -c '
		set -e
		root=$1
		shift
		mount --make-rshared /
		mkdir -p "$root"
		for e in /*; do
			n=${e#/}
			case $n in lost+found) mkdir -p "$root/$n"; continue ;; esac
			if [ -L "$e" ]; then
				cp -P "$e" "$root/$n"
			elif [ -d "$e" ]; then
				mkdir -p "$root/$n"
				mount --rbind "$e" "$root/$n"
			fi
		done
		chroot "$root" unshare -m --propagation private true 2>/dev/null ||
			echo "unshare --propagation private fails in the chroot"
		chroot "$root" "$@"
		echo "rc $?"
		grep -c -e " - fuse\.apsim " -e "\.apsim-root" -e apsim-mdevctl -e apsim-udev \
			/proc/self/mountinfo || true
		ls -a /dev /run /tmp | grep -c "^\.apsim-root" || true' \
		sh "$root" "$sim_run" -- sh -c 'cat /sys/bus/ap/bindings; cat /sys/module/ap/parameters/domain
			"$APSIM" ctl card 3 online 0 && cat /sys/devices/ap/card03/online'
	is "$out" "unshare --propagation private fails in the chroot
48/48 (complete)
4
0
rc 0
0
0" "in a chroot: apsim-run works, nothing mounted leaks out, nothing is left"
fi

# ---- as a normal user
if [ "$(id -u)" -ne 0 ]; then
	run "$sim_run" -- sh -c 'cat /sys/bus/ap/bindings; mdevctl types >/dev/null && echo ok'
	is "$out" "48/48 (complete)
ok" "unprivileged (user namespace): works"
elif ! command -v setpriv >/dev/null; then
	skip "as nobody" "setpriv not installed"
elif ! setpriv --reuid=65534 --regid=65534 --clear-groups sh -c \
	"test -x '$sim_write' && test -r '$hosts/small.json' && test -x '$sim_run'" 2>/dev/null; then
	skip "as nobody" "the build tree is not accessible to nobody"
else
	st3=$work/state3
	mkdir -p "$st3" && chown 65534:65534 "$st3" && chmod 755 "$work"
	run setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$st3" \
		"$sim_run" --state "$st3" -- sh -c "id -u; echo $UUID1 >$T/create &&
		cat $T/available_instances; mdevctl types | grep -c vfio_ap-passthrough"
	is "$out" "0
65535
1" "as nobody (user namespace): root inside, mdevs, mdevctl"
	is "$(left_behind "$st3")" 0 "... leaves no process"
fi
done_testing
