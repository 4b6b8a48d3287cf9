/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl host: what the host view selects and how it names things,
 * in lszcrypt's vocabulary (s390-tools zconf/zcrypt/lszcrypt.c).
 */
#ifndef VFIO_AP_TOOLS_HOST_VIEW_H
#define VFIO_AP_TOOLS_HOST_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "ap_host.h"
#include "ap_matrix.h"
#include "ctl_host.h"

/*
 * A selection as lszcrypt takes it, hexadecimal: "03" (the card and all its
 * queues), ".0005" (that domain on every card), "03.0005" (one queue).
 */
struct host_sel {
	bool any; /* something was selected */
	struct ap_mask cards; /* "03" */
	struct ap_mask domains; /* ".0005" */
	struct ap_apqn_set apqns; /* "03.0005" */
};

void host_sel_init(struct host_sel *s);
/* Add one argument; 0, or -EINVAL with *why set. */
int host_sel_add(struct host_sel *s, const char *arg, const char **why);
/* Is queue @a.@d selected (true for everything when nothing was selected)? */
bool host_sel_queue(const struct host_sel *s, unsigned int a, unsigned int d);

/* The --cca/--ep11/--accel filter: a set of these bits, 0 = every mode. */
enum host_mode {
	HOST_MODE_CCA = 1 << 0,
	HOST_MODE_EP11 = 1 << 1,
	HOST_MODE_ACCEL = 1 << 2,
};

/* The card's mode bit from ap_functions (bits 3-5, lszcrypt's order), 0 when none. */
unsigned int host_card_mode(uint32_t ap_functions);
/* "CCA-Coproc", "EP11-Coproc", "Accelerator" (text) or "cca", "ep11", "accel" (JSON); NULL: none. */
const char *host_mode_name(unsigned int mode, bool json);

/* lszcrypt's STATUS of a card: "online", "offline", "deconfig", "chkstop"; NULL: unknown. */
const char *host_card_status(const struct ap_card *c);
/*
 * lszcrypt's STATUS of a queue: as a card's, and for a queue without an
 * online attribute (bound to vfio_ap) vfio_ap's status: "unassigned",
 * "assigned", "in use" (text) or "in-use" (JSON); NULL: unknown.
 */
const char *host_queue_status(const struct ap_queue *q, bool json);

/*
 * The facility names of ap_functions as the kernel's struct ap_tapq_hwinfo
 * has them (apsc, mex4k, crt4k, apxa, slcf), blank-separated into @buf;
 * "" when none.
 */
void host_facilities(uint32_t ap_functions, char *buf, size_t len);
/* The same as a JSON array of strings. */
json_t *host_facilities_json(uint32_t ap_functions);

/*
 * @m as a hexadecimal ID list with @width (2: cards, 4: domains) digits per
 * ID ("03-07,0a", "0004-000b"), "-" when empty. @buf of HOST_HEXLIST_LEN.
 */
#define HOST_HEXLIST_LEN 1600
const char *host_hexlist(const struct ap_mask *m, int width, char buf[HOST_HEXLIST_LEN]);

/* The cards in /sys/devices/ap (one readdir). 0 or -errno. */
int host_card_ids(struct ap_mask *cards);
/* The queues of card @a: the domains of its "AA.DDDD" children. 0 or -errno. */
int host_card_queues(unsigned int a, struct ap_mask *domains);

#endif /* VFIO_AP_TOOLS_HOST_VIEW_H */
