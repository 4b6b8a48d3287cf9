/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One policy for the mdevctl callout and vfio-ap-ctl: what a configuration
 * is checked against (the environment: the host's limits and masks, the
 * other active mdevs, the other auto-start definitions), built by the same
 * function for both, and the check table that says, per kind of problem and
 * per moment (define, start, live change), whether it is refused, only
 * warned about, or not reported.
 *
 * The table follows the kernel: refused is what the kernel refuses (IDs
 * over the host's maximum, host-owned APQNs as ap_host_apqn_host_owned()
 * decides: the AP bus masks and, since Linux 6.19, driver_override; APQNs
 * of another active mdev) and what would break a guest (an APQN that
 * another auto-start definition has too, a start with control domains but
 * no usage domain); warned is what the kernel accepts and filters out of the
 * guest (adapters, domains and control domains that are not in the host's
 * AP configuration now).
 */
#ifndef VFIO_AP_TOOLS_AP_ENV_H
#define VFIO_AP_TOOLS_AP_ENV_H

#include <stdbool.h>
#include <stddef.h>

#include "ap_conflict.h"
#include "ap_host.h"
#include "mdev_config.h"

enum ap_check_mode {
	AP_CHECK_DEFINE,	/* define or modify a definition */
	AP_CHECK_START,		/* start a device */
	AP_CHECK_LIVE,		/* change a running device (one ap_config write) */
	AP_CHECK_MODES
};

enum ap_severity {
	AP_SEV_NONE,		/* not reported */
	AP_SEV_WARNING,		/* reported; exit 0 */
	AP_SEV_ERROR,		/* refused */
};

/* The stable name of a kind (JSON "kind"), e.g. "in-use". */
const char *ap_problem_kind_name(enum ap_problem_kind k);
enum ap_severity ap_problem_severity(enum ap_problem_kind k, enum ap_check_mode mode);

struct ap_env {
	struct ap_check_env check;	/* pass to ap_check_config()/ap_check_matrix() */
	enum ap_check_mode mode;
	struct ap_owner *active;	/* the other active mdevs */
	size_t n_active;
	struct ap_owner *autostart;	/* the other auto-start definitions */
	size_t n_autostart;
	struct ap_mask p_apmask, p_aqmask;
};

/*
 * Build the environment to check the device @self in @mode on the host @h
 * (read by the caller; its active mdevs are checked against when @h has
 * them). A definition that starts automatically (@autostart, define mode)
 * is also checked against the persistent AP bus masks (AP_PERSISTENT_RULES)
 * and the other auto-start definitions: those of @defs, or when @defs is
 * NULL those in MDEVCTL_MATRIX_DIR (ap_autostart_load()). Returns 0, or
 * -errno with one line in @err. Free with ap_env_free().
 */
int ap_env_build(struct ap_env *env, const struct ap_host *h, enum ap_check_mode mode,
		 bool autostart, const char *self, const struct mdev_config_set *defs, char *err,
		 size_t errlen);
void ap_env_free(struct ap_env *env);

/*
 * Before ap_env_build(), for a caller that does not list the queues (the
 * callout): read the driver_override (ap_host_read_overrides()) of every
 * queue that checking @cfg, or the matrix @m when not NULL, can report as
 * host-owned: every adapter x every domain its attributes assign. Returns
 * 0 or -errno.
 */
int ap_env_read_overrides(struct ap_host *h, const struct mdev_config *cfg,
			  const struct ap_matrix *m);

/*
 * Sort the problems of one check (or of several, appended) by the table
 * into @errors and @warnings (appended), in order, each APQN once (as an
 * error if any check refuses it) and each ID problem once. Returns 0 or
 * -ENOMEM.
 */
int ap_problems_classify(enum ap_check_mode mode, const struct ap_problems *all,
			 struct ap_problems *errors, struct ap_problems *warnings);

/*
 * For text: merge runs of problems that differ only in consecutive domains
 * of one adapter (APQN kinds) or consecutive IDs into one range problem
 * (p->last), in place, so that a refusal of 0-255 x 0-255 takes 256 lines,
 * not 65536.
 */
void ap_problems_collapse(struct ap_problems *p);

/*
 * The other auto-start vfio_ap definitions as conflict owners: from a loaded
 * set, or read from @dir (NULL: MDEVCTL_MATRIX_DIR) with a fast scanner for
 * the form mdevctl writes (anything else goes through mdev_config_parse(),
 * so the result is the same). A definition that cannot be read is not an
 * owner (mdevctl cannot start it either). @self (may be NULL) is left out.
 * *out is malloc'ed. Returns 0 or -errno.
 */
int ap_autostart_owners(const struct mdev_config_set *defs, const char *self,
			struct ap_owner **out, size_t *n);
int ap_autostart_load(const char *dir, const char *self, struct ap_owner **out, size_t *n);

/*
 * ap_autostart_load() keeps what it found for MDEVCTL_MATRIX_DIR in this
 * file, with each definition's stat data, and reads again only what
 * changed (see ap_autostart.c). /run/lock is a tmpfs, emptied at boot.
 */
#define AP_AUTOSTART_CACHE "/run/lock/vfio-ap-autostart.cache"
/* The same, for @dir with the cache @cache_path (NULL: none). */
int ap_autostart_load_cached(const char *dir, const char *cache_path, const char *self,
			     struct ap_owner **out, size_t *n);

/*
 * Write @m to the active mdev @uuid's ap_config in one write. Returns 0,
 * -errno from opening the attribute (*opened false) or the kernel's errno
 * for the write (*opened true).
 */
int ap_config_write(const char *uuid, const struct ap_matrix *m, bool *opened);

#endif /* VFIO_AP_TOOLS_AP_ENV_H */
