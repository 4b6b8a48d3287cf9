// SPDX-License-Identifier: GPL-2.0-only
/*
 * CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320) for the userspace
 * builds, in zlib's convention (start with 0, chainable): a slice-by-8
 * table version for builds without zlib, and on x86-64 CPUs with PCLMULQDQ
 * a carry-less-multiply version, because the stream is checksummed on
 * every parse and zlib's table CRC is several times slower than a copy of
 * the same bytes. The kernel uses crc32_le() instead, which has its own
 * accelerated versions (vfio_ap_mig_compat.h); this file is never part of
 * vfio_ap.ko.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef __KERNEL__

#include "vfio_ap_mig_compat.h"

#ifndef VFIO_AP_MIG_OWN_CRC32
#include <zlib.h>
#endif

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define CRC32_HAVE_CLMUL 1
#endif

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

#ifdef CRC32_HAVE_CLMUL
/*
 * Carry-less multiplication folding (PCLMULQDQ), the same algorithm and
 * constants as the kernel's crc32_pclmul_le_16() on x86: fold 64 bytes
 * at a time into four 128-bit lanes, fold those into one, reduce 128 -> 64
 * -> 32 bits, and finish with a Barrett reduction. @crc is the raw
 * (non-inverted) state; @len is at least 64 and a multiple of 16.
 *
 * Constants (x^n mod P(x), bit-reflected): k1 = x^(4*128+32), k2 =
 * x^(4*128-32), k3 = x^(128+32), k4 = x^(128-32), k5 = x^64, and for
 * Barrett P' = P(x) and u' = floor(x^64 / P(x)).
 */
static __attribute__((target("pclmul,sse4.1"))) u32 crc32_clmul(u32 crc, const u8 *p,
								size_t len)
{
	const __m128i k1k2 = _mm_set_epi64x(0x1c6e41596LL, 0x154442bd4LL);
	const __m128i k3k4 = _mm_set_epi64x(0x0ccaa009eLL, 0x1751997d0LL);
	const __m128i k5 = _mm_set_epi64x(0, 0x163cd6124LL);
	const __m128i poly = _mm_set_epi64x(0x1f7011641LL, 0x1db710641LL);
	const __m128i mask32 = _mm_set_epi32(0, 0, 0, -1);
	__m128i x1, x2, x3, x4, t1, t2, t3, t4;

	x1 = _mm_loadu_si128((const void *)p);
	x2 = _mm_loadu_si128((const void *)(p + 16));
	x3 = _mm_loadu_si128((const void *)(p + 32));
	x4 = _mm_loadu_si128((const void *)(p + 48));
	x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
	p += 64;
	len -= 64;

	while (len >= 64) {
		t1 = _mm_clmulepi64_si128(x1, k1k2, 0x00);
		t2 = _mm_clmulepi64_si128(x2, k1k2, 0x00);
		t3 = _mm_clmulepi64_si128(x3, k1k2, 0x00);
		t4 = _mm_clmulepi64_si128(x4, k1k2, 0x00);
		x1 = _mm_clmulepi64_si128(x1, k1k2, 0x11);
		x2 = _mm_clmulepi64_si128(x2, k1k2, 0x11);
		x3 = _mm_clmulepi64_si128(x3, k1k2, 0x11);
		x4 = _mm_clmulepi64_si128(x4, k1k2, 0x11);
		x1 = _mm_xor_si128(_mm_xor_si128(x1, t1), _mm_loadu_si128((const void *)p));
		x2 = _mm_xor_si128(_mm_xor_si128(x2, t2),
				   _mm_loadu_si128((const void *)(p + 16)));
		x3 = _mm_xor_si128(_mm_xor_si128(x3, t3),
				   _mm_loadu_si128((const void *)(p + 32)));
		x4 = _mm_xor_si128(_mm_xor_si128(x4, t4),
				   _mm_loadu_si128((const void *)(p + 48)));
		p += 64;
		len -= 64;
	}

	/* four lanes into one */
	t1 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
	x1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
	x1 = _mm_xor_si128(_mm_xor_si128(x1, t1), x2);
	t1 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
	x1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
	x1 = _mm_xor_si128(_mm_xor_si128(x1, t1), x3);
	t1 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
	x1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
	x1 = _mm_xor_si128(_mm_xor_si128(x1, t1), x4);

	while (len >= 16) {
		t1 = _mm_clmulepi64_si128(x1, k3k4, 0x00);
		x1 = _mm_clmulepi64_si128(x1, k3k4, 0x11);
		x1 = _mm_xor_si128(_mm_xor_si128(x1, t1), _mm_loadu_si128((const void *)p));
		p += 16;
		len -= 16;
	}

	/* 128 -> 64 bits (also appends the 32 zero bits of the CRC) */
	t1 = _mm_clmulepi64_si128(x1, k3k4, 0x10);
	x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), t1);
	/* 64 -> 32 bits */
	t1 = _mm_clmulepi64_si128(_mm_and_si128(x1, mask32), k5, 0x00);
	x1 = _mm_xor_si128(_mm_srli_si128(x1, 4), t1);
	/* Barrett reduction */
	t1 = _mm_clmulepi64_si128(_mm_and_si128(x1, mask32), poly, 0x10);
	t1 = _mm_clmulepi64_si128(_mm_and_si128(t1, mask32), poly, 0x00);
	x1 = _mm_xor_si128(x1, t1);
	return (u32)_mm_extract_epi32(x1, 1);
}

/* set once before main(), read-only afterwards */
static bool crc_use_clmul;

static void __attribute__((constructor)) crc_clmul_init(void)
{
	__builtin_cpu_init();
	crc_use_clmul = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
}
#endif /* CRC32_HAVE_CLMUL */

bool vfio_ap_mig_crc32_accelerated(void)
{
#ifdef CRC32_HAVE_CLMUL
	return crc_use_clmul;
#else
	return false;
#endif
}

u32 vfio_ap_mig_crc32_user(u32 crc, const void *p, size_t len)
{
#ifdef CRC32_HAVE_CLMUL
	if (crc_use_clmul && len >= 64) {
		size_t n = len & ~(size_t)15;
		u32 state = crc32_clmul(~crc, p, n);

		return vfio_ap_mig_crc32_sw(~state, (const u8 *)p + n, len - n);
	}
#endif
#ifdef VFIO_AP_MIG_OWN_CRC32
	return vfio_ap_mig_crc32_sw(crc, p, len);
#else
	return (u32)crc32_z(crc, p, len);
#endif
}

#endif /* !__KERNEL__ */
