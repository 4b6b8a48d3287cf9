#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The README's main job: run the demo script on the simulated hosts and check
# that it reaches its end and shows what it promises, step by step.

. "$top_srcdir/tests/lib/tap.sh"

if [ ! -x "$top_builddir/tests/sim/apsim-run" ]; then
	echo "1..0 # SKIP the AP host simulator is not built (configure --enable-simulator)"
	exit 0
fi
if ! command -v mdevctl >/dev/null 2>&1; then
	echo "1..0 # SKIP mdevctl is not installed"
	exit 0
fi

run "$top_srcdir/tests/demo/demo.sh" --build "$top_builddir"
is "$rc" 0 "the demo exits 0"
is "$err" "" "the demo writes nothing to stderr"
like "$out" '== Done: every step behaved as shown ==' "the demo reaches its end"
# no colour when not on a terminal
case $out in
*"$(printf '\033')"*) ok 1 "no escape sequences when piped" ;;
*) ok 0 "no escape sequences when piped" ;;
esac
for heading in \
	"1. The source host" \
	"2. Reserve AP resources for vfio_ap" \
	"3. The guest's device: show, list, migration, export" \
	"4. The destination host: would the guest migrate here?" \
	"5. An incompatible destination"; do
	like "$out" "^== $heading" "heading: $heading"
done
like "$out" '^\$ vfio-ap-ctl host$' "each step shows its command"
like "$out" '^07\.0004 +unassigned +vfio_ap +free' "apmask edit gives adapter 07 to vfio_ap"
like "$out" '^defined 5b1c5a2e-8d0c-4c2a-9a55-0e6a1d2c3b01: adapters 03-04, domains 0005-0006' \
	"the guest's device is defined"
like "$out" 'APQN 04\.0006 .*5b1c5a2e-8d0c-4c2a-9a55-0e6a1d2c3b01' \
	"the colliding definition is refused, owner named"
like "$out" 'APQN 04\.0006 is already in use by active mdev 5b1c5a2e-8d0c-4c2a-9a55-0e6a1d2c3b01' \
	"the callout refuses to start the colliding device"
like "$out" 'Device or resource busy' "the AP bus refuses to take the adapter back"
like "$out" '"assign_adapter": "3"' "the mdevctl export is shown"
n=$(printf '%s\n' "$out" | grep -c '^compatible')
is "$n" 3 "three compatible verdicts (host, defined target, newer type)"
like "$out" 'FAIL  not-configured +destination mdev not configured: it must be configured like the source' \
	"an empty target is refused: verify, never grant"
like "$out" 'APQN 04\.0005: EP11 \(XCP\) coprocessor mode: source 1, destination 0' \
	"the incompatible host names the failed rule"
like "$out" '^incompatible: .*EOPNOTSUPP' "the incompatible verdict"
like "$out" '\(exit status 4, as expected\)' "refusals show their exit status"

done_testing
