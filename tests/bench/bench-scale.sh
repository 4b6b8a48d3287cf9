#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# bench-scale: how vfio-ap-ctl and the vfio-ap mdevctl callout scale with the
# number of matrix devices (1, 64, 512 defined, half of them active) on a
# 256 x 256 simulated host, and with the number of APQNs (16 x 16 vs
# 256 x 256); what the callout adds to mdevctl's own time; peak memory; and
# each callout invocation as mdevctl makes it against the exec floor (a
# no-op program linked like the callout), with the goals for those ratios.
# Not a timed test: it prints measurements and ratios taken in one run.
#
#   bench-scale.sh            (make bench sets top_srcdir and top_builddir)
#
# Environment: BENCH_REPS (runs per measurement, the fastest counts; 3),
# BENCH_MDEVS ("1 64 512"), BENCH_HOST (the large host file),
# BENCH_CALLS (runs of each callout invocation, the median counts; 101).

set -u
set -o pipefail

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$PWD}
APSIM_RUN=$top_builddir/tests/sim/apsim-run
CTL=$top_builddir/tools/vfio-ap-ctl
CALLOUT=$top_builddir/mdevctl-callouts/vfio-ap
REPS=${BENCH_REPS:-3}
. "$top_srcdir/tests/bench/bench-lib.sh"
SIZES=${BENCH_MDEVS:-1 64 512}
BIG=${BENCH_HOST:-$top_srcdir/tests/hosts/big-256.json}
TYPE=vfio_ap-passthrough
CALLOUT_DIR=/etc/mdevctl.d/scripts.d/callouts
EXEC=$top_builddir/tests/bench/bench-exec
NOOP=$top_builddir/tests/bench/bench-noop
CALLS=${BENCH_CALLS:-101}
LOCK=/run/lock/s390apconfig.lock
CACHE=/run/lock/vfio-ap-autostart.cache

uuid_of() { printf '%08x-0000-4000-8000-%012x' "$1" "$1"; }

# ------------------------------------------------------------ inside a host
# measure NAME CMD...: fastest of $REPS runs (seconds) and the peak RSS (KiB)
# of one run, appended to $RESULTS as "LABEL NAME SECONDS KIB"
measure() {
	local name=$1 best rss
	shift
	best=$(bench_fastest bench "$@") || return 1
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
	# /run/lock is a tmpfs on a real host (apsim-run binds a scratch directory
	# there, on whatever file system holds TMPDIR): the callout's lock and
	# cache files are created there
	mount -t tmpfs bench-lock /run/lock 2>/dev/null ||
		echo "bench-scale: /run/lock stays on $(findmnt -no FSTYPE -T /run/lock)" >&2
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
	if [ "$mdevctl_ratio" != 1 ]; then
		umount /run/lock 2>/dev/null
		return 0
	fi

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
	calls "$new" "$new2" || exit 1
}

