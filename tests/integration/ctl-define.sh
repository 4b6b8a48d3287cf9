#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vfio-ap-ctl define, modify, assign and unassign on the simulated small
# host through the real mdevctl and the vfio-ap callout: conflicts reported
# first (all of them, with their owners), --dry-run, --live, errors.

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"
ctl_enter_sim "$HOSTS/small.json"

CFG=/etc/mdevctl.d/matrix
# attrs of a definition as "key=value,..."
attrs() {
	jq -r '[.attrs[] | to_entries[0] | .key + "=" + .value] | join(",")' "$CFG/$1"
}

# ---- define ---------------------------------------------------------------
ctl define -a 3 -d 4
is "$rc" 0 "define with a generated UUID exits 0"
golden define-generated "$(printf '%s\n' "$out" | norm)"
gen=$(printf '%s\n' "$out" | sed -n 's/^defined \([0-9a-f-]*\):.*/\1/p')
ok "$([ -r "$CFG/$gen" ]; echo $?)" "the generated UUID is defined in $CFG"
run mdevctl undefine -u "$gen"

ctl define -u "$U1" -a 3-4 -d 5-6 -c 0x10
is "$rc" 0 "define U1 exits 0"
is "$out" "defined $U1: adapters 03-04, domains 0005-0006, control domains 0010 (start manual)" \
	"define U1: summary"
is "$(attrs "$U1")" \
	"assign_adapter=3,assign_adapter=4,assign_domain=5,assign_domain=6,assign_control_domain=16" \
	"define U1: the mdevctl config assigns every ID"
is "$(jq -r .start "$CFG/$U1")" manual "define U1: start manual"

ctl define -u "$U1" -a 5 -d 5
is "$rc" 4 "define of a defined UUID exits 4"
is "$err" "vfio-ap-ctl: define: $U1: already defined (use modify)" "define twice: message"

ctl define -u "$U2" --auto -a 3 -d 5-6
is "$rc" 0 "define U2 (auto) exits 0"

# every conflict at once, with owners; nothing defined
ctl define -u "$U3" --auto -a 3,7 -d 5-6
is "$rc" 4 "define with conflicts exits 4"
golden define-conflicts "$err"
is "$out" "" "define with conflicts: nothing on stdout"
ok "$([ ! -e "$CFG/$U3" ]; echo $?)" "define with conflicts: nothing defined"
ctl define -j -u "$U3" --auto -a 3,7 -d 5-6
is "$rc" 4 "define -j with conflicts exits 4"
jq_is '.result.changed' false "define -j: not changed"
jq_is '[.result.problems[] | select(.severity == "error") | .kind + ":" + .apqn + ":" + (.owner // "-")] | join(",")' \
	"host-owned-persistent:07.0005:-,host-owned-persistent:07.0006:-,autostart:03.0005:$U2,autostart:03.0006:$U2" \
	"define -j: every refused APQN with its kind and owner"

# --dry-run changes nothing
ctl define -n -u "$U3" -a 6 -d 9 -c 9
is "$rc" 0 "define --dry-run exits 0"
golden define-dry-run "$out"
ok "$([ ! -e "$CFG/$U3" ]; echo $?)" "define --dry-run: nothing defined"
ctl define -n -j -u "$U3" -a 6 -d 9
jq_is '[.result.dry_run, .result.changed, .result.definition.start] | @csv' 'true,false,"manual"' \
	"define --dry-run -j: dry run, unchanged"
jq_is '.result.mdevctl[0]' "mdevctl define -u $U3 -p matrix --jsonfile FILE" \
	"define --dry-run -j: the mdevctl command"

# ---- assign / unassign / modify of a definition ---------------------------
ctl assign "$U1" -d 7 --domain 0x8
is "$rc" 0 "assign exits 0"
is "$out" "definition $U1: adapters 03-04, domains 0005-0008, control domains 0010 (start manual)" \
	"assign: summary"
is "$(attrs "$U1")" \
	"assign_adapter=3,assign_adapter=4,assign_domain=5,assign_domain=6,assign_domain=7,assign_domain=8,assign_control_domain=16" \
	"assign: the definition has the new domains"
