/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An AP matrix (adapters x usage domains, plus control domains) and the
 * text forms vfio_ap uses for it: the per-mdev "matrix", "control_domains"
 * and "ap_config" attributes.
 *
 * struct ap_apqn_set is an arbitrary set of APQNs (not necessarily a cross
 * product), one 256-bit domain mask per adapter: 8 KiB, O(1) membership.
 */
#ifndef VFIO_AP_TOOLS_AP_MATRIX_H
#define VFIO_AP_TOOLS_AP_MATRIX_H

#include <stdbool.h>
#include <stddef.h>

#include "ap_mask.h"

/* "apm,aqm,adm": three sysfs masks and two commas, plus NUL */
#define AP_CONFIG_STRLEN (3 * (AP_MASK_STRLEN - 1) + 2 + 1)

struct ap_matrix {
	struct ap_mask apm;	/* adapters */
	struct ap_mask aqm;	/* usage domains */
	struct ap_mask adm;	/* control domains */
};

void ap_matrix_zero(struct ap_matrix *m);
bool ap_matrix_empty(const struct ap_matrix *m);
bool ap_matrix_equal(const struct ap_matrix *a, const struct ap_matrix *b);

/*
 * Parse a hex bitmap the way the kernel's ap_hex2bitmap() does (ap_config
 * fields, absolute apmask/aqmask writes): optional "0x" or "x", then at most
 * 64 hex digits filling the mask from ID 0; fewer digits are zero-padded.
 * @len is the length of the field (no NUL needed). Returns 0 or -EINVAL.
 */
int ap_hex2mask(const char *s, size_t len, struct ap_mask *m);

/*
 * Parse an ap_config value "apm,aqm,adm" (one optional trailing newline),
 * each field as ap_hex2mask() takes it. Returns 0 or -EINVAL with *why set.
 */
int ap_config_parse(const char *s, struct ap_matrix *m, const char **why);
/* Format the canonical ap_config form (three full sysfs masks). */
void ap_config_format(const struct ap_matrix *m, char buf[AP_CONFIG_STRLEN]);

/*
 * Parse the text of an mdev's "matrix" (or "guest_matrix") attribute: lines
 * "AA.DDDD", "AA." or ".DDDD" in hex. Sets m->apm and m->aqm (m->adm is left
 * alone). Returns 0 or -EINVAL with *why set.
 */
int ap_matrix_parse_apqns(const char *text, struct ap_matrix *m, const char **why);
/* Parse "control_domains": one hex id per line. Returns 0 or -EINVAL. */
int ap_matrix_parse_control(const char *text, struct ap_mask *adm, const char **why);

/* A set of APQNs: row[adapter] is the mask of domains. */
struct ap_apqn_set {
	struct ap_mask row[AP_MASK_BITS];
	struct ap_mask apm;	/* adapters with a non-empty row */
	struct ap_mask aqm;	/* union of all rows */
};

void ap_apqn_set_zero(struct ap_apqn_set *s);
/* Add the cross product apm x aqm. */
void ap_apqn_set_add_product(struct ap_apqn_set *s, const struct ap_mask *apm,
			     const struct ap_mask *aqm);

static inline bool ap_apqn_set_test(const struct ap_apqn_set *s, unsigned int a, unsigned int d)
{
	return a < AP_MASK_BITS && ap_mask_test(&s->row[a], d);
}

#endif /* VFIO_AP_TOOLS_AP_MATRIX_H */
