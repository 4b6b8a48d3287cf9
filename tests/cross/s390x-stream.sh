#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the migration-core unit tests for s390x (big-endian) from
# $top_srcdir, run them under qemu-user and relay their TAP. The stream
# core is byte-order sensitive; this proves it on the byte order the kernel
# runs on. CRC-32 comes from zlib as in the native build
# (tools/lib/kshim_crc32.c), linked statically from Debian's s390x zlib
# package, which ./run unpacks into .run/s390x-zlib (it cannot be
# installed beside the amd64 libc headers; see s390x_zlib in run).
#
# Environment: S390X_CC (default s390x-linux-gnu-gcc), QEMU_S390X (default
# qemu-s390x-static, then qemu-s390x), S390X_ZLIB (the unpacked package's
# root, default $top_builddir/../s390x-zlib).

: "${top_srcdir:?}" "${top_builddir:?}"
cc=${S390X_CC:-s390x-linux-gnu-gcc}
qemu=${QEMU_S390X:-}
if [ -z "$qemu" ]; then
	for q in qemu-s390x-static qemu-s390x; do
		if command -v "$q" >/dev/null 2>&1; then
			qemu=$q
			break
		fi
	done
fi
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "1..0 # SKIP no s390x cross compiler ($cc)"
	exit 0
fi
if [ -z "$qemu" ] || ! command -v "$qemu" >/dev/null 2>&1; then
	echo "1..0 # SKIP no qemu-s390x user-mode emulator"
	exit 0
fi

zlib=${S390X_ZLIB:-$top_builddir/../s390x-zlib}
if [ ! -f "$zlib/usr/lib/s390x-linux-gnu/libz.a" ] || [ ! -f "$zlib/usr/include/zlib.h" ]; then
	echo "1..0 # SKIP no s390x zlib in $zlib (./run test unpacks Debian's zlib1g-dev:s390x there)"
	exit 0
fi

out=$top_builddir/tests/cross
mkdir -p "$out" || exit 1
src=$top_srcdir
core="$src/driver/vfio_ap_mig_stream.c $src/driver/vfio_ap_mig_rules.c $src/tools/lib/kshim_crc32.c
	$src/tools/lib/mig_feed.c $src/tools/lib/mig_check_host.c"
common="$src/tests/unit/mig_test_util.c $src/tests/unit/tap.c"
cflags="-std=gnu11 -O2 -g -static -Wall -Wextra -Wno-unused-parameter -Werror -I$src/tools/include -I$src/tools/lib -I$src/driver -I$src/tests/unit -idirafter $zlib/usr/include"
libs="-L$zlib/usr/lib/s390x-linux-gnu -lz"

n=0
failed=0
result() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

for t in stream rules; do
	bin=$out/s390x-$t-test
	# shellcheck disable=SC2086 # word splitting of the flag lists is intended
	if ! $cc $cflags -o "$bin" "$src/tests/unit/test-mig-$t.c" $common $core $libs \
		>"$out/s390x-$t-build.log" 2>&1; then
		sed 's/^/# /' "$out/s390x-$t-build.log"
		result 1 "s390x: build test-mig-$t"
		continue
	fi
	result 0 "s390x: build test-mig-$t"
	log=$out/s390x-$t-run.log
	"$qemu" "$bin" >"$log" 2>&1
	rc=$?
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)
	seen=0
	# relay every result of the inner test under our own numbering
	while IFS= read -r line; do
		case $line in
		"ok "*)
			seen=$((seen + 1))
			result 0 "s390x $t: ${line#ok [0-9]* - }"
			;;
		"not ok "*)
			seen=$((seen + 1))
			result 1 "s390x $t: ${line#not ok [0-9]* - }"
			;;
		"#"*)
			echo "$line"
			;;
		esac
	done <"$log"
	result $((rc != 0 || seen == 0)) "s390x: test-mig-$t exit status $rc"
	if [ -z "$plan" ] || [ "$plan" -ne "$seen" ]; then
		result 1 "s390x: test-mig-$t plan ${plan:-missing}, saw $seen results"
	fi
done

echo "1..$n"
[ "$failed" -eq 0 ]
