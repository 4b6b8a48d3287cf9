#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench-scale: how vfio-ap-ctl and the vfio-ap mdevctl callout scale with the
# number of matrix devices (1, 64, 512 defined, half of them active) on a
# 256 x 256 simulated host, and with the number of APQNs (16 x 16 vs
# 256 x 256); what the callout adds to mdevctl's own time; peak memory.
# Not a timed test: it prints measurements and ratios taken in one run.
#
#   bench-scale.sh            (make bench sets top_srcdir and top_builddir)
#
# Environment: BENCH_REPS (runs per measurement, the fastest counts; 3),
# BENCH_MDEVS ("1 64 512"), BENCH_HOST (the large host file).

set -u
set -o pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$PWD}
APSIM_RUN=$top_builddir/tests/sim/apsim-run
CTL=$top_builddir/tools/vfio-ap-ctl
CALLOUT=$top_builddir/mdevctl-callouts/vfio-ap
REPS=${BENCH_REPS:-3}
SIZES=${BENCH_MDEVS:-1 64 512}
BIG=${BENCH_HOST:-$top_srcdir/tests/hosts/big-256.json}
TYPE=vfio_ap-passthrough
CALLOUT_DIR=/etc/mdevctl.d/scripts.d/callouts

uuid_of() { printf '%08x-0000-4000-8000-%012x' "$1" "$1"; }

# ------------------------------------------------------------ inside a host
# measure NAME CMD...: fastest of $REPS runs (seconds) and the peak RSS (KiB)
# of one run, appended to $RESULTS as "LABEL NAME SECONDS KIB"
measure() {
	local name=$1 best= t0 t i rss
	shift
	for ((i = 0; i < REPS; i++)); do
		t0=$EPOCHREALTIME
		"$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; return 1; }
		t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.6f", b - a }')
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
		fi
	done
	rss=-
	if [ "$(type -t "$1")" = file ] &&
	   /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >/dev/null 2>&1; then
		rss=$(tail -1 "$WORK/rss")
	fi
	echo "$LABEL $name $best $rss" >>"$RESULTS"
}

# config START ADAPTER DOMAIN: an mdevctl definition with one APQN
config() {
	printf '{"mdev_type":"%s","start":"%s","attrs":[{"assign_adapter":"%d"},{"assign_domain":"%d"}]}\n' \
		"$TYPE" "$1" "$2" "$3"
}

# populate N: N definitions (one APQN each, all different), the even ones
# active and auto-started, the odd ones manual; all APQNs free for vfio_ap
populate() {
	local n=$1 i u a d dir=/etc/mdevctl.d/matrix mdir=/sys/devices/vfio_ap/matrix
	local create=$mdir/mdev_supported_types/$TYPE/create
	echo 0x0000000000000000000000000000000000000000000000000000000000000000 \
		>/sys/bus/ap/apmask || return 1
	mkdir -p "$dir"
	for ((i = 0; i < n; i++)); do
		u=$(uuid_of "$i")
		a=$((i % 256))
		d=$((i / 256))
		if ((i % 2 == 0)); then
			config auto "$a" "$d" >"$dir/$u"
			echo "$u" >"$create" || return 1
			echo "$a" >"$mdir/$u/assign_adapter" || return 1
			echo "$d" >"$mdir/$u/assign_domain" || return 1
		else
			config manual "$a" "$d" >"$dir/$u"
		fi
	done
}

inside() {
	local n=$1 mdevctl_ratio=$2 u0 src
	populate "$n" || { echo "bench: setting up $n matrix devices failed" >&2; exit 1; }
	cp "$CALLOUT" "$CALLOUT_DIR/vfio-ap"
	u0=$(uuid_of 0)
	src=$WORK/src-$LABEL.stream
	"$CTL" export "$u0" --format=stream --output "$src" || exit 1
	measure list "$CTL" list || exit 1
	measure host "$CTL" host || exit 1
	measure show "$CTL" show "$u0" || exit 1
	measure export "$CTL" export "$u0" || exit 1
	# the source against its own (equal, configured) device: every rule runs
	measure check "$CTL" check "$src" --target "$u0" || exit 1
	[ "$mdevctl_ratio" = 1 ] || return 0

	# mdevctl with and without the callout, on a new APQN (255.255)
	local new new2 cfg=$WORK/new.json
	new=$(uuid_of 99999)
	new2=$(uuid_of 99998)
	config auto 255 255 >"$cfg"
	define_undefine() {
		mdevctl define -u "$new" -p matrix --jsonfile "$cfg" && mdevctl undefine -u "$new"
	}
	start_stop() {
		mdevctl start -u "$new2" && mdevctl stop -u "$new2"
	}
	mdevctl define -u "$new2" -p matrix -t "$TYPE" || exit 1
	mdevctl modify -u "$new2" --addattr=assign_adapter --value=255 || exit 1
	mdevctl modify -u "$new2" --addattr=assign_domain --value=254 || exit 1
	measure mdevctl-define+undefine define_undefine || exit 1
	measure mdevctl-start+stop start_stop || exit 1
	rm -f "$CALLOUT_DIR/vfio-ap"
	measure mdevctl-define+undefine/no-callout define_undefine || exit 1
	measure mdevctl-start+stop/no-callout start_stop || exit 1
}

