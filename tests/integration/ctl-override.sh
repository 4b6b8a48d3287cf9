#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Host ownership with driver_override (Linux 6.19+): the simulator as a
# 6.19+ kernel (tests/hosts/small-619.json, "driver_override": true; masks
# all ones). A queue given to vfio_ap with driver_override is not the
# host's for vfio-ap-ctl host, define, check --host and the callout under
# the real mdevctl; one whose override is set but that is still bound to
# cex4queue is; the simulator's kernel refuses the same assignments.

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"
ctl_enter_sim "$HOSTS/small-619.json"
T=$_tap_tmp
W=$top_builddir/tests/sim/sysfs-write

# give APQN: driver_override vfio_ap, unbind from cex4queue, bind to vfio_ap
give() {
	echo vfio_ap >"/sys/bus/ap/devices/$1/driver_override" &&
		echo "$1" >/sys/bus/ap/drivers/cex4queue/unbind &&
		echo "$1" >/sys/bus/ap/drivers/vfio_ap/bind
}
owner() { # APQN: the owner vfio-ap-ctl host -j names
	"$CTL" host -j "$1" | jq -r '.apqns[0].owner'
}

is "$(od -An -c /sys/bus/ap/devices/03.0005/driver_override | tr -d ' ')" '\n' \
	"an unset driver_override reads as an empty line"
is "$(owner 03.0005)" host "before: 03.0005 is the host's (masks all ones)"
give 03.0005 && give 03.0006
is "$?" 0 "03.0005 and 03.0006 given to vfio_ap with driver_override"
is "$(readlink /sys/bus/ap/devices/03.0005/driver)" ../../../../bus/ap/drivers/vfio_ap \
	"... and bound to vfio_ap"
echo vfio_ap >/sys/bus/ap/devices/03.0007/driver_override
is "$(readlink /sys/bus/ap/devices/03.0007/driver)" ../../../../bus/ap/drivers/cex4queue \
	"03.0007: override set, not re-bound: still on cex4queue"
echo none >/sys/bus/ap/devices/04.0005/driver_override &&
	echo 04.0005 >/sys/bus/ap/drivers/cex4queue/unbind
run "$W" /sys/bus/ap/apmask -3
is "$out" EINVAL "the kernel refuses an apmask change while an override is set"

is "$(owner 03.0005)" free "host: 03.0005 (override vfio_ap, bound to vfio_ap) is free"
is "$(owner 03.0007)" host "host: 03.0007 (override set, still on cex4queue) is the host's"
is "$(owner 04.0005)" free "host: 04.0005 (override set, bound to nothing) is not the host's"
is "$(owner 04.0006)" host "host: 04.0006 (no override) is the host's"
ctl host -s
like "$out" '^all +16 +13 +3 +0$' "host -s: 16 APQNs, 13 host, 3 free"

ctl define -u "$U1" -a 3 -d 5,6
is "$rc" 0 "define U1 (03.0005-0006)"
ok "$(case $err in *'reserved for the host'*) echo 1 ;; *) echo 0 ;; esac)" "... no host-owned warning"
run mdevctl start -u "$U1"
is "$rc" 0 "mdevctl start U1: the callout lets it through"
is "$(tr '\n' ' ' </sys/devices/vfio_ap/matrix/$U1/guest_matrix)" "03.0005 03.0006 " \
	"the guest gets 03.0005 and 03.0006"
run "$W" "/sys/devices/vfio_ap/matrix/$U1/assign_domain" 7
is "$out" EADDRNOTAVAIL "the kernel refuses 03.0007 (still on cex4queue) for U1"

ctl define -u "$U2" -a 3 -d 7
is "$rc" 0 "define U2 (03.0007): only a warning at define"
like "$err" "APQN 03.0007 is reserved for the host" "... naming 03.0007"
run mdevctl start -u "$U2"
is "$rc" 1 "mdevctl start U2: refused"
like "$err" "APQN 03.0007 is reserved for the host" "... by the callout, naming 03.0007"

# check --host: the pre-check of a source with 03.0005-0006 on this host
ctl export -o "$T/u1.json" "$U1"
is "$rc" 0 "export U1"
run mdevctl stop -u "$U1"
is "$rc" 0 "stop U1"
ctl check "$T/u1.json" --host
is "$rc" 0 "check --host: this host can take the source (no host-owned refusal)"
ok "$(case $out in *host-owned*) echo 1 ;; *) echo 0 ;; esac)" "... and names nothing host-owned"
echo "" >/sys/bus/ap/devices/03.0006/driver_override
ctl check "$T/u1.json" --host
is "$rc" 4 "check --host with 03.0006's override cleared: incompatible (exit 4)"
like "$out" "host-owned" "... 03.0006 is host-owned again (by the masks)"
done_testing
