// SPDX-License-Identifier: GPL-2.0-only
/*
 * The check environment and the check table, shared by the mdevctl callout
 * and vfio-ap-ctl.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ap_env.h"

#define E AP_SEV_ERROR
#define W AP_SEV_WARNING

/* The check table: one row per kind; severity at define, start, live. */
static const struct {
	const char *name;
	unsigned char sev[AP_CHECK_MODES];
} rules[] = {
	[AP_PROB_BAD_VALUE] = { "bad-value", { E, E, E } },
	[AP_PROB_UNKNOWN_ATTR] = { "unknown-attribute", { E, E, E } },
	[AP_PROB_ADAPTER_RANGE] = { "adapter-range", { E, E, E } },
	[AP_PROB_DOMAIN_RANGE] = { "domain-range", { E, E, E } },
	[AP_PROB_CONTROL_RANGE] = { "control-domain-range", { E, E, E } },
	/* a device is built up step by step; only a start needs a usage domain */
	[AP_PROB_CONTROL_NO_USAGE] = { "control-domain-without-usage", { W, E, E } },
	/* the kernel accepts these and filters them out of the guest */
	[AP_PROB_CONTROL_NOT_HOST] = { "control-domain-not-host", { W, W, W } },
	[AP_PROB_ADAPTER_NOT_HOST] = { "adapter-not-host", { W, W, W } },
	[AP_PROB_DOMAIN_NOT_HOST] = { "domain-not-host", { W, W, W } },
	/* the kernel refuses these when the device is started */
	[AP_PROB_HOST_ACTIVE] = { "host-owned", { W, E, E } },
	[AP_PROB_IN_USE] = { "in-use", { W, E, E } },
	/* only for auto-start definitions: they would collide at boot */
	[AP_PROB_HOST_PERSISTENT] = { "host-owned-persistent", { E, E, E } },
	[AP_PROB_AUTOSTART] = { "autostart", { E, E, E } },
};

#undef E
#undef W

_Static_assert(sizeof(rules) / sizeof(rules[0]) == AP_PROB_KINDS,
	       "the check table needs one row per enum ap_problem_kind");

const char *ap_problem_kind_name(enum ap_problem_kind k)
{
	return (unsigned int)k < AP_PROB_KINDS && rules[k].name ? rules[k].name : "unknown";
}

enum ap_severity ap_problem_severity(enum ap_problem_kind k, enum ap_check_mode mode)
{
	if ((unsigned int)k >= AP_PROB_KINDS || (unsigned int)mode >= AP_CHECK_MODES)
		return AP_SEV_ERROR;
	return (enum ap_severity)rules[k].sev[mode];
}

void ap_env_free(struct ap_env *env)
{
	free(env->active);
	free(env->autostart);
	memset(env, 0, sizeof(*env));
}

