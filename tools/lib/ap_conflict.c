// SPDX-License-Identifier: GPL-2.0-only
/*
 * Conflict and validity checks for vfio_ap configurations.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ap_conflict.h"

void ap_problems_free(struct ap_problems *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
	p->cap = 0;
}

static struct ap_problem *add(struct ap_problems *out, enum ap_problem_kind kind)
{
	struct ap_problem *nv;

	if (out->n == out->cap) {
		size_t cap = out->cap ? 2 * out->cap : 16;

		nv = realloc(out->v, cap * sizeof(*nv));
		if (!nv)
			return NULL;
		out->v = nv;
		out->cap = cap;
	}
	nv = &out->v[out->n++];
	memset(nv, 0, sizeof(*nv));
	nv->kind = kind;
	return nv;
}

static int add_id(struct ap_problems *out, enum ap_problem_kind kind, unsigned int id,
		  unsigned int max)
{
	struct ap_problem *p = add(out, kind);

	if (!p)
		return -ENOMEM;
	p->id = id;
	p->last = id;
	p->max = max;
	return 0;
}

static int add_apqn(const struct ap_check_env *env, struct ap_problems *out,
		    enum ap_problem_kind kind, unsigned int a, unsigned int d, const char *owner)
{
	struct ap_problem *p = add(out, kind);

	if (!p)
		return -ENOMEM;
	p->adapter = a;
	p->domain = d;
	p->last = d;
	if (owner)
		snprintf(p->owner, sizeof(p->owner), "%s", owner);
	if (kind == AP_PROB_HOST_ACTIVE || kind == AP_PROB_HOST_PERSISTENT)
		p->not_config = (env->adapter_mask && !ap_mask_test(env->adapter_mask, a)) ||
				(env->usage_domain_mask && !ap_mask_test(env->usage_domain_mask, d));
	p->from_rules = kind == AP_PROB_HOST_PERSISTENT && env->persistent_from_rules;
	return 0;
}

bool ap_problem_kind_has_apqn(enum ap_problem_kind k)
{
	return k == AP_PROB_HOST_ACTIVE || k == AP_PROB_HOST_PERSISTENT || k == AP_PROB_IN_USE ||
	       k == AP_PROB_AUTOSTART;
}

bool ap_problem_kind_has_id(enum ap_problem_kind k)
{
	return k == AP_PROB_ADAPTER_RANGE || k == AP_PROB_DOMAIN_RANGE ||
	       k == AP_PROB_CONTROL_RANGE || k == AP_PROB_CONTROL_NOT_HOST ||
	       k == AP_PROB_ADAPTER_NOT_HOST || k == AP_PROB_DOMAIN_NOT_HOST;
}

static int add_attr(struct ap_problems *out, const struct mdev_attr *a)
{
	struct ap_problem *p = add(out, a->err == -ENOENT ? AP_PROB_UNKNOWN_ATTR :
							    AP_PROB_BAD_VALUE);
	size_t vlen;

	if (!p)
		return -ENOMEM;
	snprintf(p->key, sizeof(p->key), "%s", a->key);
	vlen = strlen(a->value);
	if (vlen >= sizeof(p->value))
		snprintf(p->value, sizeof(p->value), "%.*s...", (int)sizeof(p->value) - 4,
			 a->value);
	else
		memcpy(p->value, a->value, vlen + 1);
	/* never let a control character of the input end the one line */
	for (vlen = 0; p->value[vlen]; vlen++)
		if ((unsigned char)p->value[vlen] < 0x20)
			p->value[vlen] = '?';
	for (vlen = 0; p->key[vlen]; vlen++)
		if ((unsigned char)p->key[vlen] < 0x20)
			p->key[vlen] = '?';
	p->why = a->why;
	return 0;
}

/*
 * "adapter 0a" or "adapters 08-09", "domain 0014": hexadecimal as in an
 * APQN and as lszcrypt prints them (one base on every screen)
 */
