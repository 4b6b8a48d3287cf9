/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host's AP resources as sysfs shows them (Linux 6.12): the AP bus
 * masks, cards, queues, the vfio_ap matrix device and its active mdevs.
 * Read once with ap_host_read() (the cards, each card's queue directories
 * and the matrix device's mdev directories are listed with readdir, and
 * their attributes read directly, which costs far fewer system calls than
 * libudev device objects); everything after that works on the struct.
 *
 * Who owns an APQN is answered in O(1) from bitmaps: the host through
 * apmask x aqmask and, since Linux 6.19, the queues' driver_override
 * (ap_host_apqn_host_owned(), after ap_host_read_overrides()), an mdev
 * through the owner map (ap_owner_map_build()), without going back to sysfs.
 */
#ifndef VFIO_AP_TOOLS_AP_HOST_H
#define VFIO_AP_TOOLS_AP_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ap_conflict.h"
#include "ap_matrix.h"
#include "mdev_config.h"

#define AP_SYSFS_BUS "/sys/bus/ap"
#define AP_SYSFS_DEVICES "/sys/devices/ap"
#define VFIO_AP_SYSFS "/sys/devices/vfio_ap"
#define VFIO_AP_MATRIX_SYSFS VFIO_AP_SYSFS "/matrix"

/* What ap_host_read() reads; the bus attributes are always read. */
enum ap_host_parts {
	AP_HOST_CARDS = 1 << 0,
	AP_HOST_QUEUES = 1 << 1,
	AP_HOST_MDEVS = 1 << 2,
	AP_HOST_GUEST_MATRIX = 1 << 3,	/* with AP_HOST_MDEVS: also each mdev's guest_matrix */
	AP_HOST_ALL = AP_HOST_CARDS | AP_HOST_QUEUES | AP_HOST_MDEVS | AP_HOST_GUEST_MATRIX,
	/* not the features lists and available_instances (the callout needs none of them) */
	AP_HOST_NO_FEATURES = 1 << 4,
	/*
	 * the caller knows that vfio_ap is loaded (e.g. a queue's vfio_ap
	 * "status" was read): vfio_ap is set without looking (one path walk less)
	 */
	AP_HOST_VFIO_AP_KNOWN = 1 << 5,
	/* not the host's AP configuration masks (have_qci stays false) */
	AP_HOST_NO_QCI = 1 << 6,
};

struct ap_card {
	unsigned int id;
	char type[16];		/* zcrypt "type", e.g. "CEX8C"; "" when not bound */
	int hwtype;		/* -1 when unknown */
	int raw_hwtype;
	uint32_t ap_functions;
	int depth;
	unsigned int max_msg_size;
	int online;		/* 0/1, -1 when the attribute is missing */
	int config;
	int chkstop;
	char serialnr[20];	/* zcrypt "serialnr" (CCA and EP11 cards); "" when missing */
};

enum ap_queue_driver {
	AP_QDRV_NONE,		/* not bound */
	AP_QDRV_DEFAULT,	/* a zcrypt default driver (cex4queue) */
	AP_QDRV_VFIO_AP,
	AP_QDRV_OTHER,
};

enum ap_queue_status {
	AP_QSTAT_NONE,		/* no "status" attribute (not bound to vfio_ap) */
	AP_QSTAT_UNASSIGNED,
	AP_QSTAT_ASSIGNED,
	AP_QSTAT_IN_USE,
	AP_QSTAT_UNKNOWN,	/* some other text */
};

struct ap_queue {
	unsigned int adapter;
	unsigned int domain;
	enum ap_queue_driver driver;
	int online;		/* -1 when missing (vfio_ap-bound queues have none) */
	int config;
	int chkstop;
	enum ap_queue_status status;
};

struct ap_mdev {
	char uuid[MDEV_UUID_LEN + 1];
	struct ap_matrix matrix;	/* what is assigned (ap_config or matrix+control_domains) */
	/*
	 * What the guest gets: apm and aqm from the guest_matrix text when
	 * it fits in a page, else computed from ap_config and the host the
	 * way the kernel filters (guest_computed); adm always computed, the
	 * assigned control domains the host's ADM has (QCI).
	 */
	struct ap_matrix guest;
	bool has_guest_matrix;		/* known (AP_HOST_GUEST_MATRIX) */
	bool guest_computed;
	bool has_ap_config;		/* the mdev has an ap_config attribute */
};

