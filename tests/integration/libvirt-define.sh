#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# libvirt's node-device driver against the simulated host, through the real
# mdevctl and the callout: the matrix parent, the AP cards and queues (udev
# enumeration of the simulated /sys), nodedev-define of vfio_ap mdevs
# with their <attr>s, and definitions the callout refuses, with its message
# in virsh's error and nothing defined.
# Host: tests/hosts/small.json (adapters 03-06, usage domains 4-11, control
# domains 4-11 and 16).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/callout-lib.sh"
. "$top_srcdir/tests/integration/libvirt-lib.sh"
libvirt_enter_sim

U1=11111111-1111-1111-1111-111111111111
U2=22222222-2222-2222-2222-222222222222
U3=33333333-3333-3333-3333-333333333333
J=$_tap_tmp

libvirt_start

vsh nodedev-list --cap ap_matrix
is "$out" "ap_matrix" "virsh nodedev-list --cap ap_matrix: the matrix device"
vsh nodedev-dumpxml ap_matrix
like "$out" "<path>/sys/devices/vfio_ap/matrix</path>" "virsh nodedev-dumpxml ap_matrix: its sysfs path"
like "$out" "<type id='vfio_ap-passthrough'>" "virsh nodedev-dumpxml ap_matrix: mdev type vfio_ap-passthrough"
like "$out" "<deviceAPI>vfio-ap</deviceAPI>" "virsh nodedev-dumpxml ap_matrix: device API vfio-ap"
vsh nodedev-list --cap ap_card
is "$(printf '%s\n' "$out" | grep -c '^ap_card[0-9a-f][0-9a-f]$')" "$(ls -d /sys/devices/ap/card* | wc -l)" \
	"virsh nodedev-list --cap ap_card: every adapter of the host"
vsh nodedev-dumpxml ap_03_0005
xml=$(printf '%s' "$out" | tr -d '\n')
like "$xml" "<parent>ap_card03</parent>.*<name>vfio_ap</name>.*<ap-adapter>0x03</ap-adapter> *<ap-domain>0x0005</ap-domain>" \
	"virsh nodedev-dumpxml ap_03_0005: queue of card 03, bound to vfio_ap"

# ---- a good definition
mdev_xml "$U1" assign_adapter=0x3 assign_adapter=0x4 assign_domain=0x5 \
	assign_control_domain=0x5 >"$J/u1.xml"
run virsh -c "$LV_URI" nodedev-define "$J/u1.xml"
is "$rc" 0 "virsh nodedev-define U1 (03,04 x 0005, control domain 5)"
like "$out" "Node device '$(lv_name "$U1")' defined" "virsh nodedev-define U1: libvirt's name for it"
ok "$([ -f "/etc/mdevctl.d/matrix/$U1" ]; echo $?)" "virsh nodedev-define U1: mdevctl stored the definition"
run mdevctl list -d -u "$U1" --dumpjson
is "$(printf '%s' "$out" | compact)" \
	"{\"mdev_type\":\"$TYPE\",\"start\":\"manual\",\"attrs\":[{\"assign_adapter\":\"0x3\"},{\"assign_adapter\":\"0x4\"},{\"assign_domain\":\"0x5\"},{\"assign_control_domain\":\"0x5\"}]}" \
	"virsh nodedev-define U1: mdevctl has the <attr>s in order"
vsh nodedev-list --cap mdev --inactive
is "$out" "$(lv_name "$U1")" "virsh nodedev-list --cap mdev --inactive: U1"
vsh nodedev-dumpxml "$(lv_name "$U1")"
like "$(printf '%s' "$out" | tr -d '\n')" \
	"<attr name='assign_adapter' value='0x3'/> *<attr name='assign_adapter' value='0x4'/> *<attr name='assign_domain' value='0x5'/> *<attr name='assign_control_domain' value='0x5'/>" \
	"virsh nodedev-dumpxml U1: the <attr>s as defined"

# ---- definitions the callout refuses
mdev_xml "$U2" assign_adapter=0x3 assign_adapter=0x100 assign_domain=0x5 >"$J/u2.xml"
vsh nodedev-define "$J/u2.xml"
is "$rc" 1 "virsh nodedev-define U2 with adapter 0x100 (above the host's 255): refused"
like "$err" "00-vfio-ap: define of mdev $U2 refused \\(1 problem\\)" "virsh nodedev-define U2: the callout's summary line in virsh's error"
like "$err" "attribute assign_adapter: invalid value \"0x100\": ID above 255" \
	"virsh nodedev-define U2: the callout's reason in virsh's error"
ok "$([ ! -e "/etc/mdevctl.d/matrix/$U2" ]; echo $?)" "virsh nodedev-define U2: nothing stored"
vsh nodedev-list --cap mdev --all
is "$out" "$(lv_name "$U1")" "virsh nodedev-list --all after the refusal: U1 only"

mdev_xml "$U3" assign_adapter=0x4 assign_domain=0x5 assign_domain=0x6 >"$J/u3.xml"
vsh nodedev-define "$J/u3.xml"
is "$rc" 0 "virsh nodedev-define U3 sharing 04.0005 with U1: manual definitions may share"
vsh nodedev-autostart "$(lv_name "$U1")"
is "$rc" 0 "virsh nodedev-autostart U1"
vsh nodedev-autostart "$(lv_name "$U3")"
is "$rc" 1 "virsh nodedev-autostart U3 (overlaps auto U1): refused"
like "$err" "APQN 04.0005 is also defined for autostart by mdev $U1" \
	"virsh nodedev-autostart U3: the callout names the APQN and the other definition"
run mdevctl list -d -u "$U3" --dumpjson
like "$(printf '%s' "$out" | compact)" '"start":"manual"' "virsh nodedev-autostart U3: the definition stays manual"

mdev_xml "$U2" assign_adapter=0x3 assign_domain=0x5 assign_queue=0x5 >"$J/u2-attr.xml"
vsh nodedev-define "$J/u2-attr.xml"
is "$rc" 1 "virsh nodedev-define U2 with <attr name='assign_queue'>: refused"
like "$err" "assign_queue" "virsh nodedev-define U2: the callout names the attribute in virsh's error"
ok "$([ ! -e "/etc/mdevctl.d/matrix/$U2" ]; echo $?)" "virsh nodedev-define U2 (bad attribute): nothing stored"

[ "$_tap_failed" -eq 0 ] || lv_diag
done_testing
