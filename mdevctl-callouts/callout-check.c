// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vfio_ap callout's checks: pre define/modify/start (and the lock for
 * stop/undefine), and live modify through ap_config.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ap_conflict.h"
#include "ap_env.h"
#include "ap_host.h"
#include "callout.h"
#include "mdev_config.h"

/*
 * Every APQN that @cfg's attributes may assign on the way: each adapter ever
 * assigned times each domain ever assigned (a superset of what the replay
 * in ap_check_config() exposes).
 */
static void ever_assigned(const struct mdev_config *cfg, struct ap_mask *apm, struct ap_mask *aqm)
{
	size_t i;

	ap_mask_zero(apm);
	ap_mask_zero(aqm);
	for (i = 0; i < cfg->n_attrs; i++) {
		const struct mdev_attr *a = &cfg->attrs[i];

		if (a->err)
			continue;
		if (a->op == MDEV_ATTR_ASSIGN_ADAPTER) {
			ap_mask_set(apm, a->id);
		} else if (a->op == MDEV_ATTR_ASSIGN_DOMAIN) {
			ap_mask_set(aqm, a->id);
		} else if (a->op == MDEV_ATTR_AP_CONFIG) {
			ap_mask_or(apm, apm, &a->cfg.apm);
			ap_mask_or(aqm, aqm, &a->cfg.aqm);
		}
	}
}

/* Does @cfg assign a control domain anywhere on the way? */
static bool control_domains(const struct mdev_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->n_attrs; i++) {
		const struct mdev_attr *a = &cfg->attrs[i];

		if (!a->err && (a->op == MDEV_ATTR_ASSIGN_CONTROL_DOMAIN ||
				(a->op == MDEV_ATTR_AP_CONFIG && !ap_mask_empty(&a->cfg.adm))))
			return true;
	}
	return false;
}

/* Up to this many APQNs, their vfio_ap status is read before anything else. */
#define CO_STATUS_FIRST 16

enum active_need {
	ACTIVE_NOT_NEEDED,	/* the device gets no APQN */
	ACTIVE_UNASSIGNED,	/* vfio_ap says its APQNs are in no mdev (so it is loaded) */
	ACTIVE_NEEDED,		/* read the other active mdevs */
};

/*
 * Whether start must read the other active mdevs' matrices. Not when vfio_ap
 * says every APQN the device may get is in no mdev: then none can conflict.
 * For a few APQNs their status is read at once (one attribute each); for
 * more, only when that is cheaper than one ap_config per active mdev.
 */
static enum active_need need_active(const struct mdev_config *cfg)
{
	struct ap_mask apm, aqm;
	unsigned long apqns;
	int n;

	ever_assigned(cfg, &apm, &aqm);
	apqns = (unsigned long)ap_mask_weight(&apm) * ap_mask_weight(&aqm);
	if (!apqns)
		return ACTIVE_NOT_NEEDED;
	if (apqns <= CO_STATUS_FIRST)
		return ap_apqns_unassigned(&apm, &aqm, CO_STATUS_FIRST) ? ACTIVE_UNASSIGNED :
									     ACTIVE_NEEDED;
	n = ap_mdev_count();
	if (!n)
		return ACTIVE_NOT_NEEDED;
	if (n < 0)
		return ACTIVE_NEEDED;
	return ap_apqns_unassigned(&apm, &aqm, (unsigned int)n) ? ACTIVE_UNASSIGNED :
								    ACTIVE_NEEDED;
}

static int parse_input(const struct callout *co, struct mdev_config *cfg)
{
	char err[256];

	if (mdev_config_parse(co->input ? co->input : "", co->input_len, cfg, err, sizeof(err))) {
		co_msg("invalid mdev config on stdin: %s", err);
		return CO_INVALID;
	}
	if (strcmp(cfg->mdev_type, VFIO_AP_MDEV_TYPE)) {
		co_msg("invalid mdev config on stdin: mdev_type is \"%s\", not \"%s\"",
		       cfg->mdev_type, VFIO_AP_MDEV_TYPE);
		mdev_config_free(cfg);
		return CO_INVALID;
	}
	return CO_OK;
}

/*
 * Print the problems: the warnings, then (CO_REFUSED) the refusal with one
 * line per error, runs of APQNs and IDs as ranges.
 */
