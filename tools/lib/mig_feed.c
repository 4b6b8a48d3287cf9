// SPDX-License-Identifier: GPL-2.0-only
/*
 * mig_parser_feed(): the parser's next()/commit() loop over a buffer.
 */
#include <errno.h>
#include <string.h>

#include "mig_feed.h"

int mig_parser_feed(struct vfio_ap_mig_parser *p, const void *data, size_t len)
{
	const u8 *src = data;
	size_t room, n;
	u8 *dst;
	int ret;

	if (len && !data)
		return -EINVAL;
	while (len) {
		dst = vfio_ap_mig_parser_next(p, &room);
		/* no room: the announced length is in, or an earlier error */
		if (!dst)
			return vfio_ap_mig_parser_commit(p, len);
		n = len < room ? len : room;
		memcpy(dst, src, n);
		ret = vfio_ap_mig_parser_commit(p, n);
		if (ret)
			return ret;
		src += n;
		len -= n;
	}
	return p->status.err;
}
