/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl: the migration verdict, exactly as the kernel reaches it.
 *
 * The rules are the portable core's (vfio_ap_mig_check()). Like the kernel
 * (driver/vfio_ap_migration.c, vfio_ap_mig_check_dest()), the host-owned
 * rule is decided outside the core with the AP bus' own definition (adapter
 * in apmask AND domain in aqmask), which the core's two "usable" masks
 * cannot express; the core is handed all-ones masks, the errno is combined
 * the same way and the message is the kernel's.
 */
#ifndef VFIO_AP_TOOLS_CTL_CHECK_H
#define VFIO_AP_TOOLS_CTL_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "vfio_ap_mig_rules.h"
#include "vfio_ap_mig_stream.h"

struct ctl_check_dest {
	/* apm/aqm/adm, host_*, in_other_mdev, get_hwinfo, priv; apmask/aqmask are ignored */
	struct vfio_ap_mig_dest core;
	/* the kernel's host-owned test for one APQN (NULL: never) */
	bool (*host_owned)(void *priv, u16 apqn);
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
