/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl: the migration verdict, exactly as the kernel reaches it:
 * vfio_ap_mig_check() of the portable rules core (the code vfio_ap runs at
 * the write that completes the stream), or the provisioning pre-check
 * mig_check_host() over the same rule table, every result collected and
 * formatted.
 */
#ifndef VFIO_AP_TOOLS_CTL_CHECK_H
#define VFIO_AP_TOOLS_CTL_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "mig_check_host.h"
#include "vfio_ap_mig_rules.h"
#include "vfio_ap_mig_stream.h"

struct ctl_check_dest {
	/* apm/aqm/adm: the destination guest view (as the kernel fills it), for
	 * --target; get_hwinfo and priv: the host's queues, for both */
	struct vfio_ap_mig_dest core;
	/* --host: the host's configuration, host_owned, in_other_mdev (offer.hw is core) */
	struct mig_host offer;
	bool host; /* mig_check_host(), the provisioning pre-check */
};

struct ctl_check_item {
	struct vfio_ap_mig_result r;
	char msg[192];
};

struct ctl_check_report {
	struct ctl_check_item *v;	/* every result, refusing and informational */
	size_t n;
	size_t refused;
	int err;			/* 0: compatible; else the kernel's errno */
};

/* Evaluate @src on @dst. 0 (see rep->err for the verdict) or -ENOMEM. */
int ctl_check(const struct vfio_ap_mig_config *src, const struct ctl_check_dest *dst,
	      struct ctl_check_report *rep);
void ctl_check_report_free(struct ctl_check_report *rep);

/* "ENODEV", "EADDRNOTAVAIL", ... for the errnos a check can give. */
const char *ctl_check_errno_name(int err);

#endif /* VFIO_AP_TOOLS_CTL_CHECK_H */
