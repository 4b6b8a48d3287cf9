# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the vfio-ap-ctl integration tests; source after tests/lib/tap.sh.
#
#   ctl_enter_sim [HOSTFILE]   re-run the calling script inside apsim-run with
#                              the vfio-ap callout installed for mdevctl 1.2.0
#                              and vfio-ap-ctl's journal on the scratch /run/lock
#                              (prints "1..0 # SKIP" when the simulator is not built)
#   ctl ARGS...                run vfio-ap-ctl: $out $err $rc (as tap.sh's run)
#   golden NAME TEXT           compare TEXT with tests/integration/golden/NAME.out;
#                              REGEN=1 writes the file instead
#   jq_is FILTER WANT NAME     TAP: jq -r FILTER on $out equals WANT
#   norm                       stdin to stdout with volatile values replaced
#   ctl_sim HOSTFILE STATE SCRIPT  run SCRIPT with sh on a simulated host (state
#                              in $_tap_tmp/STATE, the callout installed): $out $err $rc
#
# The UUIDs used by the tests are fixed, so text output is reproducible;
# norm only replaces UUIDs that vfio-ap-ctl generated itself.

CTL=$top_builddir/tools/vfio-ap-ctl
APSIM_RUN=$top_builddir/tests/sim/apsim-run
CALLOUT_BIN=$top_builddir/mdevctl-callouts/vfio-ap
HOSTS=$top_srcdir/tests/hosts
GOLDEN=$top_srcdir/tests/integration/golden

U1=11111111-1111-1111-1111-111111111111
U2=22222222-2222-1222-1222-222222222222
U3=33333333-3333-1333-1333-333333333333
UNKNOWN=99999999-9999-1999-1999-999999999999

ctl_sim_available() {
	[ -x "$APSIM_RUN" ] && command -v mdevctl >/dev/null 2>&1
}

ctl_enter_sim() {
	if [ "${CTL_IN_SIM:-}" = 1 ]; then
		ctl_install_callout
		# the definition-change journal on the simulator's scratch /run/lock
		VFIO_AP_CTL_JOURNAL_DIR=/run/lock/vfio-ap-ctl-journal
		export VFIO_AP_CTL_JOURNAL_DIR
		return 0
	fi
	if [ ! -x "$APSIM_RUN" ]; then
		echo "1..0 # SKIP the AP host simulator is not built (configure --enable-simulator)"
		exit 0
	fi
	if ! command -v mdevctl >/dev/null 2>&1; then
		echo "1..0 # SKIP mdevctl is not installed"
		exit 0
	fi
	rm -rf "$_tap_tmp"
	exec "$APSIM_RUN" ${1:+--host "$1"} -- env CTL_IN_SIM=1 /bin/sh "$0"
}

# The callout, so that mdevctl checks like it does on a real host.
ctl_install_callout() {
	if [ -x "$CALLOUT_BIN" ]; then
		cp "$CALLOUT_BIN" /etc/mdevctl.d/scripts.d/callouts/vfio-ap
	fi
}

ctl() {
	run "$CTL" "$@"
}

norm() {
	sed -E 's/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/<uuid>/g'
}

golden() {
	_g=$GOLDEN/$1.out
	if [ "${REGEN:-}" = 1 ]; then
		printf '%s\n' "$2" >"$_g"
		ok 0 "golden $1 (regenerated)"
		return
	fi
	if [ ! -r "$_g" ]; then
		ok 1 "golden $1: $_g missing (run with REGEN=1)"
		return
	fi
	if printf '%s\n' "$2" | diff -u "$_g" - >"$_tap_tmp/diff"; then
		ok 0 "golden $1"
	else
		ok 1 "golden $1"
		sed 's/^/#   /' "$_tap_tmp/diff"
	fi
}

ctl_sim() {
	run "$APSIM_RUN" --host "$1" --state "$_tap_tmp/$2" -- sh -c "
		[ -x '$CALLOUT_BIN' ] && cp '$CALLOUT_BIN' /etc/mdevctl.d/scripts.d/callouts/vfio-ap
		$3"
}

jq_is() {
	_got=$(printf '%s\n' "$out" | jq -r "$1" 2>&1)
	is "$_got" "$2" "$3"
}
