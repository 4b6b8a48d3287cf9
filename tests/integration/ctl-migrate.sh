#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vfio-ap-ctl export and check across simulated hosts: export from the small
# host, define the exported mdevctl config on a matching host with the real
# mdevctl, check passes there; on the incompatible host check names each
# failed rule; malformed sources exit 5.

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"
if ! ctl_sim_available; then
	echo "1..0 # SKIP the AP host simulator is not built, or mdevctl is missing"
	exit 0
fi
T=$_tap_tmp

# sim HOST STATE SCRIPT: ctl_sim on the simulated host tests/hosts/HOST.json
sim() {
	ctl_sim "$HOSTS/$1.json" "$2" "$3"
}

# ---- the source host -------------------------------------------------------
sim small src "set -e
	$CTL define -u $U1 -a 3-4 -d 5-6 -c 16 >/dev/null
	mdevctl start -u $U1
	$CTL export $U1 >$T/u1.json
	$CTL export -f stream -o $T/u1.bin $U1
	$CTL export --format=mdevctl -o $T/u1.mdevctl $U1
	$CTL export -f stream $U1 >$T/u1-stdout.bin
	$CTL check $T/u1.bin --target $U1"
is "$rc" 0 "source host: define, start, export in three formats, check against itself"
is "$out" "compatible: the destination mdev can take this source" "source: check of itself"
is "$(wc -c <"$T/u1.bin")" 192 "export --format=stream: 64 + 32 x 4 bytes"
ok "$(cmp -s "$T/u1.bin" "$T/u1-stdout.bin"; echo $?)" "export --format=stream to stdout = -o FILE"
out=$(cat "$T/u1.json")
jq_is '."vfio-ap-ctl".command' export "export json: meta"
jq_is '[.uuid, .num_queues, .size, (.adapters | @json), (.domains | @json), (.control_domains | @json)] | @csv' \
	"\"$U1\",4,192,\"[3,4]\",\"[5,6]\",\"[16]\"" "export json: matrix and size"
jq_is '[.queues[] | .apqn] | join(",")' "03.0005,03.0006,04.0005,04.0006" "export json: queues"
jq_is '.queues[0] | [.hwinfo, .ap_type, .bind_state, .depth] | @csv' \
	'"0xf20000000eff0307",14,0,8' "export json: hwinfo of 03.0005 composed from sysfs"
jq_is '.queues[2].hwinfo' 0xe60000000eff0307 "export json: hwinfo of 04.0005 (EP11)"
out=$(cat "$T/u1.mdevctl")
jq_is '[.mdev_type, .start, ([.attrs[] | to_entries[0] | .key + "=" + .value] | join(","))] | @csv' \
	'"vfio_ap-passthrough","manual","assign_adapter=3,assign_adapter=4,assign_domain=5,assign_domain=6,assign_control_domain=16"' \
	"export --format=mdevctl: a config for mdevctl define --jsonfile"
run "$CTL" decode "$T/u1.bin"
is "$rc" 0 "the exported stream decodes"
"$CTL" decode -j "$T/u1.bin" >"$T/u1.decode.json"
sim small src "$CTL export -f stream $U1 </dev/null"
like "$rc" '^[02]$' "export -f stream to a pipe or refused on a terminal"

# ---- a matching destination ------------------------------------------------
sim small-dest dst "$CTL check $T/u1.json --host"
is "$rc" 0 "matching host, before any mdev: compatible (exit 0)"
is "$out" "compatible: this host can take this source" "matching host --host: verdict"
sim small-dest dst "$CTL check $T/u1.decode.json --host"
is "$rc" 0 "the JSON of decode -j is a source for check too"
sim small-dest dst "$CTL check -j $T/u1.bin --host"
is "$rc" 0 "matching host --host -j (stream source): exit 0"
jq_is '.check | [.compatible, .refused, .source.format, .source.num_queues, .destination.empty] | @csv' \
	'true,0,"stream",4,true' "check -j: compatible, stream source, empty destination"
# verify, never grant: an empty destination device is refused and told how to configure it
sim small-dest empty "set -e
	mdevctl define -u $U2 -p matrix -t vfio_ap-passthrough
	mdevctl start -u $U2
	$CTL check $T/u1.bin --target $U2"
is "$rc" 4 "check --target an empty destination device: exit 4 (the kernel refuses with ENODEV)"
like "$out" "^FAIL  not-configured +destination mdev not configured: it must be configured like the source, a migration never assigns AP resources" \
	"check --target an empty device: says it must be configured"
like "$out" "export --format=mdevctl there, define --from here" "... and how"
like "$out" "incompatible: 1 rule failed; the kernel would refuse with ENODEV" "... one rule, ENODEV"
sim small-dest dst "set -e
	mdevctl define -u $U1 -p matrix --jsonfile $T/u1.mdevctl
	$CTL check $T/u1.json --target $U1
	mdevctl start -u $U1
	$CTL check $T/u1.bin --target $U1"
is "$rc" 0 "mdevctl define --jsonfile of the export on the destination, check passes (defined, then started)"
is "$out" "compatible: the destination mdev can take this source
compatible: the destination mdev can take this source" "destination: both checks compatible"
# the guest view counts, as in the kernel: a queue not bound to vfio_ap hides its adapter
cp -a "$T/dst" "$T/dst-unbound"
sim small-dest dst-unbound "echo 04.0005 >/sys/bus/ap/drivers/vfio_ap/unbind &&
	$CTL check $T/u1.json --target $U1"
is "$rc" 4 "check --target: a queue unbound from vfio_ap leaves the guest view short, exit 4"
like "$out" "^FAIL  apqn-missing +APQN 04.0005: in the source guest's view, not in the destination guest's view" \
	"... the filtered adapter's APQNs are named"
