/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio_ap migration core: the one place that differs between the kernel
 * and userspace.
 *
 * The stream and rules code (vfio_ap_mig_stream.c, vfio_ap_mig_rules.c) is
 * compiled unchanged into vfio_ap.ko and into the userspace tools. It uses
 * only what this header provides:
 *
 * - u8, u16, u32, u64, __be16, __be32, __be64, bool, size_t, ssize_t;
 * - errno values (EINVAL, EPROTONOSUPPORT, ENODEV, ...);
 * - get_unaligned_be16/32/64() and put_unaligned_be16/32/64(), which read
 *   and write big-endian values at any alignment;
 * - vfio_ap_mig_crc32(): CRC-32 (IEEE 802.3) in zlib's convention, start
 *   with 0, chainable: crc32(crc32(0, a), b) == crc32(0, a || b);
 * - vfio_ap_mig_zalloc()/vfio_ap_mig_free(): zeroed allocation of up to a
 *   few MiB (kvzalloc/kvfree in the kernel, calloc/free in userspace);
 * - vfio_ap_mig_hweight64(), memcpy(), memset(), memcmp(), snprintf().
 *
 * Userspace builds define VFIO_AP_MIG_OWN_CRC32 when zlib is not available
 * (the s390x cross build); the CRC then comes from vfio_ap_mig_crc32.c.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef VFIO_AP_MIG_COMPAT_H
#define VFIO_AP_MIG_COMPAT_H

#ifdef __KERNEL__

#include <linux/bitops.h>
#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/unaligned.h>

/* zlib convention on top of the kernel's raw crc32_le() */
static inline u32 vfio_ap_mig_crc32(u32 crc, const void *p, size_t len)
{
	return crc32_le(crc ^ ~0U, p, len) ^ ~0U;
}

static inline void *vfio_ap_mig_zalloc(size_t size)
{
	return kvzalloc(size, GFP_KERNEL_ACCOUNT);
}

static inline void vfio_ap_mig_free(void *p)
{
	kvfree(p);
}

static inline unsigned int vfio_ap_mig_hweight64(u64 w)
{
	return hweight64(w);
}

#else /* !__KERNEL__ */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

typedef __uint8_t u8;
typedef __uint16_t u16;
typedef __uint32_t u32;
typedef __uint64_t u64;
typedef __int8_t s8;
typedef __int16_t s16;
typedef __int32_t s32;
typedef __int64_t s64;

/* Big-endian wire types; plain integers here (sparse checks the kernel build). */
typedef __uint16_t __be16;
typedef __uint32_t __be32;
typedef __uint64_t __be64;

/*
 * Byte-wise access: correct on either byte order and at any alignment, and
 * the compiler turns it into a load plus byte swap where that is allowed.
 */
static inline u16 get_unaligned_be16(const void *p)
{
	const u8 *b = p;

	return (u16)((u16)b[0] << 8 | b[1]);
}

static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline u64 get_unaligned_be64(const void *p)
{
	const u8 *b = p;

	return (u64)get_unaligned_be32(b) << 32 | get_unaligned_be32(b + 4);
}

static inline void put_unaligned_be16(u16 v, void *p)
{
	u8 *b = p;

	b[0] = (u8)(v >> 8);
	b[1] = (u8)v;
}

static inline void put_unaligned_be32(u32 v, void *p)
{
	u8 *b = p;

	b[0] = (u8)(v >> 24);
	b[1] = (u8)(v >> 16);
	b[2] = (u8)(v >> 8);
	b[3] = (u8)v;
}

static inline void put_unaligned_be64(u64 v, void *p)
{
	u8 *b = p;

	put_unaligned_be32((u32)(v >> 32), b);
	put_unaligned_be32((u32)v, b + 4);
}

static inline __be16 cpu_to_be16(u16 v)
{
	__be16 r;

	put_unaligned_be16(v, &r);
	return r;
}

static inline __be32 cpu_to_be32(u32 v)
{
	__be32 r;

	put_unaligned_be32(v, &r);
	return r;
}

static inline __be64 cpu_to_be64(u64 v)
{
	__be64 r;

	put_unaligned_be64(v, &r);
	return r;
}

static inline u16 be16_to_cpu(__be16 v)
{
	return get_unaligned_be16(&v);
}

static inline u32 be32_to_cpu(__be32 v)
{
	return get_unaligned_be32(&v);
}

static inline u64 be64_to_cpu(__be64 v)
{
	return get_unaligned_be64(&v);
}

/**
 * vfio_ap_mig_crc32_sw() - table-driven CRC-32 (slice-by-8), zlib convention
 * @crc: CRC of the data before @p, 0 to start
 * @p: data
 * @len: its length in bytes
 *
 * Always built into the userspace library (the native tests prove it equal
 * to zlib's crc32()); used by vfio_ap_mig_crc32() only with
 * VFIO_AP_MIG_OWN_CRC32.
 *
 * Return: the CRC of everything so far.
 */
u32 vfio_ap_mig_crc32_sw(u32 crc, const void *p, size_t len);

#ifdef VFIO_AP_MIG_OWN_CRC32
static inline u32 vfio_ap_mig_crc32(u32 crc, const void *p, size_t len)
{
	return vfio_ap_mig_crc32_sw(crc, p, len);
}
#else
#include <zlib.h>

static inline u32 vfio_ap_mig_crc32(u32 crc, const void *p, size_t len)
{
	return (u32)crc32_z(crc, p, len);
}
#endif

static inline void *vfio_ap_mig_zalloc(size_t size)
{
	return calloc(1, size ? size : 1);
}

static inline void vfio_ap_mig_free(void *p)
{
	free(p);
}

static inline unsigned int vfio_ap_mig_hweight64(u64 w)
{
	return (unsigned int)__builtin_popcountll(w);
}

#endif /* __KERNEL__ */

#endif /* VFIO_AP_MIG_COMPAT_H */
