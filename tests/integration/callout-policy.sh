#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# One policy for the callout and vfio-ap-ctl (DESIGN.md section 6): both
# refuse what the kernel refuses and what would break a guest, warn (exit 0)
# for what the kernel accepts and filters out of the guest, give the same
# lines for the same configuration, and a refusal the callout makes inside
# mdevctl reaches vfio-ap-ctl's caller as the conflict exit status 4.
# Host: tests/hosts/small.json (adapters 03-07 and 0a, 03-06 free; usage
# domains 4-11; control domains 4-11 and 16; max IDs 255), mdevctl 1.2.0.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/callout-lib.sh"
need_mdevctl
callout_enter_sim

CTL=$top_builddir/tools/vfio-ap-ctl
U1=11111111-1111-1111-1111-111111111111
U2=22222222-2222-1222-1222-222222222222
U3=33333333-3333-1333-1333-333333333333
J=$_tap_tmp
callout_install
rules_ok=
if [ -d /etc/udev/rules.d ] && mount -t tmpfs callout-test /etc/udev/rules.d 2>/dev/null; then
	rules_ok=1
fi

# problem lines without the prefixes ("vfio-ap-ctl: define: UUID: ", "warning: ")
lines_of() {
	printf '%s\n' "$1" | sed -e 's/^vfio-ap-ctl: [a-z]*: [0-9a-f-]*: //' -e 's/^warning: //' |
		grep -v -e 'refused' -e '^$' | sort
}

# ---- a control domain outside the host's AP configuration: warning, exit 0
run "$CTL" define -u "$U1" -a 6 -d 9 -c 12
is "$rc" 0 "define with control domain 12 (not in the host's AP configuration): exit 0"
like "$err" "warning: control domain 000c is not in the host's AP configuration; the guest will not see it until it is" \
	"... with the warning"
run mdevctl list -d -u "$U1" --dumpjson
like "$out" '"assign_control_domain": "12"' "... and the definition was written through mdevctl"
run "$CTL" define -n -j -u "$U2" -a 6 -d 10 -c 12
is "$(printf '%s' "$out" | jq -r '.result.problems[] | "\(.severity) \(.kind)"')" \
	"warning control-domain-not-host" "JSON: severity warning, kind control-domain-not-host"

# adapters and domains the host does not have: said so, not "reserved for the host"
run "$CTL" define -n -u "$U2" -a 6 -d 20
is "$rc" 0 "domain 20 (not a usage domain of the host): accepted"
like "$err" "warning: domain 0014 is not in the host's AP configuration; the guest will not see it until it is" \
	"... with a warning"
run "$CTL" define -n -u "$U2" -a 8 -d 9
like "$err" "adapter 08 is not in the host's AP configuration" \
	"adapter 8 (no card): not in the host's AP configuration"
like "$err" "APQN 08.0009 is not in the host's AP configuration, and the active AP bus masks" \
	"... and its APQN is the host's by the masks, said as such"
is "$(printf '%s\n' "$err" | grep -c '08\.0009')" 1 "... reported once"

# at start the callout warns the same (its queue status reads prove nothing here)
cfg manual assign_adapter=6 assign_domain=20 >"$J/d20.json"
run mdevctl start -u "$U2" -p matrix --jsonfile "$J/d20.json"
is "$rc" 0 "start with domain 20: the kernel takes it"
like "$err" "warning: domain 0014 is not in the host's AP configuration" "... and the callout warns"
run mdevctl stop -u "$U2"
cfg manual assign_adapter=6 assign_domain=11 >"$J/d11.json"
run mdevctl start -u "$U2" -p matrix --jsonfile "$J/d11.json"
is "$rc" 0 "start with 06.000b (a queue of the host's configuration)"
is "$err" "" "... without a warning"
run mdevctl stop -u "$U2"

