// SPDX-License-Identifier: GPL-2.0-only
/*
 * CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320) for userspace builds
 * without zlib, slice-by-8. Same convention as zlib's crc32(): start with 0,
 * chainable. The kernel uses crc32_le() instead (vfio_ap_mig_compat.h); this
 * file is never part of vfio_ap.ko.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef __KERNEL__

#include "vfio_ap_mig_compat.h"

#define CRC32_POLY_LE	0xedb88320U

/* 8 KiB of tables, filled once before main() (read-only afterwards) */
static u32 crc_tab[8][256];

static void __attribute__((constructor)) crc_tab_init(void)
{
	u32 i, k, c;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++)
			c = c & 1 ? (c >> 1) ^ CRC32_POLY_LE : c >> 1;
		crc_tab[0][i] = c;
	}
	for (i = 0; i < 256; i++)
		for (k = 1; k < 8; k++)
			crc_tab[k][i] = (crc_tab[k - 1][i] >> 8) ^
					crc_tab[0][crc_tab[k - 1][i] & 0xff];
}

/* four bytes as a little-endian word, independent of the host byte order */
static inline u32 le32_at(const u8 *b)
{
	return (u32)b[0] | (u32)b[1] << 8 | (u32)b[2] << 16 | (u32)b[3] << 24;
}

u32 vfio_ap_mig_crc32_sw(u32 crc, const void *p, size_t len)
{
	const u8 *b = p;
	u32 lo, hi;

	crc = ~crc;
	while (len >= 8) {
		lo = le32_at(b) ^ crc;
		hi = le32_at(b + 4);
		crc = crc_tab[7][lo & 0xff] ^ crc_tab[6][(lo >> 8) & 0xff] ^
		      crc_tab[5][(lo >> 16) & 0xff] ^ crc_tab[4][lo >> 24] ^
		      crc_tab[3][hi & 0xff] ^ crc_tab[2][(hi >> 8) & 0xff] ^
		      crc_tab[1][(hi >> 16) & 0xff] ^ crc_tab[0][hi >> 24];
		b += 8;
		len -= 8;
	}
	while (len--)
		crc = crc_tab[0][(crc ^ *b++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

#endif /* !__KERNEL__ */