struct ap_host {
	bool ap_bus;			/* /sys/bus/ap exists */
	struct ap_mask apmask;		/* set = APQN usable by the host's default drivers */
	struct ap_mask aqmask;
	bool have_qci;			/* the *_mask attributes below could be read */
	struct ap_mask adapter_mask;	/* ap_adapter_mask (QCI APM) */
	struct ap_mask usage_domain_mask;
	struct ap_mask control_domain_mask;
	unsigned int max_adapter_id;	/* AP_MAX_ID when unknown */
	unsigned int max_domain_id;
	char features[128];		/* bus "features", e.g. "APSC APXA QACT" */

	struct ap_card *cards;		/* ascending by id */
	size_t n_cards;
	struct ap_queue *queues;	/* ascending by APQN */
	size_t n_queues;

	bool vfio_ap;			/* /sys/devices/vfio_ap/matrix exists */
	char matrix_features[128];	/* matrix "features" */
	bool ap_config_supported;	/* "ap_config" in matrix features */
	bool migratable;		/* "migratable" in matrix features */
	long available_instances;	/* -1 when unknown */
	struct ap_mdev *mdevs;		/* ascending by uuid */
	size_t n_mdevs;

	/*
	 * driver_override (Linux 6.19+, ap_host_read_overrides()): 1 the
	 * queues have the attribute, 0 they do not (6.12), -1 not looked at
	 * (not read, or apmask/aqmask are in use, so no override can be set).
	 */
	int driver_override;
	/*
	 * The APQNs that apmask x aqmask reserve for the host but that their
	 * driver_override gives away (set, and the queue not bound to a
	 * default driver): not host-owned. NULL when there are none.
	 */
	struct ap_apqn_set *released;
	size_t n_released;
};

/*
 * Read the host. On error returns -errno and, when @err is given, one line
 * saying what could not be read. No matrix text that may be cut at the
 * page is read or trusted: an mdev's matrix comes from ap_config (without
 * it, a "matrix" text that fills a page fails with -EOVERFLOW), and a
 * guest matrix too big for its text is computed instead. A host without an AP bus is not an error:
 * ap_bus is false and everything is empty. Free with ap_host_free().
 */
int ap_host_read(struct ap_host *h, unsigned int parts, char *err, size_t errlen);
void ap_host_free(struct ap_host *h);

/* Read one card, /sys/devices/ap/cardXX. -ENOENT when it does not exist. */
int ap_card_read(unsigned int id, struct ap_card *c);

/*
 * Read one queue, /sys/devices/ap/cardAA/AA.DDDD: its driver (and, when
 * @drv is given, the driver's name as the kernel has it, "" when unbound),
 * config, chkstop, online and vfio_ap status. -ENOENT when it does not exist.
 */
int ap_queue_read(unsigned int adapter, unsigned int domain, struct ap_queue *q, char *drv,
		  size_t drvlen);

/*
 * Read one mdev of the matrix device (not its guest matrix). -ENOENT when
 * it does not exist, -EOVERFLOW as ap_host_read().
 */
int ap_mdev_read(const char *uuid, struct ap_mdev *m);

/*
 * Add the vfio_ap mdevs (AP_HOST_MDEVS) to @h, read by ap_host_read()
 * without them; @guest: also each guest_matrix. Returns 0 or -errno.
 */
int ap_host_read_mdevs(struct ap_host *h, bool guest);

/*
 * Add every entry of @dir named like a queue ("AA.DDDD": a card's
 * directory, an AP queue driver's) to @set. A missing @dir adds nothing.
 * Returns 0 or -errno.
 */
int ap_apqn_dir_scan(const char *dir, struct ap_apqn_set *set);

/*
 * ap_apqn_dir_scan() each subdirectory of @dir whose name @want accepts:
 * the cards of AP_SYSFS_DEVICES, the queue drivers of AP_SYSFS_BUS
 * "/drivers". A missing @dir adds nothing. Returns 0 or -errno.
 */
