#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The real mdevctl (Debian 1.2.0) runs unchanged against the simulator:
# types, define, modify, start (attributes written by mdevctl), list,
# list --dumpjson, stop, undefine, and a start that the kernel refuses.
. "$top_srcdir/tests/sim/lib.sh"
if ! command -v mdevctl >/dev/null 2>&1; then
	echo "1..0 # SKIP mdevctl is not installed"
	exit 0
fi
sim_enter
. "$top_srcdir/tests/lib/tap.sh"

run mdevctl types
is "$rc" 0 "mdevctl types"
like "$out" "^matrix$" "... lists the matrix parent"
like "$out" "^  vfio_ap-passthrough$" "... its type"
like "$out" "Available instances: 65536" "... available instances"
like "$out" "Device API: vfio-ap" "... device API"
like "$out" "Name: VFIO AP Passthrough Device" "... name"

run mdevctl define -u $UUID1 -p matrix -t vfio_ap-passthrough
is "$rc" 0 "define"
ok "$([ -f /etc/mdevctl.d/matrix/$UUID1 ]; echo $?)" "the definition is in the scratch /etc/mdevctl.d"
run mdevctl modify -u $UUID1 --addattr=assign_adapter --value=3
is "$rc" 0 "modify: assign_adapter 3"
mdevctl modify -u $UUID1 --addattr=assign_domain --value=0x4
mdevctl modify -u $UUID1 --addattr=assign_domain --value=5
mdevctl modify -u $UUID1 --addattr=assign_control_domain --value=0x10
run mdevctl list -d
is "$out" "$UUID1 matrix vfio_ap-passthrough manual" "list -d"
run mdevctl start -u $UUID1
is "$rc" 0 "start (mdevctl writes create and the attributes)"
is "$(rd /sys/bus/mdev/devices/$UUID1/matrix)" "03.0004 03.0005" "the attributes reached the mdev"
is "$(rd /sys/bus/mdev/devices/$UUID1/control_domains)" "0010" "... control domain too"
is "$(cat /sys/devices/ap/card03/03.0004/status)" assigned "the queue is assigned"
run mdevctl list
is "$out" "$UUID1 matrix vfio_ap-passthrough manual (defined)" "list"
run mdevctl list --dumpjson
is "$rc" 0 "list --dumpjson"
like "$out" "\"$UUID1\"" "... has the device"
like "$out" "\"assign_adapter\": \"3\"" "... and its attributes"
like "$out" "\"mdev_type\": \"vfio_ap-passthrough\"" "... and its type"
run mdevctl list -u $UUID1 --dumpjson
like "$out" "\"assign_control_domain\": \"0x10\"" "list -u --dumpjson"

# a second device wanting the same APQN: the kernel says EADDRINUSE
mdevctl define -u $UUID2 -p matrix -t vfio_ap-passthrough
mdevctl modify -u $UUID2 --addattr=assign_domain --value=4
mdevctl modify -u $UUID2 --addattr=assign_adapter --value=3
run mdevctl start -u $UUID2
ok "$([ "$rc" -ne 0 ]; echo $?)" "start of a device sharing 03.0004 fails"
ok "$([ ! -e /sys/bus/mdev/devices/$UUID2 ]; echo $?)" "... and mdevctl removed the half-made mdev"
mdevctl undefine -u $UUID2

# a transient device with a zcrypt-owned APQN
run mdevctl start -u $UUID3 -p matrix -t vfio_ap-passthrough
is "$rc" 0 "start a transient device"
run mdevctl list
like "$out" "^$UUID3 matrix vfio_ap-passthrough manual$" "... listed without (defined)"
is "$(wr /sys/bus/mdev/devices/$UUID3/assign_adapter 7)" ok "... zcrypt adapter, no domains"
is "$(wr /sys/bus/mdev/devices/$UUID3/assign_domain 4)" EADDRNOTAVAIL "... then a domain fails"
run mdevctl stop -u $UUID3
is "$rc" 0 "stop the transient device"
run mdevctl list -d
is "$out" "$UUID1 matrix vfio_ap-passthrough manual (active)" "it leaves no definition"

run mdevctl stop -u $UUID1
is "$rc" 0 "stop"
ok "$([ ! -e /sys/bus/mdev/devices/$UUID1 ]; echo $?)" "the mdev is gone"
is "$(cat /sys/devices/ap/card03/03.0004/status)" unassigned "the queue is unassigned"
run mdevctl list
is "$out" "" "nothing active"
run mdevctl undefine -u $UUID1
is "$rc" 0 "undefine"
run mdevctl list -d
is "$out" "" "nothing defined"
done_testing
