// SPDX-License-Identifier: GPL-2.0-only
/*
 * crc32_le() for the migration core in userspace (see
 * tools/include/linux/crc32.h): zlib's CRC-32 with the kernel's seed
 * convention. zlib inverts the CRC on entry and on exit, the kernel's
 * crc32_le() does neither, hence the two inversions here.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#include <linux/crc32.h>
#include <zlib.h>

u32 crc32_le(u32 crc, const void *p, size_t len)
{
	return ~(u32)crc32_z(~(uLong)crc & 0xffffffffUL, p, len);
}
