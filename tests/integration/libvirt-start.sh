#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# libvirt's node-device driver against the simulated host: nodedev-start of
# a defined vfio_ap mdev (mdevctl start, checked by the callout), libvirt
# seeing it active through the simulator's uevents, nodedev-dumpxml with its
# <attr>s, and a conflicting start refused with the callout's message.
# Also a transient device (nodedev-create: mdevctl start --jsonfile, no
# definition). libvirt 9.0 reads attributes only from mdevctl's definitions
# (it runs "mdevctl list --defined", never "mdevctl list"), so its dumpxml of
# a transient mdev has no <attr>s; what the device has comes from the
# callout's get-attributes through mdevctl list, checked here too.
# Host: tests/hosts/small.json (adapters 03-06, usage domains 4-11).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/callout-lib.sh"
. "$top_srcdir/tests/integration/libvirt-lib.sh"
libvirt_enter_sim

U1=11111111-1111-1111-1111-111111111111
U2=22222222-2222-2222-2222-222222222222
N1=$(lv_name "$U1")
N2=$(lv_name "$U2")
J=$_tap_tmp

libvirt_start

mdev_xml "$U1" assign_adapter=0x3 assign_adapter=0x4 assign_domain=0x5 \
	assign_control_domain=0x5 >"$J/u1.xml"
vsh nodedev-define "$J/u1.xml"
is "$rc" 0 "virsh nodedev-define U1 (03,04 x 0005, control domain 5)"

vsh nodedev-start "$N1"
is "$rc" 0 "virsh nodedev-start U1"
is "$(tr '\n' ' ' <"/sys/devices/vfio_ap/matrix/$U1/matrix" 2>/dev/null)" "03.0005 04.0005 " \
	"virsh nodedev-start U1: the kernel matrix is the <attr>s"
is "$(tr '\n' ' ' <"/sys/devices/vfio_ap/matrix/$U1/control_domains" 2>/dev/null)" "0005 " \
	"virsh nodedev-start U1: the kernel's control domains"
wait_for 10 lv_active "$N1"
ok $? "libvirt: U1 is active after the simulator's uevents (nodedev-info Active: yes)"
vsh nodedev-list --cap mdev
is "$out" "$N1" "virsh nodedev-list --cap mdev (active devices): U1"
vsh nodedev-dumpxml "$N1"
xml=$(printf '%s' "$out" | tr -d '\n')
like "$xml" "<path>/sys/devices/vfio_ap/matrix/$U1</path>" "virsh nodedev-dumpxml U1: the active device's sysfs path"
like "$xml" "<driver> *<name>vfio_ap_mdev</name>" "virsh nodedev-dumpxml U1: bound to vfio_ap_mdev"
like "$xml" "<type id='vfio_ap-passthrough'/>" "virsh nodedev-dumpxml U1: type vfio_ap-passthrough"
like "$xml" "<iommuGroup number='[0-9]+'/>" "virsh nodedev-dumpxml U1: its IOMMU group"
like "$xml" \
	"<attr name='assign_adapter' value='0x3'/> *<attr name='assign_adapter' value='0x4'/> *<attr name='assign_domain' value='0x5'/> *<attr name='assign_control_domain' value='0x5'/>" \
	"virsh nodedev-dumpxml U1: the <attr>s"
# what the callout reports for the running device (get-attributes, through
# mdevctl list) is what libvirt shows, in the callout's decimal form
run mdevctl list --dumpjson
is "$(printf '%s' "$out" | compact)" \
	"[{\"matrix\":[{\"$U1\":{\"mdev_type\":\"$TYPE\",\"start\":\"manual\",\"attrs\":[{\"assign_adapter\":\"0x3\"},{\"assign_adapter\":\"0x4\"},{\"assign_domain\":\"0x5\"},{\"assign_control_domain\":\"0x5\"}]}}]}]" \
	"libvirt's mdevctl lists U1 active with its attributes"
run "$CALLOUT_BIN" -t "$TYPE" -e get -a attributes -s none -u "$U1" -p matrix </dev/null
is "$(printf '%s' "$out" | compact)" \
	'[{"assign_adapter":"3"},{"assign_adapter":"4"},{"assign_domain":"5"},{"assign_control_domain":"5"}]' \
	"the callout's get-attributes of the device libvirt started: the same APQNs and control domain"

# ---- a conflicting start
mdev_xml "$U2" assign_adapter=0x4 assign_domain=0x5 assign_domain=0x6 >"$J/u2.xml"
vsh nodedev-define "$J/u2.xml"
is "$rc" 0 "virsh nodedev-define U2 sharing 04.0005 with U1 (manual: allowed)"
vsh nodedev-start "$N2"
is "$rc" 1 "virsh nodedev-start U2 (04.0005 is U1's): refused"
like "$err" "00-vfio-ap: start of mdev $U2 refused \\(1 problem\\)" "virsh nodedev-start U2: the callout's summary line in virsh's error"
like "$err" "APQN 04.0005 is already in use by active mdev $U1" \
	"virsh nodedev-start U2: the callout names the APQN and its owner"
ok "$([ ! -e "/sys/devices/vfio_ap/matrix/$U2" ]; echo $?)" "virsh nodedev-start U2: no mdev created"
vsh nodedev-info "$N2"
like "$out" "Active: *no" "virsh nodedev-info U2: still inactive"

# ---- a transient device: nodedev-create
U3=33333333-3333-3333-3333-333333333333
U4=44444444-4444-4444-4444-444444444444
mdev_xml "$U3" assign_adapter=5 assign_domain=7 assign_domain=8 >"$J/u3.xml"
vsh nodedev-create "$J/u3.xml"
is "$rc" 0 "virsh nodedev-create U3 (05 x 0007,0008, not defined)"
is "$(tr '\n' ' ' <"/sys/devices/vfio_ap/matrix/$U3/matrix" 2>/dev/null)" "05.0007 05.0008 " \
	"virsh nodedev-create U3: the kernel matrix is the <attr>s"
wait_for 10 lv_active "$(lv_name "$U3")"
ok $? "libvirt: the created U3 is active"
ok "$([ ! -e "/etc/mdevctl.d/matrix/$U3" ]; echo $?)" "virsh nodedev-create U3: no definition stored"
run mdevctl list -u "$U3" --dumpjson
is "$(printf '%s' "$out" | compact)" \
	"{\"mdev_type\":\"$TYPE\",\"start\":\"manual\",\"attrs\":[{\"assign_adapter\":\"5\"},{\"assign_domain\":\"7\"},{\"assign_domain\":\"8\"}]}" \
	"libvirt's mdevctl lists the created U3 with the callout's get-attributes"
mdev_xml "$U4" assign_adapter=5 assign_domain=8 >"$J/u4.xml"
vsh nodedev-create "$J/u4.xml"
is "$rc" 1 "virsh nodedev-create U4 (05.0008 is U3's): refused"
like "$err" "APQN 05.0008 is already in use by active mdev $U3" \
	"virsh nodedev-create U4: the callout names the APQN and its owner"
ok "$([ ! -e "/sys/devices/vfio_ap/matrix/$U4" ]; echo $?)" "virsh nodedev-create U4: no mdev created"

[ "$_tap_failed" -eq 0 ] || lv_diag
done_testing