if [ "${1:-}" = --inside ]; then
	LABEL=$2 RESULTS=$3 WORK=$4
	export -f measure
	inside "$5" "$6"
	exit 0
fi

# ------------------------------------------------------------ driver
for f in "$APSIM_RUN" "$CTL" "$CALLOUT"; do
	[ -x "$f" ] || { echo "bench-scale: $f is not built" >&2; exit 1; }
done
command -v mdevctl >/dev/null || { echo "bench-scale: mdevctl is not installed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-scale: /usr/bin/time (GNU time) is not installed" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-scale.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results
: >"$RESULTS"

# a 16 x 16 host like the large one
small=$WORK/host-16.json
sed -e 's/"ids": "0-255"/"ids": "0-15"/' -e 's/"usage_domains": "0-255"/"usage_domains": "0-15"/' \
	-e 's/"control_domains": "0-255"/"control_domains": "0-15"/' "$BIG" >"$small"

largest=${SIZES##* }
echo "bench-scale: $(basename "$BIG"), matrix devices: $SIZES (half active), best of $REPS runs" >&2
for n in $SIZES; do
	echo "bench-scale: $n matrix devices ..." >&2
	"$APSIM_RUN" --host "$BIG" -- "$0" --inside "m$n" "$RESULTS" "$WORK" "$n" \
		"$([ "$n" = "$largest" ] && echo 1 || echo 0)" || exit 1
done
echo "bench-scale: 16 x 16 host, 1 matrix device ..." >&2
"$APSIM_RUN" --host "$small" -- "$0" --inside "q16" "$RESULTS" "$WORK" 1 0 || exit 1

# ------------------------------------------------------------ report
awk -v sizes="$SIZES" -v largest="$largest" '
	{ t[$1, $2] = $3; rss[$1, $2] = $4; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
	END {
		ns = split(sizes, sz, " ")
		printf "\n%-30s", "seconds (best of runs)"
		for (i = 1; i <= ns; i++) printf " %10s", sz[i] " mdevs"
		printf " %12s %12s\n", "growth", "max RSS KiB"
		for (k = 1; k <= n; k++) {
			c = order[k]
			if (c ~ /^mdevctl/) continue
			printf "%-30s", "vfio-ap-ctl " c
			for (i = 1; i <= ns; i++) printf " %10s", (("m" sz[i], c) in t) ? t["m" sz[i], c] : "-"
			g = "-"
			if (ns > 1 && t["m" sz[1], c] > 0)
				g = sprintf("%.2fx", t["m" sz[ns], c] / t["m" sz[1], c])
			printf " %12s %12s\n", g, rss["m" largest, c]
		}
		printf "growth: time at %s mdevs / time at %s mdevs (%sx more mdevs; linear or better means growth <= that)\n", \
			sz[ns], sz[1], sz[ns] / sz[1]
		if (ns > 2)
			for (k = 1; k <= n; k++) {
				c = order[k]
				if (c ~ /^mdevctl/ || !(("m" sz[ns - 1], c) in t) || t["m" sz[ns - 1], c] <= 0) continue
				printf "  %-28s %s -> %s mdevs (%dx): %.2fx\n", c, sz[ns - 1], sz[ns], \
					sz[ns] / sz[ns - 1], t["m" sz[ns], c] / t["m" sz[ns - 1], c]
			}

		printf "\n%-30s %12s %12s %12s\n", "APQNs (1 mdev)", "16 x 16", "256 x 256", "growth"
		for (k = 1; k <= n; k++) {
			c = order[k]
			if (c ~ /^mdevctl/ || !(("q16", c) in t)) continue
			printf "%-30s %12s %12s %12s\n", "vfio-ap-ctl " c, t["q16", c], t["m" sz[1], c], \
				(t["q16", c] > 0 ? sprintf("%.2fx", t["m" sz[1], c] / t["q16", c]) : "-")
		}
		printf "growth: 256x more APQNs; linear or better means growth <= 256x\n"

		printf "\n%-30s %12s %12s %12s %12s\n", "mdevctl at " largest " mdevs", "callout", \
			"no callout", "ratio", "added"
		split("mdevctl-define+undefine mdevctl-start+stop", mc, " ")
		for (k = 1; k <= 2; k++) {
			a = t["m" largest, mc[k]]; b = t["m" largest, mc[k] "/no-callout"]
			if (a == "" || b == "" || b <= 0) continue
			printf "%-30s %12s %12s %11.2fx %11.0f%%\n", mc[k], a, b, a / b, (a / b - 1) * 100
		}
		printf "goal: the callout adds at most 25%% to mdevctl'"'"'s own time\n"
	}' "$RESULTS"
