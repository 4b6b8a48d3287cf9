// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: the migration verdict (core rules + the kernel's host-owned
 * rule), combined as the kernel combines them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_check.h"

static int add_item(struct ctl_check_report *rep, size_t *cap, const struct vfio_ap_mig_result *r,
		    const char *msg)
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
	if (msg)
		snprintf(it->msg, sizeof(it->msg), "%s", msg);
	else
		vfio_ap_mig_result_format(r, it->msg, sizeof(it->msg));
	if (r->err)
		rep->refused++;
	return 0;
}

int ctl_check(const struct vfio_ap_mig_config *src, const struct ctl_check_dest *dst,
	      struct ctl_check_report *rep)
{
	struct vfio_ap_mig_dest core = dst->core;
	struct vfio_ap_mig_report crep = { 0 };
	struct vfio_ap_mig_result *res = NULL;
	int owned_err = 0, core_err = 0;
	size_t cap = 0;
	u32 i, total;
	int rc;

	memset(rep, 0, sizeof(*rep));
	/* the core sees every APQN as usable; ownership is decided below */
	memset(&core.apmask, 0, sizeof(core.apmask));
	memset(&core.aqmask, 0, sizeof(core.aqmask));

	if (vfio_ap_mig_dest_is_empty(&core) && dst->host_owned) {
		for (i = 0; i < src->num_queues; i++) {
			u16 apqn = vfio_ap_mig_config_apqn(src, i);
			struct vfio_ap_mig_result r = {
				.rule = VFIO_AP_MIG_RULE_HOST_OWNED,
				.apqn = apqn,
				.err = -EADDRNOTAVAIL,
				.src = 1,
				.dst = 0,
			};
			char msg[160];

			if (!dst->host_owned(core.priv, apqn))
				continue;
			snprintf(msg, sizeof(msg),
				 "APQN %02x.%04x: reserved for the destination host's default drivers (adapter in apmask and domain in aqmask)",
				 apqn >> 8, apqn & 0xff);
			rc = add_item(rep, &cap, &r, msg);
			if (rc)
				goto fail;
			if (!owned_err)
				owned_err = -EADDRNOTAVAIL;
		}
	}

	/* first pass counts, second stores */
	vfio_ap_mig_check(src, &core, &crep);
	total = crep.total;
	if (total) {
		res = calloc(total, sizeof(*res));
		if (!res) {
			rc = -ENOMEM;
			goto fail;
		}
		memset(&crep, 0, sizeof(crep));
		crep.res = res;
		crep.cap = total;
		vfio_ap_mig_check(src, &core, &crep);
	}
	for (i = 0; i < crep.count; i++) {
		if (res[i].rule == VFIO_AP_MIG_RULE_HOST_OWNED)
			continue;
		if (res[i].err && !core_err)
			core_err = res[i].err;
		rc = add_item(rep, &cap, &res[i], NULL);
		if (rc)
			goto fail;
	}
	free(res);
	/* a missing APQN (-ENODEV) outranks ownership, as in the rule order */
	rep->err = core_err && (core_err == -ENODEV || !owned_err) ? core_err : owned_err;
	return 0;
fail:
	free(res);
	ctl_check_report_free(rep);
	return rc;
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
