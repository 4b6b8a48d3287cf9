#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vfio-ap-ctl list, show, host and migration on the simulated small host,
# through the real mdevctl: golden text output, JSON key by key, errors.

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"
ctl_enter_sim "$HOSTS/small.json"

# ---- a missing vfio_ap (an empty /sys) ----------------------------------
for c in list host migration "show $U1" "export $U1"; do
	run unshare -m sh -c "mount -t tmpfs none /sys && exec $CTL $c"
	is "$rc" 6 "$c without vfio_ap exits 6"
	is "$err" "vfio-ap-ctl: ${c%% *}: vfio_ap is not loaded (no /sys/devices/vfio_ap/matrix)" \
		"$c without vfio_ap says so"
done

# ---- empty host -----------------------------------------------------------
ctl list
is "$rc" 0 "list on an empty host exits 0"
golden list-empty "$out"
ctl list -j
jq_is '.mdevs | length' 0 "list -j: no mdevs"
jq_is '."vfio-ap-ctl".json_schema_version' 2 "list -j: meta json_schema_version"
jq_is '."vfio-ap-ctl".command' list "list -j: meta command"
jq_is 'keys_unsorted | .[0]' vfio-ap-ctl "list -j: the meta object comes first"

# ---- two definitions, one started, a guest on it --------------------------
ctl define -u "$U1" -a 3-4 -d 5-6 -c 0x10
is "$rc" 0 "define U1 exits 0"
ctl define -u "$U2" --auto -a 5 -d 7,8
is "$rc" 0 "define U2 (auto) exits 0"
run mdevctl start -u "$U1"
is "$rc" 0 "mdevctl starts U1"
run "$APSIM" ctl mdev "$U1" guest 1
is "$rc" 0 "a guest opens U1"
# an mdev that is active but not defined, with nothing assigned
run mdevctl start -u "$U3" -p matrix -t vfio_ap-passthrough
is "$rc" 0 "mdevctl starts U3 without a definition"

ctl list
is "$rc" 0 "list exits 0"
golden list "$out"
ctl -j list
is "$rc" 0 "-j list exits 0"
jq_is '.mdevs | length' 3 "list -j: three mdevs"
jq_is '.mdevs[0] | keys_unsorted | join(",")' \
	uuid,parent,mdev_type,defined,active,start,adapters,domains,control_domains,in_use \
	"list -j: keys of an mdev, in order"
jq_is ".mdevs[] | select(.uuid == \"$U1\") | [.defined, .active, .start, .in_use] | @csv" \
	'true,true,"manual",true' "list -j: U1 defined, active, manual, in use"
jq_is ".mdevs[] | select(.uuid == \"$U1\") | [.adapters, .domains, .control_domains] | @json" \
	'[[3,4],[5,6],[16]]' "list -j: U1 IDs"
jq_is ".mdevs[] | select(.uuid == \"$U2\") | [.defined, .active, .start, .in_use] | @csv" \
	'true,false,"auto",false' "list -j: U2 defined only, auto"
jq_is ".mdevs[] | select(.uuid == \"$U3\") | [.defined, .active, (.start == null)] | @csv" \
	'false,true,true' "list -j: U3 active only, no start mode"

# ---- show -----------------------------------------------------------------
run "$APSIM" ctl card 4 config 0
is "$rc" 0 "card 04 is deconfigured"
ctl show "$U1"
is "$rc" 0 "show exits 0"
golden show "$out"
ctl show -j "$U1"
jq_is '.mdev | keys_unsorted | join(",")' \
	uuid,parent,mdev_type,defined,active,start,in_use,assigned,guest,guest_computed,ap_config,apqns,definition \
	"show -j: keys in order"
jq_is '.mdev.guest_computed' false "show -j: a small guest matrix is read, not computed"
jq_is '.mdev.assigned | @json' '{"adapters":[3,4],"domains":[5,6],"control_domains":[16]}' \
	"show -j: assigned matrix"
# 6.12 keeps a deconfigured (standby) adapter in the QCI APM and passes its
# queues to the guest (ap_bus.c:2134-2146, vfio_ap_ops.c:669-682): it stays
# in guest_matrix (the simulator encoded the opposite until issue 17)
jq_is '.mdev.guest.adapters | @json' '[3,4]' "show -j: deconfigured card 04 stays in the guest"
jq_is '[.mdev.apqns[] | select(.in_guest == true) | .apqn] | join(",")' \
	'03.0005,03.0006,04.0005,04.0006' "show -j: 04.0005 and 04.0006 stay in the guest"
jq_is '[.mdev.apqns[] | .reason // "-", .note // "-"] | join(",")' \
	'-,-,-,-,-,deconfig,-,deconfig' "show -j: the in-guest APQNs of deconfigured card 04 have note deconfig"
jq_is '.mdev.ap_config' \
	0x1800000000000000000000000000000000000000000000000000000000000000,0x0600000000000000000000000000000000000000000000000000000000000000,0x0000800000000000000000000000000000000000000000000000000000000000 \
	"show -j: ap_config"
run "$CTL" export "$U1"
is "$rc" 0 "export with a deconfigured card exits 0"
is "$(printf '%s\n' "$out" | jq -c '[.adapters, .num_queues]')" '[[3,4],4]' \
	"export: the deconfigured adapter's queues are part of the guest's configuration"
run "$APSIM" ctl card 4 config 1
run "$APSIM" ctl card 3 chkstop 1
ctl show -j "$U1"
jq_is '[.mdev.apqns[] | select(.in_guest) | .note // "-"] | join(",")' 'chkstop,chkstop,-,-' \
	"show -j: card 04 configured again: no note; check-stopped card 03 stays in the guest, note chkstop"
