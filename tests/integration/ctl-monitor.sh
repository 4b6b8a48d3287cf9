#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vfio-ap-ctl monitor against the simulator's uevents (libudev's "udev"
# netlink source inside apsim-run): one timestamped line per event, JSON
# lines with -j, a clean end on SIGINT and on a closed pipe.

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"
ctl_enter_sim "$HOSTS/small.json"

T=$_tap_tmp
TS='[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}[+-][0-9]{4}'

# wait_for FILE PATTERN: until a line of FILE matches (grep -E), at most 10 s
wait_for() {
	_i=0
	while [ $_i -lt 100 ]; do
		grep -Eq -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# start_monitor NAME ARGS...: vfio-ap-ctl monitor in the background, listening
start_monitor() {
	_n=$1
	shift
	"$CTL" monitor "$@" >"$T/$_n.out" 2>"$T/$_n.err" &
	echo $! >"$T/$_n.pid"
	wait_for "$T/$_n.err" 'listening'
}

# ---- text -----------------------------------------------------------------------
start_monitor text
ok $? "monitor says on stderr that it listens"
is "$(cat "$T/text.err")" "vfio-ap-ctl: monitor: listening for AP bus and matrix device events" \
	"the listening line"
run "$APSIM" ctl card 3 online 0
is "$rc" 0 "card 03 goes offline (control socket)"
wait_for "$T/text.out" "^$TS  change  card 03  offline\$"
ok $? "a line for card 03 going offline, with a timestamp"
run "$APSIM" ctl card 4 config 0
wait_for "$T/text.out" "^$TS  change  queue 04\\.000b  deconfig\$"
ok $? "card 04 deconfigured: its queues say deconfig"
like "$(cat "$T/text.out")" "^$TS  change  card 04  deconfig\$" "card 04: deconfig"
run sh -c 'echo -7 >/sys/bus/ap/apmask'
wait_for "$T/text.out" "bindings complete"
ok $? "an apmask change ends with bindings complete"
like "$(cat "$T/text.out")" "^$TS  bind  queue 07\\.0004  driver vfio_ap\$" \
	"07.0004 bound to vfio_ap"
like "$(cat "$T/text.out")" "^$TS  unbind  queue 07\\.0004\$" "07.0004 unbound from cex4queue first"
like "$(cat "$T/text.out")" "^$TS  change  bus  apmask 0xe0f{62}\$" "the new apmask, on one line"
run mdevctl start -u "$U1" -p matrix -t vfio_ap-passthrough
is "$rc" 0 "an mdev is created"
wait_for "$T/text.out" "^$TS  bind  mdev $U1  driver vfio_ap_mdev\$"
ok $? "the mdev's bind to vfio_ap_mdev"
like "$(cat "$T/text.out")" "^$TS  add  mdev $U1\$" "the mdev's add"
run "$APSIM" ctl card 9 add
wait_for "$T/text.out" "^$TS  add  card 09  CCA-Coproc  CEX8C\$"
ok $? "a new card: its mode and type (read through libudev)"
kill -INT "$(cat "$T/text.pid")"
wait "$(cat "$T/text.pid")"
is "$?" 0 "SIGINT ends the monitor with exit 0"
is "$(tail -c 1 "$T/text.out" | od -An -c | tr -d ' ')" '\n' "the output ends with a whole line"
is "$(grep -vEc "^$TS  (add|remove|change|bind|unbind)  (card|queue|bus|mdev|matrix)" "$T/text.out")" 0 \
	"every line: time, action, object"
run "$APSIM" ctl card 3 online 1
run "$APSIM" ctl card 4 config 1

# ---- JSON -----------------------------------------------------------------------
start_monitor json -j
ok $? "monitor -j listens"
run "$APSIM" ctl card 3 online 0
wait_for "$T/json.out" '"state":"offline"'
ok $? "a JSON line for card 03 going offline"
out=$(head -n 1 "$T/json.out")
jq_is '[.action, .object, .id, .subsystem, .devtype, .devpath, .driver, .state] | @csv' \
	'"change","card","03","ap","ap_card","/devices/ap/card03","cex4card","offline"' \
	"JSON: what and which"
jq_is '.properties.ONLINE' 0 "JSON: the event's properties"
jq_is '.seqnum | type' number "JSON: seqnum"
like "$(printf '%s\n' "$out" | jq -r .time)" "^$TS\$" "JSON: time"
kill -TERM "$(cat "$T/json.pid")"
wait "$(cat "$T/json.pid")"
is "$?" 0 "SIGTERM ends the monitor with exit 0"
run "$APSIM" ctl card 3 online 1

# ---- a closed pipe ----------------------------------------------------------------
mkfifo "$T/fifo"
( "$CTL" monitor 2>"$T/pipe.err"; echo $? >"$T/pipe.rc" ) >"$T/fifo" &
head -n 1 "$T/fifo" >"$T/pipe.out" &
wait_for "$T/pipe.err" listening
run "$APSIM" ctl card 5 online 0
_i=0
while [ ! -s "$T/pipe.rc" ] && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
is "$(cat "$T/pipe.rc" 2>/dev/null)" 0 "the reader went away after one line: exit 0"
like "$(cat "$T/pipe.out")" "  change  card 05  offline\$" "the reader got its line"
is "$(grep -vc listening "$T/pipe.err")" 0 "no error message on the closed pipe"

# ---- errors -----------------------------------------------------------------------
( "$CTL" monitor >/dev/full 2>"$T/full.err"; echo $? >"$T/full.rc" ) &
wait_for "$T/full.err" listening
run "$APSIM" ctl card 6 online 0
_i=0
while [ ! -s "$T/full.rc" ] && [ $_i -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
is "$(cat "$T/full.rc" 2>/dev/null)" 1 "monitor >/dev/full: exit 1 at the first event"
is "$(grep -v listening "$T/full.err")" \
	"vfio-ap-ctl: monitor: cannot write standard output: No space left on device" \
	"monitor >/dev/full: message"
run "$APSIM" ctl card 6 online 1
run sh -c "exec $CTL monitor >&-"
is "$rc" 1 "monitor with standard output closed exits 1"
is "$err" "vfio-ap-ctl: monitor: cannot write standard output: Bad file descriptor" \
	"monitor with standard output closed: message"

ctl monitor extra
is "$rc" 2 "monitor with an operand exits 2"
is "$err" "vfio-ap-ctl: monitor: unexpected argument 'extra'" "monitor with an operand: message"
ctl monitor --help
is "$rc" 0 "monitor --help exits 0"
like "$out" '^Usage: vfio-ap-ctl monitor' "monitor --help prints its usage"

done_testing
