/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The provisioning pre-check of "vfio-ap-ctl check --host": could a device
 * configured like the migration source be defined and started on this
 * host? The host rules of the kernel's rule table (host-missing,
 * host-owned, in-use, cdom-host-missing) and, for every source queue the
 * host has, rule 2 as the kernel evaluates it (vfio_ap_mig_check_queues()).
 * The kernel never runs these: a destination mdev is configured by root
 * before the migration, and the kernel verifies it (verify, never grant).
 */
#ifndef VFIO_AP_TOOLS_MIG_CHECK_HOST_H
#define VFIO_AP_TOOLS_MIG_CHECK_HOST_H

#include <stdbool.h>

#include "vfio_ap_mig_rules.h"

/**
 * struct mig_host - what the host offers
 * @host_apm: adapters in the host's AP configuration (QCI; sysfs
 *	/sys/bus/ap/ap_adapter_mask)
 * @host_aqm: usage domains in it (/sys/bus/ap/ap_usage_domain_mask)
 * @host_adm: control domains of the host (/sys/bus/ap/ap_control_domain_mask)
 * @host_owned: true if @apqn is the host's, not usable by vfio_ap
 *	(vfio-ap-ctl: ap_host_apqn_host_owned(), adapter in apmask and domain
 *	in aqmask unless driver_override gives the queue away); may be NULL
 *	(= never)
 * @in_other_mdev: true if @apqn is assigned to another mdev; may be NULL
 *	(= never)
 * @hw: @get_hwinfo and @priv (also passed to @host_owned and
 *	@in_other_mdev) of the host's queues; its guest-view masks are not read
 */
struct mig_host {
	struct vfio_ap_mig_mask host_apm;
	struct vfio_ap_mig_mask host_aqm;
	struct vfio_ap_mig_mask host_adm;
	bool (*host_owned)(void *priv, u16 apqn);
	bool (*in_other_mdev)(void *priv, u16 apqn);
	struct vfio_ap_mig_dest hw;
};

/**
 * mig_check_host() - could a device configured like @src run on @host?
 * @src: the source configuration (a validated stream)
 * @host: the host
 * @rep: results (struct vfio_ap_mig_report, as for vfio_ap_mig_check())
 *
 * Each source APQN in the host configuration, not host-owned, not in
 * another mdev; each source control domain in the host's mask; rule 2 for
 * every source queue the host has.
 *
 * Return: @rep->err: 0, or the negative errno of the first refusal
 * (-ENODEV, -EADDRNOTAVAIL, -EADDRINUSE, -EOPNOTSUPP, a get_hwinfo() error).
 */
int mig_check_host(const struct vfio_ap_mig_config *src, const struct mig_host *host,
		   struct vfio_ap_mig_report *rep);

#endif
