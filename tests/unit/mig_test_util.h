/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the migration-core unit tests (native and s390x).
 */
#ifndef VFIO_AP_TOOLS_MIG_TEST_UTIL_H
#define VFIO_AP_TOOLS_MIG_TEST_UTIL_H

#include "vfio_ap_mig_stream.h"

/* a mask from an ID list such as "1,3-5"; IDs 0..255 */
struct vfio_ap_mig_mask mt_mask(const char *list);

/* the hwinfo the tests give queue @apqn: distinct per queue, bs = 0 */
u64 mt_hwinfo(u16 apqn);

/* vfio_ap_mig_stream_build() callback returning mt_hwinfo() */
int mt_get_hwinfo(void *priv, u16 apqn, u64 *hwinfo);

/*
 * Build a stream of @apm x @aqm with control domains @adm into a new
 * buffer (free() it); *len gets its length. Aborts on failure.
 */
u8 *mt_build(const char *apm, const char *aqm, const char *adm, size_t *len);

/* recompute the header CRC after a test corrupted a stream on purpose */
void mt_fix_crc(u8 *buf, size_t len);

#endif