# ---- the callout and vfio-ap-ctl give the same lines for the same matrix
same() { # NAME START CTL-ARGS -- ATTRS...
	_name=$1 _start=$2
	shift 2
	_args=
	while [ "$1" != -- ]; do _args="$_args $1"; shift; done
	shift
	# shellcheck disable=SC2086
	run "$CTL" define -n -u "$U3" $_args
	_ctl=$(lines_of "$err")
	cfg "$_start" "$@" >"$J/same.json"
	run co pre define "$U3" <"$J/same.json"
	rm -f "$LOCK"
	is "$(lines_of "$err")" "$_ctl" "same lines from the callout and vfio-ap-ctl: $_name"
}
same "control domain outside" manual -a 6 -d 9 -c 12 -- \
	assign_adapter=6 assign_domain=9 assign_control_domain=12
same "no such adapter, auto" auto --auto -a 8 -d 9 -- assign_adapter=8 assign_domain=9
same "host-owned range, auto" auto --auto -a 7 -d 4-11 -- assign_adapter=7 \
	assign_domain=4 assign_domain=5 assign_domain=6 assign_domain=7 assign_domain=8 \
	assign_domain=9 assign_domain=10 assign_domain=11
same "autostart owner" auto --auto -a 6 -d 9 -- assign_adapter=6 assign_domain=9

# ---- the other auto-start definitions are those of vfio_ap devices, for
# the tool as for the callout (the tool took every mdev type)
mkdir -p /etc/mdevctl.d/matrix
printf '{"mdev_type":"other-type","start":"auto","attrs":[{"assign_adapter":"3"},{"assign_domain":"4"}]}\n' \
	>/etc/mdevctl.d/matrix/55555555-5555-1555-1555-555555555555
run "$CTL" define -n --auto -u "$U3" -a 3 -d 4
is "$rc" 0 "an auto-start definition of another mdev type is no owner for vfio-ap-ctl"
same "another type's definition" auto --auto -a 3 -d 4 -- assign_adapter=3 assign_domain=4
rm -f /etc/mdevctl.d/matrix/55555555-5555-1555-1555-555555555555

# ---- long refusals in ranges: one line per adapter, not one per APQN
run "$CTL" define -n --auto -u "$U3" -a 0-255 -d 0-255
is "$rc" 4 "define --auto of everything: refused"
ok "$([ "$(lines "$err")" -lt 1100 ]; echo $?)" "... in $(lines "$err") lines, not 65536"
like "$err" "APQNs 07\\.000c-07\\.00ff are not in the host's AP configuration" "... as ranges"

# ---- control domains without a usage domain: built step by step, refused at start
run "$CTL" define -u "$U2" -a 5 -d 9
run mdevctl modify -u "$U2" --delattr --index 1
is "$rc" 0 "mdevctl modify: the last usage domain removed"
run mdevctl modify -u "$U2" --addattr=assign_control_domain --value=5
is "$rc" 0 "mdevctl modify: a control domain added without a usage domain"
run mdevctl start -u "$U2"
is "$rc" 1 "start with control domains but no usage domain: refused"
like "$err" "control domains are assigned but no usage domain" "... saying why"
run mdevctl undefine -u "$U2"

# ---- a refusal inside mdevctl is vfio-ap-ctl's conflict exit 4: an auto
# definition that appears between the tool's check and mdevctl's define (a
# concurrent change) makes the callout refuse
cfg auto assign_adapter=3 assign_domain=4 >"$J/other.json"
cat >"$J/mdevctl-race" <<EOS
#!/bin/sh
cp $J/other.json /etc/mdevctl.d/matrix/44444444-4444-1444-1444-444444444444
exec mdevctl "\$@"
EOS
chmod +x "$J/mdevctl-race"
run env VFIO_AP_CTL_MDEVCTL="$J/mdevctl-race" "$CTL" define --auto -u "$U3" -a 3 -d 4
is "$rc" 4 "an auto-start conflict refused inside mdevctl: exit 4"
like "$err" "APQN 03.0004 is also defined for autostart by mdev 44444444-4444-1444-1444-444444444444" \
	"... with the callout's reason"
