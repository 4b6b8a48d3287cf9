#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vfio-ap-ctl never reports a wrong or partial result as success: failed
# output writes, hand-edited definitions it cannot read whole, and a
# definition change cut by SIGKILL (small simulated host, real mdevctl).

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"
ctl_enter_sim "$HOSTS/small.json"

CFG=/etc/mdevctl.d/matrix
T=$_tap_tmp

ctl define -u "$U1" -a 3-4 -d 5-6 -c 0x10
is "$rc" 0 "define U1 exits 0"
run mdevctl start -u "$U1"
is "$rc" 0 "mdevctl starts U1"
ctl export -o "$T/u1.json" "$U1"
is "$rc" 0 "export U1 to a file exits 0"

# ---- a stdout that cannot be written ---------------------------------------
# run_to HOW CMD...: run CMD with stdout on /dev/full (full) or closed (closed)
run_to() {
	_how=$1
	shift
	if [ "$_how" = full ]; then
		"$@" >/dev/full 2>"$T/err"
	else
		"$@" >&- 2>"$T/err"
	fi
	rc=$?
	err=$(cat "$T/err")
}
for how in full closed; do
	for j in "" "-j"; do
		for c in host list "show $U1" migration "check $T/u1.json --target $U1" \
			"define -n -a 5 -d 9" help "--help" "--version"; do
			case "$j,$c" in -j,help | -j,--help | -j,--version) continue ;; esac
			# shellcheck disable=SC2086 # the command line is split on purpose
			run_to "$how" "$CTL" $j $c
			name="${j:+$j }${c%% *}"
			is "$rc" 1 "$name with stdout $how exits 1"
			like "$err" "^vfio-ap-ctl: cannot write standard output" \
				"$name with stdout $how says so"
		done
	done
done
# nothing written: a closed stdout is no error
run_to closed "$CTL" export -o "$T/u1-again.json" "$U1"
is "$rc" 0 "export -o FILE with stdout closed exits 0 (nothing goes to stdout)"
run_to full "$CTL" export "$U1"
is "$rc" 1 "export to a full stdout exits 1"
is "$(printf '%s\n' "$err" | wc -l)" 1 "export to a full stdout: one message"

# ---- definitions edited by hand --------------------------------------------
# values the kernel refuses ("3,4" is ap-check's list form), unknown keys
U4=44444444-4444-1444-1444-444444444444
i=0
for attrs in '{"assign_adapter":"3,4"},{"assign_domain":"9"}' \
	'{"assign_adapter":"5"},{"assign_domain":"abc"}' \
	'{"assign_adapter":"5"},{"assign_control_domain":"0x100"}' \
	'{"assign_adapter":"5"},{"foo":"bar"}'; do
	i=$((i + 1))
	printf '{"mdev_type":"vfio_ap-passthrough","start":"manual","attrs":[%s]}\n' "$attrs" \
		>"$CFG/$U4"
	cp "$CFG/$U4" "$T/before"
	bad=$(printf '%s\n' "$attrs" | sed -E 's/^.*\{"([a-z_]+)":"([^"]*)"\}$/\1 \2/')
	[ $i = 1 ] && bad='assign_adapter 3,4'
	key=${bad% *}
	val=${bad#* }
	ctl list
	like "$(printf '%s\n' "$out" | grep "^$U4")" "^$U4 +yes +no +error " \
		"hand-edited $i: list shows START error"
	ctl list -j
	jq_is ".mdevs[] | select(.uuid == \"$U4\") | .definition_error | contains(\"$val\")" \
		true "hand-edited $i: list -j has a definition_error naming the value"
	ctl show "$U4"
	like "$(printf '%s\n' "$out" | grep '^definition_error')" "$key.*$val" \
		"hand-edited $i: show names the attribute and value"
	for c in "assign $U4 -d 10" "modify $U4 -d 10" "unassign $U4 -d 9" \
		"modify $U4 --auto"; do
		# shellcheck disable=SC2086 # the command line is split on purpose
		ctl $c
		is "$rc" 5 "hand-edited $i: ${c%% *} exits 5"
		like "$err" "cannot be read: .*$key.*$val" "hand-edited $i: ${c%% *} names it"
		ok "$(cmp -s "$T/before" "$CFG/$U4"; echo $?)" "hand-edited $i: ${c%% *} leaves the file"
	done
	ctl export "$U4"
	is "$rc" 5 "hand-edited $i: export exits 5"
	is "$out" "" "hand-edited $i: export prints nothing"
done
# an active device with such a definition: no live change either
cp "$CFG/$U1" "$T/u1.good"
printf '{"mdev_type":"vfio_ap-passthrough","start":"manual","attrs":[%s]}\n' \
	'{"assign_adapter":"3,4"},{"assign_domain":"5"}' >"$CFG/$U1"
cp "$CFG/$U1" "$T/before"
ap_config=$(cat /sys/devices/vfio_ap/matrix/$U1/ap_config)
ctl assign --live "$U1" -d 7
is "$rc" 5 "hand-edited, active: assign --live exits 5"
ok "$(cmp -s "$T/before" "$CFG/$U1"; echo $?)" "hand-edited, active: the file is left"
is "$(cat /sys/devices/vfio_ap/matrix/$U1/ap_config)" "$ap_config" \
	"hand-edited, active: the running device is not changed"
cp "$T/u1.good" "$CFG/$U1"

# not JSON at all: export fails (it printed an empty export with exit 0)
printf '{"mdev_type": "vfio_ap-passthrough", "start": "auto", "attrs": [\n' >"$CFG/$U4"
for f in json stream mdevctl; do
	run sh -c "$CTL export -f $f $U4 | cat"
	is "$out" "" "non-JSON definition: export -f $f prints nothing"
	like "$err" "export: $U4: the definition cannot be read: .*not valid JSON" \
		"non-JSON definition: export -f $f says why"
	ctl export -f $f -o "$T/x" "$U4"
	is "$rc" 5 "non-JSON definition: export -f $f exits 5"
done
rm -f "$CFG/$U4"

done_testing
