/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Would the kernel (or another guest, or the host) refuse this vfio_ap
 * configuration? Pure functions on structs: the caller gathers the host's
 * state (ap_host.h, mdev_config.h) and says which checks apply.
 *
 * Every problem found is reported, each as one struct ap_problem that
 * ap_problem_format() turns into one line of text. The same lines are
 * printed by the mdevctl callout and by vfio-ap-ctl.
 *
 * APQN conflicts are bitmap operations: per owner, two mask intersections
 * decide whether there is anything to report at all.
 */
#ifndef VFIO_AP_TOOLS_AP_CONFLICT_H
#define VFIO_AP_TOOLS_AP_CONFLICT_H

#include <stdbool.h>
#include <stddef.h>

#include "ap_matrix.h"
#include "mdev_config.h"

#define AP_PERSISTENT_RULES "/etc/udev/rules.d/41-ap.rules"

/*
 * The kinds of problem. Whether each is refused or only warned about, and
 * its stable JSON name, is the check table in ap_env.h (one row per kind).
 */
enum ap_problem_kind {
	AP_PROB_BAD_VALUE,		/* attr: malformed value (key, value, why) */
	AP_PROB_UNKNOWN_ATTR,		/* attr: not a vfio_ap attribute (key) */
	AP_PROB_ADAPTER_RANGE,		/* id > max adapter id (id, max) */
	AP_PROB_DOMAIN_RANGE,		/* id > max domain id (id, max) */
	AP_PROB_CONTROL_RANGE,		/* control domain id > max domain id (id, max) */
	AP_PROB_CONTROL_NO_USAGE,	/* control domains but no usage domain */
	AP_PROB_CONTROL_NOT_HOST,	/* control domain not in the host's AP configuration (id) */
	AP_PROB_HOST_ACTIVE,		/* APQN host-owned by the active apmask/aqmask */
	AP_PROB_HOST_PERSISTENT,	/* APQN host-owned by the persistent masks */
	AP_PROB_IN_USE,			/* APQN assigned to another active mdev (owner) */
	AP_PROB_AUTOSTART,		/* APQN in another auto-start definition (owner) */
	AP_PROB_ADAPTER_NOT_HOST,	/* adapter not in the host's AP configuration (id) */
	AP_PROB_DOMAIN_NOT_HOST,	/* usage domain not in the host's AP configuration (id) */
	AP_PROB_KINDS			/* the number of kinds */
};

struct ap_problem {
	enum ap_problem_kind kind;
	unsigned int adapter;		/* APQN kinds */
	unsigned int domain;
	unsigned int id;		/* ID kinds */
	unsigned int last;		/* a range: last domain (APQN kinds) or last ID */
	unsigned int max;		/* *_RANGE kinds */
	bool not_config;		/* HOST_*: the APQN is not in the host's AP configuration */
	bool from_rules;		/* HOST_PERSISTENT: the masks come from the rules file */
	char owner[MDEV_UUID_LEN + 1];	/* IN_USE, AUTOSTART */
	char key[32];			/* BAD_VALUE, UNKNOWN_ATTR: attribute name */
	char value[48];			/* BAD_VALUE: the value (shortened) */
	const char *why;		/* BAD_VALUE: static reason */
};

struct ap_problems {
	struct ap_problem *v;
	size_t n;
	size_t cap;
};

void ap_problems_free(struct ap_problems *p);
/*
 * One line, no newline (a range when p->last is past the first APQN or
 * ID: "APQNs 07.0000-07.00ff are ..."). Returns the length or -ENOSPC.
 */
int ap_problem_format(const struct ap_problem *p, char *buf, size_t len);
/* Is @k about one APQN (adapter, domain) rather than an ID or an attribute? */
bool ap_problem_kind_has_apqn(enum ap_problem_kind k);
/* Does @k name one ID (id)? */
bool ap_problem_kind_has_id(enum ap_problem_kind k);

/* An mdev (active) or a definition (auto-start) that owns APQNs. */
struct ap_owner {
	char uuid[MDEV_UUID_LEN + 1];
	struct ap_matrix m;
};

/*
 * What to check against. A NULL mask or a zero count skips that check, so
 * the caller chooses: pre-start uses apmask/aqmask and active; define or
 * modify of an auto-start config uses p_apmask/p_aqmask and autostart.
 */
struct ap_check_env {
	const char *self;			/* uuid of the mdev being checked, skipped */
	unsigned int max_adapter_id;		/* ap_max_adapter_id (AP_MAX_ID if unknown) */
	unsigned int max_domain_id;		/* ap_max_domain_id */
	const struct ap_mask *apmask;		/* active host masks */
	const struct ap_mask *aqmask;
	const struct ap_mask *p_apmask;		/* persistent host masks */
	const struct ap_mask *p_aqmask;
	const struct ap_mask *control_domain_mask; /* host's AP configuration (QCI): ADM */
	const struct ap_mask *adapter_mask;	/* ... APM */
	const struct ap_mask *usage_domain_mask; /* ... AQM */
	bool persistent_from_rules;		/* p_apmask/p_aqmask were read from a rules file */
	/*
	 * APQNs of apmask x aqmask (p_apmask x p_aqmask) that are not the
	 * host's all the same: their driver_override gives them away (Linux
	 * 6.19+, ap_host_read_overrides()). NULL: none.
	 */
	const struct ap_apqn_set *released;
	const struct ap_apqn_set *p_released;
	const struct ap_owner *active;		/* other active mdevs */
	size_t n_active;
	const struct ap_owner *autostart;	/* other auto-start definitions */
	size_t n_autostart;
	/*
	 * ap_check_config(): check only the APQNs of the final matrix, for a
	 * caller that installs it with one ap_config write (live modify)
	 * instead of replaying the attributes one by one.
	 */
	bool final_only;
};

/*
 * Check a matrix (e.g. what vfio-ap-ctl would assign). Appends problems to
 * @out. Returns the number of problems appended, or -ENOMEM.
 */
int ap_check_matrix(const struct ap_check_env *env, const struct ap_matrix *m,
		    struct ap_problems *out);

/*
 * Check an mdevctl config by replaying its attrs in order on an empty mdev
 * as the kernel does: malformed values, IDs above the host's maximum, and
 * every APQN that is in the mdev's matrix right after an assign_adapter,
 * assign_domain or ap_config write (that is where the kernel checks the
 * host masks and other mdevs) are reported; control-domain checks apply to
 * the final matrix. The final matrix is stored in @final when not NULL.
 * Returns the number of problems appended, or -ENOMEM.
 */
int ap_check_config(const struct ap_check_env *env, const struct mdev_config *cfg,
		    struct ap_problems *out, struct ap_matrix *final);

/*
 * Parse the persistent AP bus masks from the text of a udev rules file as
 * chzdev writes it (ATTR{...apmask}="0x..." and ATTR{...aqmask}="0x...").
 * *have_ap / *have_aq tell which were found. Returns 0 or -EINVAL (a mask
 * that is present but malformed).
 */
int ap_persistent_masks_parse(const char *text, struct ap_mask *apmask, bool *have_ap,
			      struct ap_mask *aqmask, bool *have_aq);

#endif /* VFIO_AP_TOOLS_AP_CONFLICT_H */
