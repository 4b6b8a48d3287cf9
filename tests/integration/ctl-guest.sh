#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# What vfio-ap-ctl says the guest of a matrix device has, against 6.12:
# its control domains are the assigned ones the host's configuration has
# (vfio_ap_mdev_filter_cdoms: matrix.adm & QCI ADM), in show, export and
# the migration stream, for a guest_matrix that is read and for one that
# is computed (more than 511 APQNs), which show marks guest_computed.

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"
if ! ctl_sim_available; then
	echo "1..0 # SKIP the AP host simulator is not built, or mdevctl is missing"
	exit 0
fi
T=$_tap_tmp

# ---- control domain 20 is assigned but not in the host's ADM (4-11,16) ----
ctl_sim "$HOSTS/small.json" small "set -e
	$CTL define -u $U1 -a 3-4 -d 5-6 -c 16,20 >/dev/null 2>&1
	mdevctl start -u $U1 2>/dev/null
	cat /sys/devices/vfio_ap/matrix/$U1/control_domains >$T/cdoms
	$CTL show -j $U1 >$T/show.json
	$CTL show $U1 >$T/show.txt
	$CTL export $U1 >$T/u1.json
	$CTL export -f stream -o $T/u1.bin $U1
	$CTL define -u $U2 -a 3-4 -d 5-6 -c 16 >/dev/null 2>&1
	$CTL check -j $T/u1.json --target $U2 >$T/check.json
	$CTL check -j $T/u1.json --target $U1 >$T/check-self.json"
is "$rc" 0 "small host: define with control domains 16,20, start, show, export, check"
is "$(tr '\n' ' ' <"$T/cdoms")" "0010 0014 " "sysfs control_domains: both are assigned"
out=$(cat "$T/show.json")
jq_is '.mdev.assigned.control_domains | @json' '[16,20]' "show -j: assigned control domains 16,20"
jq_is '.mdev.guest.control_domains | @json' '[16]' \
	"show -j: the guest's control domains are the assigned ones in the host's ADM (16)"
like "$(grep '^guest_control_domains' "$T/show.txt")" ' 0010$' "show: guest_control_domains 0010"
jq_is '.mdev.guest_computed' false "show -j: a small guest matrix is read: guest_computed false"
is "$(grep -c '^guest_computed' "$T/show.txt")" 0 "show: no guest_computed line for a read guest matrix"
out=$(cat "$T/u1.json")
jq_is '[(.control_domains | @json), .guest_computed] | @csv' '"[16]",false' \
	"export: the guest's control domains only; guest_computed false"
run "$CTL" decode -j "$T/u1.bin"
jq_is '(.stream.control_domains // .control_domains) | @json' '[16]' \
	"export -f stream: the stream carries the guest's control domains"
out=$(cat "$T/check.json")
jq_is '[.check.compatible, (.check.source.control_domains | @json)] | @csv' 'true,"[16]"' \
	"check --target (control domain 16): the source's control domains are the guest's, compatible"
jq_is '[.check.results[] | select(.control_domain != null)] | length' 0 \
	"check --target: no control-domain result"
# the kernel compares the source's guest view with the destination's guest
# view (driver/vfio_ap_migration.c, vfio_ap_mig_verify(): the shadow APCB,
# whose control domains vfio_ap_mdev_filter_cdoms() filters by the host's
# mask), so U1 itself, with 16,20 assigned and 16 in its guest, is compatible
out=$(cat "$T/check-self.json")
jq_is '[.check.compatible, .check.errno, ([.check.results[] | select(.refused)] | length)] | @csv' \
	'true,,0' \
	"check --target U1 (16,20 assigned, guest 16): compatible, as the kernel compares guest views"

# ---- the same for a computed guest matrix (9 x 64 = 576 APQNs) -------------
cat >"$T/big.json" <<'HOST'
{
	"description": "9 CEX8 CCA adapters x 64 usage domains; control domains 0-31 only",
	"apxa": true,
	"max_adapter_id": 255,
	"max_domain_id": 255,
	"usage_domains": "0-63",
	"control_domains": "0-31",
	"apmask": "+0-255,-0-8",
	"migratable": true,
	"adapters": [
		{ "ids": "0-8", "type": "CEX8", "mode": "CCA" }
	]
}
HOST
ctl_sim "$T/big.json" big "set -e
	$CTL define -u $U1 -a 0-8 -d 0-63 -c 30-33 >/dev/null 2>&1
	mdevctl start -u $U1 2>/dev/null
	$CTL show -j $U1 >$T/big-show.json
	$CTL show $U1 >$T/big-show.txt
	$CTL export $U1 >$T/big.json.out"
is "$rc" 0 "9 x 64 host: define with control domains 30-33, start, show, export"
out=$(cat "$T/big-show.json")
jq_is '[(.mdev.guest.adapters | length), (.mdev.guest.domains | length)] | @csv' '9,64' \
	"show -j: the computed guest has 9 adapters x 64 domains"
jq_is '.mdev.guest.control_domains | @json' '[30,31]' \
	"show -j, computed guest: control domains 30,31 (32,33 are not in the host's ADM)"
jq_is '.mdev.guest_computed' true "show -j: the 576-APQN guest matrix is marked computed"
like "$(grep '^guest_computed' "$T/big-show.txt")" 'yes .*may differ' \
	"show: guest_computed yes, and that it may differ from the kernel's"
out=$(cat "$T/big.json.out")
jq_is '[.num_queues, (.control_domains | @json), .guest_computed] | @csv' '576,"[30,31]",true' \
	"export, computed guest: 576 queues, control domains 30,31, guest_computed true"

done_testing
