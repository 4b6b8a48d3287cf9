// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: the migration verdict of the rules core, collected.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_check.h"

static int add_item(struct ctl_check_report *rep, size_t *cap, const struct vfio_ap_mig_result *r)
{
	struct ctl_check_item *it;

	if (rep->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 64;
		struct ctl_check_item *v = realloc(rep->v, ncap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		rep->v = v;
		*cap = ncap;
	}
	it = &rep->v[rep->n++];
	it->r = *r;
	vfio_ap_mig_result_format(r, it->msg, sizeof(it->msg));
	if (r->err)
		rep->refused++;
	return 0;
}

static void check(const struct vfio_ap_mig_config *src, const struct ctl_check_dest *dst,
		  const struct mig_host *host, struct vfio_ap_mig_report *rep)
{
	if (dst->host)
		mig_check_host(src, host, rep);
	else
		vfio_ap_mig_check(src, &dst->core, rep);
}

int ctl_check(const struct vfio_ap_mig_config *src, const struct ctl_check_dest *dst,
	      struct ctl_check_report *rep)
{
	struct vfio_ap_mig_report crep = { 0 };
	struct vfio_ap_mig_result *res = NULL;
	size_t cap = 0;
	u32 i, total;
	int rc;
	struct mig_host host = dst->offer;

	host.hw = dst->core;
	memset(rep, 0, sizeof(*rep));
	/* first pass counts, second stores */
	check(src, dst, &host, &crep);
	total = crep.total;
	if (total) {
		res = calloc(total, sizeof(*res));
		if (!res)
			return -ENOMEM;
		memset(&crep, 0, sizeof(crep));
		crep.res = res;
		crep.cap = total;
		check(src, dst, &host, &crep);
	}
	for (i = 0; i < crep.count; i++) {
		rc = add_item(rep, &cap, &res[i]);
		if (rc) {
			free(res);
			ctl_check_report_free(rep);
			return rc;
		}
	}
	free(res);
	rep->err = crep.err;
	return 0;
}

void ctl_check_report_free(struct ctl_check_report *rep)
{
	free(rep->v);
	memset(rep, 0, sizeof(*rep));
}

const char *ctl_check_errno_name(int err)
{
	switch (-err) {
	case 0:
		return NULL;
	case ENODEV:
		return "ENODEV";
	case EADDRNOTAVAIL:
		return "EADDRNOTAVAIL";
	case EADDRINUSE:
		return "EADDRINUSE";
	case EOPNOTSUPP:
		return "EOPNOTSUPP";
	case EINVAL:
		return "EINVAL";
	case EPROTONOSUPPORT:
		return "EPROTONOSUPPORT";
	default:
		return "EIO";
	}
}