run "$APSIM" ctl card 3 chkstop 0
ctl show "$U2"
is "$rc" 0 "show of a defined-only mdev exits 0"
golden show-defined "$out"
ctl show -j "$U2"
jq_is '[.mdev.active, (.mdev.guest == null), .mdev.apqns[0].in_guest, .mdev.apqns[0].reason] | @csv' \
	'false,true,,"inactive"' "show -j: an inactive mdev has no guest matrix"

# ---- host -----------------------------------------------------------------
ctl host
is "$rc" 0 "host exits 0"
golden host "$out"
ctl host --free
is "$rc" 0 "host --free exits 0"
golden host-free "$out"
ctl host -j -q
jq_is '.host | keys_unsorted | join(",")' \
	features,matrix_features,migratable,max_adapter_id,max_domain_id,apmask,aqmask,adapters,usage_domains,control_domains \
	"host -j: host keys in order"
jq_is '.cards | map(.card) | @json' '[3,4,5,6,7,10]' "host -j: cards"
jq_is '.cards[] | select(.card == 5) | [.type, .mode, .hwtype, .raw_hwtype, .online] | @csv' \
	'"CEX7A","accel",13,13,true' "host -j: card 05"
jq_is '.apqns | length' 48 "host -j: 6 cards x 8 domains"
jq_is '.apqns[] | select(.apqn == "03.0005") | [.owner, .mdev, .driver] | @csv' \
	"\"mdev\",\"$U1\",\"vfio_ap\"" "host -j: 03.0005 belongs to U1"
jq_is '.apqns[] | select(.apqn == "07.0004") | [.owner, (.mdev == null), .driver] | @csv' \
	'"host",true,"cex4queue"' "host -j: 07.0004 belongs to the host"
jq_is '.apqns[] | select(.apqn == "06.000b") | .owner' free "host -j: 06.000b is free"
ctl host -j --free
jq_is '[.apqns[] | .owner] | unique | @json' '["free"]' "host --free -j: only free APQNs"
jq_is '.apqns | length' 26 "host --free -j: 32 vfio_ap APQNs minus U1's 4 and auto-start U2's 2"
jq_is 'has("cards")' false "host --free -j: no cards"

# ---- migration ------------------------------------------------------------
ctl migration
is "$rc" 0 "migration exits 0"
golden migration "$out"
ctl migration -j
jq_is '.migratable' true "migration -j: the host can migrate"
jq_is ".mdevs[] | select(.uuid == \"$U1\") | [.eligible, .queues, .stream_size] | @csv" \
	'true,4,192' "migration -j: U1 eligible, 4 queues, 64 + 32 x 4 bytes"
jq_is ".mdevs[] | select(.uuid == \"$U2\") | [.eligible, .reason] | @csv" \
	'false,"not-active"' "migration -j: U2 not active"
jq_is ".mdevs[] | select(.uuid == \"$U3\") | [.eligible, .reason, .stream_size] | @csv" \
	'false,"no-queues",64' "migration -j: U3 has no queues"
ctl migration -j "$U1"
jq_is '.mdevs | length' 1 "migration UUID: one mdev"

# ---- errors ---------------------------------------------------------------
ctl show "$UNKNOWN"
is "$rc" 3 "show of an unknown UUID exits 3"
is "$err" "vfio-ap-ctl: show: no matrix device $UNKNOWN (neither defined nor active)" \
	"show of an unknown UUID names it"
ctl show not-a-uuid
is "$rc" 2 "show of a malformed UUID exits 2"
is "$err" "vfio-ap-ctl: show: 'not-a-uuid' is not a UUID" "show of a malformed UUID: message"
ctl show
is "$rc" 2 "show without UUID exits 2"
is "$err" "vfio-ap-ctl: show: missing UUID" "show without UUID: message"
ctl list extra
is "$rc" 2 "list with an operand exits 2"
is "$err" "vfio-ap-ctl: list: unexpected argument 'extra'" "list with an operand: message"
ctl host --bogus
is "$rc" 2 "host --bogus exits 2"
is "$err" "vfio-ap-ctl: host: unknown option '--bogus' (try 'host --help')" "unknown option named"
ctl migration "$UNKNOWN"
is "$rc" 3 "migration of an unknown UUID exits 3"
# a definition mdevctl cannot have written: listed, marked, not fatal
printf '{"mdev_type": "vfio_ap-passthrough", "attrs": []}\n' >/etc/mdevctl.d/matrix/$UNKNOWN
ctl list
is "$rc" 0 "list with a broken definition exits 0"
like "$out" "^$UNKNOWN +yes +no +error " "list: the broken definition's START is error"
ctl list -j
jq_is ".mdevs[] | select(.uuid == \"$UNKNOWN\") | [.start, (.definition_error | length > 0)] | @csv" \
	',true' "list -j: start null and a definition_error"
ctl modify "$UNKNOWN" -a 3
is "$rc" 5 "modify of a broken definition exits 5"
like "$err" "^vfio-ap-ctl: modify: $UNKNOWN: the definition cannot be read: " \
	"modify of a broken definition: message"
rm -f /etc/mdevctl.d/matrix/$UNKNOWN

for c in list show host migration define modify assign unassign export check; do
	ctl "$c" --help
	is "$rc" 0 "$c --help exits 0"
	like "$out" "^Usage: vfio-ap-ctl $c" "$c --help prints its usage"
done

done_testing
