/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Feeding a migration stream from a buffer: the userspace convenience on
 * top of the kernel's zero-copy parser interface (vfio_ap_mig_parser_next()
 * and _commit(), which the driver's write() handler uses directly).
 */
#ifndef VFIO_AP_TOOLS_MIG_FEED_H
#define VFIO_AP_TOOLS_MIG_FEED_H

#include <stddef.h>

#include "vfio_ap_mig_stream.h"

/**
 * mig_parser_feed() - add bytes to a stream
 * @p: the parser
 * @data: the next bytes (copied: may be reused after the call)
 * @len: how many
 *
 * Return: as vfio_ap_mig_parser_commit(); -EINVAL for NULL @data with a
 * non-zero @len (the parser is left as it was).
 */
int mig_parser_feed(struct vfio_ap_mig_parser *p, const void *data, size_t len);

#endif
