// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests for tools/lib/ap_mask.c: 256-bit masks, IDs and ID lists.
 */
#include <errno.h>
#include <string.h>

#include "ap_mask.h"
#include "tap.h"

static const char *ALL_ZERO = "0x0000000000000000000000000000000000000000000000000000000000000000";

static void test_bits(void)
{
	struct ap_mask m;
	int id, n = 0;

	ap_mask_zero(&m);
	tap_ok(ap_mask_empty(&m), "zeroed mask is empty");
	tap_is_int(ap_mask_last(&m), -1, "last of empty mask is -1");
	tap_is_int(ap_mask_next(&m, 0), -1, "next of empty mask is -1");
	ap_mask_set(&m, 0);
	tap_ok(m.w[0] == UINT64_C(0x8000000000000000), "ID 0 is the MSB of word 0");
	ap_mask_set(&m, 255);
	tap_ok(m.w[3] == 1, "ID 255 is the LSB of word 3");
	ap_mask_set(&m, 64);
	ap_mask_set(&m, 63);
	tap_is_int(ap_mask_weight(&m), 4, "weight counts set IDs");
	tap_is_int(ap_mask_last(&m), 255, "last finds 255");
	tap_is_int(ap_mask_next(&m, 1), 63, "next from 1 finds 63");
	tap_is_int(ap_mask_next(&m, 64), 64, "next is inclusive");
	tap_is_int(ap_mask_next(&m, 65), 255, "next crosses words");
	tap_is_int(ap_mask_next(&m, 256), -1, "next past the end is -1");
	ap_mask_for_each(id, &m)
		n++;
	tap_is_int(n, 4, "for_each visits every set ID");
	ap_mask_clear_bit(&m, 255);
	tap_ok(!ap_mask_test(&m, 255), "clear_bit clears");
	tap_ok(!ap_mask_test(&m, 300), "test beyond 255 is false");
}

static void test_setops(void)
{
	struct ap_mask a = { { 0 } }, b = { { 0 } }, r;

	ap_mask_set(&a, 1);
	ap_mask_set(&a, 2);
	ap_mask_set(&b, 2);
	ap_mask_set(&b, 200);
	ap_mask_and(&r, &a, &b);
	tap_ok(ap_mask_test(&r, 2) && ap_mask_weight(&r) == 1, "and");
	ap_mask_or(&r, &a, &b);
	tap_is_int(ap_mask_weight(&r), 3, "or");
	ap_mask_andnot(&r, &a, &b);
	tap_ok(ap_mask_test(&r, 1) && ap_mask_weight(&r) == 1, "andnot");
	tap_ok(ap_mask_intersects(&a, &b), "intersects");
	ap_mask_clear_bit(&b, 2);
	tap_ok(!ap_mask_intersects(&a, &b), "no longer intersects");
	tap_ok(!ap_mask_equal(&a, &b), "not equal");
	r = a;
	tap_ok(ap_mask_equal(&a, &r), "equal");
}

static void test_mask_parse_ok(void)
{
	struct ap_mask m;
	char buf[AP_MASK_STRLEN];
	const char *s = "0x8000000000000000000000000000000000000000000000000000000000000001";

	tap_is_int(ap_mask_parse(s, &m, NULL), 0, "parse a sysfs mask");
	tap_ok(ap_mask_test(&m, 0) && ap_mask_test(&m, 255) && ap_mask_weight(&m) == 2,
	       "mask bits 0 and 255");
	ap_mask_format(&m, buf);
	tap_is_str(buf, s, "format round-trips");
	tap_is_int(ap_mask_parse("0x4000000000000000000000000000000000000000000000000000000000000000\n",
				 &m, NULL), 0, "trailing newline accepted");
	tap_ok(ap_mask_test(&m, 1) && ap_mask_weight(&m) == 1, "0x4... is ID 1");
	tap_is_int(ap_mask_parse("0XFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", &m,
				 NULL), 0, "upper case accepted");
	tap_is_int(ap_mask_weight(&m), 256, "all ones");
	tap_is_int(ap_mask_parse(ALL_ZERO, &m, NULL), 0, "all zero");
	tap_ok(ap_mask_empty(&m), "all zero is empty");
}

