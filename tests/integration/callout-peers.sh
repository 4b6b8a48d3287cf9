#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The callout against its real peers (../shared/peers, see its README): the
# whole workflow under mdevctl 1.4.0 (the >= 1.3.0 protocol: capabilities,
# define, start, modify --live, list --dumpjson with get attributes, stop,
# undefine) in the AP host simulator, and ours installed as make install
# names it beside s390-tools' ap-check: ours runs and decides. mdevctl 1.4.0
# runs in MDEVCTL_ENV_ROOT, a scratch root whose sys and etc/mdevctl.d lead
# to the simulated /sys and the namespace's /etc/mdevctl.d, so nothing of
# the host is touched. SKIP where ../shared/peers is absent.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/callout-lib.sh"

PEERS=${VFIO_AP_PEERS:-$top_srcdir/../shared/peers}
MDEVCTL14=$(ls "$PEERS"/mdevctl-1.4.0-* 2>/dev/null | sed 1q)
APCHECK=$(ls "$PEERS"/ap-check-* 2>/dev/null | sed 1q)
if [ ! -x "$MDEVCTL14" ] || [ ! -x "$APCHECK" ]; then
	echo "1..0 # SKIP no peer binaries in $PEERS (mdevctl 1.4.0, ap-check)"
	exit 0
fi
callout_enter_sim

U1=11111111-1111-1111-1111-111111111111
U2=22222222-2222-2222-2222-222222222222
U3=33333333-3333-3333-3333-333333333333
J=$_tap_tmp
R=$J/root
LIBDIR=$R/usr/lib/mdevctl/scripts.d/callouts
NAME=$(sed -n 's|^callout_name = ||p' "$top_builddir/Makefile" | sed 1q)
NAME=${NAME:-00-vfio-ap}
mkdir -p "$LIBDIR" "$R/usr/lib/mdevctl/scripts.d/notifiers" "$R/etc"
ln -s /sys "$R/sys"
ln -s /etc/mdevctl.d "$R/etc/mdevctl.d"
cp "$CALLOUT_BIN" "$LIBDIR/$NAME"
export MDEVCTL_ENV_ROOT=$R
m14() {
	"$MDEVCTL14" "$@"
}
sysfs() { # UUID ATTR
	tr '\n' ' ' <"/sys/devices/vfio_ap/matrix/$1/$2" 2>/dev/null
}

run m14 --version
like "$out$err" "1\\.4\\.0" "mdevctl 1.4.0 runs in the scratch root"

# ---- the workflow, ours alone
run m14 define -u "$U1" -p matrix -t "$TYPE"
is "$rc" 0 "define (capabilities, pre and post define)"
run m14 modify -u "$U1" --addattr=assign_adapter --value=3
is "$rc" 0 "modify --addattr assign_adapter"
run m14 modify -u "$U1" --addattr=assign_control_domain --value=5
is "$rc" 0 "modify --addattr assign_control_domain (no usage domain yet: fine at modify)"
run m14 start -u "$U1"
is "$rc" 1 "start with control domains but no usage domain: refused"
like "$err" "^$NAME: start of mdev $U1 refused" "... by our callout, as mdevctl names it"
run m14 modify -u "$U1" --addattr=assign_domain --value=5
is "$rc" 0 "modify --addattr assign_domain"
run m14 list -d --dumpjson
like "$(echo "$out" | compact)" "\"$U1\":\\{\"mdev_type\":\"$TYPE\",\"start\":\"manual\",\"attrs\":\\[\\{\"assign_adapter\":\"3\"\\},\\{\"assign_control_domain\":\"5\"\\},\\{\"assign_domain\":\"5\"\\}\\]" \
	"list -d --dumpjson: the definition"
run m14 start -u "$U1"
is "$rc" 0 "start"
is "$(sysfs "$U1" matrix)" "03.0005 " "start: the kernel has the matrix"
no_lock "start: the lock is released by post"
run m14 list --dumpjson
is "$rc" 0 "list --dumpjson (get attributes of the active device)"
like "$(echo "$out" | compact)" "\\{\"assign_adapter\":\"3\"\\},\\{\"assign_domain\":\"5\"\\},\\{\"assign_control_domain\":\"5\"\\}" \
	"list --dumpjson: the attributes our callout read from sysfs"
