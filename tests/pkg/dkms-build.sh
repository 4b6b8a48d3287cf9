#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
#
# dkms-build.sh KDIR WORK [MAKEVAR=VALUE...]: build the vfio-ap-dkms payload
# out of tree against the kernel build tree KDIR, as DKMS does on a host.
#
# The payload is made by debian/dkms-payload (the vfio_ap sources from
# /usr/src/linux-source-6.12.tar.xz, patched) and laid out where DKMS puts
# it (WORK/dkms/vfio-ap/VERSION/build); then dkms.conf
# (debian/vfio-ap-dkms.dkms, #MODULE_VERSION# replaced as dh_dkms does) is
# sourced with DKMS's variables set and its MAKE[0] line is run in the build
# directory, as DKMS runs it, with the extra make variables appended (the CI
# cross build: ARCH=s390 CROSS_COMPILE=s390x-linux-gnu-). Checks that
# BUILT_MODULE_NAME[0].ko came out, that modpost found every symbol and that
# the module's vermagic is KDIR's kernel release. Then, where dkms is
# installed, the same sources go through the real "dkms add" and "dkms build"
# (scratch --sourcetree and --dkmstree, --kernelsourcedir KDIR, the make
# variables in the environment, which Kbuild reads), which must report the
# module built. Exit 0 if all of it holds.
set -u
set -o pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
[ $# -ge 2 ] || { echo "usage: dkms-build.sh KDIR WORK [MAKEVAR=VALUE...]" >&2; exit 2; }
kdir=$(cd "$1" && pwd) || exit 1
work=$2
shift 2
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}

version=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$top/debian/changelog")
version=${version%%-*}	# the upstream part, as debian/rules passes to dh_dkms
[ -n "$version" ] || { echo "dkms-build: no version in debian/changelog" >&2; exit 1; }
conf=$(sed "s/#MODULE_VERSION#/$version/g" "$top/debian/vfio-ap-dkms.dkms")
name=$(bash -c 'eval "$1"; echo "$PACKAGE_NAME"' sh "$conf")

dkms_tree=$work/dkms
build=$dkms_tree/$name/$version/build
rm -rf "$dkms_tree"
mkdir -p "$build"
sh "$top/debian/dkms-payload" "$tarball" "$build" || exit 1
printf '%s\n' "$conf" >"$build/dkms.conf"
echo "payload: $(cd "$build" && echo *)"
# a pristine copy for the real dkms below (the build leaves objects behind)
rd=$work/real-dkms
rm -rf "$rd"
mkdir -p "$rd/src" "$rd/tree"
cp -r "$build" "$rd/src/$name-$version"

# what DKMS does: source dkms.conf with its variables set, eval MAKE[0] in
# the build directory
log=$work/dkms-make.log
(
	cd "$build" || exit 1
	# shellcheck disable=SC2034 # used by dkms.conf
	kernel_source_dir=$kdir
	# shellcheck disable=SC2034
	kernelver=$(cat "$kdir/include/config/kernel.release")
	eval "$conf"
	echo "MAKE[0]: ${MAKE[0]} $*"
	eval "${MAKE[0]}" '"$@"'
) 2>&1 | tee "$log"
rc=$?
[ $rc -eq 0 ] || { echo "dkms-build: MAKE[0] failed ($rc)"; exit 1; }
module=$(bash -c 'eval "$1"; echo "${BUILT_MODULE_NAME[0]}"' sh "$conf")
[ -f "$build/$module.ko" ] || { echo "dkms-build: no $module.ko in $build"; exit 1; }
if grep -q 'undefined!' "$log"; then
	echo "dkms-build: modpost: undefined symbols"
	exit 1
fi
release=$(cat "$kdir/include/config/kernel.release")
vermagic=$(modinfo -F vermagic "$build/$module.ko" 2>/dev/null)
case $vermagic in
"$release "*) echo "dkms-build: $module.ko built for $release" ;;
*) echo "dkms-build: $module.ko has vermagic '$vermagic', not $release"; exit 1 ;;
esac

# ---- the real dkms, where it is installed
if ! command -v dkms >/dev/null 2>&1; then
	echo "dkms-build: dkms is not installed; MAKE[0] was run by hand only"
	exit 0
fi
arch=$(bash -c 'eval "$1"; echo "${BUILD_EXCLUSIVE_ARCH:-}"' sh "$conf" | tr -d '^$')
opts=(--sourcetree "$rd/src" --dkmstree "$rd/tree")
dkms add -m "$name" -v "$version" "${opts[@]}" || { echo "dkms-build: dkms add failed"; exit 1; }
env "$@" dkms build -m "$name" -v "$version" -k "$release" ${arch:+-a "$arch"} \
	--kernelsourcedir "$kdir" "${opts[@]}" || { echo "dkms-build: dkms build failed"; exit 1; }
status=$(dkms status -m "$name" -v "$version" "${opts[@]}")
echo "dkms status: $status"
case $status in
*"$release"*": built"*) ;;
*) echo "dkms-build: dkms does not report the module built for $release"; exit 1 ;;
esac
ko=$rd/tree/$name/$version/$release/${arch:-$(uname -m)}/module/$module.ko
vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null)
case $vermagic in
"$release "*) echo "dkms-build: dkms built $ko for $release" ;;
*) echo "dkms-build: dkms's $ko has vermagic '$vermagic', not $release"; exit 1 ;;
esac