static void test_mask_parse_refused(void)
{
	static const struct {
		const char *in;
		const char *why;
	} bad[] = {
		{ "", "mask must start with 0x" },
		{ "8000000000000000000000000000000000000000000000000000000000000000",
		  "mask must start with 0x" },
		{ "0x", "mask must have exactly 64 hex digits" },
		{ "0x80", "mask must have exactly 64 hex digits" },
		{ "0x800000000000000000000000000000000000000000000000000000000000000",
		  "mask must have exactly 64 hex digits" },
		{ "0x80000000000000000000000000000000000000000000000000000000000000000",
		  "mask must have exactly 64 hex digits" },
		{ "0x800000000000000000000000000000000000000000000000000000000000000g",
		  "mask has a character that is not a hex digit" },
		{ "0x80000000000000000000000000000000 0000000000000000000000000000000",
		  "mask has a character that is not a hex digit" },
		{ "0x8000000000000000000000000000000000000000000000000000000000000000\n\n",
		  "mask must have exactly 64 hex digits" },
		{ " 0x8000000000000000000000000000000000000000000000000000000000000000",
		  "mask must start with 0x" },
		{ "-0x800000000000000000000000000000000000000000000000000000000000000",
		  "mask must start with 0x" },
	};
	struct ap_mask m, orig;
	const char *why;
	size_t i;

	memset(&orig, 0xa5, sizeof(orig));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = orig;
		why = NULL;
		tap_is_int(ap_mask_parse(bad[i].in, &m, &why), -EINVAL, "mask '%s' refused",
			   bad[i].in);
		tap_is_str(why, bad[i].why, "  with reason");
		tap_ok(ap_mask_equal(&m, &orig), "  and the mask is unchanged");
	}
	tap_is_int(ap_mask_parse(NULL, &m, &why), -EINVAL, "NULL mask refused");
}

static void test_id_parse(void)
{
	unsigned int id = 0;
	const char *why;

	tap_is_int(ap_id_parse("0", 255, &id, NULL), 0, "0");
	tap_is_int(id, 0, "  is 0");
	tap_is_int(ap_id_parse("255", 255, &id, NULL), 0, "255");
	tap_is_int(id, 255, "  is 255");
	tap_is_int(ap_id_parse("0x1f", 255, &id, NULL), 0, "0x1f");
	tap_is_int(id, 31, "  is 31");
	tap_is_int(ap_id_parse("0X1F", 255, &id, NULL), 0, "0X1F");
	tap_is_int(id, 31, "  is 31");
	tap_is_int(ap_id_parse("010", 255, &id, NULL), 0, "010 (octal, as the kernel)");
	tap_is_int(id, 8, "  is 8");
	tap_is_int(ap_id_parse("0377", 255, &id, NULL), 0, "0377");
	tap_is_int(id, 255, "  is 255");
	tap_is_int(ap_id_parse("15", 15, &id, NULL), 0, "15 with max 15");

	id = 77;
	tap_is_int(ap_id_parse("256", 255, &id, &why), -ERANGE, "256 out of range");
	tap_is_str(why, "ID out of range", "  reason");
	tap_is_int(id, 77, "  id unchanged");
	tap_is_int(ap_id_parse("16", 15, &id, NULL), -ERANGE, "16 over max 15");
	tap_is_int(ap_id_parse("0x100", 255, &id, NULL), -ERANGE, "0x100 out of range");
	tap_is_int(ap_id_parse("99999999999999999999999", 255, &id, NULL), -ERANGE,
		   "huge number out of range, no overflow");
	tap_is_int(ap_id_parse("", 255, &id, &why), -EINVAL, "empty refused");
	tap_is_str(why, "empty ID", "  reason");
	tap_is_int(ap_id_parse(NULL, 255, &id, NULL), -EINVAL, "NULL refused");
	tap_is_int(ap_id_parse("0x", 255, &id, &why), -EINVAL, "0x alone refused");
	tap_is_str(why, "no hex digits after 0x", "  reason");
	tap_is_int(ap_id_parse("0xg", 255, &id, &why), -EINVAL, "0xg refused");
	tap_is_str(why, "not a hex number", "  reason");
	tap_is_int(ap_id_parse("08", 255, &id, &why), -EINVAL, "08 refused (octal)");
	tap_is_str(why, "not an octal number (leading 0)", "  reason");
	tap_is_int(ap_id_parse("1a", 255, &id, &why), -EINVAL, "1a refused");
	tap_is_str(why, "not a number", "  reason");
	tap_is_int(ap_id_parse("-1", 255, &id, NULL), -EINVAL, "-1 refused");
	tap_is_int(ap_id_parse("+1", 255, &id, NULL), -EINVAL, "+1 refused");
	tap_is_int(ap_id_parse(" 1", 255, &id, NULL), -EINVAL, "leading blank refused");
	tap_is_int(ap_id_parse("1 ", 255, &id, NULL), -EINVAL, "trailing blank refused");
	tap_is_int(ap_id_parse("1\n", 255, &id, NULL), -EINVAL, "newline refused");
	tap_is_int(ap_id_parse("2560x", 255, &id, NULL), -EINVAL,
		   "garbage after a too-large number is -EINVAL, not -ERANGE");
}