int ap_env_build(struct ap_env *env, const struct ap_host *h, enum ap_check_mode mode,
		 bool autostart, const char *self, const struct mdev_config_set *defs, char *err,
		 size_t errlen)
{
	struct ap_check_env *c = &env->check;
	int rc;

	memset(env, 0, sizeof(*env));
	env->mode = mode;
	c->self = self;
	c->max_adapter_id = h->max_adapter_id;
	c->max_domain_id = h->max_domain_id;
	if (h->have_qci) {
		c->adapter_mask = &h->adapter_mask;
		c->usage_domain_mask = &h->usage_domain_mask;
		c->control_domain_mask = &h->control_domain_mask;
	}
	if (h->ap_bus) {
		c->apmask = &h->apmask;
		c->aqmask = &h->aqmask;
		c->released = h->released;
	}
	rc = ap_host_owners(h, &env->active);
	if (rc)
		goto nomem;
	env->n_active = h->n_mdevs;
	c->active = env->active;
	c->n_active = env->n_active;
	c->final_only = mode == AP_CHECK_LIVE;
	if (mode != AP_CHECK_DEFINE || !autostart)
		return 0;

	if (h->ap_bus) {
		rc = ap_host_persistent_masks(h, NULL, &env->p_apmask, &env->p_aqmask);
		if (rc < 0) {
			snprintf(err, errlen, "cannot read the persistent AP bus masks in %s: %s",
				 AP_PERSISTENT_RULES,
				 rc == -EINVAL ? "malformed apmask or aqmask" : strerror(-rc));
			ap_env_free(env);
			return rc;
		}
		c->p_apmask = &env->p_apmask;
		c->p_aqmask = &env->p_aqmask;
		c->persistent_from_rules = rc > 0;
		/*
		 * without persistent masks the active state stands in for the
		 * next boot's, driver_override included (nothing here reads a
		 * persistent driver_override)
		 */
		if (!c->persistent_from_rules)
			c->p_released = h->released;
	}
	if (defs)
		rc = ap_autostart_owners(defs, self, &env->autostart, &env->n_autostart);
	else
		rc = ap_autostart_load(NULL, self, &env->autostart, &env->n_autostart);
	if (rc) {
		snprintf(err, errlen, "cannot read the mdevctl definitions in %s: %s",
			 MDEVCTL_MATRIX_DIR, strerror(-rc));
		ap_env_free(env);
		return rc;
	}
	c->autostart = env->autostart;
	c->n_autostart = env->n_autostart;
	return 0;
nomem:
	snprintf(err, errlen, "out of memory");
	ap_env_free(env);
	return -ENOMEM;
}

int ap_env_read_overrides(struct ap_host *h, const struct mdev_config *cfg,
			  const struct ap_matrix *m)
{
	struct ap_apqn_set *which;
	struct ap_mask apm, aqm;
	size_t i;
	int rc;

	if (m) {
		apm = m->apm;
		aqm = m->aqm;
	} else {
		ap_mask_zero(&apm);
		ap_mask_zero(&aqm);
		for (i = 0; i < cfg->n_attrs; i++) {
			const struct mdev_attr *a = &cfg->attrs[i];

			if (a->err)
				continue;
			if (a->op == MDEV_ATTR_ASSIGN_ADAPTER && a->id <= AP_MAX_ID)
				ap_mask_set(&apm, a->id);
			else if (a->op == MDEV_ATTR_ASSIGN_DOMAIN && a->id <= AP_MAX_ID)
				ap_mask_set(&aqm, a->id);
			else if (a->op == MDEV_ATTR_AP_CONFIG) {
				ap_mask_or(&apm, &apm, &a->cfg.apm);
				ap_mask_or(&aqm, &aqm, &a->cfg.aqm);
			}
		}
	}
	if (ap_mask_empty(&apm) || ap_mask_empty(&aqm))
		return 0;
	which = malloc(sizeof(*which));
	if (!which)
		return -ENOMEM;
	ap_apqn_set_zero(which);
	ap_apqn_set_add_product(which, &apm, &aqm);
	rc = ap_host_read_overrides(h, which);
	free(which);
	return rc;
}

static int append(struct ap_problems *out, const struct ap_problem *p)
{
	struct ap_problem *nv;

	if (out->n == out->cap) {
		size_t cap = out->cap ? 2 * out->cap : 16;

		nv = realloc(out->v, cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		out->v = nv;
		out->cap = cap;
	}
	out->v[out->n++] = *p;
	return 0;
}

static bool same_id_problem(const struct ap_problem *a, const struct ap_problem *b)
{
	return a->kind == b->kind && a->id == b->id && !strcmp(a->key, b->key) &&
	       !strcmp(a->value, b->value);
}

static bool seen_before(const struct ap_problems *list, const struct ap_problem *p)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (same_id_problem(&list->v[i], p))
			return true;
	return false;
}

static void mark(struct ap_apqn_set *set, const struct ap_problems *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (ap_problem_kind_has_apqn(list->v[i].kind))
			ap_mask_set(&set->row[list->v[i].adapter], list->v[i].domain);
}

