#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# apsim: host description files (the shipped ones load, bad ones are refused
# with one line naming the problem), the mount itself, write errors as seen
# by a shell, and permissions for a non-root user inside.
. "$top_srcdir/tests/sim/lib.sh"
_why=$(sim_missing)
if [ -n "$_why" ]; then
	echo "1..0 # SKIP $_why"
	exit 0
fi
. "$top_srcdir/tests/lib/tap.sh"

apsim=$top_builddir/tests/sim/apsim
hosts=$top_srcdir/tests/hosts

for h in small small-dest small-dest-newer small-dest-incompat big-256; do
	run "$apsim" --check "$hosts/$h.json"
	is "$rc:$err" "0:" "host $h.json is valid"
done

# bad_host NAME JSON PATTERN: refused with exit 5 and one line matching PATTERN
bad_host() {
	printf '%s\n' "$2" >"$_tap_tmp/host.json"
	run "$apsim" --check "$_tap_tmp/host.json"
	is "$rc" 5 "bad host ($1): exit 5"
	like "$err" "$3" "bad host ($1): the message names it"
	is "$(lines "$err")" 1 "bad host ($1): one line"
}
bad_host "not JSON" '{ "adapters": [' 'host.json:'
bad_host "unknown key" '{ "adapters": [], "colour": 1 }' 'unknown key "colour"'
bad_host "unknown adapter key" '{ "adapters": [ { "id": 1, "typ": "CEX8" } ] }' \
	'adapters\[0\]: unknown key "typ"'
bad_host "bad type" '{ "adapters": [ { "id": 1, "type": "CEX3" } ] }' '"type" must be'
bad_host "bad mode" '{ "adapters": [ { "id": 1, "mode": "XCP" } ] }' '"mode" must be'
bad_host "id too big" '{ "adapters": [ { "id": 256 } ] }' '"id" must be a number 0..255'
bad_host "twice" '{ "adapters": [ { "id": 1 }, { "ids": "0-3" } ] }' 'adapter 1 is described twice'
bad_host "bad ID list" '{ "usage_domains": "4-x", "adapters": [] }' '"usage_domains" must be'
bad_host "bad apmask" '{ "apmask": "0xzz", "adapters": [] }' '"apmask" must be'
bad_host "bad hwinfo" '{ "adapters": [ { "id": 1, "hwinfo": "zz" } ] }' '"hwinfo" must be'
bad_host "bad facility" '{ "adapters": [ { "id": 1, "facilities": ["apsx"] } ] }' \
	'unknown facility'
bad_host "no adapters" '{ "apxa": true }' '"adapters" must be an array'
run "$apsim" --host "$hosts/small.json"
is "$rc" 2 "no mount point: usage error 2"
run "$apsim" ctl ping
is "$rc" 2 "ctl without a socket: usage error 2"

# a non-APXA host: ids up to 63 / 15
cat >"$_tap_tmp/noapxa.json" <<'JSON'
{ "apxa": false, "adapters": [ { "id": 2, "hwinfo": "0x9400000009000007" }, { "id": 3 } ] }
JSON
run "$sim_run" --host "$_tap_tmp/noapxa.json" -- sh -c '
	cat /sys/bus/ap/ap_max_adapter_id /sys/bus/ap/ap_max_domain_id /sys/bus/ap/features
	ls /sys/bus/ap/devices | grep -c "^03\."; ls /sys/devices/ap
	echo 0f6f2e5a-1b3c-4d5e-8f70-a1b2c3d4e5f6 >'"$T"'/create
	'"$sim_write"' '"$M"'/0f6f2e5a-1b3c-4d5e-8f70-a1b2c3d4e5f6/assign_adapter 64
	'"$sim_write"' '"$M"'/0f6f2e5a-1b3c-4d5e-8f70-a1b2c3d4e5f6/assign_domain 16
	'"$sim_write"' '"$M"'/0f6f2e5a-1b3c-4d5e-8f70-a1b2c3d4e5f6/ap_config 0x0000000000000000ff,0x00,0x00'
is "$out" "63
15
APSC QACT RC8A
16
card03
uevent
ENODEV
ENODEV
ENODEV" "non-APXA host: 63/15, no card for raw type 9, ENODEV above the max ids"

