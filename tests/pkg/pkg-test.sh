#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# pkg-test.sh --work DIR --build BUILDDIR: the Debian packaging, as a user
# gets it (TAP on stdout).
#
# Copies the source tree to DIR/src, installs the build dependencies that
# are missing as a user does (apt-get build-dep ./, as root), builds the
# packages with "dpkg-buildpackage -us -uc -b", runs lintian on the
# .changes, installs vfio-ap-tools into DIR/root (dpkg --root, its own dpkg database) and runs
# the installed callout and vfio-ap-ctl against the AP host simulator
# (BUILDDIR/tests/sim/apsim-run) with the real mdevctl: tests/pkg/pkg-sim.sh,
# which mounts the installed callout directories where mdevctl looks for
# them; then removes and purges it. vfio-ap-dkms is unpacked (dpkg -x) and
# its contents checked. Exit 0 if all passed.
set -u
top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
work=
build=
while [ $# -gt 0 ]; do
	case $1 in
	--work) work=${2:?}; shift 2 ;;
	--build) build=${2:?}; shift 2 ;;
	*) echo "pkg-test.sh: unknown option '$1' (--work DIR --build BUILDDIR)" >&2; exit 2 ;;
	esac
done
[ -n "$work" ] && [ -n "$build" ] || { echo "pkg-test.sh: --work and --build are required" >&2; exit 2; }
. "$top_srcdir/tests/lib/tap.sh"

for t in dpkg-buildpackage lintian; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "1..0 # SKIP $t is not installed (./run deps test)"
		exit 0
	fi
done

mkdir -p "$work" && work=$(cd "$work" && pwd)
rm -rf "$work/src" "$work/root" "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo
mkdir -p "$work/src"
# the tree as a clean clone has it: no build directories, no VCS data
(cd "$top_srcdir" && tar -cf - --exclude=./.run --exclude=./.git --exclude=./driver/build-oot .) |
	tar -C "$work/src" -xf -

