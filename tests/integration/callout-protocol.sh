#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The callout called exactly as mdevctl >= 1.3.0 calls it (there is no such
# mdevctl on Debian 12): the capabilities probe, pre/post with the lock held
# for the caller's PID in between, get attributes between pre and post of a
# define, live modify through ap_config; plus the command line and malformed
# input. Against the AP host simulator (tests/hosts/small.json).
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/callout-lib.sh"
callout_enter_sim

U1=11111111-1111-1111-1111-111111111111
U2=22222222-2222-2222-2222-222222222222
U3=33333333-3333-3333-3333-333333333333
J=$_tap_tmp
PROVIDES='{"provides":{"version":2,"actions":["start","stop","define","undefine","modify","attributes","capabilities"],"events":["pre","post","notify","get","live"]}}'
M=/sys/devices/vfio_ap/matrix

# ---- capabilities (what mdevctl's find_versioned_script sends)
run co get capabilities "$U1" <<EOF
$PROVIDES
EOF
is "$rc" 0 "capabilities: exit 0"
is "$out" '{"supports":{"version":2,"actions":["define","modify","start","stop","undefine","attributes","capabilities"],"events":["pre","post","get","live"]}}' \
	"capabilities: version 2, our actions and events"
run co get capabilities "$U1" <<'EOF'
{"provides":{"version":1,"actions":["start","stop","define"],"events":["pre","post"]}}
EOF
is "$out" '{"supports":{"version":2,"actions":["define","start","stop"],"events":["pre","post"]}}' \
	"capabilities: only what is offered"
run co get capabilities "$U1" mdev_type_of_someone_else <<EOF
$PROVIDES
EOF
is "$rc" 2 "capabilities for another type: exit 2 (mdevctl tries the next script)"
is "$out" "" "capabilities for another type: no answer"
printf '{"provides":' >"$J/bad"
run co get capabilities "$U1" <"$J/bad"
is "$rc" 5 "capabilities: malformed JSON: exit 5"
is "$(lines "$err")" 1 "capabilities: malformed JSON: one line"
like "$err" "^capabilities: stdin is not valid JSON" "capabilities: malformed JSON: message"
echo '{"provides":{"actions":[],"events":[]}}' >"$J/bad"
run co get capabilities "$U1" <"$J/bad"
is "$rc" 5 "capabilities without version: exit 5"
like "$err" "no positive integer \"version\"" "capabilities without version: message"

# ---- pre/post define: the lock is held for the caller (mdevctl) in between
cfg auto assign_adapter=3 assign_domain=4 assign_domain=5 >"$J/u1.json"
run co pre define "$U1" <"$J/u1.json"
is "$rc" 0 "pre define: exit 0"
is "$(cat $LOCK 2>/dev/null)" "$$" "pre define: lock holds the caller's PID"
run co pre modify "$U1" <"$J/u1.json"
is "$rc" 0 "a second pre of the same caller does not wait for itself"
mkdir -p /etc/mdevctl.d/matrix && cp "$J/u1.json" "/etc/mdevctl.d/matrix/$U1"
run co post define "$U1" <"$J/u1.json"
is "$rc" 0 "post define: exit 0"
no_lock "post define: lock released"

# ---- never exit 2 for our own type once versioned (2 would be an error then)
run co pre start "$U2" </dev/null
is "$rc" 5 "pre start with empty stdin: exit 5, not 2"
like "$err" "invalid mdev config on stdin: no config: empty input" "empty stdin: message"
printf '{"mdev_type":"vfio_ap-passthrough","start":"auto","attrs":[{"assign_adapter":3}]}' >"$J/bad"
run co pre define "$U2" <"$J/bad"
is "$rc" 5 "non-string attribute value: exit 5"
is "$(lines "$err")" 1 "non-string attribute value: one line"
like "$err" 'attrs\[0\] "assign_adapter": value must be a string' "non-string value: message"
printf '{"mdev_type":"vfio_ccw-io","start":"auto","attrs":[]}' >"$J/bad"
run co pre define "$U2" <"$J/bad"
is "$rc" 5 "stdin config of another type: exit 5"
no_lock "malformed input: no lock left"

# ---- define of an active device without config (HEAD order: pre, get, post)
sysfs_mdev "$U2" assign_adapter=4 assign_domain=6 assign_control_domain=16
cfg manual >"$J/empty.json"
run co pre define "$U2" <"$J/empty.json"
is "$rc" 0 "pre define with attrs [] (HEAD sends the config before get attributes)"
run co get attributes "$U2" </dev/null
is "$rc" 0 "get attributes while the caller holds the lock"
is "$out" '[{"assign_adapter":"4"},{"assign_domain":"6"},{"assign_control_domain":"16"}]' \
	"get attributes: adapters, domains, control domains, decimal"
