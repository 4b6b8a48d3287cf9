/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * 256-bit AP masks (adapters, usage domains, control domains) and the
 * textual forms the kernel uses for them.
 *
 * Bit numbering follows the AP architecture and sysfs: ID 0 is the most
 * significant bit of the first word, so "0x80...0" is ID 0 alone.
 */
#ifndef VFIO_AP_TOOLS_AP_MASK_H
#define VFIO_AP_TOOLS_AP_MASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AP_MAX_ID 255
#define AP_MASK_BITS 256
#define AP_MASK_WORDS 4
/* "0x" + 64 hex digits + NUL */
#define AP_MASK_STRLEN 67

struct ap_mask {
	uint64_t w[AP_MASK_WORDS];
};

static inline uint64_t ap_mask_bit(unsigned int id)
{
	return UINT64_C(1) << (63 - (id % 64));
}

static inline void ap_mask_set(struct ap_mask *m, unsigned int id)
{
	m->w[id / 64] |= ap_mask_bit(id);
}

static inline void ap_mask_clear_bit(struct ap_mask *m, unsigned int id)
{
	m->w[id / 64] &= ~ap_mask_bit(id);
}

static inline bool ap_mask_test(const struct ap_mask *m, unsigned int id)
{
	return id < AP_MASK_BITS && (m->w[id / 64] & ap_mask_bit(id));
}

void ap_mask_zero(struct ap_mask *m);
bool ap_mask_empty(const struct ap_mask *m);
unsigned int ap_mask_weight(const struct ap_mask *m);
bool ap_mask_equal(const struct ap_mask *a, const struct ap_mask *b);
void ap_mask_and(struct ap_mask *dst, const struct ap_mask *a, const struct ap_mask *b);
void ap_mask_or(struct ap_mask *dst, const struct ap_mask *a, const struct ap_mask *b);
void ap_mask_andnot(struct ap_mask *dst, const struct ap_mask *a, const struct ap_mask *b);
bool ap_mask_intersects(const struct ap_mask *a, const struct ap_mask *b);
/* Highest ID set, or -1 when the mask is empty. */
int ap_mask_last(const struct ap_mask *m);
/* Next ID set at or after @from, or -1. */
int ap_mask_next(const struct ap_mask *m, unsigned int from);

#define ap_mask_for_each(id, m) \
	for ((id) = ap_mask_next((m), 0); (id) >= 0; (id) = ap_mask_next((m), (id) + 1))

/* The value of the hex digit @c (0-9, a-f, A-F), or -1 if it is none. */
int ap_hex_digit(char c);

/*
 * Parse a mask in the exact form sysfs prints it ("0x" + 64 hex digits,
 * either case, one optional trailing newline). Returns 0 or -EINVAL and
 * points *why (when not NULL) at a short reason.
 */
int ap_mask_parse(const char *s, struct ap_mask *m, const char **why);
/* Write the sysfs form ("0x" + 64 lower-case hex digits) into buf. */
void ap_mask_format(const struct ap_mask *m, char buf[AP_MASK_STRLEN]);

/*
 * Parse one AP ID the way the kernel's kstrtoul(buf, 0, ...) does: decimal,
 * "0x"/"0X" hex or leading-0 octal, no sign, no blanks. Returns 0,
 * -EINVAL (not a number) or -ERANGE (above max_id).
 */
int ap_id_parse(const char *s, unsigned int max_id, unsigned int *id, const char **why);

/*
 * Parse an ID list such as "3,5-7,0x10" into @m (which is cleared first).
 * Elements are IDs as ap_id_parse() takes them, or ranges "A-B" with A <= B.
 * Empty elements, blanks, a range with A > B and IDs above max_id are
 * refused. An empty string is refused too (use the empty mask directly).
 * Returns 0, -EINVAL or -ERANGE; on error @m is left unchanged.
 */
int ap_idlist_parse(const char *s, unsigned int max_id, struct ap_mask *m, const char **why);

enum ap_idlist_style {
	AP_IDLIST_DEC,		/* 3,5-7,16 */
	AP_IDLIST_HEX,		/* 0x03,0x05-0x07,0x10 */
	AP_IDLIST_HEX_CARD,	/* 03,05-07,10: cards as in an APQN (lszcrypt) */
	AP_IDLIST_HEX_DOMAIN,	/* 0003,0005-0007,0010: domains as in an APQN */
};

/*
 * Format @m as a compact ID list ("" for the empty mask). Returns the
 * length written (without NUL) or -ENOSPC when @len is too small.
 */
int ap_idlist_format(const struct ap_mask *m, enum ap_idlist_style style, char *buf, size_t len);

/*
 * snprintf() at *@pos of @buf (@len bytes), advancing *@pos. Returns 0, or
 * -ENOSPC when it does not fit (the text is then cut).
 */
int ap_buf_printf(char *buf, size_t len, size_t *pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif /* VFIO_AP_TOOLS_AP_MASK_H */
