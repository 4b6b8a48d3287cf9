#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vfio-ap-ctl host on the simulated big host (256 cards x 256 domains):
# a selection prints only its rows, the summary collapses 65536 APQNs into
# ranges. (How fast that is: tests/bench, not here.)

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"
ctl_enter_sim "$HOSTS/big-256.json"

apqn_rows() { printf '%s\n' "$out" | grep -c '^[0-9a-f][0-9a-f]\.[0-9a-f]\{4\} '; }

ctl host 03
is "$rc" 0 "host 03 exits 0"
is "$(printf '%s\n' "$out" | grep -c '^03 ')" 1 "host 03: one card row"
is "$(apqn_rows)" 256 "host 03: its 256 queues"
is "$(printf '%s\n' "$out" | grep -c '^03\.')" 256 "host 03: all of them card 03's"
is "$(lines "$out")" 260 "host 03: two headers, a blank line, 257 rows, nothing else"

ctl host .0005
is "$rc" 0 "host .0005 exits 0"
is "$(apqn_rows)" 256 "host .0005: 256 queues"
is "$(printf '%s\n' "$out" | grep -c '^[0-9a-f][0-9a-f]\.0005 ')" 256 "host .0005: all of domain 5"
is "$(lines "$out")" 257 "host .0005: the header and the rows only"

ctl host 03.0005
is "$rc" 0 "host 03.0005 exits 0"
is "$out" "$(printf 'APQN     STATUS  DRIVER     OWNER  STATE  GUEST\n03.0005  online  cex4queue  host   -      -')" \
	"host 03.0005: exactly one row"

ctl host 03.0005 fe .00ff
is "$(apqn_rows)" $((1 + 256 + 255)) "host 03.0005 fe .00ff: the union (fe.00ff once)"

ctl host
is "$rc" 0 "host exits 0"
is "$(apqn_rows)" 0 "host: no APQN rows by default"
like "$out" '^00-ff +256 +256 +0 +0$' "summary: one row for 256 identical cards"
like "$out" '^all +65536 +65536 +0 +0$' "summary: the total"
like "$out" '^host +- +- +65536 +00-ff +0000-00ff$' "summary: the host owns one rectangle"

run sh -c 'echo -0-3 >/sys/bus/ap/apmask'
is "$rc" 0 "cards 00-03 go to vfio_ap"
ctl define -u "$U1" --auto -a 1-2 -d 0x10-0x1f
is "$rc" 0 "an auto-start definition for 01-02.0010-001f"
ctl host -s
like "$out" '^00,03 +256 +0 +256 +0$' "summary: cards 00 and 03 free"
like "$out" '^01-02 +256 +0 +240 +16$' "summary: cards 01-02 partly used"
like "$out" "^free +- +- +480 +01-02 +0000-000f,0020-00ff\$" "summary: free ranges"
like "$out" "^$U1 +autostart +- +32 +01-02 +0010-001f\$" "summary: the auto-start owner"
ctl host --free .0010
is "$(printf '%s\n' "$out" | awk 'NR > 1 {print $1}' | tr '\n' ' ')" "00.0010 03.0010 " \
	"--free .0010: only the free ones"

done_testing
