#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The compatibility cases of the KUnit suite (kt_rule_cases, kt_host_cases
# in driver/vfio_ap_migration_kunit.c) are the shared table that
# vfio-ap-ctl check is tested against (driver/vfio_ap_mig_cases.h): same
# names, same hwinfo values, same errnos, same message words. The KUnit
# arrays are cut out of the kernel file and compiled here with the header.

. "$top_srcdir/tests/lib/tap.sh"
kunit=$top_srcdir/driver/vfio_ap_migration_kunit.c
if [ ! -r "$kunit" ]; then
	echo "1..0 # SKIP no KUnit suite"
	exit 0
fi
if grep -q '#include "vfio_ap_mig_cases.h"' "$kunit"; then
	echo "1..1"
	echo "ok 1 - the KUnit suite includes the shared table itself"
	exit 0
fi
cc=${CC:-cc}
t=$_tap_tmp
# struct definitions and arrays, from their first line to the closing "};"
cut_block() {
	awk -v start="$1" 'index($0, start) == 1 { on = 1 } on { print } on && /^};/ { exit }' "$kunit"
}
{
	echo '#include <errno.h>'
	echo '#include <stdio.h>'
	echo '#include <string.h>'
	echo '#include "vfio_ap_mig_cases.h"'
	grep -E '^#define KT_(HW_BASE|BIT)\b' "$kunit"
	cut_block 'struct kt_host_case {'
	cut_block 'static const struct kt_host_case kt_host_cases[] = {'
	cut_block 'struct kt_rule_case {'
	cut_block 'static const struct kt_rule_case kt_rule_cases[] = {'
	cat <<'C'
#define N(a) (sizeof(a) / sizeof((a)[0]))
int main(void)
{
	size_t i;

	printf("rules %zu %zu\n", N(kt_rule_cases), N(vfio_ap_mig_rule_cases));
	for (i = 0; i < N(kt_rule_cases) && i < N(vfio_ap_mig_rule_cases); i++) {
		const struct kt_rule_case *k = &kt_rule_cases[i];
		const struct vfio_ap_mig_rule_case *s = &vfio_ap_mig_rule_cases[i];

		printf("rule %s %s\n", k->name,
		       !strcmp(k->name, s->name) && k->src == s->src && k->dst == s->dst &&
		       k->err == s->err && !strcmp(k->msg, s->msg) ? "same" : "differs");
	}
	printf("hosts %zu %zu\n", N(kt_host_cases), N(vfio_ap_mig_host_cases));
	for (i = 0; i < N(kt_host_cases) && i < N(vfio_ap_mig_host_cases); i++) {
		const struct kt_host_case *k = &kt_host_cases[i];
		const struct vfio_ap_mig_host_case *s = &vfio_ap_mig_host_cases[i];

		printf("host %s %s\n", k->name,
		       !strcmp(k->name, s->name) && k->err == s->err && !strcmp(k->msg, s->msg) ?
		       "same" : "differs");
	}
	return 0;
}
C
} | sed -e 's/\bu64\b/unsigned long long/g' >"$t/sync.c"
run "$cc" -std=gnu11 -I"$top_srcdir/tools/include" -I"$top_srcdir/driver" -o "$t/sync" "$t/sync.c"
is "$rc" 0 "the KUnit case tables compile with the shared header"
if [ "$rc" -ne 0 ]; then
	printf '%s\n' "$err" | sed 's/^/#   /' | head -20
	done_testing
	exit
fi
run "$t/sync"
is "$(printf '%s\n' "$out" | sed -n 's/^rules //p')" \
	"$(printf '%s\n' "$out" | sed -n 's/^rules \([0-9]*\) .*/\1 \1/p')" "as many rule cases in both"
is "$(printf '%s\n' "$out" | sed -n 's/^hosts //p')" \
	"$(printf '%s\n' "$out" | sed -n 's/^hosts \([0-9]*\) .*/\1 \1/p')" "as many host cases in both"
printf '%s\n' "$out" | grep -E '^(rule|host) ' | while read -r kind name verdict; do
	echo "$kind $name $verdict"
done >"$t/verdicts"
while read -r kind name verdict; do
	is "$verdict" same "$kind case $name: KUnit and the shared table agree"
done <"$t/verdicts"
done_testing
