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
#include "ap_host.h"
#include "callout.h"
#include "mdev_config.h"

enum check_mode {
	CHECK_DEFINE,	/* define/modify: static checks; auto adds persistent + autostart */
	CHECK_START,	/* start: active masks and active mdevs */
	CHECK_LIVE,	/* live modify: like start, final matrix only */
};

struct check_ctx {
	struct ap_host host;
	struct ap_owner *owners;
	size_t n_owners;
	struct ap_mask p_apmask, p_aqmask;
	struct ap_check_env env;
};

static void check_ctx_free(struct check_ctx *c)
{
	free(c->owners);
	ap_host_free(&c->host);
}

/* The other auto-start definitions, as conflict owners. */
static int load_autostart(struct check_ctx *c, const char *self)
{
	struct mdev_config_set set;
	size_t i;
	int rc;

	rc = mdev_config_load_dir(MDEVCTL_MATRIX_DIR, &set);
	if (rc) {
		co_msg("cannot read the mdevctl definitions in %s: %s", MDEVCTL_MATRIX_DIR,
		       strerror(-rc));
		return CO_ERROR;
	}
	c->owners = calloc(set.n ? set.n : 1, sizeof(*c->owners));
	if (!c->owners) {
		mdev_config_set_free(&set);
		co_msg("out of memory");
		return CO_ERROR;
	}
	for (i = 0; i < set.n; i++) {
		const struct mdev_config_entry *e = &set.v[i];
		struct ap_owner *o = &c->owners[c->n_owners];

		/* a definition mdevctl cannot read cannot be started either */
		if (e->err || !e->cfg.autostart || strcmp(e->cfg.mdev_type, VFIO_AP_MDEV_TYPE) ||
		    !strcmp(e->cfg.uuid, self))
			continue;
		memcpy(o->uuid, e->cfg.uuid, sizeof(o->uuid));
		mdev_config_matrix(&e->cfg, &o->m);
		c->n_owners++;
	}
	mdev_config_set_free(&set);
	c->env.autostart = c->owners;
	c->env.n_autostart = c->n_owners;
	return CO_OK;
}

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

/*
 * Whether start must read the other active mdevs' matrices. Not when vfio_ap
 * says every APQN the device may get is in no mdev: then none can conflict,
 * and reading one status per APQN beats one ap_config per active mdev.
 */
static bool need_active(const struct mdev_config *cfg)
{
	struct ap_mask apm, aqm;
	int n = ap_mdev_count();

	if (n <= 0)
		return n < 0;
	ever_assigned(cfg, &apm, &aqm);
	return !ap_apqns_unassigned(&apm, &aqm, (unsigned int)n);
}