static void ids_text(const char *what, const struct ap_problem *p, int hexw, char *buf,
		     size_t len)
{
	if (p->last > p->id)
		snprintf(buf, len, "%ss %0*x-%0*x", what, hexw, p->id, hexw, p->last);
	else
		snprintf(buf, len, "%s %0*x", what, hexw, p->id);
}

/* "APQN 07.0004" or "APQNs 07.0000-07.00ff" */
static void apqns_text(const struct ap_problem *p, char *buf, size_t len)
{
	if (p->last > p->domain)
		snprintf(buf, len, "APQNs %02x.%04x-%02x.%04x", p->adapter, p->domain, p->adapter,
			 p->last);
	else
		snprintf(buf, len, "APQN %02x.%04x", p->adapter, p->domain);
}

int ap_problem_format(const struct ap_problem *p, char *buf, size_t len)
{
	bool many = p->last > (ap_problem_kind_has_apqn(p->kind) ? p->domain : p->id);
	const char *is = many ? "are" : "is";
	char what[64];
	int n = -1;

	if (ap_problem_kind_has_apqn(p->kind))
		apqns_text(p, what, sizeof(what));
	switch (p->kind) {
	case AP_PROB_BAD_VALUE:
		n = snprintf(buf, len, "attribute %s: invalid value \"%s\": %s", p->key, p->value,
			     p->why ? p->why : "malformed");
		break;
	case AP_PROB_UNKNOWN_ATTR:
		n = snprintf(buf, len, "attribute %s: not a vfio_ap mdev attribute", p->key);
		break;
	case AP_PROB_ADAPTER_RANGE:
		ids_text("adapter", p, 2, what, sizeof(what));
		n = snprintf(buf, len, "%s %s above the host's maximum adapter ID %02x", what, is,
			     p->max);
		break;
	case AP_PROB_DOMAIN_RANGE:
		ids_text("domain", p, 4, what, sizeof(what));
		n = snprintf(buf, len, "%s %s above the host's maximum domain ID %04x", what, is,
			     p->max);
		break;
	case AP_PROB_CONTROL_RANGE:
		ids_text("control domain", p, 4, what, sizeof(what));
		n = snprintf(buf, len, "%s %s above the host's maximum domain ID %04x", what, is,
			     p->max);
		break;
	case AP_PROB_CONTROL_NO_USAGE:
		n = snprintf(buf, len,
			     "control domains are assigned but no usage domain: assign at least one domain");
		break;
	case AP_PROB_CONTROL_NOT_HOST:
	case AP_PROB_ADAPTER_NOT_HOST:
	case AP_PROB_DOMAIN_NOT_HOST:
		ids_text(p->kind == AP_PROB_ADAPTER_NOT_HOST ? "adapter" :
			 p->kind == AP_PROB_DOMAIN_NOT_HOST  ? "domain" :
							       "control domain",
			 p, p->kind == AP_PROB_ADAPTER_NOT_HOST ? 2 : 4, what, sizeof(what));
		n = snprintf(buf, len,
			     "%s %s not in the host's AP configuration; the guest will not see %s until %s",
			     what, is, many ? "them" : "it", many ? "they are" : "it is");
		break;
	case AP_PROB_HOST_ACTIVE:
		if (p->not_config)
			n = snprintf(buf, len,
				     "%s %s not in the host's AP configuration, and the active AP bus masks (apmask/aqmask) reserve %s for the host",
				     what, is, many ? "them" : "it");
		else
			n = snprintf(buf, len,
				     "%s %s reserved for the host by the active AP bus masks (apmask/aqmask)",
				     what, is);
		break;
	case AP_PROB_HOST_PERSISTENT:
		if (p->not_config)
			n = snprintf(buf, len,
				     "%s %s not in the host's AP configuration, and the %s reserve %s for the host",
				     what, is,
				     p->from_rules ? "persistent AP bus masks (" AP_PERSISTENT_RULES ")" :
						     "AP bus masks (apmask/aqmask; no persistent masks set)",
				     many ? "them" : "it");
		else
			n = snprintf(buf, len, "%s %s reserved for the host by the %s", what, is,
				     p->from_rules ? "persistent AP bus masks (" AP_PERSISTENT_RULES ")" :
						     "AP bus masks (apmask/aqmask; no persistent masks set)");
		break;
	case AP_PROB_IN_USE:
		n = snprintf(buf, len, "%s %s already in use by active mdev %s", what, is, p->owner);
		break;
	case AP_PROB_AUTOSTART:
		n = snprintf(buf, len, "%s %s also defined for autostart by mdev %s", what, is,
			     p->owner);
		break;
	case AP_PROB_KINDS:
		break;
	}
	if (n < 0 || (size_t)n >= len)
		return -ENOSPC;
	return n;
}

