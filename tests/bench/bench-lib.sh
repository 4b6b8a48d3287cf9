# SPDX-License-Identifier: GPL-2.0-only
# Shared by the shell benchmarks (bash): sourced, not run.

# bench_fastest WHO CMD...: run CMD $REPS times (output discarded) and print
# the fastest wall time in seconds (6 decimals). A failed run prints
# "WHO: 'CMD' failed" on stderr and returns 1.
bench_fastest() {
	local who=$1 best= t0 t i
	shift
	for ((i = 0; i < REPS; i++)); do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>&1 || { echo "$who: '$*' failed" >&2; return 1; }
		t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", b - a }')
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	echo "$best"
}