static int prepare(struct check_ctx *c, const struct callout *co, enum check_mode mode,
		   const struct mdev_config *cfg)
{
	bool autostart = cfg->autostart;
	char err[256];
	int rc;

	memset(c, 0, sizeof(*c));
	rc = ap_host_read(&c->host, AP_HOST_NO_FEATURES, err, sizeof(err));
	if (!rc && mode != CHECK_DEFINE && (mode == CHECK_LIVE || need_active(cfg))) {
		rc = ap_host_read_mdevs(&c->host, false);
		if (rc)
			snprintf(err, sizeof(err), "cannot list vfio_ap mdevs: %s", strerror(-rc));
	}
	if (rc) {
		co_msg("%s", err);
		return CO_ERROR;
	}
	c->env.self = co->uuid;
	c->env.max_adapter_id = c->host.max_adapter_id;
	c->env.max_domain_id = c->host.max_domain_id;
	if (c->host.have_qci)
		c->env.control_domain_mask = &c->host.control_domain_mask;
	if (mode != CHECK_DEFINE) {
		if (c->host.ap_bus) {
			c->env.apmask = &c->host.apmask;
			c->env.aqmask = &c->host.aqmask;
		}
		if (ap_host_owners(&c->host, &c->owners)) {
			co_msg("out of memory");
			return CO_ERROR;
		}
		c->n_owners = c->host.n_mdevs;
		c->env.active = c->owners;
		c->env.n_active = c->n_owners;
		c->env.final_only = mode == CHECK_LIVE;
		return CO_OK;
	}
	if (!autostart)
		return CO_OK;
	if (c->host.ap_bus) {
		rc = ap_host_persistent_masks(&c->host, AP_PERSISTENT_RULES, &c->p_apmask,
					      &c->p_aqmask);
		if (rc) {
			co_msg("cannot read the persistent AP bus masks in %s: %s",
			       AP_PERSISTENT_RULES,
			       rc == -EINVAL ? "malformed apmask or aqmask" : strerror(-rc));
			return CO_ERROR;
		}
		c->env.p_apmask = &c->p_apmask;
		c->env.p_aqmask = &c->p_aqmask;
	}
	return load_autostart(c, co->uuid);
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

/* Print the problems; CO_REFUSED when there are any. */
static int report(const struct callout *co, const char *what, const struct ap_problems *p)
{
	char line[256];
	size_t i;

	if (!p->n)
		return CO_OK;
	co_msg("%s of mdev %s refused (%zu problem%s):", what, co->uuid, p->n,
	       p->n == 1 ? "" : "s");
	for (i = 0; i < p->n; i++) {
		if (ap_problem_format(&p->v[i], line, sizeof(line)) < 0)
			snprintf(line, sizeof(line), "(problem %d)", (int)p->v[i].kind);
		co_msg("%s", line);
	}
	return CO_REFUSED;
}

static bool vfio_ap_loaded(void)
{
	struct stat st;

	return !stat(VFIO_AP_MATRIX_SYSFS, &st) && S_ISDIR(st.st_mode);
}

/* Run the checks of @mode on @cfg; CO_OK, CO_REFUSED or CO_ERROR. */
static int run_checks(const struct callout *co, const struct mdev_config *cfg,
		      enum check_mode mode, struct ap_matrix *final)
{
	struct ap_problems p = { 0 };
	struct check_ctx c;
	int rc;

	rc = prepare(&c, co, mode, cfg);
	if (!rc) {
		struct ap_mdev active;
		int n;

		/*
		 * "define" of an active device without attributes: mdevctl >= 1.3.0
		 * asks for the device's attributes only after pre, and stores what
		 * the device has. Check that, not the empty list.
		 */
		if (!strcmp(co->action, "define") && !cfg->n_attrs &&
		    !ap_mdev_read(co->uuid, &active) && !ap_matrix_empty(&active.matrix))
			n = ap_check_matrix(&c.env, &active.matrix, &p);
		else
			n = ap_check_config(&c.env, cfg, &p, final);
		if (n < 0) {
			co_msg("out of memory");
			rc = CO_ERROR;
		} else {
			rc = report(co, mode == CHECK_LIVE ? "live modify" : co->action, &p);
		}
	}
	ap_problems_free(&p);
	check_ctx_free(&c);
	return rc;
}

int co_pre(struct callout *co)
{
	enum check_mode mode;
	struct mdev_config cfg;
	bool taken;
	int rc;

	if (!strcmp(co->action, "stop") || !strcmp(co->action, "undefine"))
		return co_lock(co, &taken);	/* nothing to check; released in post */
	if (!strcmp(co->action, "start"))
		mode = CHECK_START;
	else if (!strcmp(co->action, "define") || !strcmp(co->action, "modify"))
		mode = CHECK_DEFINE;
	else
		return CO_OK;	/* an action of a newer mdevctl */

	if (mode == CHECK_START && !vfio_ap_loaded()) {
		co_msg("vfio_ap module is not loaded (no %s): cannot start mdev %s",
		       VFIO_AP_MATRIX_SYSFS, co->uuid);
		return CO_ERROR;
	}
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
	char path[256], buf[AP_CONFIG_STRLEN + 1];
	size_t len;
	ssize_t n;
	int fd, err;

	snprintf(path, sizeof(path), VFIO_AP_MATRIX_SYSFS "/%s/ap_config", co->uuid);
	ap_config_format(m, buf);
	len = strlen(buf);
	buf[len++] = '\n';
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		co_msg("cannot open %s: %s", path, strerror(errno));
		return CO_ERROR;
	}
	n = write(fd, buf, len);
	err = n < 0 ? errno : 0;
	if (close(fd) && !err)
		err = errno;
	if (n >= 0 && (size_t)n != len && !err)
		err = EIO;
	if (err) {
		co_msg("the kernel refused the new configuration of mdev %s (write to ap_config: %s)",
		       co->uuid, strerror(err));
		return CO_ERROR;
	}
	return CO_OK;
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
	rc = run_checks(co, &cfg, CHECK_LIVE, &final);
	if (!rc)
		rc = write_ap_config(co, &final);
	/* live has no post call: release what we took */
	if (taken)
		co_unlock(co);
out:
	mdev_config_free(&cfg);
	return rc;
}
