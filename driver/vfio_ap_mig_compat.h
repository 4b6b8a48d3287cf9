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
 *   with 0, chainable: crc32(crc32(0, a), b) == crc32(0, a || b)
 *   (kernel: crc32_le(); userspace: vfio_ap_mig_crc32.c, see there);
 * - vfio_ap_mig_zalloc()/vfio_ap_mig_free(): zeroed allocation of up to a
 *   few MiB (kvzalloc/kvfree in the kernel, calloc/free in userspace);
 * - vfio_ap_mig_hweight64(), memcpy(), memset(), memcmp(), snprintf().
 *
 * Userspace builds define VFIO_AP_MIG_OWN_CRC32 when zlib is not available
 * (the s390x cross build); the table-driven CRC of vfio_ap_mig_crc32.c is
 * used then instead of zlib's.
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

/* the same types as glibc's uint8_t..uint64_t, spelled the kernel way */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef signed char s8;
typedef short s16;
typedef int s32;
#if __SIZEOF_LONG__ == 8
typedef unsigned long u64;
typedef long s64;
#else
typedef unsigned long long u64;
typedef long long s64;
#endif

/* Big-endian wire types; plain integers here (sparse checks the kernel build). */
typedef u16 __be16;
typedef u32 __be32;
typedef u64 __be64;

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

/**
 * vfio_ap_mig_crc32_user() - the userspace CRC-32, zlib convention
 * @crc: CRC of the data before @p, 0 to start
 * @p: data
 * @len: its length in bytes
 *
 * PCLMULQDQ folding on x86-64 CPUs that have it (for 64 bytes and more),
 * else zlib's crc32_z(), or vfio_ap_mig_crc32_sw() with
 * VFIO_AP_MIG_OWN_CRC32 (the s390x test build has no zlib).
 *
 * Return: the CRC of everything so far.
 */
u32 vfio_ap_mig_crc32_user(u32 crc, const void *p, size_t len);

/* true if vfio_ap_mig_crc32_user() uses carry-less multiplication */
bool vfio_ap_mig_crc32_accelerated(void);

static inline u32 vfio_ap_mig_crc32(u32 crc, const void *p, size_t len)
{
	return vfio_ap_mig_crc32_user(crc, p, len);
}

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