cfg manual assign_adapter=3 assign_adapter=6 assign_domain=5 assign_control_domain=5 >"$J/live.json"
run m14 modify --live -u "$U1" -p matrix --jsonfile "$J/live.json"
is "$rc" 0 "modify --live: adapter 6 added"
is "$(sysfs "$U1" matrix)" "03.0005 06.0005 " "modify --live: written to the running device"
cfg manual assign_adapter=3 assign_adapter=7 assign_domain=5 >"$J/live-host.json"
run m14 modify --live -u "$U1" -p matrix --jsonfile "$J/live-host.json"
ok "$([ "$rc" -ne 0 ]; echo $?)" "modify --live into a host-owned APQN: refused"
like "$err" "APQN 07.0005 is reserved for the host by the active AP bus masks" "... naming the APQN"
is "$(sysfs "$U1" matrix)" "03.0005 06.0005 " "... and the running device is unchanged"
no_lock "live: no lock left"
cfg auto assign_adapter=4 assign_domain=6 >"$J/u2.json"
run m14 define -u "$U2" -p matrix --jsonfile "$J/u2.json"
is "$rc" 0 "define auto U2 (04.0006)"
run m14 define -u "$U3" -p matrix --jsonfile "$J/u2.json"
is "$rc" 1 "define auto U3 with the same APQN: refused"
like "$err" "APQN 04.0006 is also defined for autostart by mdev $U2" "... naming the owner"
run m14 stop -u "$U1"
is "$rc" 0 "stop"
ok "$([ ! -e "/sys/devices/vfio_ap/matrix/$U1" ]; echo $?)" "stop: the device is gone"
run m14 undefine -u "$U1"
is "$rc" 0 "undefine"
run m14 list -d -u "$U1"
is "$out" "" "undefine: the definition is gone"
no_lock "after the workflow: no lock"

# ---- beside s390-tools' ap-check, as both packages install: ours decides
cp "$APCHECK" "$LIBDIR/ap-check"
cfg auto assign_adapter=5 assign_domain=256 >"$J/bad.json"
run m14 define -u "$U3" -p matrix --jsonfile "$J/bad.json"
is "$rc" 1 "with ap-check installed too: domain 256 is refused"
like "$err" "^$NAME: define of mdev $U3 refused" "... by our callout (it sorts first)"
like "$err" "ID above 255" "... with our reason"
mv "$LIBDIR/$NAME" "$J/ours"
run m14 define -u "$U3" -p matrix --jsonfile "$J/bad.json"
is "$rc" 0 "(without ours, ap-check lets the same definition through)"
m14 undefine -u "$U3" >/dev/null 2>&1
mv "$J/ours" "$LIBDIR/$NAME"
cfg manual assign_adapter=5 assign_domain=7 >"$J/ok.json"
run m14 define -u "$U3" -p matrix --jsonfile "$J/ok.json"
is "$rc" 0 "with ap-check installed too: a good definition is defined"
run m14 start -u "$U3"
is "$rc" 0 "... and started"
is "$(sysfs "$U3" matrix)" "05.0007 " "... with its matrix"
run m14 stop -u "$U3"
run m14 undefine -u "$U3"
no_lock "beside ap-check: no lock left"

# vfio-ap-ctl says that ap-check is installed too
cp "$APCHECK" /etc/mdevctl.d/scripts.d/callouts/ap-check
run "$top_builddir/tools/vfio-ap-ctl" define -n -u "$U3" -a 5 -d 7
like "$err" "warning: s390-tools' ap-check callout is installed too \\(/etc/mdevctl.d/scripts.d/callouts/ap-check\\)" \
	"vfio-ap-ctl define warns when ap-check is installed too"
rm -f /etc/mdevctl.d/scripts.d/callouts/ap-check
done_testing