run mdevctl list -d -u "$U3"
is "$out" "" "... and nothing was defined"
rm -f /etc/mdevctl.d/matrix/44444444-4444-1444-1444-444444444444
no_lock "no lock left"
# the same for a change of a definition (undefine and define inside)
run "$CTL" define --auto -u "$U3" -a 3 -d 4
is "$rc" 0 "define --auto U3 (03.0004)"
cfg auto assign_adapter=3 assign_domain=5 >"$J/other.json"
run env VFIO_AP_CTL_MDEVCTL="$J/mdevctl-race" "$CTL" modify "$U3" -d 4-5
is "$rc" 4 "a modify the callout refuses inside mdevctl: exit 4"
like "$err" "APQN 03.0005 is also defined for autostart by mdev 44444444-4444-1444-1444-444444444444" \
	"... with the callout's reason"
run mdevctl list -d -u "$U3" --dumpjson
is "$(printf '%s' "$out" | compact)" \
	"{\"mdev_type\":\"$TYPE\",\"start\":\"auto\",\"attrs\":[{\"assign_adapter\":\"3\"},{\"assign_domain\":\"4\"}]}" \
	"... and the definition is the old one"
rm -f /etc/mdevctl.d/matrix/44444444-4444-1444-1444-444444444444
run mdevctl undefine -u "$U3"
no_lock "no lock left after the refused modify"

# ---- IDs as an admin types them: a leading 0 or an APQN is refused with a hint
run "$CTL" define -n -u "$U3" -a 010 -d 5
is "$rc" 2 "-a 010 (octal 8 to the kernel): a usage error, not adapter 8"
like "$err" "a leading 0 makes an ID octal; write 10 \\(decimal\\) or 0x10 \\(hexadecimal\\)" "... with a hint"
run "$CTL" define -n -u "$U3" -a 3 -d 4-08
is "$rc" 2 "-d 4-08: refused"
run "$CTL" define -n -u "$U3" -a 05.0005 -d 5
is "$rc" 2 "-a 05.0005 (an APQN): refused"
like "$err" "an APQN\\? Give its adapter and domain apart: -a 0x05 -d 0x0005" "... with a hint"
run "$CTL" define -n -u "$U3" -a 0 -d 0x0a
is "$rc" 0 "-a 0 -d 0x0a: fine"

# ---- the persistent masks file: named only when read; garbage said precisely
if [ -n "$rules_ok" ]; then
	run "$CTL" define -n --auto -u "$U3" -a 7 -d 5
	like "$err" "APQN 07.0005 is reserved for the host by the AP bus masks \\(apmask/aqmask; no persistent masks set\\)" \
		"no 41-ap.rules: the message does not name it"
	printf 'ATTR{../../bus/ap/apmask}="0xe400000000000000000000000000000000000000000000000000000000000000"\n' \
		>/etc/udev/rules.d/41-ap.rules
	run "$CTL" define -n --auto -u "$U3" -a 5 -d 5
	like "$err" "APQN 05.0005 is reserved for the host by the persistent AP bus masks \\(/etc/udev/rules.d/41-ap.rules\\)" \
		"41-ap.rules read: named"
	printf 'ATTR{../../bus/ap/apmask}="zzz"\n' >/etc/udev/rules.d/41-ap.rules
	run "$CTL" define -n --auto -u "$U3" -a 5 -d 5
	is "$rc" 1 "garbage 41-ap.rules: exit 1"
	is "$err" "vfio-ap-ctl: define: $U3: cannot read the persistent AP bus masks in /etc/udev/rules.d/41-ap.rules: malformed apmask or aqmask" \
		"garbage 41-ap.rules: the callout's precise message in vfio-ap-ctl too"
	rm -f /etc/udev/rules.d/41-ap.rules
else
	for i in 1 2 3 4; do
		echo "ok $((_tap_n + i)) # SKIP cannot mount a scratch tmpfs over /etc/udev/rules.d"
	done
	_tap_n=$((_tap_n + 4))
fi
done_testing
