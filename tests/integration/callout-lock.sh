#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The AP configuration lock under the real mdevctl and the AP host simulator:
# 8 parallel starts of definitions that all want the same APQN (exactly one
# wins), a stale lock left by a killed mdevctl is recovered, a lock held by a
# live process makes the callout give up after VFIO_AP_LOCK_TIMEOUT.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/callout-lib.sh"
need_mdevctl
callout_enter_sim

J=$_tap_tmp
M=/sys/devices/vfio_ap/matrix
callout_install

# ---- 8 definitions, all with 05.0007, started at once
cfg manual assign_adapter=5 assign_domain=7 >"$J/c.json"
i=1
while [ $i -le 8 ]; do
	mdevctl define -u "0000000$i-aaaa-bbbb-cccc-dddddddddddd" -p matrix --jsonfile "$J/c.json"
	i=$((i + 1))
done
i=1
while [ $i -le 8 ]; do
	(
		mdevctl start -u "0000000$i-aaaa-bbbb-cccc-dddddddddddd" \
			>"$J/out.$i" 2>"$J/err.$i"
		echo $? >"$J/rc.$i"
	) &
	i=$((i + 1))
done
wait
wins=0
refused=0
winner=
i=1
while [ $i -le 8 ]; do
	r=$(cat "$J/rc.$i")
	if [ "$r" = 0 ]; then
		wins=$((wins + 1))
		winner=0000000$i-aaaa-bbbb-cccc-dddddddddddd
	elif grep -q "APQN 05.0007 is already in use by active mdev" "$J/err.$i" &&
		grep -q "failed with return code 4" "$J/err.$i"; then
		refused=$((refused + 1))
	else
		echo "# start $i: rc $r: $(cat "$J/err.$i")"
	fi
	i=$((i + 1))
done
is "$wins" 1 "8 parallel starts: exactly one succeeds"
is "$refused" 7 "8 parallel starts: the 7 others are refused by the callout"
is "$(grep -l "in use by active mdev $winner" "$J"/err.* | wc -l)" 7 \
	"8 parallel starts: the refusals name the winner"
active=0
for d in "$M"/*-aaaa-bbbb-cccc-dddddddddddd; do
	[ -d "$d" ] && active=$((active + 1))
done
is "$active" 1 "8 parallel starts: one mdev exists"
no_lock "8 parallel starts: the lock is gone afterwards"
mdevctl stop -u "$winner"

# ---- a stale lock: its holder (an mdevctl stand-in between pre and post) is killed
U9=00000009-aaaa-bbbb-cccc-dddddddddddd
sh -c 'exec 3<&0; "$0" -t vfio_ap-passthrough -e pre -a start -s none \
	-u 00000001-aaaa-bbbb-cccc-dddddddddddd -p matrix <&3; sleep 600' \
	"$CALLOUT_BIN" <"$J/c.json" &
holder=$!
n=0
while [ "$(cat $LOCK 2>/dev/null)" != "$holder" ] && [ $n -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
is "$(cat $LOCK 2>/dev/null)" "$holder" "pre start took the lock for its parent"
kill -9 "$holder"
wait "$holder" 2>/dev/null
is "$(cat $LOCK 2>/dev/null)" "$holder" "the parent was killed with SIGKILL: the lock is left behind"
mdevctl define -u "$U9" -p matrix --jsonfile "$J/c.json"
run mdevctl start -u "$U9"
is "$rc" 0 "the next mdevctl start recovers the stale lock and succeeds"
is "$(cat $M/$U9/matrix 2>/dev/null)" "05.0007" "the started mdev has its matrix"
no_lock "stale lock recovered, then released by post"

# ---- a live holder: bounded wait with a clear message
sleep 600 &
sleeper=$!
echo "$sleeper" >$LOCK
run env VFIO_AP_LOCK_TIMEOUT=1 mdevctl stop -u "$U9"
is "$rc" 1 "lock held by a live process: mdevctl stop fails"
like "$err" "timed out after 1 s waiting for the AP configuration lock /run/lock/s390apconfig.lock \\(held by PID $sleeper\\)" \
	"lock timeout: message names the lock and its holder"
is "$(cat $LOCK 2>/dev/null)" "$sleeper" "lock timeout: the other holder's lock is left alone"
ok "$([ -d $M/$U9 ]; echo $?)" "lock timeout: the mdev was not stopped"
kill "$sleeper"
wait "$sleeper" 2>/dev/null
run mdevctl stop -u "$U9"
is "$rc" 0 "after the holder is gone: stop succeeds"
no_lock "stop: lock released"

# ---- a lock file without a PID is only stale when old
printf '' >$LOCK
run env VFIO_AP_LOCK_TIMEOUT=1 mdevctl start -u "$U9"
is "$rc" 1 "an empty, fresh lock file is respected"
like "$err" "timed out after 1 s waiting for the AP configuration lock" "empty lock: timeout message"
touch -d '5 minutes ago' $LOCK
run mdevctl start -u "$U9"
is "$rc" 0 "an empty lock file older than 2 minutes is stale"
no_lock "old empty lock: recovered and released"

done_testing