int ap_apqn_subdirs_scan(const char *dir, bool (*want)(const char *name),
			 struct ap_apqn_set *set);

/* Is @name a default (zcrypt) AP queue driver, "cex4queue"? */
bool ap_queue_driver_default(const char *name);

/* How many vfio_ap mdevs are active (one readdir); -errno. */
int ap_mdev_count(void);

/*
 * True if vfio_ap's queue "status" reads "unassigned" (in no mdev) for
 * every APQN of @apm x @aqm: one attribute per APQN instead of one per
 * active mdev. False when there are more than @limit APQNs or when some
 * status is anything else or cannot be read.
 */
bool ap_apqns_unassigned(const struct ap_mask *apm, const struct ap_mask *aqm, unsigned int limit);

const struct ap_mdev *ap_host_find_mdev(const struct ap_host *h, const char *uuid);

/*
 * The driver kind of an AP queue driver named @name ("cex4queue" is a
 * default driver, "vfio_ap" is vfio_ap, "" is none).
 */
enum ap_queue_driver ap_queue_driver_kind(const char *name);

/*
 * Host ownership as the kernel decides it (ap_owned_by_def_drv() in
 * drivers/s390/crypto/ap_bus.c): a queue whose driver_override is set
 * (Linux 6.19+) is the host's exactly when it is bound to a default
 * (zcrypt) driver; any other APQN is the host's when its adapter is in
 * apmask and its domain in aqmask. The kernel lets driver_override be set
 * only while both masks are all ones, and refuses mask changes while one
 * is set (ap_queue.c driver_override_store(), ap_bus.c apmask_store()), so
 * an override can only give away an APQN the masks reserve.
 *
 * Read the driver_override of the queues of @which that the masks reserve
 * (NULL: of every queue of the host that is not bound to a default
 * driver, found by directory listings: only the non-default drivers'
 * when /sys/bus/ap/bindings says every queue is bound, else every card's
 * less the default drivers') and note in @h->released those it gives
 * away. Nothing is read while apmask or aqmask is in use, and
 * nothing more once one queue shows that the kernel has no
 * driver_override (6.12). A queue that does not exist is left to the
 * masks, as the kernel does. Returns 0 or -errno; may run again (the
 * result is replaced).
 */
int ap_host_read_overrides(struct ap_host *h, const struct ap_apqn_set *which);

/* The one rule for "host-owned" (see ap_host_read_overrides()). */
static inline bool ap_host_apqn_host_owned(const struct ap_host *h, unsigned int a,
					   unsigned int d)
{
	return ap_mask_test(&h->apmask, a) && ap_mask_test(&h->aqmask, d) &&
	       !(h->released && ap_apqn_set_test(h->released, a, d));
}

/*
 * APQN -> index of the active mdev that has it assigned, in O(1).
 * (Active mdevs never share an APQN; if sysfs shows one shared anyway, the
 * first mdev by uuid wins and ap_owner_map_build() returns the number of
 * such APQNs.)
 */
struct ap_owner_map {
	uint16_t owner[AP_MASK_BITS * AP_MASK_BITS];	/* 0 = none, else index + 1 */
};

int ap_owner_map_build(const struct ap_host *h, struct ap_owner_map **map);

static inline int ap_owner_lookup(const struct ap_owner_map *map, unsigned int a,
				  unsigned int d)
{
	return (int)map->owner[(a & 0xff) << 8 | (d & 0xff)] - 1;
}

/* The active mdevs as conflict owners (malloc'ed array, n = h->n_mdevs). */
int ap_host_owners(const struct ap_host *h, struct ap_owner **owners);

/*
 * The persistent masks: from @rules_path (NULL: AP_PERSISTENT_RULES); a mask
 * the file does not set, or a missing file, falls back to the active mask.
 * Returns 1 when the file set at least one of them, 0 when both are the
 * active ones, -EINVAL (malformed mask in the file) or -errno from reading.
 */
int ap_host_persistent_masks(const struct ap_host *h, const char *rules_path,
			     struct ap_mask *apmask, struct ap_mask *aqmask);

#endif /* VFIO_AP_TOOLS_AP_HOST_H */
