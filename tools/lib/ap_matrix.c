// SPDX-License-Identifier: GPL-2.0-only
/*
 * AP matrices and the vfio_ap text forms of them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ap_matrix.h"

static void set_why(const char **why, const char *reason)
{
	if (why)
		*why = reason;
}

void ap_matrix_zero(struct ap_matrix *m)
{
	memset(m, 0, sizeof(*m));
}

bool ap_matrix_empty(const struct ap_matrix *m)
{
	return ap_mask_empty(&m->apm) && ap_mask_empty(&m->aqm) && ap_mask_empty(&m->adm);
}

bool ap_matrix_equal(const struct ap_matrix *a, const struct ap_matrix *b)
{
	return ap_mask_equal(&a->apm, &b->apm) && ap_mask_equal(&a->aqm, &b->aqm) &&
	       ap_mask_equal(&a->adm, &b->adm);
}

int ap_hex2mask(const char *s, size_t len, struct ap_mask *m)
{
	struct ap_mask tmp = { { 0 } };
	const char *end = s + len;
	unsigned int bit = 0;
	int v;

	if (end - s >= 2 && s[0] == '0' && s[1] == 'x')
		s++;
	if (s < end && *s == 'x')
		s++;
	for (; s < end && (v = ap_hex_digit(*s)) >= 0; s++) {
		if (bit >= AP_MASK_BITS)
			return -EINVAL;
		tmp.w[bit / 64] |= (uint64_t)v << (60 - bit % 64);
		bit += 4;
	}
	if (s < end && *s == '\n')
		s++;
	if (s != end)
		return -EINVAL;
	*m = tmp;
	return 0;
}

int ap_config_parse(const char *s, struct ap_matrix *m, const char **why)
{
	struct ap_matrix tmp;
	struct ap_mask *field[3] = { &tmp.apm, &tmp.aqm, &tmp.adm };
	const char *p = s, *comma;
	size_t len;
	int i;

	if (!s) {
		set_why(why, "no ap_config value");
		return -EINVAL;
	}
	len = strlen(s);
	if (len && s[len - 1] == '\n')
		len--;
	for (i = 0; i < 3; i++) {
		const char *end = s + len;

		comma = memchr(p, ',', (size_t)(end - p));
		if (i < 2 && !comma) {
			set_why(why, "ap_config needs three masks: adapters,domains,control domains");
			return -EINVAL;
		}
		if (i == 2 && comma) {
			set_why(why, "ap_config has more than three masks");
			return -EINVAL;
		}
		if (!comma)
			comma = end;
		if (ap_hex2mask(p, (size_t)(comma - p), field[i])) {
			set_why(why, i == 0 ? "ap_config adapter mask is not a hex mask of 256 bits" :
				     i == 1 ? "ap_config domain mask is not a hex mask of 256 bits" :
					      "ap_config control-domain mask is not a hex mask of 256 bits");
			return -EINVAL;
		}
		p = comma + 1;
	}
	*m = tmp;
	return 0;
}

void ap_config_format(const struct ap_matrix *m, char buf[AP_CONFIG_STRLEN])
{
	char a[AP_MASK_STRLEN], q[AP_MASK_STRLEN], c[AP_MASK_STRLEN];

	ap_mask_format(&m->apm, a);
	ap_mask_format(&m->aqm, q);
	ap_mask_format(&m->adm, c);
	snprintf(buf, AP_CONFIG_STRLEN, "%s,%s,%s", a, q, c);
}

/* Parse [s, end) as a hex number of 1..maxdigits digits. */
static int parse_hex(const char *s, const char *end, size_t maxdigits, unsigned int *out)
{
	unsigned int v = 0;
	int d;

	if (s == end || (size_t)(end - s) > maxdigits)
		return -EINVAL;
	for (; s < end; s++) {
		d = ap_hex_digit(*s);
		if (d < 0)
			return -EINVAL;
		v = v * 16 + (unsigned int)d;
	}
	if (v > AP_MAX_ID)
		return -EINVAL;
	*out = v;
	return 0;
}

/* The end of the line that starts at @line: its newline or the terminating NUL. */
static const char *line_end(const char *line)
{
	const char *nl = strchr(line, '\n');

	return nl ? nl : line + strlen(line);
}

int ap_matrix_parse_apqns(const char *text, struct ap_matrix *m, const char **why)
{
	struct ap_mask apm = { { 0 } }, aqm = { { 0 } };
	const char *line, *nl, *dot;
	unsigned int a, d;

	for (line = text; *line; line = *nl ? nl + 1 : nl) {
		nl = line_end(line);
		if (nl == line)
			continue;
		dot = memchr(line, '.', (size_t)(nl - line));
		if (!dot || (dot == line && nl == dot + 1)) {
			set_why(why, "matrix line is not AA.DDDD, AA. or .DDDD");
			return -EINVAL;
		}
		if (dot > line) {
			if (parse_hex(line, dot, 2, &a)) {
				set_why(why, "matrix line has a bad adapter number");
				return -EINVAL;
			}
			ap_mask_set(&apm, a);
		}
		if (nl > dot + 1) {
			if (parse_hex(dot + 1, nl, 4, &d)) {
				set_why(why, "matrix line has a bad domain number");
				return -EINVAL;
			}
			ap_mask_set(&aqm, d);
		}
	}
	m->apm = apm;
	m->aqm = aqm;
	return 0;
}

int ap_matrix_parse_control(const char *text, struct ap_mask *adm, const char **why)
{
	struct ap_mask tmp = { { 0 } };
	const char *line, *nl;
	unsigned int d;

	for (line = text; *line; line = *nl ? nl + 1 : nl) {
		nl = line_end(line);
		if (nl == line)
			continue;
		if (parse_hex(line, nl, 4, &d)) {
			set_why(why, "control_domains line is not a hex domain number");
			return -EINVAL;
		}
		ap_mask_set(&tmp, d);
	}
	*adm = tmp;
	return 0;
}

void ap_apqn_set_zero(struct ap_apqn_set *s)
{
	memset(s, 0, sizeof(*s));
}

void ap_apqn_set_add_product(struct ap_apqn_set *s, const struct ap_mask *apm,
			     const struct ap_mask *aqm)
{
	int a;

	if (ap_mask_empty(apm) || ap_mask_empty(aqm))
		return;
	ap_mask_for_each(a, apm)
		ap_mask_or(&s->row[a], &s->row[a], aqm);
	ap_mask_or(&s->apm, &s->apm, apm);
	ap_mask_or(&s->aqm, &s->aqm, aqm);
}