sim small-dest dst "$CTL check $T/u1.json --host"
is "$rc" 4 "once the destination mdev runs, --host finds the APQNs in use"
like "$out" "^FAIL  in-use +APQN 03.0005: assigned to another mdev on the destination host \\(mdev $U1\\)\$" \
	"--host: in-use named per APQN, with the owner"
sim small-dest dst "$CTL check -j $T/u1.json --host"
jq_is "[.check.results[] | select(.rule == \"in-use\") | .owner] | unique | @csv" "\"$U1\"" \
	"check -j --host: in-use results name the owner"
sim small-dest dst "$CTL unassign $U1 --live -d 6 >/dev/null && $CTL check $T/u1.json --target $U1"
is "$rc" 4 "a configured destination that differs: exit 4"
golden check-differs "$out"

# ---- newer and incompatible hosts ------------------------------------------
sim small-dest-newer newer "$CTL check $T/u1.json --host"
is "$rc" 0 "a newer AP type on the destination is compatible"
sim small-dest-incompat incompat "$CTL check $T/u1.json --host"
is "$rc" 4 "incompatible host: exit 4"
golden check-incompat "$out"
sim small-dest-incompat incompat "$CTL check -j $T/u1.json --host"
jq_is '.check | [.compatible, .errno, .refused] | @csv' 'false,"EOPNOTSUPP",4' \
	"check -j: incompatible, EOPNOTSUPP, 4 refusals"
jq_is '[.check.results[] | select(.refused) | .rule + "@" + .apqn] | join(",")' \
	"cca@04.0005,ep11@04.0005,cca@04.0006,ep11@04.0006" "check -j: each failed rule per queue"
jq_is '.check.results[0] | [.source, .destination, .errno] | @csv' '0,1,"EOPNOTSUPP"' \
	"check -j: both values of a failed rule"

# ---- host-owned and missing APQNs (the kernel's rule and errno) ------------
sim small hostowned "$CTL check $T/u1.json --host"
is "$rc" 0 "the source's own host, nothing defined: compatible"
sim small hostowned "echo +3 >/sys/bus/ap/apmask && $CTL check -j $T/u1.json --host"
is "$rc" 4 "adapter 3 back with the host: exit 4"
jq_is '.check | [.errno, ([.results[] | .rule + "@" + .apqn] | join(","))] | @csv' \
	'"EADDRNOTAVAIL","host-owned@03.0005,host-owned@03.0006"' \
	"check -j: host-owned APQNs, EADDRNOTAVAIL as the kernel"
sim small missing "\"\$APSIM\" ctl card 4 remove && $CTL check $T/u1.json --host"
is "$rc" 4 "adapter 4 removed: exit 4"
like "$out" "^incompatible: .* the kernel would refuse with ENODEV$" "missing adapter: ENODEV verdict"
# a deconfigured (standby) adapter stays in the destination's QCI APM and in
# ap_adapter_mask (ap_bus.c:2134-2146), so 6.12's vfio_ap takes it: compatible
sim small deconf "\"\$APSIM\" ctl card 4 config 0 && cat /sys/bus/ap/ap_adapter_mask &&
	$CTL check $T/u1.json --host"
is "$rc" 0 "adapter 4 deconfigured on the destination: still compatible (exit 0)"
like "$out" "^0x1f2" "... it is still in ap_adapter_mask"

# ---- malformed sources: exit 5, nothing else happens -----------------------
head -c 100 "$T/u1.bin" >"$T/short.bin"
cp "$T/u1.bin" "$T/crc.bin"
printf '\377' | dd of="$T/crc.bin" bs=1 seek=127 conv=notrunc 2>/dev/null
printf 'hello\n' >"$T/garbage"
jq '.queues[1].hwinfo = "nope"' "$T/u1.json" >"$T/badhw.json"
jq 'del(.queues[3])' "$T/u1.json" >"$T/notcross.json"
printf '{"queues": [' >"$T/broken.json"
sim small-dest dst2 "
	for f in short.bin crc.bin garbage badhw.json notcross.json broken.json; do
		$CTL check $T/\$f --host; echo \"rc=\$?\"
	done 2>&1"
golden check-malformed "$(printf '%s\n' "$out" | sed "s|$T/||g")"
sim small-dest dst2 "$CTL check - --host <$T/u1.bin"
is "$rc" 0 "check - reads standard input"
sim small-dest dst2 "$CTL check $T/nonexistent --host"
is "$rc" 3 "a missing SOURCE file exits 3"
is "$err" "vfio-ap-ctl: check: cannot open $T/nonexistent: No such file or directory" \
	"a missing SOURCE file: message"
sim small-dest dst2 "$CTL check $T/u1.json --host --target $U1"
is "$rc" 2 "--host and --target together exit 2"
is "$err" "vfio-ap-ctl: check: give exactly one of --target UUID and --host" "--host and --target: message"
sim small-dest dst2 "$CTL check $T/u1.json --target $UNKNOWN"
is "$rc" 3 "an unknown --target exits 3"
sim small-dest dst2 "$CTL export $UNKNOWN"
is "$rc" 3 "export of an unknown UUID exits 3"
is "$err" "vfio-ap-ctl: export: no matrix device $UNKNOWN (neither defined nor active)" \
	"export of an unknown UUID: message"
sim small-dest dst2 "$CTL export -f xml $U1"
is "$rc" 2 "export of an unknown format exits 2"
is "$err" "vfio-ap-ctl: export: unknown format 'xml' (json, stream or mdevctl)" \
	"export of an unknown format: message"

done_testing
