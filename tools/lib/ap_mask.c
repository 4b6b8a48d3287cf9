// SPDX-License-Identifier: GPL-2.0-only
/*
 * 256-bit AP masks and ID lists.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ap_mask.h"

static void set_why(const char **why, const char *reason)
{
	if (why)
		*why = reason;
}

void ap_mask_zero(struct ap_mask *m)
{
	memset(m, 0, sizeof(*m));
}

bool ap_mask_empty(const struct ap_mask *m)
{
	unsigned int i;

	for (i = 0; i < AP_MASK_WORDS; i++)
		if (m->w[i])
			return false;
	return true;
}

unsigned int ap_mask_weight(const struct ap_mask *m)
{
	unsigned int i, n = 0;

	for (i = 0; i < AP_MASK_WORDS; i++)
		n += (unsigned int)__builtin_popcountll(m->w[i]);
	return n;
}

bool ap_mask_equal(const struct ap_mask *a, const struct ap_mask *b)
{
	return memcmp(a->w, b->w, sizeof(a->w)) == 0;
}

void ap_mask_and(struct ap_mask *dst, const struct ap_mask *a, const struct ap_mask *b)
{
	unsigned int i;

	for (i = 0; i < AP_MASK_WORDS; i++)
		dst->w[i] = a->w[i] & b->w[i];
}

void ap_mask_or(struct ap_mask *dst, const struct ap_mask *a, const struct ap_mask *b)
{
	unsigned int i;

	for (i = 0; i < AP_MASK_WORDS; i++)
		dst->w[i] = a->w[i] | b->w[i];
}

void ap_mask_andnot(struct ap_mask *dst, const struct ap_mask *a, const struct ap_mask *b)
{
	unsigned int i;

	for (i = 0; i < AP_MASK_WORDS; i++)
		dst->w[i] = a->w[i] & ~b->w[i];
}

bool ap_mask_intersects(const struct ap_mask *a, const struct ap_mask *b)
{
	unsigned int i;

	for (i = 0; i < AP_MASK_WORDS; i++)
		if (a->w[i] & b->w[i])
			return true;
	return false;
}

int ap_mask_next(const struct ap_mask *m, unsigned int from)
{
	unsigned int i;
	uint64_t w;

	if (from >= AP_MASK_BITS)
		return -1;
	i = from / 64;
	/* keep bits at and after @from: they are the lower-order ones */
	w = m->w[i] & (~UINT64_C(0) >> (from % 64));
	for (;;) {
		if (w)
			return (int)(i * 64 + (unsigned int)__builtin_clzll(w));
		if (++i == AP_MASK_WORDS)
			return -1;
		w = m->w[i];
	}
}

int ap_mask_last(const struct ap_mask *m)
{
	int i;

	for (i = AP_MASK_WORDS - 1; i >= 0; i--)
		if (m->w[i])
			return i * 64 + 63 - __builtin_ctzll(m->w[i]);
	return -1;
}

int ap_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int ap_mask_parse(const char *s, struct ap_mask *m, const char **why)
{
	struct ap_mask tmp = { { 0 } };
	unsigned int i;
	size_t len;

	if (!s) {
		set_why(why, "no mask");
		return -EINVAL;
	}
	len = strlen(s);
	if (len && s[len - 1] == '\n')
		len--;
	if (len < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) {
		set_why(why, "mask must start with 0x");
		return -EINVAL;
	}
	if (len != 2 + 64) {
		set_why(why, "mask must have exactly 64 hex digits");
		return -EINVAL;
	}
	for (i = 0; i < 64; i++) {
		int v = ap_hex_digit(s[2 + i]);

		if (v < 0) {
			set_why(why, "mask has a character that is not a hex digit");
			return -EINVAL;
		}
		tmp.w[i / 16] |= (uint64_t)v << (60 - 4 * (i % 16));
	}
	*m = tmp;
	return 0;
}

void ap_mask_format(const struct ap_mask *m, char buf[AP_MASK_STRLEN])
{
	snprintf(buf, AP_MASK_STRLEN, "0x%016llx%016llx%016llx%016llx",
		 (unsigned long long)m->w[0], (unsigned long long)m->w[1],
		 (unsigned long long)m->w[2], (unsigned long long)m->w[3]);
}

