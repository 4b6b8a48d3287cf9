/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl host: the summary. Per card, how many APQNs the host owns,
 * how many are free for vfio_ap and how many a matrix device uses (active,
 * or defined for auto-start); overall, each owner's APQNs collapsed into
 * rectangles of card and domain ranges.
 */
#ifndef VFIO_AP_TOOLS_HOST_SUMMARY_H
#define VFIO_AP_TOOLS_HOST_SUMMARY_H

#include <stdio.h>
#include <jansson.h>

#include "ap_matrix.h"
#include "ctl_host.h"

struct host_summary;

/* Count the APQNs of @apqns (queues that exist). 0 or -ENOMEM. */
int host_summary_build(const struct ctl_host *ch, const struct ap_apqn_set *apqns,
		       struct host_summary **out);
void host_summary_free(struct host_summary *s);

/* The two summary tables; 0 or -ENOMEM. */
int host_summary_text(const struct ctl_host *ch, const struct host_summary *s, FILE *fp);
/* {"apqns", "host", "free", "used", "cards": [...], "owners": [...]}; NULL: no memory. */
json_t *host_summary_json(const struct ctl_host *ch, const struct host_summary *s);

/* "in-use", "active", "autostart" for a device that owns APQNs. */
const char *host_mdev_state(const struct ctl_mdev *m);

#endif /* VFIO_AP_TOOLS_HOST_SUMMARY_H */