# calls NEW DEFINED: each callout invocation as mdevctl (>= 1.3.0) makes it,
# run directly, in turns with the exec floor; "call NAME MIN MEDIAN" lines
calls() {
	local new=$1 defined=$2 u0 tab=$'\t' c=$WORK/cases f
	u0=$(uuid_of 0)
	printf '{"provides":{"version":2,"actions":["define","modify","start","stop","undefine","attributes","capabilities"],"events":["pre","post","get","live"]}}\n' \
		>"$WORK/caps.json"
	config auto 255 255 >"$WORK/define.json"
	config manual 255 254 >"$WORK/start.json"
	# pre define reads every definition: make all 512 auto-start ones
	for f in /etc/mdevctl.d/matrix/*; do
		sed -i 's/"start":"manual"/"start":"auto"/' "$f" || return 1
	done
	# the callout keeps what it read in a cache, but not definitions changed
	# in the last second (their timestamps could hide a change): let them age
	sleep 2
	co() { # NAME STDIN RM EVENT ACTION STATE UUID
		printf '%s\n' "$1$tab$2$tab$3$tab$CALLOUT$tab-t$tab$TYPE$tab-e$tab$4$tab-a$tab$5$tab-s$tab$6$tab-u$tab$7$tab-p${tab}matrix"
	}
	{
		printf 'floor\t-\t-\t%s\n' "$NOOP"
		co capabilities "$WORK/caps.json" - get capabilities none "$new"
		co post "$WORK/start.json" - post start success "$defined"
		co get-attributes - - get attributes none "$u0"
		co pre-start "$WORK/start.json" "$LOCK" pre start none "$defined"
		co pre-define "$WORK/define.json" "$LOCK" pre define none "$new"
	} >"$c"
	"$EXEC" "$CALLS" "$c" | sed "s/^/$LABEL call /" >>"$RESULTS" || return 1
	# without the cache (removed after each run), in a run of its own
	{
		printf 'floor\t-\t-\t%s\n' "$NOOP"
		co pre-define-cold "$WORK/define.json" "$LOCK,$CACHE" pre define none "$new"
	} >"$c"
	"$EXEC" "$CALLS" "$c" | sed -e "s/^/$LABEL call /" -e 's/ call floor / call floor-cold /' >>"$RESULTS"
	umount /run/lock 2>/dev/null
}

if [ "${1:-}" = --inside ]; then
	LABEL=$2 RESULTS=$3 WORK=$4
	export -f measure
	inside "$5" "$6"
	exit 0
fi

# ------------------------------------------------------------ driver
(unset MAKEFLAGS MFLAGS; ${MAKE:-make} -s -C "$top_builddir" tests/bench/bench-exec tests/bench/bench-noop) ||
	{ echo "bench-scale: cannot build the callout bench helpers" >&2; exit 1; }
for f in "$APSIM_RUN" "$CTL" "$CALLOUT" "$EXEC" "$NOOP"; do
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
awk -v sizes="$SIZES" -v largest="$largest" -v calls="$CALLS" -v loadavg="$(cut -d' ' -f1-3 /proc/loadavg)" '
	$2 == "call" { cmin[$3] = $4; cmed[$3] = $5; cratio[$3] = $6; corder[++nc] = $3; next }
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
		printf "(mdevctl >= 1.3.0 runs the callout 3 or 4 times per command and one exec costs about\n"
		printf " as much as the work, so these ratios are not goals; the per-invocation ones below are)\n"

		printf "\ncallout invocations at %s mdevs (%s active), microseconds over %s runs each, in turns\n", \
			largest, largest / 2, calls
		printf "with the exec floor. ratio: fastest run / fastest floor run (contention on a shared\n"
		printf "machine only adds time, so the fastest runs are closest to the work itself); paired:\n"
		printf "the median over the rounds of (call / floor in the same round), for information\n"
		printf "%-16s %10s %10s %8s %8s %8s  %s\n", "call", "min", "median", "ratio", "paired", "goal", "met"
		goal["capabilities"] = 1.5; goal["post"] = 1.5; goal["get-attributes"] = 1.5
		goal["pre-start"] = 2; goal["pre-define"] = 4; nogoal["pre-define-cold"] = 1
		met = 0; all = 0
		for (k = 1; k <= nc; k++) {
			c = corder[k]
			if (c ~ /^floor/) {
				printf "%-16s %10s %10s %8s %8s %8s\n", c, cmin[c], cmed[c], "1.00x", "1.00x", "-"
				continue
			}
			f = (c in nogoal) ? cmin["floor-cold"] : cmin["floor"]
			r = f > 0 ? cmin[c] / f : 0
			if (c in nogoal) {
				printf "%-16s %10s %10s %7.2fx %7.2fx %8s  %s\n", c, cmin[c], cmed[c], r, cratio[c], "-", "(no goal)"
				continue
			}
			all++
			ok = (c in goal) && r <= goal[c]
			met += ok
			printf "%-16s %10s %10s %7.2fx %7.2fx %7.1fx  %s\n", c, cmin[c], cmed[c], r, cratio[c], goal[c], ok ? "yes" : "NO"
		}
		printf "load average during the run: %s\n", loadavg
		printf "pre-define checks against 512 auto-start definitions (the callout'"'"'s cache of them warm;\n"
		printf "pre-define-cold: without it, every definition read); pre-start checks one APQN (%s active mdevs)\n", largest / 2
		if (all)
			printf "callout goals: %d of %d met%s\n", met, all, met == all ? "" : " (NOT all met)"
	}' "$RESULTS"
