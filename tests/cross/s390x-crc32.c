// SPDX-License-Identifier: GPL-2.0-only
/*
 * crc32_le() for the s390x build of the migration-core tests, which has no
 * s390x zlib to link: the tests' bitwise reference CRC (mig_test_util.c),
 * in the kernel's seed convention. The native build proves the reference
 * equal to zlib's crc32() (test-mig-stream.c).
 */
#include <linux/crc32.h>

#include "mig_test_util.h"

u32 crc32_le(u32 crc, const void *p, size_t len)
{
	return ~mt_crc32_ref(~crc, p, len);
}
