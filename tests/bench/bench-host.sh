#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench-host: vfio-ap-ctl host on the 256 x 256 simulated host, one card, one
# domain, one queue, the summary and the default view, against the floor of
# listing one card's directory; and how long vfio-ap-ctl monitor takes to
# print the line of a card going offline. Goal: a selection of one card or
# one domain in well under a second (0.5 s). Not a timed test: it prints
# measurements taken in one run.
#
#   bench-host.sh            (make bench sets top_srcdir and top_builddir)
#
# Environment: BENCH_REPS (runs per measurement, the fastest counts; 3).

set -u
set -o pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$PWD}
APSIM_RUN=$top_builddir/tests/sim/apsim-run
CTL=$top_builddir/tools/vfio-ap-ctl
REPS=${BENCH_REPS:-3}
BIG=$top_srcdir/tests/hosts/big-256.json

. "$top_srcdir/tests/bench/bench-lib.sh"

# best CMD...: the fastest of $REPS runs, in seconds (4 decimals)
best() {
	local t
	t=$(bench_fastest bench-host "$@") || return 1
	awk -v t="$t" 'BEGIN { printf "%.4f\n", t }'
}

inside() {
	local floor t what goal
	floor=$(best ls -f /sys/devices/ap/card03) || return 1
	printf '%-22s %8s %8s  %s\n' "vfio-ap-ctl" seconds "x floor" goal
	printf '%-22s %8s %8s\n' "(ls card03: floor)" "$floor" 1.0
	for what in "host 03" "host .0005" "host 03.0005" "host -s" "host" "host -j .0005"; do
		# shellcheck disable=SC2086
		t=$(best "$CTL" $what) || return 1
		goal=
		case $what in
		"host 03" | "host .0005" | "host 03.0005")
			goal=$(awk -v t="$t" 'BEGIN { print (t < 0.5 ? "< 0.5 s: met" : "< 0.5 s: NOT met") }') ;;
		esac
		printf '%-22s %8s %8s  %s\n' "$what" "$t" \
			"$(awk -v a="$t" -v b="$floor" 'BEGIN { printf "%.1f", a / b }')" "$goal"
	done

	# monitor: from the change returning to the line being there
	local out=/tmp/bench-host.$$ i t0 lat
	"$CTL" monitor >"$out" 2>"$out.err" &
	local pid=$!
	for ((i = 0; i < 100; i++)); do
		grep -q listening "$out.err" 2>/dev/null && break
		sleep 0.05
	done
	t0=$EPOCHREALTIME
	"$APSIM" ctl card 3 online 0 >/dev/null
	for ((i = 0; i < 10000; i++)); do
		grep -q 'change  card 03  offline' "$out" && break
	done
	lat=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.4f", b - a }')
	kill -INT "$pid"
	wait "$pid"
	printf '%-22s %8s           %s\n' "monitor: card offline" "$lat" \
		"$(awk -v t="$lat" 'BEGIN { print (t < 1 ? "< 1 s: met" : "< 1 s: NOT met") }')"
	rm -f "$out" "$out.err"
}

if [ "${1:-}" = --inside ]; then
	inside
	exit
fi
if [ ! -x "$APSIM_RUN" ]; then
	echo "bench-host: the AP host simulator is not built; skipped"
	exit 0
fi
echo "== bench-host: vfio-ap-ctl host and monitor on big-256 (fastest of $REPS)"
"$APSIM_RUN" --host "$BIG" -- env top_srcdir="$top_srcdir" top_builddir="$top_builddir" \
	BENCH_REPS="$REPS" bash "$0" --inside
