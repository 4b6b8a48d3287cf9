#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The vfio-ap-tools demo: an admin's workflow and a migration rehearsal on
# simulated s390 hosts. Every host is an AP host simulator (tests/sim) mounted
# over /sys in its own mount namespace, with its own /etc/mdevctl.d; the real
# mdevctl, the vfio-ap callout and vfio-ap-ctl run there unchanged.
#
#   demo.sh [--build DIR] [--keep]
#
#   --build DIR   the build tree (default: the current directory)
#   --keep        at the end, leave a shell on the source host to explore
#
# Every step shows the command it runs and checks that it behaves as shown;
# the demo exits 1 at the first step that does not.

set -u
set -o pipefail

usage() { sed -n '9,13p' "$0" | sed 's/^# \{0,1\}//'; }

build=$PWD
keep=
part=
shared=
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=${2:?--build needs a directory}; shift 2 ;;
	--build=*) build=${1#--build=}; shift ;;
	--keep) keep=1; shift ;;
	--part) part=$2; shared=$3; shift 3 ;;	# internal: run one host's part
	-h|--help) usage; exit 0 ;;
	*) echo "demo: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
	esac
done
build=$(cd "$build" && pwd) || exit 2
srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
hosts=$srcdir/tests/hosts
self=$srcdir/tests/demo/demo.sh

# ---------------------------------------------------------------- output
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
	c_head=$'\e[1;34m' c_cmd=$'\e[1m' c_ok=$'\e[32m' c_bad=$'\e[1;31m' c_off=$'\e[0m'
else
	c_head= c_cmd= c_ok= c_bad= c_off=
fi

heading() { printf '\n%s== %s ==%s\n' "$c_head" "$*" "$c_off"; }
say() { printf '%s\n' "$*"; }
fail() { printf '%sdemo: FAILED: %s%s\n' "$c_bad" "$*" "$c_off"; exit 1; }

# step RC CMD...: show CMD, run it, show its output, require exit status RC.
# The output is kept in $out for expect().
step() {
	local want=$1 rc
	shift
	printf '%s$ %s%s\n' "$c_cmd" "$*" "$c_off"
	out=$("$@" 2>&1)
	rc=$?
	[ -n "$out" ] && printf '%s\n' "$out"
	if [ "$rc" -ne "$want" ]; then
		fail "'$*' exited with $rc, expected $want"
	fi
	[ "$want" -ne 0 ] && printf '%s(exit status %d, as expected)%s\n' "$c_ok" "$rc" "$c_off"
	return 0
}

# expect PATTERN WHAT: the last step's output matches PATTERN (grep -E)
expect() {
	grep -Eq -- "$1" <<<"$out" || fail "expected $2 (/$1/) in the output above"
}

# sh_step RC 'shell text': like step, for a line with redirections
sh_step() {
	local want=$1
	step "$want" bash -c "$2"
}

# ---------------------------------------------------------------- one host
GUEST=5b1c5a2e-8d0c-4c2a-9a55-0e6a1d2c3b01	# the guest's matrix device
OTHER=5b1c5a2e-8d0c-4c2a-9a55-0e6a1d2c3b02	# a second guest that collides
EMPTY=5b1c5a2e-8d0c-4c2a-9a55-0e6a1d2c3b03	# an empty destination device
TYPE=vfio_ap-passthrough

install_callout() {
	# mdevctl 1.2.0 runs /etc/mdevctl.d/scripts.d/callouts/*; newer mdevctl
	# also /usr/lib/mdevctl/scripts.d/callouts (both are scratch here)
	cp "$build/mdevctl-callouts/vfio-ap" /etc/mdevctl.d/scripts.d/callouts/vfio-ap ||
		fail "cannot install the callout"
}