static void test_idlist_ok(void)
{
	struct ap_mask m;
	char buf[1024];

	tap_is_int(ap_idlist_parse("3,5-7,0x10", 255, &m, NULL), 0, "3,5-7,0x10");
	tap_is_int(ap_mask_weight(&m), 5, "  five IDs");
	tap_ok(ap_mask_test(&m, 3) && ap_mask_test(&m, 5) && ap_mask_test(&m, 6) &&
	       ap_mask_test(&m, 7) && ap_mask_test(&m, 16), "  the right ones");
	tap_is_int(ap_idlist_format(&m, AP_IDLIST_DEC, buf, sizeof(buf)), 8, "format length");
	tap_is_str(buf, "3,5-7,16", "format decimal");
	ap_idlist_format(&m, AP_IDLIST_HEX, buf, sizeof(buf));
	tap_is_str(buf, "0x03,0x05-0x07,0x10", "format hex");
	ap_idlist_format(&m, AP_IDLIST_HEX_CARD, buf, sizeof(buf));
	tap_is_str(buf, "03,05-07,10", "format hex, as cards in an APQN");
	ap_idlist_format(&m, AP_IDLIST_HEX_DOMAIN, buf, sizeof(buf));
	tap_is_str(buf, "0003,0005-0007,0010", "format hex, as domains in an APQN");
	tap_is_int(ap_idlist_parse("0-255", 255, &m, NULL), 0, "0-255");
	tap_is_int(ap_mask_weight(&m), 256, "  all");
	ap_idlist_format(&m, AP_IDLIST_DEC, buf, sizeof(buf));
	tap_is_str(buf, "0-255", "  formats as one range");
	ap_idlist_format(&m, AP_IDLIST_HEX_DOMAIN, buf, sizeof(buf));
	tap_is_str(buf, "0000-00ff", "  in hex as domains, one range");
	tap_is_int(ap_idlist_parse("0x10-0x1f", 255, &m, NULL), 0, "hex range");
	tap_is_int(ap_mask_weight(&m), 16, "  16 IDs");
	tap_is_int(ap_idlist_parse("7-7", 255, &m, NULL), 0, "one-element range");
	tap_is_int(ap_mask_weight(&m), 1, "  one ID");
	tap_is_int(ap_idlist_parse("5,5,5", 255, &m, NULL), 0, "repeated IDs");
	tap_is_int(ap_mask_weight(&m), 1, "  collapse");
	ap_mask_zero(&m);
	tap_is_int(ap_idlist_format(&m, AP_IDLIST_DEC, buf, sizeof(buf)), 0, "empty formats");
	tap_is_str(buf, "", "  as empty string");
	ap_mask_set(&m, 1);
	ap_mask_set(&m, 200);
	tap_is_int(ap_idlist_format(&m, AP_IDLIST_DEC, buf, 4), -ENOSPC, "too small buffer");
	tap_is_int(ap_idlist_format(&m, AP_IDLIST_DEC, buf, 0), -ENOSPC, "zero buffer");
	tap_is_int(ap_idlist_format(&m, AP_IDLIST_DEC, buf, 6), 5, "exactly fitting buffer");
}

static void test_idlist_refused(void)
{
	static const struct {
		const char *in;
		unsigned int max;
		int rc;
		const char *why;
	} bad[] = {
		{ "", 255, -EINVAL, "empty ID list" },
		{ ",", 255, -EINVAL, "empty element in ID list" },
		{ "1,", 255, -EINVAL, "empty element in ID list" },
		{ ",1", 255, -EINVAL, "empty element in ID list" },
		{ "1,,2", 255, -EINVAL, "empty element in ID list" },
		{ "1-", 255, -EINVAL, "empty ID" },
		{ "-1", 255, -EINVAL, "empty ID" },
		{ "1--2", 255, -EINVAL, "not a number" },
		{ "1-2-3", 255, -EINVAL, "not a number" },
		{ "7-5", 255, -EINVAL, "range end below range start" },
		{ "256", 255, -ERANGE, "ID out of range" },
		{ "250-256", 255, -ERANGE, "ID out of range" },
		{ "16", 15, -ERANGE, "ID out of range" },
		{ "0x40", 63, -ERANGE, "ID out of range" },
		{ "a", 255, -EINVAL, "not a number" },
		{ "1 ,2", 255, -EINVAL, "not a number" },
		{ "1, 2", 255, -EINVAL, "not a number" },
		{ "0x", 255, -EINVAL, "no hex digits after 0x" },
		{ "0xzz", 255, -EINVAL, "not a hex number" },
		{ "09", 255, -EINVAL, "not an octal number (leading 0)" },
		{ "1;2", 255, -EINVAL, "not a number" },
		{ "3\n", 255, -EINVAL, "not a number" },
	};
	struct ap_mask m, orig;
	const char *why;
	size_t i;

	memset(&orig, 0x5a, sizeof(orig));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = orig;
		why = NULL;
		tap_is_int(ap_idlist_parse(bad[i].in, bad[i].max, &m, &why), bad[i].rc,
			   "ID list '%s' (max %u) refused", bad[i].in, bad[i].max);
		tap_is_str(why, bad[i].why, "  with reason");
		tap_ok(ap_mask_equal(&m, &orig), "  and the mask is unchanged");
	}
	tap_is_int(ap_idlist_parse(NULL, 255, &m, &why), -EINVAL, "NULL list refused");
}

int main(void)
{
	test_bits();
	test_setops();
	test_mask_parse_ok();
	test_mask_parse_refused();
	test_id_parse();
	test_idlist_ok();
	test_idlist_refused();
	return tap_done();
}