run co post define "$U2" <"$J/empty.json"
no_lock "post: lock released"
# the same with start auto: the active device's APQNs are checked, not the empty list
cfg auto assign_adapter=4 assign_domain=6 >"/etc/mdevctl.d/matrix/$U1"
cfg auto >"$J/empty-auto.json"
run co pre define "$U2" <"$J/empty-auto.json"
is "$rc" 4 "pre define --auto of an active device: its APQNs are checked (HEAD sends attrs [])"
like "$err" "APQN 04.0006 is also defined for autostart by mdev $U1" \
	"pre define of an active device: the overlap with an auto definition"
no_lock "refused: lock released"
cp "$J/u1.json" "/etc/mdevctl.d/matrix/$U1"
sysfs_mdev "$U3"
run co get attributes "$U3" </dev/null
is "$out" "[]" "get attributes of an empty mdev: [] (not [{}])"
run co get attributes 99999999-9999-9999-9999-999999999999 </dev/null
is "$rc" 1 "get attributes of an mdev that is not active: exit 1"
like "$err" "is not active" "not active: message"

# ---- live modify: checked, then one ap_config write
cfg manual assign_adapter=4 assign_adapter=5 assign_domain=6 assign_domain=7 \
	assign_control_domain=6 >"$J/live.json"
run co live modify "$U2" <"$J/live.json"
is "$rc" 0 "live modify: exit 0"
is "$(cat $M/$U2/matrix | tr '\n' ' ')" "04.0006 04.0007 05.0006 05.0007 " "live modify: new matrix"
is "$(cat $M/$U2/control_domains)" "0006" "live modify: new control domains"
no_lock "live modify: lock released"
echo 3 >$M/$U3/assign_adapter && echo 9 >$M/$U3/assign_domain
cfg manual assign_adapter=3 assign_adapter=4 assign_domain=9 assign_domain=6 >"$J/live.json"
run co live modify "$U2" <"$J/live.json"
is "$rc" 4 "live modify onto another mdev's APQN: refused"
like "$err" "live modify of mdev $U2 refused \\(1 problem\\):" "live refused: summary"
like "$err" "APQN 03.0009 is already in use by active mdev $U3" "live refused: APQN and owner"
is "$(cat $M/$U2/matrix | tr '\n' ' ')" "04.0006 04.0007 05.0006 05.0007 " "live refused: matrix unchanged"
cfg manual assign_adapter=4 unassign_adapter=4 assign_adapter=5 assign_domain=7 >"$J/live.json"
run co live modify "$U2" <"$J/live.json"
is "$rc" 0 "live modify: attrs replayed, unassign applied"
is "$(cat $M/$U2/ap_config)" \
	"0x0400000000000000000000000000000000000000000000000000000000000000,0x0100000000000000000000000000000000000000000000000000000000000000,0x0000000000000000000000000000000000000000000000000000000000000000" \
	"live modify: ap_config is the final matrix"
run co live modify 99999999-9999-9999-9999-999999999999 <"$J/live.json"
is "$rc" 1 "live modify of an inactive mdev: exit 1"
like "$err" "is not active: live modify needs a running mdev" "live inactive: message"

# ---- start checks through pre start directly, all problems at once
cfg manual assign_adapter=3 assign_adapter=7 assign_domain=9 assign_domain=300 >"$J/s.json"
run co pre start 77777777-7777-7777-7777-777777777777 <"$J/s.json"
is "$rc" 4 "pre start with three problems: exit 4"
is "$(lines "$err")" 4 "pre start: summary and one line per problem"
like "$err" 'attribute assign_domain: invalid value "300": ID above 255' "pre start: ID above 255"
like "$err" "APQN 07.0009 is reserved for the host by the active AP bus masks" "pre start: host APQN"
like "$err" "APQN 03.0009 is already in use by active mdev $U3" "pre start: in use"
no_lock "refused pre: lock released at once"

# ---- the command line
run callout -t "$TYPE" -e pre -a start -s none -u "$U1"
is "$rc" 3 "missing -p: exit 3"
like "$err" "missing option" "missing option: message"
run callout -t "$TYPE" -e pre -a start -s none -u not-a-uuid -p matrix
is "$rc" 3 "invalid UUID: exit 3"
like "$err" "invalid UUID 'not-a-uuid'" "invalid UUID: message"
run callout -t "$TYPE" -e get -a attributes -s none -u "$U1" -p css
is "$rc" 3 "wrong parent: exit 3"
run callout -t "$TYPE" -t "$TYPE" -e get -a attributes -s none -u "$U1" -p matrix
is "$rc" 3 "option given twice: exit 3"
run callout -x
is "$rc" 3 "unknown option: exit 3"
run callout --help
is "$rc" 0 "--help: exit 0"
like "$out" "vfio-ap-callout\\(8\\)" "--help names the man page"
run co notify define "$U1" </dev/null
is "$rc$out$err" "0" "notify: nothing to do"
run co pre test "$U1" </dev/null
is "$rc" 0 "an action of a newer mdevctl: ignored"

done_testing
