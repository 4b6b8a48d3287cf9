#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vfio-ap-ctl's global command line: --help, --version, errors and exit codes.

. "$top_srcdir/tests/lib/tap.sh"
ctl="$top_builddir/tools/vfio-ap-ctl"
version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$top_builddir/config.h")

run "$ctl" --version
is "$rc" 0 "--version exits 0"
is "$out" "vfio-ap-ctl (vfio-ap-tools) $version" "--version prints the configure version"
run "$ctl" -v
is "$out" "vfio-ap-ctl (vfio-ap-tools) $version" "-v is --version"

run "$ctl" --help
is "$rc" 0 "--help exits 0"
like "$out" '^Usage: vfio-ap-ctl ' "--help prints the usage"
like "$out" '^  help +show this help' "--help lists the commands from the table"
is "$err" "" "--help writes nothing to stderr"
run "$ctl" help
is "$rc" 0 "help command exits 0"
like "$out" '^Usage: vfio-ap-ctl ' "help command prints the usage"

run "$ctl" frobnicate
is "$rc" 2 "unknown command exits 2"
is "$err" "vfio-ap-ctl: unknown command 'frobnicate' (try --help)" "unknown command: one line"
is "$out" "" "unknown command prints nothing on stdout"

run "$ctl"
is "$rc" 2 "no command exits 2"
is "$err" "vfio-ap-ctl: no command given (try --help)" "no command: one line"

run "$ctl" --frob list
is "$rc" 2 "unknown long option exits 2"
is "$err" "vfio-ap-ctl: unknown option '--frob' (try --help)" "unknown long option named"
run "$ctl" -x
is "$rc" 2 "unknown short option exits 2"
is "$err" "vfio-ap-ctl: unknown option '-x' (try --help)" "unknown short option named"

run "$ctl" help nosuch
is "$rc" 2 "help of an unknown command exits 2"
is "$err" "vfio-ap-ctl: help: unknown command 'nosuch'" "help of an unknown command: one line"
run "$ctl" help a b
is "$rc" 2 "help with two operands exits 2"

done_testing
