#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vfio-ap-ctl define --from FILE: a migration destination configured like
# the source, from the source's export (JSON, stream or mdevctl format),
# through mdevctl and the callout. Host: tests/hosts/small.json.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"
ctl_enter_sim "$HOSTS/small.json"

J=$_tap_tmp
ctl define -u "$U1" -a 3-4 -d 5-6 -c 5
is "$rc" 0 "source: define $U1 (03-04 x 0005-0006, control domain 5)"
run mdevctl start -u "$U1"
is "$rc" 0 "source: start"
ctl export "$U1" -o "$J/src.json"
is "$rc" 0 "export (JSON)"
ctl export "$U1" --format=stream -o "$J/src.stream"
is "$rc" 0 "export (stream)"
ctl export "$U1" --format=mdevctl -o "$J/src.mdevctl"
is "$rc" 0 "export (mdevctl)"

for f in src.json src.stream src.mdevctl; do
	ctl define -n -j -u "$U2" --from "$J/$f"
	is "$rc" 0 "define -n --from $f"
	jq_is '.result.definition.matrix | tojson' '{"adapters":[3,4],"domains":[5,6],"control_domains":[5]}' \
		"... the source's matrix"
done
ctl define -n --from "$J/src.json"
is "$rc" 4 "define --from the JSON export on the source's own host: the source's UUID is taken"
like "$err" "$U1: already defined" "... and it is defined already"
ctl define --from "$J/src.json" -a 3
is "$rc" 2 "--from with -a: usage error"
ctl define --from "$J/nonexistent.json"
is "$rc" 3 "--from a missing file: exit 3"
printf 'garbage' >"$J/bad"
ctl define --from "$J/bad"
is "$rc" 5 "--from a file that is no export: exit 5"
like "$err" "not an export" "... saying so"
ctl assign "$U1" --from "$J/src.json"
is "$rc" 2 "--from is for define only"

# the destination, as it would be made on another host: the source gone here
run mdevctl stop -u "$U1"
run mdevctl undefine -u "$U1"
ctl define --from "$J/src.json"
is "$rc" 0 "define --from the JSON export: defined"
like "$out" "^defined $U1: adapters 03-04, domains 0005-0006, control domains 0005 \\(start manual\\)" \
	"... under the source's UUID, with its matrix"
run mdevctl start -u "$U1"
is "$rc" 0 "the destination starts"
is "$(tr '\n' ' ' </sys/devices/vfio_ap/matrix/$U1/matrix)" "03.0005 03.0006 04.0005 04.0006 " \
	"... with the source's queues"
# a migration verifies and never grants: the device from --from passes, an
# empty one does not
ctl check "$J/src.json" --target "$U1"
is "$rc" 0 "check --target the device defined --from the export: compatible"
run mdevctl start -u "$U2" -p matrix -t vfio_ap-passthrough
is "$rc" 0 "an empty device"
ctl check "$J/src.json" --target "$U2"
is "$rc" 4 "check --target the empty device: refused"
like "$out" "not-configured" "... not configured like the source"
done_testing