static int report(const struct callout *co, const char *what, struct ap_problems *errors,
		  struct ap_problems *warnings)
{
	char line[256];
	size_t i;

	ap_problems_collapse(errors);
	ap_problems_collapse(warnings);
	for (i = 0; i < warnings->n; i++) {
		if (ap_problem_format(&warnings->v[i], line, sizeof(line)) < 0)
			snprintf(line, sizeof(line), "%s", ap_problem_kind_name(warnings->v[i].kind));
		co_msg("warning: %s", line);
	}
	if (!errors->n)
		return CO_OK;
	co_msg("%s of mdev %s refused (%zu problem%s):", what, co->uuid, errors->n,
	       errors->n == 1 ? "" : "s");
	for (i = 0; i < errors->n; i++) {
		if (ap_problem_format(&errors->v[i], line, sizeof(line)) < 0)
			snprintf(line, sizeof(line), "%s", ap_problem_kind_name(errors->v[i].kind));
		co_msg("%s", line);
	}
	return CO_REFUSED;
}

static bool vfio_ap_loaded(void)
{
	struct stat st;

	return !stat(VFIO_AP_MATRIX_SYSFS, &st) && S_ISDIR(st.st_mode);
}

/*
 * Read the host as @mode needs it (the other active mdevs only when they
 * can matter, the driver_override of the queues of @cfg, or of @m when it
 * is checked instead) and build the check environment; CO_OK or CO_ERROR.
 */
static int prepare(const struct callout *co, enum ap_check_mode mode, const struct mdev_config *cfg,
		   const struct ap_matrix *m, struct ap_host *host, struct ap_env *env)
{
	enum active_need need = mode == AP_CHECK_LIVE ? ACTIVE_NEEDED : ACTIVE_NOT_NEEDED;
	char err[256];
	int rc;

	/* start: the queues' vfio_ap status first; it tells that vfio_ap is loaded too */
	if (mode == AP_CHECK_START)
		need = need_active(cfg);
	/*
	 * A queue with a vfio_ap status exists, and the AP bus has queue
	 * devices only for APQNs in the host's AP configuration: when every
	 * APQN of the device has one and there are no control domains, the
	 * configuration masks can add nothing.
	 */
	rc = ap_host_read(host,
			  AP_HOST_NO_FEATURES |
				  (need == ACTIVE_UNASSIGNED ? AP_HOST_VFIO_AP_KNOWN : 0) |
				  (need == ACTIVE_UNASSIGNED && !control_domains(cfg) ?
					   AP_HOST_NO_QCI :
					   0),
			  err, sizeof(err));
	if (rc) {
		co_msg("%s", err);
		return CO_ERROR;
	}
	if (mode == AP_CHECK_START && !host->vfio_ap) {
		co_msg("vfio_ap module is not loaded (no %s): cannot start mdev %s",
		       VFIO_AP_MATRIX_SYSFS, co->uuid);
		return CO_ERROR;
	}
	if (need == ACTIVE_NEEDED) {
		rc = ap_host_read_mdevs(host, false);
		if (rc) {
			co_msg("cannot list vfio_ap mdevs: %s", strerror(-rc));
			return CO_ERROR;
		}
	}
	/* Linux 6.19+: the queues whose driver_override gives them away */
	rc = ap_env_read_overrides(host, cfg, m);
	if (rc) {
		co_msg("cannot read the AP queues' driver_override: %s", strerror(-rc));
		return CO_ERROR;
	}
	if (ap_env_build(env, host, mode, cfg->autostart, co->uuid, NULL, err, sizeof(err))) {
		co_msg("%s", err);
		return CO_ERROR;
	}
	return CO_OK;
}

/* Run the checks of @mode on @cfg; CO_OK, CO_REFUSED or CO_ERROR. */
static int run_checks(const struct callout *co, const struct mdev_config *cfg,
		      enum ap_check_mode mode, struct ap_matrix *final)
{
	struct ap_problems all = { 0 }, errors = { 0 }, warnings = { 0 };
	struct ap_host host;
	struct ap_env env;
	struct ap_mdev active;
	bool use_active;
	int rc, n;