/* Report every ID of @m above @max. */
static int check_range(const struct ap_mask *m, unsigned int max, enum ap_problem_kind kind,
		       struct ap_problems *out)
{
	int id;

	if (max >= AP_MAX_ID)
		return 0;
	for (id = ap_mask_next(m, max + 1); id >= 0; id = ap_mask_next(m, (unsigned int)id + 1))
		if (add_id(out, kind, (unsigned int)id, max))
			return -ENOMEM;
	return 0;
}

static bool over_max(const struct ap_mask *m, unsigned int max)
{
	return max < AP_MAX_ID && ap_mask_next(m, max + 1) >= 0;
}

/* Every APQN of @set that is also in @apm x @aqm, except those in @except (may be NULL). */
static int report_product(const struct ap_check_env *env, const struct ap_apqn_set *set,
			  const struct ap_mask *apm, const struct ap_mask *aqm,
			  const struct ap_apqn_set *except, enum ap_problem_kind kind,
			  const char *owner, struct ap_problems *out)
{
	struct ap_mask as, ds;
	int a, d;

	ap_mask_and(&as, &set->apm, apm);
	if (ap_mask_empty(&as) || !ap_mask_intersects(&set->aqm, aqm))
		return 0;
	ap_mask_for_each(a, &as) {
		ap_mask_and(&ds, &set->row[a], aqm);
		if (except)
			ap_mask_andnot(&ds, &ds, &except->row[a]);
		ap_mask_for_each(d, &ds)
			if (add_apqn(env, out, kind, (unsigned int)a, (unsigned int)d, owner))
				return -ENOMEM;
	}
	return 0;
}

static int report_owners(const struct ap_check_env *env, const struct ap_apqn_set *set,
			 const struct ap_owner *owners, size_t n, enum ap_problem_kind kind,
			 struct ap_problems *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (env->self && !strcasecmp(env->self, owners[i].uuid))
			continue;
		if (report_product(env, set, &owners[i].m.apm, &owners[i].m.aqm, NULL, kind,
				   owners[i].uuid, out))
			return -ENOMEM;
	}
	return 0;
}

/* Every ID of @ids (up to @max) that is not in the host's @have. */
static int report_missing(const struct ap_mask *ids, const struct ap_mask *have, unsigned int max,
			  enum ap_problem_kind kind, struct ap_problems *out)
{
	struct ap_mask outside;
	int id;

	if (!have)
		return 0;
	ap_mask_andnot(&outside, ids, have);
	ap_mask_for_each(id, &outside) {
		/* IDs above the maximum are reported as such already */
		if ((unsigned int)id > max)
			break;
		if (add_id(out, kind, (unsigned int)id, 0))
			return -ENOMEM;
	}
	return 0;
}

