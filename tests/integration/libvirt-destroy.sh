#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# libvirt's node-device driver against the simulated host: nodedev-destroy
# of a running vfio_ap mdev (mdevctl stop: the kernel's mdev is removed,
# libvirt sees it inactive) and nodedev-undefine (the mdevctl definition is
# gone, and so is libvirt's device), and the refusals around them.
# Host: tests/hosts/small.json (adapters 03-06, usage domains 4-11).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/callout-lib.sh"
. "$top_srcdir/tests/integration/libvirt-lib.sh"
libvirt_enter_sim

U1=11111111-1111-1111-1111-111111111111
N1=$(lv_name "$U1")
J=$_tap_tmp

libvirt_start

lv_inactive() { vsh nodedev-info "$1"; printf '%s\n' "$out" | grep -q '^Active: *no'; }
lv_gone() { vsh nodedev-list --cap mdev --all; [ -z "$out" ]; }

mdev_xml "$U1" assign_adapter=0x5 assign_domain=0x7 assign_domain=0x8 >"$J/u1.xml"
vsh nodedev-define "$J/u1.xml"
is "$rc" 0 "virsh nodedev-define U1 (05 x 0007,0008)"
vsh nodedev-destroy "$N1"
is "$rc" 1 "virsh nodedev-destroy of the inactive U1: refused"
like "$err" "is not active" "virsh nodedev-destroy of an inactive device: libvirt says why"
vsh nodedev-start "$N1"
is "$rc" 0 "virsh nodedev-start U1"
wait_for 10 lv_active "$N1"
ok $? "libvirt: U1 active"

vsh nodedev-destroy "$N1"
is "$rc" 0 "virsh nodedev-destroy U1"
ok "$([ ! -e "/sys/devices/vfio_ap/matrix/$U1" ]; echo $?)" "virsh nodedev-destroy U1: the kernel's mdev is removed"
wait_for 10 lv_inactive "$N1"
ok $? "virsh nodedev-info U1 after destroy: inactive (the simulator's remove uevent)"
vsh nodedev-list --cap mdev --inactive
is "$out" "$N1" "virsh nodedev-list --inactive: U1 is still defined"
ok "$([ -f "/etc/mdevctl.d/matrix/$U1" ]; echo $?)" "virsh nodedev-destroy U1: the mdevctl definition stays"

vsh nodedev-undefine "$N1"
is "$rc" 0 "virsh nodedev-undefine U1"
ok "$([ ! -e "/etc/mdevctl.d/matrix/$U1" ]; echo $?)" "virsh nodedev-undefine U1: the mdevctl definition is gone"
wait_for 10 lv_gone
ok $? "virsh nodedev-list --cap mdev --all after undefine: empty"
vsh nodedev-dumpxml "$N1"
is "$rc" 1 "virsh nodedev-dumpxml of the undefined U1 fails"
like "$err" "no node device with matching name" "virsh nodedev-dumpxml U1: libvirt says it does not exist"
run mdevctl list -d
is "$out" "" "virsh nodedev-undefine U1: mdevctl lists no definition"

[ "$_tap_failed" -eq 0 ] || lv_diag
done_testing