# ---- build dependencies: what dpkg-checkbuilddeps finds missing is
# installed the way a user installs it (as root, from the package archive:
# apt-get reads debian/control's Build-Depends; waiting for a dpkg lock that
# another apt holds)
run sh -c 'cd "$1" && dpkg-checkbuilddeps' sh "$work/src"
if [ "$rc" -ne 0 ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	printf '%s\n' "$err" | sed 's/^/pkg-test: /' >&2
	(cd "$work/src" && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 \
		build-dep -y -q --no-install-recommends ./) >"$work/build-dep.log" 2>&1
	rc=$?
	ok "$rc" "apt-get build-dep ./ installs the missing Build-Depends"
	[ "$rc" -eq 0 ] || tail -5 "$work/build-dep.log" | sed 's/^/pkg-test: apt-get build-dep: /' >&2
	run sh -c 'cd "$1" && dpkg-checkbuilddeps' sh "$work/src"
fi
is "$rc" 0 "dpkg-checkbuilddeps: every build dependency is installed"
[ "$rc" -eq 0 ] || printf '%s\n' "$err" | sed 's/^/pkg-test: /' >&2

# ---- build
# nocheck: the package's "make check" is the test suite that this CI runs
# twice already (the userspace suite with sanitizers, distcheck at -O2);
# here the packaging is under test. Without nocheck, as users build it,
# debian/rules runs it (dh_auto_test).
(cd "$work/src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc) ${DEB_BUILD_OPTIONS:-}" \
	dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1
rc=$?
ok "$rc" "dpkg-buildpackage -us -uc -b"
if [ "$rc" -ne 0 ]; then
	# on stderr too: CI shows a failing suite's stderr, not its TAP comments
	{ grep -n -i -m 5 -e 'error' -e 'unmet' "$work/build.log"; tail -8 "$work/build.log"; } |
		sed 's/^/pkg-test: dpkg-buildpackage: /' >&2
fi
ver=$(cd "$work/src" && dpkg-parsechangelog -S Version)
arch=$(dpkg --print-architecture)
tools_deb=$work/vfio-ap-tools_${ver}_${arch}.deb
dkms_deb=$work/vfio-ap-dkms_${ver}_all.deb
changes=$work/vfio-ap-tools_${ver}_${arch}.changes
ok "$([ -f "$tools_deb" ] && [ -f "$dkms_deb" ]; echo $?)" "dpkg-buildpackage: both packages built (vfio-ap-tools $arch, vfio-ap-dkms all)"

# ---- lintian
run lintian --fail-on error "$changes"
is "$rc" 0 "lintian --fail-on error on the .changes"
[ "$rc" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'
is "$(printf '%s\n' "$out" | grep -c '^[EW]: ')" 0 "lintian: no errors or warnings (the rest is overridden in debian/*.lintian-overrides)"

# ---- install vfio-ap-tools into a scratch root with its own dpkg database
# (dpkg --root: the package has no maintainer scripts; mdevctl, its
# dependency, is the host's, hence --force-depends)
R=$work/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates"
: >"$R/var/lib/dpkg/status"
run dpkg --root="$R" --force-depends -i "$tools_deb"
is "$rc" 0 "dpkg -i vfio-ap-tools into a scratch root"
[ "$rc" -eq 0 ] || printf '%s\n' "$err" | tail -5 | sed 's/^/#   /'
run dpkg --root="$R" -s vfio-ap-tools
like "$out" "^Status: install ok installed" "dpkg: vfio-ap-tools is installed"
for f in usr/sbin/vfio-ap-ctl usr/lib/mdevctl/scripts.d/callouts/00-vfio-ap \
	etc/mdevctl.d/scripts.d/callouts/00-vfio-ap.sh; do
	ok "$([ -x "$R/$f" ]; echo $?)" "vfio-ap-tools installs /$f"
done
f=usr/share/bash-completion/completions/vfio-ap-ctl
ok "$([ -f "$R/$f" ]; echo $?)" "vfio-ap-tools installs /$f"
run bash -c '. "$1" && complete -p vfio-ap-ctl' sh "$R/$f"
like "$out" "vfio-ap-ctl\$" "the packaged bash completion registers for vfio-ap-ctl"
run dpkg-deb -f "$tools_deb" Depends
like "$out" '(^|, )mdevctl(,|$)' "vfio-ap-tools: Depends: mdevctl"
run dpkg-deb -f "$tools_deb" Enhances
is "$out" "mdevctl" "vfio-ap-tools: Enhances: mdevctl"
# dh_compress leaves files under 4 KiB uncompressed: zgrep reads both
ok "$(zgrep -q "ap-check" "$R"/usr/share/doc/vfio-ap-tools/README.Debian*; echo $?)" \
	"vfio-ap-tools: README.Debian says what happens with s390-tools' ap-check"
for m in vfio-ap-ctl vfio-ap-callout vfio-ap-migration; do
	run man --manpath="$R/usr/share/man" -w "$m"
	like "$out" "^$R/usr/share/man/man[58]/$m\\.[58]\\.gz\$" "man finds $m in the package's /usr/share/man"
done
run dpkg-deb -c "$dkms_deb"
for f in dkms.conf Kbuild vfio_ap_ops.c vfio_ap_migration.c ap_bus.h; do
	like "$out" " \\./usr/src/vfio-ap-$ver/$f\$" "vfio-ap-dkms ships /usr/src/vfio-ap-$ver/$f"
done
mkdir -p "$work/dkms-root" && dpkg -x "$dkms_deb" "$work/dkms-root"
run grep -c 'vfio_ap_mig_init' "$work/dkms-root/usr/src/vfio-ap-$ver/vfio_ap_ops.c"
ok "$([ "${out:-0}" -gt 0 ]; echo $?)" "vfio-ap-dkms: vfio_ap_ops.c has the migration patches applied"
ok "$(zgrep -q "in-tree module" "$work"/dkms-root/usr/share/doc/vfio-ap-dkms/README.Debian*; echo $?)" \
	"vfio-ap-dkms: README.Debian says how to go back to the in-tree module"
run dpkg-deb -I "$dkms_deb" postinst
like "$out" 'dkms' "vfio-ap-dkms: postinst builds the module through dkms"

run dpkg-deb -I "$tools_deb" conffiles
is "$out" "/etc/mdevctl.d/scripts.d/callouts/00-vfio-ap.sh" \
	"vfio-ap-tools: the mdevctl 1.2.0 wrapper is a conffile (kept on remove, as the admin may edit it)"

# ---- the installed callout and vfio-ap-ctl under the real mdevctl
if ! command -v mdevctl >/dev/null 2>&1; then
	ok 0 "installed callout under mdevctl # SKIP mdevctl is not installed"
elif [ ! -x "$build/tests/sim/apsim-run" ]; then
	ok 0 "installed callout under mdevctl # SKIP no simulator in $build"
else
	rm -rf "$work/tmp" && mkdir -p "$work/tmp"
	TMPDIR=$work/tmp "$build/tests/sim/apsim-run" -- env PKG_ROOT="$R" top_srcdir="$top_srcdir" \
		/bin/sh "$top_srcdir/tests/pkg/pkg-sim.sh" >"$work/sim.tap" 2>"$work/sim.err"
	rc=$?
	# renumber the inner TAP lines into ours
	while IFS= read -r line; do
		case $line in
		"ok "*) ok 0 "${line#ok [0-9]* - }" ;;
		"not ok "*) ok 1 "${line#not ok [0-9]* - }" ;;
		"#"*) echo "$line" ;;
		esac
	done <"$work/sim.tap"
	is "$rc" 0 "the simulator run of the installed package exits 0"
	[ "$rc" -eq 0 ] || tail -5 "$work/sim.err" | sed 's/^/#   /'
	# pkg-sim.sh mounted the package's callout directory on apsim-run's
	# scratch /etc/mdevctl.d, which lives in TMPDIR
	is "$(ls -A "$work/tmp")" "" "apsim-run leaves nothing in TMPDIR, though a callout directory was mounted in it"
fi

# ---- remove and purge
run dpkg --root="$R" -r vfio-ap-tools
is "$rc" 0 "dpkg -r vfio-ap-tools"
ok "$([ ! -e "$R/usr/lib/mdevctl/scripts.d/callouts/00-vfio-ap" ] &&
	[ ! -e "$R/usr/sbin/vfio-ap-ctl" ]; echo $?)" "dpkg -r: the callout and vfio-ap-ctl are gone"
ok "$([ -x "$R/etc/mdevctl.d/scripts.d/callouts/00-vfio-ap.sh" ]; echo $?)" \
	"dpkg -r: the wrapper (a conffile) stays"
# what mdevctl 1.2.0 then runs: the wrapper, whose callout is gone
run sh -c 'sed "s|/usr/lib/mdevctl|$1/usr/lib/mdevctl|g" "$1/etc/mdevctl.d/scripts.d/callouts/00-vfio-ap.sh" |
	sh -s -- -t vfio_ap-passthrough -e pre -a start -s none -u 11111111-1111-1111-1111-111111111111 -p matrix' \
	sh "$R"
is "$rc" 2 "the kept wrapper without its callout exits 2 (not mine): mdevctl goes ahead"
run dpkg --root="$R" -P vfio-ap-tools
is "$rc" 0 "dpkg -P vfio-ap-tools"
ok "$([ ! -e "$R/etc/mdevctl.d/scripts.d/callouts/00-vfio-ap.sh" ]; echo $?)" "dpkg -P: the wrapper is gone too"
done_testing