/* The checks that look at the final matrix and the set of exposed APQNs. */
static int check_common(const struct ap_check_env *env, const struct ap_apqn_set *set,
			const struct ap_matrix *final, struct ap_problems *out)
{
	if (!ap_mask_empty(&final->adm) && ap_mask_empty(&final->aqm) &&
	    !add(out, AP_PROB_CONTROL_NO_USAGE))
		return -ENOMEM;
	if (report_missing(&final->apm, env->adapter_mask, env->max_adapter_id,
			   AP_PROB_ADAPTER_NOT_HOST, out) ||
	    report_missing(&final->aqm, env->usage_domain_mask, env->max_domain_id,
			   AP_PROB_DOMAIN_NOT_HOST, out) ||
	    report_missing(&final->adm, env->control_domain_mask, env->max_domain_id,
			   AP_PROB_CONTROL_NOT_HOST, out))
		return -ENOMEM;
	if (env->apmask && env->aqmask &&
	    report_product(env, set, env->apmask, env->aqmask, env->released, AP_PROB_HOST_ACTIVE,
			   NULL, out))
		return -ENOMEM;
	if (env->p_apmask && env->p_aqmask &&
	    report_product(env, set, env->p_apmask, env->p_aqmask, env->p_released,
			   AP_PROB_HOST_PERSISTENT, NULL, out))
		return -ENOMEM;
	if (report_owners(env, set, env->active, env->n_active, AP_PROB_IN_USE, out))
		return -ENOMEM;
	if (report_owners(env, set, env->autostart, env->n_autostart, AP_PROB_AUTOSTART, out))
		return -ENOMEM;
	return 0;
}

int ap_check_matrix(const struct ap_check_env *env, const struct ap_matrix *m,
		    struct ap_problems *out)
{
	struct ap_apqn_set *set;
	size_t before = out->n;
	int rc;

	set = malloc(sizeof(*set));
	if (!set)
		return -ENOMEM;
	ap_apqn_set_zero(set);
	ap_apqn_set_add_product(set, &m->apm, &m->aqm);
	rc = check_range(&m->apm, env->max_adapter_id, AP_PROB_ADAPTER_RANGE, out);
	if (!rc)
		rc = check_range(&m->aqm, env->max_domain_id, AP_PROB_DOMAIN_RANGE, out);
	if (!rc)
		rc = check_range(&m->adm, env->max_domain_id, AP_PROB_CONTROL_RANGE, out);
	if (!rc)
		rc = check_common(env, set, m, out);
	free(set);
	return rc ? rc : (int)(out->n - before);
}

/* Replay one valid attribute; returns -ENOMEM or 0. */
static int replay(const struct ap_check_env *env, const struct mdev_attr *a,
		  struct ap_matrix *cur, struct ap_apqn_set *set, struct ap_problems *out)
{
	struct ap_mask one = { { 0 } };
	unsigned int amax = env->max_adapter_id, dmax = env->max_domain_id;

	switch (a->op) {
	case MDEV_ATTR_ASSIGN_ADAPTER:
	case MDEV_ATTR_UNASSIGN_ADAPTER:
		if (a->id > amax)
			return add_id(out, AP_PROB_ADAPTER_RANGE, a->id, amax);
		if (a->op == MDEV_ATTR_UNASSIGN_ADAPTER) {
			ap_mask_clear_bit(&cur->apm, a->id);
			return 0;
		}
		ap_mask_set(&cur->apm, a->id);
		ap_mask_set(&one, a->id);
		ap_apqn_set_add_product(set, &one, &cur->aqm);
		return 0;
	case MDEV_ATTR_ASSIGN_DOMAIN:
	case MDEV_ATTR_UNASSIGN_DOMAIN:
		if (a->id > dmax)
			return add_id(out, AP_PROB_DOMAIN_RANGE, a->id, dmax);
		if (a->op == MDEV_ATTR_UNASSIGN_DOMAIN) {
			ap_mask_clear_bit(&cur->aqm, a->id);
			return 0;
		}
		ap_mask_set(&cur->aqm, a->id);
		ap_mask_set(&one, a->id);
		ap_apqn_set_add_product(set, &cur->apm, &one);
		return 0;
	case MDEV_ATTR_ASSIGN_CONTROL_DOMAIN:
	case MDEV_ATTR_UNASSIGN_CONTROL_DOMAIN:
		if (a->id > dmax)
			return add_id(out, AP_PROB_CONTROL_RANGE, a->id, dmax);
		if (a->op == MDEV_ATTR_UNASSIGN_CONTROL_DOMAIN)
			ap_mask_clear_bit(&cur->adm, a->id);
		else
			ap_mask_set(&cur->adm, a->id);
		return 0;
	case MDEV_ATTR_AP_CONFIG:
		/* the kernel refuses the whole write when any bit is above the maximum */
		if (over_max(&a->cfg.apm, amax) || over_max(&a->cfg.aqm, dmax) ||
		    over_max(&a->cfg.adm, dmax)) {
			if (check_range(&a->cfg.apm, amax, AP_PROB_ADAPTER_RANGE, out) ||
			    check_range(&a->cfg.aqm, dmax, AP_PROB_DOMAIN_RANGE, out) ||
			    check_range(&a->cfg.adm, dmax, AP_PROB_CONTROL_RANGE, out))
				return -ENOMEM;
			return 0;
		}
		*cur = a->cfg;
		ap_apqn_set_add_product(set, &cur->apm, &cur->aqm);
		return 0;
	case MDEV_ATTR_UNKNOWN:
		break;
	}
	return 0;
}

