#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Round trip through the real mdevctl and the AP host simulator: define,
# start, "mdevctl list --dumpjson" (active devices: attributes from the
# callout's get attributes) and "define -u" of an active device that exists
# only in sysfs (also an empty one) all agree.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/callout-lib.sh"
need_mdevctl
callout_enter_sim

U1=11111111-1111-1111-1111-111111111111
U2=22222222-2222-2222-2222-222222222222
U3=33333333-3333-3333-3333-333333333333
J=$_tap_tmp
M=/sys/devices/vfio_ap/matrix
callout_install

ATTRS='[{"assign_adapter":"3"},{"assign_adapter":"4"},{"assign_domain":"5"},{"assign_domain":"6"},{"assign_control_domain":"5"},{"assign_control_domain":"16"}]'

# ---- defined and started
printf '{"mdev_type":"%s","start":"manual","attrs":%s}\n' "$TYPE" "$ATTRS" >"$J/u1.json"
run mdevctl define -u "$U1" -p matrix --jsonfile "$J/u1.json"
is "$rc" 0 "define U1"
run mdevctl list -d -u "$U1" --dumpjson
is "$(printf '%s' "$out" | compact)" "{\"mdev_type\":\"$TYPE\",\"start\":\"manual\",\"attrs\":$ATTRS}" \
	"list -d --dumpjson: the definition as given"
run mdevctl start -u "$U1"
is "$rc" 0 "start U1"
run co get attributes "$U1" </dev/null
is "$out" "$ATTRS" "get attributes of the started device = the defined attrs"
run mdevctl list --dumpjson
like "$(printf '%s' "$out" | compact)" "\"$U1\":\\{\"mdev_type\":\"$TYPE\",\"start\":\"manual\",\"attrs\":\\[" \
	"list --dumpjson shows U1 active"

# ---- an mdev made through sysfs only (as libvirt or a script would)
sysfs_mdev "$U2" assign_domain=9 assign_adapter=6 assign_adapter=0x05 assign_control_domain=9
run mdevctl list --dumpjson
want2='[{"assign_adapter":"5"},{"assign_adapter":"6"},{"assign_domain":"9"},{"assign_control_domain":"9"}]'
like "$(printf '%s' "$out" | compact)" \
	"\"$U2\":\\{\"mdev_type\":\"$TYPE\",\"start\":\"manual\",\"attrs\":\\[\\{\"assign_adapter\":\"5\"\\},\\{\"assign_adapter\":\"6\"\\},\\{\"assign_domain\":\"9\"\\},\\{\"assign_control_domain\":\"9\"\\}\\]" \
	"list --dumpjson: the sysfs-only device with the callout's attributes"
run mdevctl define -u "$U2"
is "$rc" 0 "define -u of the active sysfs-only device"
is "$(compact <"/etc/mdevctl.d/matrix/$U2")" "{\"mdev_type\":\"$TYPE\",\"start\":\"manual\",\"attrs\":$want2}" \
	"define -u: the stored definition has the device's attributes"
ap_before=$(cat "$M/$U2/ap_config")
run mdevctl stop -u "$U2"
is "$rc" 0 "stop the sysfs-only device"
run mdevctl start -u "$U2"
is "$rc" 0 "start it again from the stored definition"
is "$(cat "$M/$U2/ap_config")" "$ap_before" "the restarted device has the same configuration"

# ---- an empty active device
sysfs_mdev "$U3"
run co get attributes "$U3" </dev/null
is "$out" "[]" "get attributes of an empty device: []"
run mdevctl define -u "$U3"
is "$rc" 0 "define -u of an empty active device succeeds"
is "$err" "" "define -u of an empty device: no error"
is "$(compact <"/etc/mdevctl.d/matrix/$U3")" "{\"mdev_type\":\"$TYPE\",\"start\":\"manual\",\"attrs\":[]}" \
	"define -u of an empty device: attrs []"
run mdevctl stop -u "$U3"
run mdevctl start -u "$U3"
is "$rc" 0 "start the empty definition again"
is "$(cat "$M/$U3/matrix")" "" "still empty"

# ---- list -d of all: the same attrs as get attributes for every device
for u in "$U1" "$U2" "$U3"; do
	run mdevctl list -d -u "$u" --dumpjson
	d=$(printf '%s' "$out" | compact)
	a=$(co get attributes "$u" </dev/null)
	is "${d#*\"attrs\":}" "$a}" "$u: definition attrs = attributes of the running device"
done
for u in "$U1" "$U2" "$U3"; do
	mdevctl stop -u "$u"
done
no_lock "no lock left"

done_testing
