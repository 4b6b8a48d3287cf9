/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl: migration helpers on top of the portable stream core
 * (driver/vfio_ap_mig_*.h): the hwinfo of a queue composed from sysfs,
 * what a matrix device would migrate, and the v1 stream built from it.
 */
#ifndef VFIO_AP_TOOLS_CTL_MIG_H
#define VFIO_AP_TOOLS_CTL_MIG_H

#include <stdbool.h>

#include "ctl_host.h"
#include "vfio_ap_mig_rules.h"
#include "vfio_ap_mig_stream.h"

static inline void ctl_mig_mask(struct vfio_ap_mig_mask *dst, const struct ap_mask *src)
{
	unsigned int i;

	/* both number ID 0 as the MSB of word 0 */
	for (i = 0; i < 4; i++)
		dst->w[i] = src->w[i];
}

/*
 * The hwinfo (TAPQ GR2) of queue @a.@d as sysfs shows it (DESIGN.md 4):
 * ap_functions (bits 0-31: the card's; on a host whose AP bus has APSB
 * the queue's, which carry the SE bind state), raw_hwtype (AP type), the number of domains
 * (ap_max_domain_id, as QCI Nd; at most 255), max_msg_size and depth. Returns 0
 * or -ENODEV when there is no such queue (or card).
 */
int ctl_mig_hwinfo(const struct ctl_host *ch, unsigned int a, unsigned int d, u64 *hwinfo);

/*
 * What @m would migrate: the guest matrix (guest_matrix, and the assigned
 * control domains the host has) when active, else the assigned matrix.
 */
void ctl_mig_source(const struct ctl_host *ch, const struct ctl_mdev *m, struct ap_matrix *src);

/*
 * Build the v1 stream of @src into a new buffer (*buf, *len; free() it).
 * Returns 0, -ENODEV (a queue of the matrix does not exist on this host;
 * *bad_apqn says which) or -ENOMEM.
 */
int ctl_mig_build(const struct ctl_host *ch, const struct ap_matrix *src, u8 **buf, size_t *len,
		  unsigned int *bad_apqn);

/* The SE bind state (hwinfo bits 16-17) of queue @a.@d, 0 when unknown. */
unsigned int ctl_mig_bind_state(const struct ctl_host *ch, unsigned int a, unsigned int d);

#endif /* VFIO_AP_TOOLS_CTL_MIG_H */
