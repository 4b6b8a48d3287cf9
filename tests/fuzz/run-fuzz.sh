#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# run-fuzz.sh NAME CORPUS MAX_LEN: run the libFuzzer harness
# $top_builddir/tests/fuzz/NAME for $FUZZ_SECONDS (default 10) seconds,
# starting from the committed seeds in $top_srcdir/tests/fuzz/corpus/CORPUS.
# New inputs go to a work directory in the build tree (never the source
# tree). Prints TAP: one result for the seeds, one for the timed run; a
# crash, leak or sanitizer report fails it and names the reproducer.

: "${top_srcdir:?}" "${top_builddir:?}"
name=$1
corpus=$top_srcdir/tests/fuzz/corpus/$2
max_len=$3
secs=${FUZZ_SECONDS:-10}
bin=$top_builddir/tests/fuzz/$name
work=$top_builddir/tests/fuzz/$name.work

echo "1..2"
if [ ! -x "$bin" ]; then
	echo "not ok 1 - $name: harness not built (configure --enable-fuzzing CC=clang)"
	echo "not ok 2 - $name: not run"
	exit 1
fi
rm -rf "$work"
mkdir -p "$work/new" "$work/artifacts" || exit 1
failed=0

# every seed once: they must all be handled without a crash
if "$bin" -runs=0 "$corpus" >"$work/seeds.log" 2>&1; then
	echo "ok 1 - $name: all $(ls "$corpus" | wc -l) seeds of $2 run clean"
else
	echo "not ok 1 - $name: a seed fails"
	tail -n 30 "$work/seeds.log" | sed 's/^/# /'
	failed=1
fi

"$bin" -max_total_time="$secs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 -artifact_prefix="$work/artifacts/" \
	"$work/new" "$corpus" >"$work/fuzz.log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log")
if [ "$rc" -eq 0 ]; then
	echo "ok 2 - $name: ${secs}s, ${runs:-?} inputs, no crash"
else
	echo "not ok 2 - $name: libFuzzer exit $rc after ${runs:-?} inputs"
	grep -E 'ERROR|SUMMARY|fuzz-|Test unit written' "$work/fuzz.log" | head -n 20 | sed 's/^/# /'
	for a in "$work"/artifacts/*; do
		[ -e "$a" ] && echo "# reproducer: $a ($bin $a)"
	done
	failed=1
fi
[ "$failed" -eq 0 ]