/* Parse [s, end) as one number; the kernel's base-0 rules. */
static int parse_number(const char *s, const char *end, unsigned int max_id, unsigned int *out,
			const char **why)
{
	unsigned int base = 10;
	unsigned long val = 0;
	const char *p = s;

	if (p == end) {
		set_why(why, "empty ID");
		return -EINVAL;
	}
	if (end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		if (p == end) {
			set_why(why, "no hex digits after 0x");
			return -EINVAL;
		}
	} else if (end - p >= 2 && p[0] == '0') {
		base = 8;
		p++;
	}
	for (; p < end; p++) {
		int v = ap_hex_digit(*p);

		if (v < 0 || (unsigned int)v >= base) {
			set_why(why, base == 16 ? "not a hex number" :
				     base == 8 ? "not an octal number (leading 0)" :
						 "not a number");
			return -EINVAL;
		}
		val = val * base + (unsigned int)v;
		if (val > max_id) {
			/* keep scanning so that "12x" is -EINVAL, not -ERANGE */
			const char *q;

			for (q = p + 1; q < end; q++) {
				v = ap_hex_digit(*q);
				if (v < 0 || (unsigned int)v >= base) {
					set_why(why, "not a number");
					return -EINVAL;
				}
			}
			set_why(why, "ID out of range");
			return -ERANGE;
		}
	}
	*out = (unsigned int)val;
	return 0;
}

int ap_id_parse(const char *s, unsigned int max_id, unsigned int *id, const char **why)
{
	if (!s) {
		set_why(why, "empty ID");
		return -EINVAL;
	}
	return parse_number(s, s + strlen(s), max_id, id, why);
}

int ap_idlist_parse(const char *s, unsigned int max_id, struct ap_mask *m, const char **why)
{
	struct ap_mask tmp = { { 0 } };
	const char *elem, *comma, *dash;
	unsigned int a, b, id;
	int rc;

	if (!s || !*s) {
		set_why(why, "empty ID list");
		return -EINVAL;
	}
	for (elem = s;; elem = comma + 1) {
		comma = strchr(elem, ',');
		if (!comma)
			comma = elem + strlen(elem);
		if (comma == elem) {
			set_why(why, "empty element in ID list");
			return -EINVAL;
		}
		dash = memchr(elem, '-', (size_t)(comma - elem));
		rc = parse_number(elem, dash ? dash : comma, max_id, &a, why);
		if (rc)
			return rc;
		b = a;
		if (dash) {
			rc = parse_number(dash + 1, comma, max_id, &b, why);
			if (rc)
				return rc;
			if (b < a) {
				set_why(why, "range end below range start");
				return -EINVAL;
			}
		}
		for (id = a; id <= b; id++)
			ap_mask_set(&tmp, id);
		if (!*comma)
			break;
	}
	*m = tmp;
	return 0;
}

int ap_buf_printf(char *buf, size_t len, size_t *pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + *pos, len - *pos, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *pos)
		return -ENOSPC;
	*pos += (size_t)n;
	return 0;
}

int ap_idlist_format(const struct ap_mask *m, enum ap_idlist_style style, char *buf, size_t len)
{
	const char *pfx = style == AP_IDLIST_HEX ? "0x" : "";
	int width = style == AP_IDLIST_HEX_DOMAIN ? 4 : 2;
	size_t pos = 0;
	int id, last;

	if (!len)
		return -ENOSPC;
	buf[0] = '\0';
	for (id = ap_mask_next(m, 0); id >= 0; id = ap_mask_next(m, (unsigned int)last + 1)) {
		const char *sep = pos ? "," : "";
		int rc;

		last = id;
		while (last < AP_MAX_ID && ap_mask_test(m, (unsigned int)last + 1))
			last++;
		if (style == AP_IDLIST_DEC)
			rc = ap_buf_printf(buf, len, &pos, "%s%u", sep, (unsigned int)id);
		else
			rc = ap_buf_printf(buf, len, &pos, "%s%s%0*x", sep, pfx, width,
					   (unsigned int)id);
		if (!rc && last > id && style == AP_IDLIST_DEC)
			rc = ap_buf_printf(buf, len, &pos, "-%u", (unsigned int)last);
		else if (!rc && last > id)
			rc = ap_buf_printf(buf, len, &pos, "-%s%0*x", pfx, width, (unsigned int)last);
		if (rc)
			return rc;
		if (last == AP_MAX_ID)
			break;
	}
	return (int)pos;
}