int ap_check_config(const struct ap_check_env *env, const struct mdev_config *cfg,
		    struct ap_problems *out, struct ap_matrix *final)
{
	struct ap_apqn_set *set;
	struct ap_matrix cur;
	size_t before = out->n, i;
	int rc = 0;

	set = malloc(sizeof(*set));
	if (!set)
		return -ENOMEM;
	ap_apqn_set_zero(set);
	ap_matrix_zero(&cur);
	for (i = 0; i < cfg->n_attrs && !rc; i++) {
		const struct mdev_attr *a = &cfg->attrs[i];

		if (a->err)
			rc = add_attr(out, a);
		else
			rc = replay(env, a, &cur, set, out);
	}
	if (!rc && env->final_only) {
		ap_apqn_set_zero(set);
		ap_apqn_set_add_product(set, &cur.apm, &cur.aqm);
	}
	if (!rc)
		rc = check_common(env, set, &cur, out);
	free(set);
	if (final)
		*final = cur;
	return rc ? rc : (int)(out->n - before);
}

/* Value of ATTR{...<name>}="value" on @line, or NULL. */
static const char *rule_value(const char *line, const char *name, size_t *vlen)
{
	const char *p = line, *close, *q, *end;
	size_t nlen = strlen(name);

	while ((p = strstr(p, "ATTR{"))) {
		close = strchr(p, '}');
		if (!close)
			return NULL;
		if ((size_t)(close - p) >= nlen + 5 && !strncmp(close - nlen, name, nlen)) {
			q = close + 1;
			while (*q == ' ' || *q == '\t')
				q++;
			if (q[0] == '=' && q[1] != '=') {
				q++;
				while (*q == ' ' || *q == '\t')
					q++;
				if (*q == '"') {
					q++;
					end = strchr(q, '"');
					if (end) {
						*vlen = (size_t)(end - q);
						return q;
					}
				}
			}
		}
		p = close;
	}
	return NULL;
}

int ap_persistent_masks_parse(const char *text, struct ap_mask *apmask, bool *have_ap,
			      struct ap_mask *aqmask, bool *have_aq)
{
	const char *line, *nl, *v;
	char buf[512];
	size_t len, vlen;

	*have_ap = false;
	*have_aq = false;
	for (line = text; *line; line = *nl ? nl + 1 : nl) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		len = (size_t)(nl - line);
		while (len && (*line == ' ' || *line == '\t')) {
			line++;
			len--;
		}
		if (!len || *line == '#' || len >= sizeof(buf))
			continue;
		memcpy(buf, line, len);
		buf[len] = '\0';
		v = rule_value(buf, "apmask", &vlen);
		if (v) {
			if (ap_hex2mask(v, vlen, apmask))
				return -EINVAL;
			*have_ap = true;
		}
		v = rule_value(buf, "aqmask", &vlen);
		if (v) {
			if (ap_hex2mask(v, vlen, aqmask))
				return -EINVAL;
			*have_aq = true;
		}
	}
	return 0;
}
