#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Every man page renders without a warning from mandoc -Tlint and groff -ww.

. "$top_srcdir/tests/lib/tap.sh"

if ! command -v mandoc >/dev/null || ! command -v groff >/dev/null; then
	echo "1..0 # SKIP mandoc or groff not installed"
	exit 0
fi

for page in "$top_srcdir"/man/*.[1-8]; do
	name=$(basename "$page")
	# -W warning: every warning, not only errors; style notes are excluded
	run mandoc -Tlint -W warning "$page"
	is "$out$err" "" "$name: mandoc -Tlint is silent"
	is "$rc" 0 "$name: mandoc -Tlint exits 0"
	run groff -man -ww -z "$page"
	is "$err" "" "$name: groff -man -ww -z is silent"
	for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" FILES EXAMPLES "SEE ALSO"; do
		grep -q "^\.SH \"\{0,1\}$section\"\{0,1\}\$" "$page"
		ok $? "$name: has section $section"
	done
done

done_testing
