// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers shared by the migration-core unit tests (native and s390x).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/crc32.h>

#include "mig_test_util.h"

struct vfio_ap_mig_mask mt_mask(const char *list)
{
	struct vfio_ap_mig_mask m = { };
	const char *p = list;
	char *end;

	while (p && *p) {
		unsigned long a = strtoul(p, &end, 0), b = a;

		if (*end == '-')
			b = strtoul(end + 1, &end, 0);
		for (; a <= b; a++)
			vfio_ap_mig_mask_set(&m, (u32)a);
		p = *end == ',' ? end + 1 : NULL;
	}
	return m;
}

u64 mt_hwinfo(u16 apqn)
{
	/* CCA coprocessor, native class, AP type 13, 85 domains, ml 3, qd 7 */
	u64 hw = 0x90800000ULL << 32 | 0x0d550307ULL;

	/* make each queue different, in reserved bits 18-31 and 48-51 */
	return hw | (u64)(apqn & 0x3fff) << 32 | (u64)(apqn >> 14) << 12;
}

int mt_get_hwinfo(void *priv, u16 apqn, u64 *hwinfo)
{
	*hwinfo = mt_hwinfo(apqn);
	return 0;
}

u8 *mt_build(const char *apm, const char *aqm, const char *adm, size_t *len)
{
	struct vfio_ap_mig_mask a = mt_mask(apm), q = mt_mask(aqm), c = mt_mask(adm);
	size_t size = VFIO_AP_MIG_MAX_LEN;
	u8 *buf = malloc(size);
	ssize_t n;

	if (!buf)
		abort();
	n = vfio_ap_mig_stream_build(&a, &q, &c, mt_get_hwinfo, NULL, NULL, buf, size);
	if (n <= 0) {
		fprintf(stderr, "mt_build: %zd\n", n);
		abort();
	}
	*len = (size_t)n;
	return buf;
}

void mt_fix_crc(u8 *buf, size_t len)
{
	memset(buf + VFIO_AP_MIG_OFF_CRC, 0, 4);
	put_unaligned_be32(~crc32_le(~0U, buf, len), buf + VFIO_AP_MIG_OFF_CRC);
}
