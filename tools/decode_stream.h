/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl: read a migration stream (v1, vfio-ap-migration(5)) from a
 * file and show it as text or JSON, hwinfo decoded field by field.
 *
 * Reading goes through the kernel's own incremental parser
 * (driver/vfio_ap_mig_stream.c), fed in chunks as the kernel's write()
 * handler is: nothing is allocated before the header has been checked and
 * no more than the announced length is ever read.
 *
 * Needs only the core (driver/libvfioap-stream.a) and jansson, so a fuzz
 * harness can link it alone.
 */
#ifndef VFIO_AP_TOOLS_DECODE_STREAM_H
#define VFIO_AP_TOOLS_DECODE_STREAM_H

#include <stdio.h>
#include <jansson.h>

#include "vfio_ap_mig_stream.h"

/* the longest ID list text: "0000,0002,0004,...,00fe" (640 bytes) */
#define DECODE_IDLIST_LEN 1024

/*
 * Read one stream from @fp into @p (initialised here; release it with
 * vfio_ap_mig_parser_release() whatever this returns) and validate it.
 * Returns 0 with @cfg filled, -EIO when reading failed (errno is set), or
 * the parser's refusal (-EINVAL, -EPROTONOSUPPORT, -ENOMEM): format it
 * with ctl_stream_reason().
 */
int ctl_stream_read(FILE *fp, struct vfio_ap_mig_parser *p, struct vfio_ap_mig_config *cfg);

/* The one-line reason for the parser's refusal, without a newline. */
void ctl_stream_reason(const struct vfio_ap_mig_parser *p, char *buf, size_t size);

/* Readable text: header, matrix, then each queue with hwinfo decoded. */
void ctl_decode_print(const struct vfio_ap_mig_config *cfg, FILE *fp);

/* Add the stream's keys to @doc (see vfio-ap-ctl(8), decode). 0 or -ENOMEM. */
int ctl_decode_json(const struct vfio_ap_mig_config *cfg, json_t *doc);

/* One hwinfo decoded as a JSON object ("hwinfo", "facilities", ...). */
json_t *ctl_hwinfo_json(u64 hwinfo);

/* Print one hwinfo decoded, one field a line, each line starting with @indent. */
void ctl_hwinfo_print(u64 hwinfo, const char *indent, FILE *fp);

#endif /* VFIO_AP_TOOLS_DECODE_STREAM_H */
