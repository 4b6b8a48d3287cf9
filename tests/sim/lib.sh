# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the simulator tests; source before tests/lib/tap.sh:
#
#   . "$top_srcdir/tests/sim/lib.sh"
#   sim_enter [apsim-run OPTIONS]   re-run this test inside apsim-run
#   . "$top_srcdir/tests/lib/tap.sh"
#
#   wr FILE VALUE         one write(2) of "VALUE\n"; prints ok or the errno name
#   wrn FILE VALUE        the same without the newline
#   check_wr NAME WANT FILE VALUE   one TAP result for wr
#   UUID1..UUID3, M (the matrix device), T (the mdev type directory)

sim_run=$top_builddir/tests/sim/apsim-run
sim_write=$top_builddir/tests/sim/sysfs-write

# sim_missing: why the simulator cannot run on this machine (empty: it can)
sim_missing() {
	if [ ! -x "$top_builddir/tests/sim/apsim" ]; then
		echo "the simulator is not built (configure --disable-simulator?)"
	elif [ ! -c /dev/fuse ]; then
		echo "no /dev/fuse"
	elif ! command -v unshare >/dev/null 2>&1; then
		echo "no unshare (util-linux)"
	fi
}

sim_enter() {
	_why=$(sim_missing)
	if [ -n "$_why" ]; then
		echo "1..0 # SKIP $_why"
		exit 0
	fi
	if [ "${_APSIM_TEST_IN:-}" != "$0" ]; then
		exec env _APSIM_TEST_IN="$0" "$sim_run" "$@" -- /bin/sh "$0"
	fi
	unset _APSIM_TEST_IN
}

M=/sys/devices/vfio_ap/matrix
T=$M/mdev_supported_types/vfio_ap-passthrough
UUID1=0f6f2e5a-1b3c-4d5e-8f70-a1b2c3d4e5f6
UUID2=7c9e6679-7425-40de-944b-e07fc1f90ae7
UUID3=123e4567-e89b-12d3-a456-426614174000

wr() { "$sim_write" "$1" "$2"; }
wrn() { "$sim_write" -n "$1" "$2"; }

check_wr() {
	is "$(wr "$3" "$4")" "$2" "$1"
}

# rd FILE: contents with newlines turned into spaces, trailing one dropped
rd() { tr '\n' ' ' <"$1" | sed 's/ $//'; }
