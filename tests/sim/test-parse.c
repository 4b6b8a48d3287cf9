// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulator's copies of the kernel parsers, case by case: kstrtoul,
 * simple_strtoul, ap_hex2bitmap, modify_bitmap (ap_parse_bitmap_str),
 * uuid_is_valid and the "%i" scan.
 */
#include <errno.h>
#include <string.h>

#include "sim.h"
#include "tap.h"

/* @s with newlines shown as \n, for test names */
static const char *shown(const char *s)
{
	static char buf[200];
	size_t n = 0;

	for (; *s && n < sizeof(buf) - 3; s++) {
		if (*s == '\n') {
			buf[n++] = '\\';
			buf[n++] = 'n';
		} else {
			buf[n++] = *s;
		}
	}
	buf[n] = '\0';
	return buf;
}

static void kstrtoul_case(const char *str, int want_rc, unsigned long want)
{
	unsigned long v = 12345;
	int rc = sim_kstrtoul(str, 0, &v);
	const char *s = shown(str);

	tap_is_int(rc, want_rc, "kstrtoul(\"%s\") rc", s);
	if (!want_rc)
		tap_is_int((long long)v, (long long)want, "kstrtoul(\"%s\") value", s);
}

static void mask_case(const char *str, const struct sim_mask *cur, int want_rc, const char *want)
{
	struct sim_mask m;
	char hex[67];
	int rc = sim_parse_bitmap_str(str, cur, &m);
	const char *s = shown(str);

	tap_is_int(rc, want_rc, "bitmap \"%s\" rc", s);
	if (!want_rc) {
		sim_mask_hex(&m, hex);
		tap_is_str(hex, want, "bitmap \"%s\" value", s);
	}
}

int main(void)
{
	struct sim_mask zero, ones, m;
	char end_hex[67];
	int iv;

	kstrtoul_case("5", 0, 5);
	kstrtoul_case("5\n", 0, 5);
	kstrtoul_case("+5", 0, 5);
	kstrtoul_case("0x1f", 0, 31);
	kstrtoul_case("0X1F", 0, 31);
	kstrtoul_case("017", 0, 15);
	kstrtoul_case("0", 0, 0);
	kstrtoul_case("08", -EINVAL, 0);
	kstrtoul_case("0x", -EINVAL, 0);
	kstrtoul_case("", -EINVAL, 0);
	kstrtoul_case("\n", -EINVAL, 0);
	kstrtoul_case("-1", -EINVAL, 0);
	kstrtoul_case(" 5", -EINVAL, 0);
	kstrtoul_case("5 ", -EINVAL, 0);
	kstrtoul_case("5\n\n", -EINVAL, 0);
	kstrtoul_case("18446744073709551615", 0, 18446744073709551615UL);
	kstrtoul_case("18446744073709551616", -ERANGE, 0);

	memset(&zero, 0, sizeof(zero));
	sim_mask_fill(&ones);
#define Z62 "00000000000000000000000000000000000000000000000000000000000000"
#define F62 "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
	mask_case("0x41", &ones, 0, "0x41" Z62);
	mask_case("x41", &ones, 0, "0x41" Z62);
	mask_case("41\n", &ones, 0, "0x41" Z62);
	mask_case("0xAB", &zero, 0, "0xab" Z62);
	mask_case("", &ones, 0, "0x00" Z62);
	mask_case("0X41", &zero, -EINVAL, NULL);
	mask_case("0x4g", &zero, -EINVAL, NULL);
	mask_case("0x41 ", &zero, -EINVAL, NULL);
	mask_case("0x" F62 "ff", &zero, 0, "0xff" F62);
	mask_case("0x" F62 "fff", &zero, -EINVAL, NULL);
	mask_case("+0", &zero, 0, "0x80" Z62);
	mask_case("+0-7,-3", &zero, 0, "0xef" Z62);
	mask_case("-0-255,+1-2", &ones, 0, "0x60" Z62);
	mask_case("+0x8-0xf\n", &zero, 0,
		  "0x00ff"
		  "000000000000000000000000000000000000000000000000000000000000");
	mask_case("+010", &zero, 0,
		  "0x0080"
		  "000000000000000000000000000000000000000000000000000000000000");
	mask_case("-0,,-1", &ones, 0, "0x3f" F62);
	mask_case("+256", &zero, -EINVAL, NULL);
	mask_case("+5-4", &zero, -EINVAL, NULL);
	mask_case("+", &zero, -EINVAL, NULL);
	mask_case("+1,2", &zero, -EINVAL, NULL);
	mask_case("+1-", &zero, -EINVAL, NULL);

	tap_ok(sim_uuid_valid("0f6f2e5a-1b3c-4d5e-8f70-a1b2c3d4e5f6"), "uuid lower case");
	tap_ok(sim_uuid_valid("0F6F2E5A-1B3C-4D5E-8F70-A1B2C3D4E5F6"), "uuid upper case");
	tap_ok(!sim_uuid_valid("0f6f2e5a-1b3c-4d5e-8f70-a1b2c3d4e5f"), "uuid too short");
	tap_ok(!sim_uuid_valid("0f6f2e5a_1b3c-4d5e-8f70-a1b2c3d4e5f6"), "uuid bad separator");
	tap_ok(!sim_uuid_valid("0f6f2e5a-1b3c-4d5e-8f70-a1b2c3d4e5fg"), "uuid bad digit");

	tap_ok(!sim_scan_int(" 0x10\n", &iv) && iv == 16, "%%i: hex");
	tap_ok(!sim_scan_int("-1", &iv) && iv == -1, "%%i: negative");
	tap_ok(sim_scan_int("x", &iv) == -EINVAL, "%%i: garbage");
	/* lib/vsprintf.c vsscanf: only '-' is a sign; the value wraps into int */
	tap_ok(sim_scan_int("+1", &iv) == -EINVAL, "%%i: '+' is no sign (EINVAL)");
	tap_ok(!sim_scan_int("4294967301", &iv) && iv == 5, "%%i: 4294967301 wraps to 5");
	tap_ok(!sim_scan_int("010", &iv) && iv == 8, "%%i: octal");
	tap_ok(sim_scan_d("+1", &iv) == -EINVAL, "%%d: '+' is no sign (EINVAL)");
	tap_ok(!sim_scan_d("010\n", &iv) && iv == 10, "%%d: decimal only");
	tap_ok(!sim_scan_d("1abc", &iv) && iv == 1, "%%d: stops at the first non-digit");

	tap_is_int(sim_idlist_parse("3,5-7,0x10", &m), 0, "idlist parses");
	sim_mask_hex(&m, end_hex);
	tap_is_str(end_hex,
		   "0x170080"
		   "0000000000000000000000000000000000000000000000000000000000",
		   "idlist value");
	tap_is_int(sim_idlist_parse("7-5", &m), -EINVAL, "idlist reversed range");
	tap_is_int(sim_idlist_parse("256", &m), -EINVAL, "idlist out of range");
	return tap_done();
}
