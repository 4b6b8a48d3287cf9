/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl: the host as the commands see it: AP resources and active
 * mdevs (ap_host.h) joined with the mdevctl definitions (mdev_config.h)
 * into one list of matrix devices, read once per run.
 */
#ifndef VFIO_AP_TOOLS_CTL_HOST_H
#define VFIO_AP_TOOLS_CTL_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include "ap_host.h"
#include "mdev_config.h"
#include "ctl.h"

/* One matrix device: defined, active or both. */
struct ctl_mdev {
	char uuid[MDEV_UUID_LEN + 1];
	const struct ap_mdev *active;		/* NULL: not active */
	const struct mdev_config_entry *def;	/* NULL: not defined */
	struct ap_matrix matrix;		/* active: sysfs; else the definition's */
	bool in_use;				/* its guest queues have status "in use" */
	const char *guest;			/* libvirt guest using it (CTL_HOST_GUESTS) */
};

/*
 * The queue devices and their drivers, from directory listings only (one
 * readdir per card and per AP queue driver): no attribute of any queue is
 * read, so this stays fast with 65536 queues.
 */
struct ctl_qmap {
	struct ap_apqn_set exists;	/* a queue device /sys/devices/ap/cardXX/XX.YYYY */
	struct ap_apqn_set vfio;	/* bound to vfio_ap */
	struct ap_apqn_set dflt;	/* bound to a default (zcrypt cex*) driver */
};

struct ctl_guest;

struct ctl_host {
	struct ap_host host;
	struct ctl_qmap *qmap;			/* with CTL_HOST_QMAP */
	struct ap_owner_map *owners;		/* APQN -> active mdev index */
	struct ap_owner_map *auto_owners;	/* APQN -> index in mdevs of an inactive
						 * auto-start definition (CTL_HOST_DEFS) */
	struct mdev_config_set defs;
	struct ctl_mdev *mdevs;			/* ascending by uuid */
	size_t n_mdevs;
	struct ctl_guest *guests;		/* CTL_HOST_GUESTS */
	size_t n_guests;
};

/* Who has an APQN, as host shows it. */
enum ctl_owner {
	CTL_OWNER_FREE,		/* usable by vfio_ap, in no device */
	CTL_OWNER_HOST,		/* the host's default drivers (ap_host_apqn_host_owned()) */
	CTL_OWNER_MDEV,		/* assigned to an active matrix device */
	CTL_OWNER_AUTOSTART,	/* in an inactive definition with start "auto" */
};

/* What ctl_host_load() reads besides the bus: enum ap_host_parts, plus: */
#define CTL_HOST_DEFS (1u << 8)		/* the mdevctl definitions */
#define CTL_HOST_QMAP (1u << 9)		/* struct ctl_qmap (implies AP_HOST_CARDS) */
#define CTL_HOST_GUESTS (1u << 10)	/* libvirt's running guests (ctl_mdev.guest) */

/*
 * Read the host. Prints one line on error and returns the exit code:
 * CTL_EXIT_NO_VFIO_AP when vfio_ap is not loaded (unless @need_vfio_ap is
 * false), CTL_EXIT_FAILURE when sysfs cannot be read. 0 on success; free
 * with ctl_host_free().
 */
int ctl_host_load(const struct ctl_ctx *ctx, const char *cmd, unsigned int parts,
		  bool need_vfio_ap, struct ctl_host *ch);
void ctl_host_free(struct ctl_host *ch);

/* The matrix device @uuid (canonical form), or NULL. */
const struct ctl_mdev *ctl_host_find(const struct ctl_host *ch, const char *uuid);

/*
 * Look up a UUID given on the command line: checks its syntax (usage error)
 * and that the mdev exists (not found). Returns 0 or the exit code after
 * printing one line.
 */
int ctl_host_lookup(const struct ctl_ctx *ctx, const char *cmd, const struct ctl_host *ch,
		    const char *arg, const struct ctl_mdev **out);

/* Does queue @a.@d exist (needs CTL_HOST_QMAP)? */
bool ctl_host_has_queue(const struct ctl_host *ch, unsigned int a, unsigned int d);
/* The driver queue @a.@d is bound to (needs CTL_HOST_QMAP). */
enum ap_queue_driver ctl_host_queue_driver(const struct ctl_host *ch, unsigned int a,
					   unsigned int d);
/* The card @a, or NULL. */
const struct ap_card *ctl_host_card(const struct ctl_host *ch, unsigned int a);

/*
 * The owner of APQN @a.@d: an active device first, then the host's masks,
 * then an inactive auto-start definition (needs AP_HOST_MDEVS, and
 * CTL_HOST_DEFS for the last). *@m is the device, or NULL.
 */
enum ctl_owner ctl_host_owner(const struct ctl_host *ch, unsigned int a, unsigned int d,
			      const struct ctl_mdev **m);

/* "auto", "manual", or NULL when not defined (or the definition is broken). */
const char *ctl_mdev_start(const struct ctl_mdev *m);

#endif /* VFIO_AP_TOOLS_CTL_HOST_H */
