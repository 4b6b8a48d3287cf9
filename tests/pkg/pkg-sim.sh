#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Run by pkg-test.sh inside tests/sim/apsim-run: the callout and vfio-ap-ctl
# as installed from vfio-ap-tools into the scratch root PKG_ROOT, under the
# real mdevctl. The root's callout directories are bind-mounted where
# mdevctl looks for them (/usr/lib/mdevctl/scripts.d/callouts and, for
# mdevctl 1.2.0, the wrapper in /etc/mdevctl.d/scripts.d/callouts).
# Host: tests/hosts/small.json (adapters 03-06, usage domains 4-11).
. "$top_srcdir/tests/lib/tap.sh"
R=${PKG_ROOT:?}
CO=scripts.d/callouts
U1=11111111-1111-1111-1111-111111111111
U2=22222222-2222-2222-2222-222222222222

# apsim-run's scratch mounts: what is created below them stays in this
# namespace (never mkdir where mdevctl looks on the host's own root)
. "$top_srcdir/tests/lib/scratch.sh"
if ! scratch_is_private /usr/lib/mdevctl || ! scratch_is_private /etc/mdevctl.d; then
	ok 0 "the installed package under mdevctl # SKIP /usr/lib/mdevctl or /etc/mdevctl.d is no private mount here (apsim-run could not cover it)"
	done_testing
	exit 0
fi
mkdir -p /usr/lib/mdevctl/$CO /etc/mdevctl.d/$CO &&
	mount --bind "$R/usr/lib/mdevctl/$CO" /usr/lib/mdevctl/$CO &&
	mount --bind "$R/etc/mdevctl.d/$CO" /etc/mdevctl.d/$CO
ok $? "the package's callout directories mounted where mdevctl looks"
ctl=$R/usr/sbin/vfio-ap-ctl

run "$ctl" --version
is "$rc" 0 "installed vfio-ap-ctl --version"
run "$ctl" define -u "$U1" -a 3,4 -d 5
is "$rc" 0 "installed vfio-ap-ctl define U1 (03,04 x 0005) through mdevctl"
run mdevctl start -u "$U1"
is "$rc" 0 "mdevctl start U1 with the installed callout"
is "$(tr '\n' ' ' </sys/devices/vfio_ap/matrix/$U1/matrix 2>/dev/null)" "03.0005 04.0005 " \
	"start U1: the kernel matrix is what was defined"
run "$ctl" define -u "$U2" -a 4 -d 5,6
is "$rc" 0 "installed vfio-ap-ctl define manual U2 sharing 04.0005 (manual definitions may share)"
run mdevctl start -u "$U2"
is "$rc" 1 "mdevctl start U2: refused"
like "$err" "00-vfio-ap" "start U2: the refusal comes from the installed callout"
like "$err" "APQN 04.0005 is already in use by active mdev $U1" "start U2: the installed callout names the APQN and its owner"
ok "$([ ! -e "/sys/devices/vfio_ap/matrix/$U2" ]; echo $?)" "start U2: no mdev created"
run "$ctl" list
like "$out" "$U1" "installed vfio-ap-ctl list shows U1"
done_testing