ctl unassign "$U1" -a 4 -c 16
is "$rc" 0 "unassign exits 0"
is "$(attrs "$U1")" "assign_adapter=3,assign_domain=5,assign_domain=6,assign_domain=7,assign_domain=8" \
	"unassign: adapter 4 and control domain 16 are gone"
ctl modify "$U1" -d 8-9
is "$rc" 0 "modify of the domains exits 0"
is "$(attrs "$U1")" "assign_adapter=3,assign_domain=8,assign_domain=9" "modify: domains replaced"
ctl modify "$U1" -d 5-6 --auto
is "$rc" 4 "modify to auto-start overlapping U2 exits 4"
golden modify-conflicts "$err"
is "$(attrs "$U1")" "assign_adapter=3,assign_domain=8,assign_domain=9" \
	"refused modify: definition unchanged"
ctl modify "$U1" --auto
is "$rc" 0 "modify --auto exits 0"
is "$(jq -r .start "$CFG/$U1")" auto "modify --auto: start auto"
ctl unassign "$U1" -d 9 -n
is "$rc" 0 "unassign --dry-run exits 0"
golden unassign-dry-run "$out"
is "$(attrs "$U1")" "assign_adapter=3,assign_domain=8,assign_domain=9" "unassign --dry-run: unchanged"

# ---- --live through ap_config ----------------------------------------------
run mdevctl start -u "$U1"
is "$rc" 0 "mdevctl starts U1"
run mdevctl start -u "$U2"
is "$rc" 0 "mdevctl starts U2"
ctl assign "$U1" --live -a 5
is "$rc" 0 "assign --live exits 0"
golden assign-live "$out"
is "$(cat /sys/devices/vfio_ap/matrix/$U1/matrix | tr '\n' ' ')" \
	"03.0008 03.0009 05.0008 05.0009 " "assign --live: the running device has adapter 5"
is "$(attrs "$U1")" "assign_adapter=3,assign_adapter=5,assign_domain=8,assign_domain=9" \
	"assign --live: the definition too"
ctl assign "$U1" --live -d 5 -a 7
is "$rc" 4 "assign --live of APQNs of U2 and the host exits 4"
golden assign-live-conflicts "$err"
is "$(cat /sys/devices/vfio_ap/matrix/$U1/matrix | tr '\n' ' ')" \
	"03.0008 03.0009 05.0008 05.0009 " "refused assign --live: the running device is unchanged"
ctl assign -j "$U1" --live -d 5
jq_is '[.result.problems[] | select(.kind == "in-use") | .apqn + ":" + .owner] | join(",")' \
	"03.0005:$U2" "assign --live -j: in-use with the owner"
ctl unassign -j "$U1" --live -a 5
is "$rc" 0 "unassign --live -j exits 0"
jq_is '[.result.changed, (.result.live.matrix.adapters | @json), .result.live.ap_config] | @csv' \
	'true,"[3]","0x1000000000000000000000000000000000000000000000000000000000000000,0x00c0000000000000000000000000000000000000000000000000000000000000,0x0000000000000000000000000000000000000000000000000000000000000000"' \
	"unassign --live -j: changed, new live matrix and ap_config"
run mdevctl start -u "$U3" -p matrix -t vfio_ap-passthrough
ctl assign "$U3" --live -a 6 -d 10
is "$rc" 0 "assign --live of an active, undefined mdev exits 0"
is "$out" "live $U3: adapters 06, domains 000a, control domains -" "assign --live: only the live device"
ok "$([ ! -e "$CFG/$U3" ]; echo $?)" "assign --live of an undefined mdev defines nothing"

# the AP configuration lock: held by a live process, a live change waits
# (10 s) and gives up; nothing changes
sleep 60 &
holder=$!
echo "$holder" >/run/lock/s390apconfig.lock
ctl assign "$U3" --live -d 11
is "$rc" 1 "assign --live while another process holds the AP lock exits 1"
is "$err" "vfio-ap-ctl: assign: $U3: the AP configuration lock /run/lock/s390apconfig.lock is held by PID $holder" \
	"assign --live with the lock held: message names the holder"
