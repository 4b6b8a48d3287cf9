// SPDX-License-Identifier: GPL-2.0-only
/*
 * TEST-ONLY crc32_le() for the s390x qemu-user build of the migration-core
 * tests, which cannot link an s390x zlib (Debian's s390x zlib1g-dev does
 * not install next to this amd64 host's libc headers). It is linked into
 * tests/cross/s390x-*-test only, never into a program or the module: the
 * kernel uses its own crc32_le(), userspace zlib's (tools/lib/kshim_crc32.c).
 * A plain bitwise CRC-32 (IEEE 802.3, reflected, kernel seed convention:
 * no inversion on entry or exit); test-mig-stream.c checks it against
 * published check values on big-endian.
 */
#include <linux/crc32.h>

u32 crc32_le(u32 crc, const void *p, size_t len)
{
	const u8 *b = p;
	int k;

	while (len--) {
		crc ^= *b++;
		for (k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return crc;
}
