// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel's input parsers as the 6.12 AP bus and vfio_ap use them:
 * kstrtoul (lib/kstrtox.c), simple_strtoul (lib/vsprintf.c), ap_hex2bitmap
 * and modify_bitmap (drivers/s390/crypto/ap_bus.c), uuid_is_valid
 * (lib/uuid.c). Written from their documented behaviour.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "sim.h"

bool sim_mask_empty(const struct sim_mask *m)
{
	return !(m->w[0] | m->w[1] | m->w[2] | m->w[3]);
}

bool sim_mask_eq(const struct sim_mask *a, const struct sim_mask *b)
{
	return !memcmp(a, b, sizeof(*a));
}

bool sim_mask_and(struct sim_mask *d, const struct sim_mask *a, const struct sim_mask *b)
{
	for (int i = 0; i < 4; i++)
		d->w[i] = a->w[i] & b->w[i];
	return !sim_mask_empty(d);
}

bool sim_mask_andnot(struct sim_mask *d, const struct sim_mask *a, const struct sim_mask *b)
{
	for (int i = 0; i < 4; i++)
		d->w[i] = a->w[i] & ~b->w[i];
	return !sim_mask_empty(d);
}

bool sim_mask_intersects(const struct sim_mask *a, const struct sim_mask *b)
{
	struct sim_mask t;

	return sim_mask_and(&t, a, b);
}

void sim_mask_fill(struct sim_mask *m)
{
	memset(m, 0xff, sizeof(*m));
}

void sim_mask_hex(const struct sim_mask *m, char *buf)
{
	snprintf(buf, 67, "0x%016llx%016llx%016llx%016llx", (unsigned long long)m->w[0],
		 (unsigned long long)m->w[1], (unsigned long long)m->w[2],
		 (unsigned long long)m->w[3]);
}

static int digit_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return 16;
}

/* _parse_integer_fixup_radix */
static const char *fixup_radix(const char *s, unsigned int *base)
{
	if (*base == 0) {
		if (s[0] == '0') {
			if (tolower((unsigned char)s[1]) == 'x' && isxdigit((unsigned char)s[2]))
				*base = 16;
			else
				*base = 8;
		} else {
			*base = 10;
		}
	}
	if (*base == 16 && s[0] == '0' && tolower((unsigned char)s[1]) == 'x')
		s += 2;
	return s;
}

/* kstrtoul: optional '+', digits, at most one trailing '\n'; -EINVAL / -ERANGE */
int sim_kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v = 0;
	bool overflow = false;
	const char *p;

	if (s[0] == '+')
		s++;
	s = fixup_radix(s, &base);
	for (p = s; *p; p++) {
		unsigned int d = (unsigned int)digit_val(*p);

		if (d >= base)
			break;
		if (v > (ULLONG_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (p == s)
		return -EINVAL;
	if (overflow)
		return -ERANGE;
	if (*p == '\n')
		p++;
	if (*p)
		return -EINVAL;
	if (v > ULONG_MAX)
		return -ERANGE;
	*res = (unsigned long)v;
	return 0;
}

/* simple_strtoul: no error reporting, stops at the first non-digit */
unsigned long sim_simple_strtoul(const char *s, char **end, unsigned int base)
{
	unsigned long v = 0;

	s = fixup_radix(s, &base);
	for (; *s; s++) {
		unsigned int d = (unsigned int)digit_val(*s);

		if (d >= base)
			break;
		v = v * base + d;
	}
	*end = (char *)s;
	return v;
}

/* ap_hex2bitmap(str, bitmap, 256) */
int sim_hex2bitmap(const char *str, struct sim_mask *m)
{
	unsigned int i = 0;

	if (str[0] == '0' && str[1] == 'x')
		str++;
	if (*str == 'x')
		str++;
	for (; isxdigit((unsigned char)*str) && i < SIM_IDS; str++) {
		int b = digit_val(*str);

		for (int n = 0; n < 4; n++)
			if (b & (0x08 >> n))
				sim_set(m, i + n);
		i += 4;
	}
	if (*str == '\n')
		str++;
	return *str ? -EINVAL : 0;
}

/* modify_bitmap(str, bitmap, 256) */
int sim_modify_bitmap(const char *str, struct sim_mask *m)
{
	while (*str) {
		unsigned long a, z, i;
		char sign = *str++;
		char *np;

		if (sign != '+' && sign != '-')
			return -EINVAL;
		a = z = sim_simple_strtoul(str, &np, 0);
		if (str == np || a >= SIM_IDS)
			return -EINVAL;
		str = np;
		if (*str == '-') {
			z = sim_simple_strtoul(++str, &np, 0);
			if (str == np || a > z || z >= SIM_IDS)
				return -EINVAL;
			str = np;
		}
		for (i = a; i <= z; i++) {
			if (sign == '+')
				sim_set(m, (unsigned int)i);
			else
				sim_clr(m, (unsigned int)i);
		}
		while (*str == ',' || *str == '\n')
			str++;
	}
	return 0;
}

/* ap_parse_bitmap_str: relative edit of @cur or absolute hex */
int sim_parse_bitmap_str(const char *str, const struct sim_mask *cur, struct sim_mask *out)
{
	if (*str == '+' || *str == '-') {
		*out = *cur;
		return sim_modify_bitmap(str, out);
	}
	memset(out, 0, sizeof(*out));
	return sim_hex2bitmap(str, out);
}

/* uuid_is_valid: 36 characters 8-4-4-4-12, hex digits of either case */
bool sim_uuid_valid(const char *s)
{
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

/*
 * One integer conversion of the kernel's vsscanf() (lib/vsprintf.c:3600-3660):
 * blanks skipped, an optional '-' (no '+': that ends the scan with no
 * conversion), then simple_strtoull() in @base, the value cut to int.
 */
static int scan(const char *s, unsigned int base, int *val)
{
	bool neg = false;
	unsigned long long v = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-') {
		neg = true;
		s++;
	}
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	if (base == 0) {
		base = 10;
		if (s[0] == '0') {
			base = 8;
			if ((s[1] == 'x' || s[1] == 'X') && isxdigit((unsigned char)s[2])) {
				base = 16;
				s += 2;
			}
		}
	}
	for (;; s++) {
		unsigned int d;

		if (isdigit((unsigned char)*s))
			d = (unsigned int)(*s - '0');
		else if (isxdigit((unsigned char)*s))
			d = (unsigned int)(tolower((unsigned char)*s) - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	*val = (int)(unsigned int)(neg ? -v : v);
	return 0;
}

/* sscanf(buf, "%i") */
int sim_scan_int(const char *s, int *val)
{
	return scan(s, 0, val);
}

/* sscanf(buf, "%d") */
int sim_scan_d(const char *s, int *val)
{
	return scan(s, 10, val);
}

/* "3,5-7,0x10": IDs and ranges, each number kstrtoul base 0 */
int sim_idlist_parse(const char *s, struct sim_mask *m)
{
	char buf[1024], *save = NULL, *tok;

	memset(m, 0, sizeof(*m));
	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		unsigned long a, z;
		char *dash = strchr(tok + 1, '-');

		while (*tok == ' ')
			tok++;
		if (dash)
			*dash = '\0';
		if (sim_kstrtoul(tok, 0, &a) || a >= SIM_IDS)
			return -EINVAL;
		z = a;
		if (dash && (sim_kstrtoul(dash + 1, 0, &z) || z >= SIM_IDS || z < a))
			return -EINVAL;
		for (unsigned long i = a; i <= z; i++)
			sim_set(m, (unsigned int)i);
	}
	return 0;
}
