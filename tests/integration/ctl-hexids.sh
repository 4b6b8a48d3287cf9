#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# One base per screen (DESIGN.md section 6): list, show and define -n print
# adapter and domain IDs in hexadecimal as in an APQN and as lszcrypt and
# vfio-ap-ctl host print them (cards 05-06, domains 000a-000b), whatever base
# they were given in. IDs 10 and up are chosen so that decimal and
# hexadecimal differ in more than the padding. JSON keeps numbers.

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"
ctl_enter_sim "$HOSTS/small.json"

# ---- define -n: a summary line in hexadecimal, nothing defined ----------
ctl define -n -u "$U1" -a 5-6 -d 10,11 -c 16
is "$rc" 0 "define -n exits 0"
is "$(printf '%s\n' "$out" | head -n 1)" \
	"would define $U1: adapters 05-06, domains 000a-000b, control domains 0010 (start manual)" \
	"define -n: IDs in hexadecimal"
run mdevctl list -d -u "$U1"
is "$out" "" "define -n defines nothing"

# the same IDs typed in hexadecimal give the same screen
ctl define -n -u "$U1" -a 0x5-0x6 -d 0xa-0xb -c 0x10
like "$out" "^would define $U1: adapters 05-06, domains 000a-000b, control domains 0010 " \
	"define -n with hexadecimal input: the same IDs"

# ---- messages: the ID as in the APQN beside it, in one base -------------
ctl define -n -u "$U2" -a 16 -d 5
like "$err" "warning: adapter 10 is not in the host's AP configuration" \
	"define -n -a 16: the warning names adapter 10 (hexadecimal), no second base"
like "$err" "APQN 10\\.0005 is not in the host's AP configuration" \
	"define -n -a 16: the same adapter in the APQN"

# ---- define, list, show -------------------------------------------------
ctl define -u "$U1" -a 5-6 -d 10,11 -c 16
is "$rc" 0 "define exits 0"
is "$out" "defined $U1: adapters 05-06, domains 000a-000b, control domains 0010 (start manual)" \
	"define: summary in hexadecimal"

ctl list
is "$rc" 0 "list exits 0"
is "$(printf '%s\n' "$out" | awk -v u="$U1" '$1 == u { print $5, $6, $7 }')" \
	"05-06 000a-000b 0010" "list: adapters, domains and control domains in hexadecimal"
ctl list -j
jq_is ".mdevs[] | select(.uuid == \"$U1\") | [.adapters, .domains, .control_domains] | @json" \
	'[[5,6],[10,11],[16]]' "list -j: IDs stay numbers"

ctl show "$U1"
is "$rc" 0 "show exits 0"
is "$(printf '%s\n' "$out" | sed -n 's/^\(adapters\|domains\|control_domains\) *//p' | tr '\n' ' ')" \
	"05-06 000a-000b 0010 " "show: adapters, domains and control domains in hexadecimal"
like "$out" "05\\.000a +-" "show: the APQN table agrees (05.000a)"

done_testing