# D14: a host without QCI (no flags): features "-", the masks "not supported"
# (ap_bus.c:1292-1332, 1651-1656)
cat >"$_tap_tmp/noqci.json" <<'JSON'
{ "apxa": false, "qci_features": "", "adapters": [ { "id": 3 } ], "usage_domains": "1-2" }
JSON
run "$sim_run" --host "$_tap_tmp/noqci.json" -- sh -c 'cd /sys/bus/ap &&
	cat features ap_adapter_mask ap_usage_domain_mask ap_control_domain_mask'
is "$out" "-
not supported
not supported
not supported" "D14: no QCI: features -, the three masks not supported"
# D14: APXA with Na = Nd = 0: the bus keeps 63 and 15 (ap_bus.c:268-279),
# vfio_ap takes Na and Nd as they are (vfio_ap_matrix_init)
cat >"$_tap_tmp/na0.json" <<'JSON'
{ "max_adapter_id": 0, "max_domain_id": 0, "adapters": [ { "id": 3 } ], "usage_domains": "0" }
JSON
run "$sim_run" --host "$_tap_tmp/na0.json" -- sh -c '
	cat /sys/bus/ap/ap_max_adapter_id /sys/bus/ap/ap_max_domain_id; ls /sys/devices/ap | grep card
	echo 0f6f2e5a-1b3c-4d5e-8f70-a1b2c3d4e5f6 >'"$T"'/create
	'"$sim_write"' '"$M"'/0f6f2e5a-1b3c-4d5e-8f70-a1b2c3d4e5f6/assign_adapter 3
	'"$sim_write"' '"$M"'/0f6f2e5a-1b3c-4d5e-8f70-a1b2c3d4e5f6/assign_adapter 0'
is "$out" "63
15
card03
ENODEV
ok" "D14: APXA, Na 0: the bus shows 63/15 and card03, vfio_ap takes only adapter 0"

# a card in none of the modes: zcrypt binds neither it nor its default-pool queues
cat >"$_tap_tmp/nomode.json" <<'JSON'
{ "adapters": [ { "id": 3, "hwinfo": "0x820000000eff0007" }, { "id": 4 } ], "usage_domains": "1-2" }
JSON
run "$sim_run" --host "$_tap_tmp/nomode.json" -- sh -c '
	cat /sys/bus/ap/bindings; ls /sys/bus/ap/drivers/cex4card
	test -e /sys/devices/ap/card03/driver || echo "no card driver"
	test -e /sys/devices/ap/card03/03.0001/driver || echo "no queue driver"'
is "$out" "2/4
bind
card04
module
uevent
unbind
no card driver
no queue driver" "a card without a mode stays unbound, bindings incomplete"

# what a shell sees: "echo x > attr" opens with O_TRUNC and gets write(2)'s errno
if command -v bash >/dev/null; then
	run "$sim_run" -- env LC_ALL=C bash -c "echo $UUID1 >$T/create; echo 300 >$M/$UUID1/assign_adapter"
	like "$err" "write error: No such device" "bash echo: ENODEV reaches the shell"
	is "$rc" 1 "... as a failed command"
else
	ok 0 "bash echo # SKIP no bash"
	ok 0 "bash echo # SKIP no bash"
fi
run "$sim_run" -- sh -c "echo 3 >$M/nonexistent"
like "$err" "Permission denied|Directory nonexistent" "no new files in the tree"

# another user inside the namespace: can read, cannot write (files are root's)
if [ "$(id -u)" -ne 0 ]; then
	ok 0 "non-root inside # SKIP needs root (only uid 0 is mapped in a user namespace)"
elif command -v setpriv >/dev/null; then
	run "$sim_run" -- setpriv --reuid=65534 --regid=65534 --clear-groups sh -c \
		"cat /sys/bus/ap/bindings; $sim_write /sys/bus/ap/apmask +3"
	is "$out" "48/48 (complete)
EACCES" "a non-root user inside reads, but may not write"
else
	ok 0 "non-root inside # SKIP no setpriv"
fi
done_testing