/* Drop the APQN warnings that @err names. */
static void drop_warned(struct ap_problems *warnings, const struct ap_apqn_set *err)
{
	size_t i, n = 0;

	for (i = 0; i < warnings->n; i++) {
		const struct ap_problem *w = &warnings->v[i];

		if (ap_problem_kind_has_apqn(w->kind) && ap_apqn_set_test(err, w->adapter, w->domain))
			continue;
		warnings->v[n++] = *w;
	}
	warnings->n = n;
}

int ap_problems_classify(enum ap_check_mode mode, const struct ap_problems *all,
			 struct ap_problems *errors, struct ap_problems *warnings)
{
	struct ap_apqn_set *named;	/* [0] by an error, [1] by a warning */
	enum ap_severity want;
	size_t i;
	int rc = 0;

	named = malloc(2 * sizeof(*named));
	if (!named)
		return -ENOMEM;
	ap_apqn_set_zero(&named[0]);
	ap_apqn_set_zero(&named[1]);
	mark(&named[0], errors);
	mark(&named[1], warnings);
	/* errors first, so that an APQN an error names is not warned about */
	for (want = AP_SEV_ERROR; want >= AP_SEV_WARNING && !rc; want--) {
		struct ap_problems *out = want == AP_SEV_ERROR ? errors : warnings;
		struct ap_apqn_set *mine = &named[want == AP_SEV_ERROR ? 0 : 1];

		for (i = 0; i < all->n && !rc; i++) {
			const struct ap_problem *p = &all->v[i];

			if (ap_problem_severity(p->kind, mode) != want)
				continue;
			if (ap_problem_kind_has_apqn(p->kind)) {
				if (ap_apqn_set_test(&named[0], p->adapter, p->domain) ||
				    ap_apqn_set_test(mine, p->adapter, p->domain))
					continue;
				ap_mask_set(&mine->row[p->adapter], p->domain);
			} else if (seen_before(out, p)) {
				continue;
			}
			rc = append(out, p);
		}
	}
	/* an earlier warning about an APQN that is now refused */
	if (!rc)
		drop_warned(warnings, &named[0]);
	free(named);
	return rc;
}

/* Can @b extend the range @a? */
static bool extends(const struct ap_problem *a, const struct ap_problem *b)
{
	if (a->kind != b->kind || a->not_config != b->not_config ||
	    a->from_rules != b->from_rules || strcmp(a->owner, b->owner))
		return false;
	if (ap_problem_kind_has_apqn(a->kind))
		return a->adapter == b->adapter && b->domain == a->last + 1;
	if (ap_problem_kind_has_id(a->kind))
		return a->max == b->max && b->id == a->last + 1;
	return false;
}

void ap_problems_collapse(struct ap_problems *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++) {
		if (n && extends(&p->v[n - 1], &p->v[i])) {
			p->v[n - 1].last = ap_problem_kind_has_apqn(p->v[i].kind) ? p->v[i].domain :
										       p->v[i].id;
			continue;
		}
		p->v[n++] = p->v[i];
	}
	p->n = n;
}

int ap_config_write(const char *uuid, const struct ap_matrix *m, bool *opened)
{
	char path[256], buf[AP_CONFIG_STRLEN + 1];
	size_t len;
	ssize_t n;
	int fd, err;

	*opened = false;
	snprintf(path, sizeof(path), VFIO_AP_MATRIX_SYSFS "/%s/ap_config", uuid);
	ap_config_format(m, buf);
	len = strlen(buf);
	buf[len++] = '\n';
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	*opened = true;
	/* sysfs: one write(2) is one store(); the kernel takes all or nothing */
	n = write(fd, buf, len);
	err = n < 0 ? errno : 0;
	if (close(fd) && !err)
		err = errno;
	if (n >= 0 && (size_t)n != len && !err)
		err = EIO;
	return -err;
}
