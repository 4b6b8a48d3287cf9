# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the callout integration tests; source after tests/lib/tap.sh.
#
#   callout_enter_sim [HOSTFILE]  re-run the calling script inside apsim-run
#                                 (prints "1..0 # SKIP" when not possible)
#   callout_install               put the callout where mdevctl 1.2.0 runs it
#   need_mdevctl                  skip the whole script without mdevctl
#   cfg START ATTR=VAL...         an mdevctl JSON config on stdout
#   callout ARGS...               the callout binary
#   co EVENT ACTION UUID [TYPE]   the callout as mdevctl calls it (stdin as given)
#   compact                       JSON on stdin without blanks and newlines
#   no_lock NAME                  TAP: the AP lock file is gone

LOCK=/run/lock/s390apconfig.lock
CALLOUT_BIN=$top_builddir/mdevctl-callouts/vfio-ap
TYPE=vfio_ap-passthrough

callout_enter_sim() {
	if [ "${CALLOUT_IN_SIM:-}" = 1 ]; then
		return 0
	fi
	if [ ! -x "$top_builddir/tests/sim/apsim-run" ]; then
		echo "1..0 # SKIP the AP host simulator is not built (configure --enable-simulator)"
		exit 0
	fi
	if [ ! -x "$CALLOUT_BIN" ]; then
		echo "1..0 # SKIP $CALLOUT_BIN is not built"
		exit 0
	fi
	rm -rf "$_tap_tmp"
	exec "$top_builddir/tests/sim/apsim-run" ${1:+--host "$1"} -- \
		env CALLOUT_IN_SIM=1 /bin/sh "$0"
}

need_mdevctl() {
	if ! command -v mdevctl >/dev/null 2>&1; then
		echo "1..0 # SKIP mdevctl is not installed"
		exit 0
	fi
}

callout_install() {
	cp "$CALLOUT_BIN" /etc/mdevctl.d/scripts.d/callouts/vfio-ap
}

callout() {
	"$CALLOUT_BIN" "$@"
}

co() {
	"$CALLOUT_BIN" -t "${4:-$TYPE}" -e "$1" -a "$2" -s none -u "$3" -p matrix
}

# cfg auto|manual key=value ...
cfg() {
	_start=$1
	shift
	printf '{"mdev_type":"%s","start":"%s","attrs":[' "$TYPE" "$_start"
	_sep=
	for _kv in "$@"; do
		printf '%s{"%s":"%s"}' "$_sep" "${_kv%%=*}" "${_kv#*=}"
		_sep=,
	done
	printf ']}\n'
}

compact() {
	tr -d ' \n\t'
}

no_lock() {
	if [ -e "$LOCK" ]; then
		ok 1 "$1"
		echo "#   lock still there, held by $(cat "$LOCK" 2>/dev/null)"
	else
		ok 0 "$1"
	fi
}

# sysfs_mdev UUID ATTR=VAL...: create an mdev and assign through sysfs
sysfs_mdev() {
	_u=$1
	shift
	echo "$_u" >/sys/devices/vfio_ap/matrix/mdev_supported_types/$TYPE/create || return 1
	for _kv in "$@"; do
		echo "${_kv#*=}" >"/sys/devices/vfio_ap/matrix/$_u/${_kv%%=*}" || return 1
	done
}
