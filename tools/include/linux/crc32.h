/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the kernel's <linux/crc32.h>: crc32_le(), the
 * raw little-endian CRC-32 (IEEE 802.3 polynomial, reflected) with the
 * kernel's convention: no inversion on entry or exit, so
 * crc32_le(~0, p, n) ^ ~0 is the CRC-32 that zlib's crc32(0, p, n) gives.
 *
 * Defined in tools/lib/kshim_crc32.c on zlib's crc32_z(), in every
 * userspace build (the s390x test build links Debian's s390x libz.a).
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef VFIO_AP_SHIM_LINUX_CRC32_H
#define VFIO_AP_SHIM_LINUX_CRC32_H

#include <linux/types.h>

u32 crc32_le(u32 crc, const void *p, size_t len);

#endif /* VFIO_AP_SHIM_LINUX_CRC32_H */
