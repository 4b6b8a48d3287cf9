#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The project's tools on a host where vfio_ap is not loaded yet, then loaded
# (modprobe: matrix device, mdev parent, queues bound), zcrypt unloaded, and
# vfio_ap unloaded again: vfio-ap-ctl and the mdevctl callout (real
# mdevctl) against each state. Host: tests/hosts/small-novfio.json
# (small.json without vfio_ap and mdev at start).
. "$top_srcdir/tests/sim/lib.sh"
ctl_bin=$top_builddir/tools/vfio-ap-ctl
callout_bin=$top_builddir/mdevctl-callouts/vfio-ap
if [ ! -x "$ctl_bin" ] || [ ! -x "$callout_bin" ] || ! command -v mdevctl >/dev/null 2>&1; then
	echo "1..0 # SKIP needs vfio-ap-ctl, the callout and mdevctl"
	exit 0
fi
sim_enter --host "$top_srcdir/tests/hosts/small-novfio.json"
. "$top_srcdir/tests/lib/tap.sh"

U1=11111111-1111-1111-1111-111111111111
U2=22222222-2222-2222-2222-222222222222
J=$_tap_tmp
cp "$callout_bin" /etc/mdevctl.d/scripts.d/callouts/vfio-ap
cfg() { # cfg ADAPTER DOMAIN
	printf '{"mdev_type":"vfio_ap-passthrough","start":"manual","attrs":[{"assign_adapter":"%s"},{"assign_domain":"%s"}]}' \
		"$1" "$2"
}
notloaded() { echo "vfio-ap-ctl: $1: vfio_ap is not loaded (no /sys/devices/vfio_ap/matrix)"; }

# ---- vfio_ap not loaded
ok "$([ ! -e /sys/devices/vfio_ap ] && [ ! -e /sys/bus/mdev ] && [ ! -e /sys/bus/ap/drivers/vfio_ap ] &&
	[ ! -e /sys/devices/ap/card03/03.0004/driver ]; echo $?)" \
	"not loaded: no vfio_ap, no mdev bus, the non-default queues unbound"
is "$(cat /sys/bus/ap/bindings)" 16/48 "not loaded: bindings count the unbound queues"
run "$ctl_bin" list
is "$rc $err" "6 $(notloaded list)" "vfio-ap-ctl list: exit 6, says vfio_ap is not loaded"
run "$ctl_bin" define -u "$U1" -a 3 -d 5
is "$rc $err" "6 $(notloaded define)" "vfio-ap-ctl define: exit 6, nothing defined"
cfg 3 5 >"$J/u1.json"
run mdevctl define -u "$U1" -p matrix --jsonfile "$J/u1.json"
is "$rc" 0 "mdevctl define through the callout works without vfio_ap (a definition only)"
run mdevctl start -u "$U1"
is "$rc" 1 "mdevctl start without vfio_ap fails"
like "$err" "vfio_ap module is not loaded .*cannot start mdev $U1" "... the callout says why"

# ---- modprobe vfio_ap
run "$APSIM" ctl module vfio_ap load
is "$rc" 0 "modprobe vfio_ap"
is "$(cat /sys/bus/ap/bindings) $(basename "$(readlink /sys/devices/ap/card03/03.0004/driver)")" \
	"48/48 (complete) vfio_ap" "loaded: the queues outside apmask x aqmask bind to vfio_ap"
run mdevctl start -u "$U1"
is "$rc" 0 "mdevctl start after the load"
run "$ctl_bin" list -j
is "$rc" 0 "vfio-ap-ctl list after the load"
is "$(printf '%s\n' "$out" | jq -c '[.mdevs[] | [.uuid, .active, .adapters, .domains]]')" \
	"[[\"$U1\",true,[3],[5]]]" "... sees the started mdev"

# ---- rmmod zcrypt_cex4: the default queues are unbound, the masks still rule
run "$APSIM" ctl module zcrypt_cex4 unload
is "$rc" 0 "rmmod zcrypt_cex4"
run "$ctl_bin" host -j
is "$rc" 0 "vfio-ap-ctl host without zcrypt"
cfg 7 5 >"$J/u2.json"
run mdevctl define -u "$U2" -p matrix --jsonfile "$J/u2.json"
run mdevctl start -u "$U2"
is "$rc" 1 "without zcrypt, 07.0005 is still the host's (apmask): start refused"
like "$err" "APQN 07.0005 is reserved for the host" "... the callout names it"
run "$APSIM" ctl module zcrypt_cex4 load
is "$(basename "$(readlink /sys/devices/ap/card07/07.0005/driver)")" cex4queue \
	"modprobe zcrypt_cex4: 07.0005 back on cex4queue"

# ---- rmmod vfio_ap: refused while a guest holds an mdev, else the mdevs go
"$APSIM" ctl mdev "$U1" guest 1
run "$APSIM" ctl module vfio_ap unload
is "$rc" 1 "rmmod vfio_ap while a guest holds an mdev: refused"
"$APSIM" ctl mdev "$U1" guest 0
run "$APSIM" ctl module vfio_ap unload
is "$rc" 0 "rmmod vfio_ap"
run "$ctl_bin" list
is "$rc $err" "6 $(notloaded list)" "vfio-ap-ctl list after the unload: exit 6"
run mdevctl list
is "$out" "" "mdevctl: no mdev is active any more (mdev_unregister_parent removed it)"
run mdevctl list -d
like "$out" "^$U1 matrix vfio_ap-passthrough manual" "... the definition stays"

done_testing
