#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# IDs above the host's maximum adapter and domain IDs (a host without APXA:
# 63 and 15) are refused by the callout before the kernel would refuse them
# with ENODEV; under the real mdevctl and the AP host simulator.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/callout-lib.sh"
need_mdevctl
callout_enter_sim "$top_srcdir/tests/integration/callout-noapxa-host.json"

U1=11111111-1111-1111-1111-111111111111
J=$_tap_tmp
callout_install

is "$(cat /sys/bus/ap/ap_max_adapter_id)/$(cat /sys/bus/ap/ap_max_domain_id)" "63/15" \
	"the simulated host has max IDs 63 and 15"
cfg manual assign_adapter=2 assign_adapter=64 assign_domain=3 assign_domain=0x10 \
	assign_control_domain=255 unassign_adapter=100 >"$J/c.json"
run mdevctl define -u "$U1" -p matrix --jsonfile "$J/c.json"
is "$rc" 1 "define with IDs above the maximum: refused"
like "$err" "define of mdev $U1 refused \\(4 problems\\):" "all four problems counted"
like "$err" "adapter 40 is above the host's maximum adapter ID 3f" "adapter 64"
like "$err" "domain 0010 is above the host's maximum domain ID 000f" "domain 0x10"
like "$err" "control domain 00ff is above the host's maximum domain ID 000f" \
	"control domain 255"
like "$err" "adapter 64 is above the host's maximum adapter ID 3f" \
	"unassign_adapter 100 (the kernel refuses it too)"
cfg manual assign_adapter=2 assign_domain=3 assign_control_domain=3 >"$J/c.json"
run mdevctl define -u "$U1" -p matrix --jsonfile "$J/c.json"
is "$rc" 0 "in range: accepted"
run mdevctl modify -u "$U1" --addattr ap_config --value 0x30,0x0000000000000001,0x0
is "$rc" 1 "modify adding an ap_config with domain 63: refused"
like "$err" "domain 003f is above the host's maximum domain ID 000f" "ap_config: domain 63"
run mdevctl start -u "$U1"
is "$rc" 0 "start the in-range definition"
is "$(cat /sys/devices/vfio_ap/matrix/$U1/matrix)" "02.0003" "matrix 02.0003"
run mdevctl stop -u "$U1"
no_lock "no lock left"
done_testing
