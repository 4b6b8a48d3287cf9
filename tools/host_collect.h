/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl host: what one run shows, collected from the host as far as
 * the selection needs: the card rows (a card is read only for a card row or
 * a mode filter), the selected queues that exist, and for queue rows each
 * queue's attributes (only the selected queues are read).
 */
#ifndef VFIO_AP_TOOLS_HOST_COLLECT_H
#define VFIO_AP_TOOLS_HOST_COLLECT_H

#include <stdbool.h>
#include <stddef.h>

#include "ap_host.h"
#include "ctl.h"
#include "ctl_host.h"
#include "host_view.h"

/* What the command line asks for. */
struct host_opts {
	struct host_sel sel;
	unsigned int modes; /* enum host_mode bits; 0: all */
	bool free, vfio, host_owned; /* owner filters, OR-ed; none: all */
	bool summary, queues;
};

struct host_row {
	unsigned int a, d;
	struct ap_queue q;
	char drv[32];
	enum ctl_owner owner;
	const struct ctl_mdev *m;
};

struct host_view {
	bool head; /* cards, configuration and summary */
	bool rows; /* queue rows */
	bool card_rows; /* a card table (perhaps empty) */
	struct ap_card *cards; /* card rows */
	size_t n_cards;
	struct ap_apqn_set apqns; /* the selected queues that exist */
	struct host_row *q;
	size_t n_q;
};

/* Is there an owner filter (--free, --vfio, --host-owned)? */
bool host_owner_filtered(const struct host_opts *o);

/*
 * Fill @v (head and rows set by the caller) from @ch. Prints one line and
 * returns the exit code on error: CTL_EXIT_NOT_FOUND for a selected card or
 * queue that does not exist, CTL_EXIT_FAILURE when sysfs cannot be read.
 * Free with host_view_free() in any case.
 */
int host_view_build(const struct ctl_ctx *ctx, const struct ctl_host *ch, const struct host_opts *o,
		    struct host_view *v);
void host_view_free(struct host_view *v);

#endif /* VFIO_AP_TOOLS_HOST_COLLECT_H */