is "$(cat /sys/devices/vfio_ap/matrix/$U3/matrix)" "06.000a" "lock held: the device is unchanged"
kill "$holder"
wait "$holder" 2>/dev/null
ctl assign "$U3" --live -d 11
is "$rc" 0 "assign --live once the holder is gone (stale lock removed) exits 0"
ok "$([ ! -e /run/lock/s390apconfig.lock ]; echo $?)" "assign --live leaves no lock behind"

# ---- errors ---------------------------------------------------------------
ctl assign "$U3" -a 6
is "$rc" 3 "assign without --live to an undefined mdev exits 3"
is "$err" "vfio-ap-ctl: assign: $U3: not defined (use --live to change the running device)" \
	"assign to an undefined mdev: message"
run mdevctl stop -u "$U2"
ctl assign "$U2" --live -a 6
is "$rc" 3 "assign --live to an inactive mdev exits 3"
is "$err" "vfio-ap-ctl: assign: $U2: not active: --live needs a running device" \
	"assign --live to an inactive mdev: message"
ctl modify "$UNKNOWN" -a 1
is "$rc" 3 "modify of an unknown UUID exits 3"
is "$err" "vfio-ap-ctl: modify: no matrix device $UNKNOWN (neither defined nor active)" \
	"modify of an unknown UUID: message"
ctl assign "$U1"
is "$rc" 2 "assign without IDs exits 2"
is "$err" "vfio-ap-ctl: assign: nothing to change: give --adapter, --domain or --control-domain" \
	"assign without IDs: message"
ctl assign "$U1" -a 300
is "$rc" 2 "assign of adapter 300 exits 2"
like "$err" "^vfio-ap-ctl: assign: invalid --adapter '300': " "assign of adapter 300: message"
ctl assign "$U1" -d 5-3
is "$rc" 2 "assign of a reversed range exits 2"
ctl define -a 3
is "$rc" 2 "define without --domains exits 2"
is "$err" "vfio-ap-ctl: define: --adapters and --domains are required" "define without domains"
ctl define -u nope -a 3 -d 4
is "$rc" 2 "define with a malformed UUID exits 2"
is "$err" "vfio-ap-ctl: define: 'nope' is not a UUID" "define with a malformed UUID: message"
ctl define --live -a 3 -d 4
is "$rc" 2 "define --live exits 2"
ctl assign "$U1" --auto -a 3
is "$rc" 2 "assign --auto exits 2"
ctl modify "$U1" --auto --manual
is "$rc" 2 "modify --auto --manual exits 2"
ctl assign "$U1" -a
is "$rc" 2 "assign -a without a value exits 2"
is "$err" "vfio-ap-ctl: assign: option '-a' needs an argument" "missing option argument: message"

# a modify whose new definition mdevctl refuses puts the old one back
cat >"$_tap_tmp/mdevctl-nodefine" <<'SH'
#!/bin/sh
# refuse the first define only
if [ "$1" = define ] && [ ! -e "$0.refused" ]; then
	: >"$0.refused"
	echo "Error: simulated refusal" >&2
	exit 1
fi
exec mdevctl "$@"
SH
chmod +x "$_tap_tmp/mdevctl-nodefine"
before=$(attrs "$U1")
VFIO_AP_CTL_MDEVCTL=$_tap_tmp/mdevctl-nodefine ctl modify "$U1" -d 10
is "$rc" 1 "modify whose define mdevctl refuses exits 1"
like "$err" "mdevctl: Error: simulated refusal" "modify: mdevctl's message is passed on"
is "$(attrs "$U1")" "$before" "modify: the old definition is back"

# mdevctl fails or is missing: exit 1, its message passed on
VFIO_AP_CTL_MDEVCTL=false ctl define -u "$U3" -a 6 -d 11
is "$rc" 1 "a failing mdevctl: exit 1"
is "$err" "vfio-ap-ctl: define: $U3: mdevctl define failed (exit status 1)" \
	"a failing mdevctl: message"
VFIO_AP_CTL_MDEVCTL=/nonexistent/mdevctl ctl define -u "$U3" -a 6 -d 11
is "$rc" 1 "a missing mdevctl: exit 1"
is "$err" "vfio-ap-ctl: define: $U3: cannot run /nonexistent/mdevctl: No such file or directory" \
	"a missing mdevctl: message"

done_testing
