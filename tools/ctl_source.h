/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl: a migration source for check: a v1 stream, or the JSON of
 * "vfio-ap-ctl export" (or "decode -j"), told apart by their first bytes.
 */
#ifndef VFIO_AP_TOOLS_CTL_SOURCE_H
#define VFIO_AP_TOOLS_CTL_SOURCE_H

#include <stddef.h>

#include "vfio_ap_mig_stream.h"

/* larger inputs are refused: a stream is at most 2 MiB + 64, JSON ~20 MiB */
#define CTL_SOURCE_MAX (64u << 20)

struct ctl_source {
	const char *format;		/* "stream" or "json" */
	u8 *stream;			/* the validated v1 stream (owned) */
	size_t len;
	struct vfio_ap_mig_config cfg;	/* points into stream */
};

/*
 * Turn @len bytes of @data into a validated stream. JSON needs the keys
 * "control_domains" (array of IDs) and "queues" (objects with "apqn"
 * "AA.DDDD" and "hwinfo" "0x" + 16 hex digits) forming a cross product.
 * Returns 0, or -EINVAL with one line in @err (the stream core's message
 * for a stream), or -ENOMEM.
 */
int ctl_source_parse(const void *data, size_t len, struct ctl_source *src, char *err,
		     size_t errlen);
void ctl_source_free(struct ctl_source *src);

/*
 * Read all of @path ("-": standard input), at most CTL_SOURCE_MAX bytes,
 * NUL-terminated. Returns 0 (free *data), -EFBIG or -errno.
 */
int ctl_source_read(const char *path, void **data, size_t *len);

#endif /* VFIO_AP_TOOLS_CTL_SOURCE_H */
