#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vfio-ap-ctl never reports a wrong or partial result as success: failed
# output writes, hand-edited definitions it cannot read whole, and a
# definition change cut by SIGKILL (small simulated host, real mdevctl).

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"
ctl_enter_sim "$HOSTS/small.json"

CFG=/etc/mdevctl.d/matrix
T=$_tap_tmp

ctl define -u "$U1" -a 3-4 -d 5-6 -c 0x10
is "$rc" 0 "define U1 exits 0"
run mdevctl start -u "$U1"
is "$rc" 0 "mdevctl starts U1"
ctl export -o "$T/u1.json" "$U1"
is "$rc" 0 "export U1 to a file exits 0"

# ---- a stdout that cannot be written ---------------------------------------
# run_to HOW CMD...: run CMD with stdout on /dev/full (full) or closed (closed)
run_to() {
	_how=$1
	shift
	if [ "$_how" = full ]; then
		"$@" >/dev/full 2>"$T/err"
	else
		"$@" >&- 2>"$T/err"
	fi
	rc=$?
	err=$(cat "$T/err")
}
for how in full closed; do
	for j in "" "-j"; do
		for c in host list "show $U1" migration "check $T/u1.json --target $U1" \
			"define -n -a 5 -d 9" help "--help" "--version"; do
			case "$j,$c" in -j,help | -j,--help | -j,--version) continue ;; esac
			# shellcheck disable=SC2086 # the command line is split on purpose
			run_to "$how" "$CTL" $j $c
			name="${j:+$j }${c%% *}"
			is "$rc" 1 "$name with stdout $how exits 1"
			like "$err" "^vfio-ap-ctl: cannot write standard output" \
				"$name with stdout $how says so"
		done
	done
done
# nothing written: a closed stdout is no error
run_to closed "$CTL" export -o "$T/u1-again.json" "$U1"
is "$rc" 0 "export -o FILE with stdout closed exits 0 (nothing goes to stdout)"
run_to full "$CTL" export "$U1"
is "$rc" 1 "export to a full stdout exits 1"
is "$(printf '%s\n' "$err" | wc -l)" 1 "export to a full stdout: one message"

done_testing