	memset(&host, 0, sizeof(host));
	memset(&env, 0, sizeof(env));
	/*
	 * "define" of an active device without attributes: mdevctl >= 1.3.0
	 * asks for the device's attributes only after pre, and stores what
	 * the device has. Check that, not the empty list.
	 */
	use_active = !strcmp(co->action, "define") && !cfg->n_attrs &&
		     !ap_mdev_read(co->uuid, &active) && !ap_matrix_empty(&active.matrix);
	rc = prepare(co, mode, cfg, use_active ? &active.matrix : NULL, &host, &env);
	if (rc)
		goto out;
	if (use_active)
		n = ap_check_matrix(&env.check, &active.matrix, &all);
	else
		n = ap_check_config(&env.check, cfg, &all, final);
	if (n < 0 || ap_problems_classify(mode, &all, &errors, &warnings)) {
		co_msg("out of memory");
		rc = CO_ERROR;
	} else {
		rc = report(co, mode == AP_CHECK_LIVE ? "live modify" : co->action, &errors,
			    &warnings);
	}
out:
	ap_problems_free(&all);
	ap_problems_free(&errors);
	ap_problems_free(&warnings);
	ap_env_free(&env);
	ap_host_free(&host);
	return rc;
}

int co_pre(struct callout *co)
{
	enum ap_check_mode mode;
	struct mdev_config cfg;
	bool taken;
	int rc;

	if (!strcmp(co->action, "stop") || !strcmp(co->action, "undefine"))
		return co_lock(co, &taken);	/* nothing to check; released in post */
	if (!strcmp(co->action, "start"))
		mode = AP_CHECK_START;
	else if (!strcmp(co->action, "define") || !strcmp(co->action, "modify"))
		mode = AP_CHECK_DEFINE;
	else
		return CO_OK;	/* an action of a newer mdevctl */

	/* start: whether vfio_ap is loaded is seen when the host is read */
	rc = parse_input(co, &cfg);
	if (rc)
		return rc;
	rc = co_lock(co, &taken);
	if (!rc) {
		rc = run_checks(co, &cfg, mode, NULL);
		/* on success the lock stays until post; mdevctl makes no post call otherwise */
		if (rc)
			co_unlock(co);
	}
	mdev_config_free(&cfg);
	return rc;
}

static int write_ap_config(const struct callout *co, const struct ap_matrix *m)
{
	bool opened;
	int rc;

	rc = ap_config_write(co->uuid, m, &opened);
	if (!rc)
		return CO_OK;
	if (!opened)
		co_msg("cannot open %s/%s/ap_config: %s", VFIO_AP_MATRIX_SYSFS, co->uuid,
		       strerror(-rc));
	else
		co_msg("the kernel refused the new configuration of mdev %s (write to ap_config: %s)",
		       co->uuid, strerror(-rc));
	/* the kernel refuses what another mdev or the host has: a conflict */
	return opened && (rc == -EADDRINUSE || rc == -EADDRNOTAVAIL) ? CO_REFUSED : CO_ERROR;
}

int co_live(struct callout *co)
{
	struct mdev_config cfg;
	struct ap_matrix final;
	char path[256];
	struct stat st;
	bool taken;
	int rc;

	rc = parse_input(co, &cfg);
	if (rc)
		return rc;
	if (!vfio_ap_loaded()) {
		co_msg("vfio_ap module is not loaded (no %s)", VFIO_AP_MATRIX_SYSFS);
		rc = CO_ERROR;
		goto out;
	}
	snprintf(path, sizeof(path), VFIO_AP_MATRIX_SYSFS "/%s", co->uuid);
	if (stat(path, &st)) {
		co_msg("mdev %s is not active: live modify needs a running mdev", co->uuid);
		rc = CO_ERROR;
		goto out;
	}
	snprintf(path, sizeof(path), VFIO_AP_MATRIX_SYSFS "/%s/ap_config", co->uuid);
	if (stat(path, &st)) {
		co_msg("mdev %s has no ap_config attribute: this vfio_ap cannot change a running mdev's configuration",
		       co->uuid);
		rc = CO_ERROR;
		goto out;
	}
	rc = co_lock(co, &taken);
	if (rc)
		goto out;
	rc = run_checks(co, &cfg, AP_CHECK_LIVE, &final);
	if (!rc)
		rc = write_ap_config(co, &final);
	/* live has no post call: release what we took */
	if (taken)
		co_unlock(co);
out:
	mdev_config_free(&cfg);
	return rc;
}