part_source() {
	heading "1. The source host: AP cards, domains and who owns each queue"
	step 0 vfio-ap-ctl host
	expect '^03 +CEX8C +CCA-Coproc +online' "adapter 03, a CEX8 in CCA mode, online"
	expect '^host +- +- +16 +07,0a +0004-000b' "the host owns cards 07 and 0a"
	step 0 vfio-ap-ctl host 07.0004
	expect '^07\.0004 +online +cex4queue +host' "07.0004 owned by the host's zcrypt driver"

	heading "2. Reserve AP resources for vfio_ap, define and start a guest's matrix device"
	say "Adapter 07 belongs to the host's zcrypt driver (bit set in apmask); give it to vfio_ap:"
	sh_step 0 'echo -7 > /sys/bus/ap/apmask && cat /sys/bus/ap/apmask'
	step 0 vfio-ap-ctl host --free
	expect '^07\.0004' "07.0004 free for vfio_ap now"
	say "Define the guest's device (adapters 03-04, domains 0005-0006, control domain 0005), started automatically:"
	step 0 vfio-ap-ctl define --uuid "$GUEST" --auto --adapters 3-4 --domains 5-6 --control-domains 5
	expect "defined $GUEST" "the definition"
	step 0 mdevctl start -u "$GUEST"
	step 0 mdevctl list
	expect "$GUEST matrix $TYPE" "the active device"
	say "A second guest that wants queue 04.0006 too is refused, with the owner named:"
	step 4 vfio-ap-ctl define --uuid "$OTHER" --auto --adapters 4 --domains 6
	expect "APQN 04.0006 .*$GUEST" "the conflict and its owner"
	say "Defined for manual start it is accepted, but the callout refuses to start it:"
	step 0 vfio-ap-ctl define --uuid "$OTHER" --adapters 4 --domains 6
	step 1 mdevctl start -u "$OTHER"
	expect "APQN 04.0006 is already in use by active mdev $GUEST" "the callout's reason"
	say "Nor can the host take the guest's adapter back while the guest has it:"
	sh_step 1 'echo +4 > /sys/bus/ap/apmask'
	expect 'Device or resource busy' "EBUSY from the AP bus"
	step 0 mdevctl undefine -u "$OTHER"

	heading "3. The guest's device: show, list, migration, export"
	step 0 vfio-ap-ctl show "$GUEST"
	expect '^guest_adapters +03-04' "the guest matrix"
	step 0 vfio-ap-ctl list
	step 0 vfio-ap-ctl migration
	expect "^$GUEST +yes +yes +4 +192" "eligible, 4 queues, 192-byte stream"
	step 0 vfio-ap-ctl export "$GUEST"
	expect '"apqn": "04.0006"' "the queues in the JSON export"
	step 0 vfio-ap-ctl export "$GUEST" --format=stream --output "$shared/guest.stream"
	step 0 vfio-ap-ctl decode "$shared/guest.stream"
	expect '04\.0006' "the decoded stream"
	step 0 vfio-ap-ctl export "$GUEST" --format=mdevctl --output "$shared/guest-mdevctl.json"
	step 0 cat "$shared/guest-mdevctl.json"
}

part_dest() {
	heading "4. The destination host: would the guest migrate here?"
	say "Before any destination device exists, against the host's resources:"
	step 0 vfio-ap-ctl check "$shared/guest.stream" --host
	expect '^compatible' "the verdict"
	say "Against an empty matrix device (a migration never assigns AP resources: refused):"
	step 0 mdevctl start -u "$EMPTY" -p matrix -t "$TYPE"
	step 4 vfio-ap-ctl check "$shared/guest.stream" --target "$EMPTY"
	expect 'must be configured like the source' "the destination must be configured first"
	step 0 mdevctl stop -u "$EMPTY"
	say "Define the guest's device from the exported config, start it, check the stream against it:"
	step 0 mdevctl define -u "$GUEST" -p matrix --jsonfile "$shared/guest-mdevctl.json"
	step 0 mdevctl start -u "$GUEST"
	step 0 vfio-ap-ctl check "$shared/guest.stream" --target "$GUEST"
	expect '^compatible' "the verdict"
}

part_newer() {
	heading "4b. A destination with a newer AP type on adapter 03: newer is fine"
	step 0 vfio-ap-ctl check "$shared/guest.stream" --host
	expect '^compatible' "the verdict"
}

part_incompat() {
	heading "5. An incompatible destination: adapter 04 runs in CCA mode, not EP11"
	step 4 vfio-ap-ctl check "$shared/guest.stream" --host
	expect '04\.000[56]' "the failing queues named"
	expect '^incompatible' "the verdict"
}

if [ -n "$part" ]; then
	export PATH="$build/tools:$PATH"
	install_callout
	case $part in
	source) part_source ;;
	dest) part_dest ;;
	newer) part_newer ;;
	incompat) part_incompat ;;
	*) fail "unknown part '$part'" ;;
	esac
	exit 0
fi

# ---------------------------------------------------------------- driver
apsim_run=$build/tests/sim/apsim-run
for f in "$apsim_run" "$build/tools/vfio-ap-ctl" "$build/mdevctl-callouts/vfio-ap"; do
	[ -x "$f" ] || { echo "demo: $f is not built (run 'make' in $build)" >&2; exit 2; }
done
command -v mdevctl >/dev/null || { echo "demo: mdevctl is not installed" >&2; exit 2; }

shared=$(mktemp -d "${TMPDIR:-/tmp}/vfio-ap-demo.XXXXXX") || exit 1
trap 'rm -rf "$shared"' EXIT
mkdir -p "$shared/source"

# on_host HOSTFILE PART [--state DIR]: run one part on a fresh simulated host
on_host() {
	local hostfile=$1 part=$2
	shift 2
	"$apsim_run" --host "$hosts/$hostfile" "$@" -- \
		"$self" --build "$build" --part "$part" "$shared" ||
		exit 1
}

say "vfio-ap-tools demo: s390 AP crypto pass-through (vfio_ap) and its live migration,"
say "on simulated hosts (no s390 hardware: the AP bus and vfio_ap are simulated over /sys)."
on_host small.json source --state "$shared/source"
on_host small-dest.json dest
on_host small-dest-newer.json newer
on_host small-dest-incompat.json incompat

heading "Done: every step behaved as shown"
if [ -n "$keep" ]; then
	say "A shell on the source host (its /sys is the simulator; exit to leave):"
	"$apsim_run" --host "$hosts/small.json" --state "$shared/source" -- \
		env PATH="$build/tools:$PATH" PS1='[source host] \w \$ ' bash --norc -i
fi
exit 0
