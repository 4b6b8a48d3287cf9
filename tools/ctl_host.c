// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: read the host once, join active mdevs and definitions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_host.h"
#include "ctl_util.h"

static int cmp_mdev(const void *a, const void *b)
{
	const struct ctl_mdev *x = a, *y = b;

	return strcmp(x->uuid, y->uuid);
}

/* Merge the (sorted) active mdevs with the definitions. */
static int join_mdevs(struct ctl_host *ch)
{
	const struct ap_host *h = &ch->host;
	size_t cap = h->n_mdevs + ch->defs.n, i, n = 0;
	struct ctl_mdev *v;

	v = calloc(cap ? cap : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < h->n_mdevs; i++) {
		snprintf(v[n].uuid, sizeof(v[n].uuid), "%s", h->mdevs[i].uuid);
		v[n].active = &h->mdevs[i];
		v[n].matrix = h->mdevs[i].matrix;
		n++;
	}
	for (i = 0; i < ch->defs.n; i++) {
		const struct mdev_config_entry *e = &ch->defs.v[i];
		struct ctl_mdev key, *hit = NULL;

		snprintf(key.uuid, sizeof(key.uuid), "%s", e->cfg.uuid);
		if (h->n_mdevs)
			hit = bsearch(&key, v, h->n_mdevs, sizeof(*v), cmp_mdev);
		if (!hit) {
			hit = &v[n++];
			snprintf(hit->uuid, sizeof(hit->uuid), "%s", e->cfg.uuid);
			if (!e->err)
				mdev_config_matrix(&e->cfg, &hit->matrix);
		}
		hit->def = e;
	}
	qsort(v, n, sizeof(*v), cmp_mdev);
	ch->mdevs = v;
	ch->n_mdevs = n;
	return 0;
}

/* One pass over the queues: an "in use" queue marks the mdev that owns it. */
static void mark_in_use(struct ctl_host *ch)
{
	const struct ap_host *h = &ch->host;
	size_t i;

	for (i = 0; i < h->n_queues; i++) {
		const struct ap_queue *q = &h->queues[i];
		const struct ctl_mdev *m;
		int idx;

		if (q->status != AP_QSTAT_IN_USE)
			continue;
		idx = ap_owner_lookup(ch->owners, q->adapter, q->domain);
		if (idx < 0)
			continue;
		m = ctl_host_find(ch, h->mdevs[idx].uuid);
		if (m)
			((struct ctl_mdev *)m)->in_use = true;
	}
}

int ctl_host_load(const struct ctl_ctx *ctx, const char *cmd, unsigned int parts,
		  bool need_vfio_ap, struct ctl_host *ch)
{
	char err[256] = "";
	int rc;

	memset(ch, 0, sizeof(*ch));
	rc = ap_host_read(&ch->host, parts & AP_HOST_ALL, err, sizeof(err));
	if (rc) {
		ctl_err(ctx, "%s: %s", cmd, *err ? err : strerror(-rc));
		return CTL_EXIT_FAILURE;
	}
	if (need_vfio_ap && !ch->host.vfio_ap) {
		ctl_err(ctx, "%s: vfio_ap is not loaded (no %s)", cmd, VFIO_AP_MATRIX_SYSFS);
		ctl_host_free(ch);
		return CTL_EXIT_NO_VFIO_AP;
	}
	if (parts & AP_HOST_MDEVS) {
		rc = ap_owner_map_build(&ch->host, &ch->owners);
		if (rc < 0)
			goto fail;
	}
	if (parts & CTL_HOST_DEFS) {
		rc = mdev_config_load_dir(NULL, &ch->defs);
		if (rc) {
			ctl_err(ctx, "%s: cannot read %s: %s", cmd, MDEVCTL_MATRIX_DIR,
				strerror(-rc));
			ctl_host_free(ch);
			return CTL_EXIT_FAILURE;
		}
	}
	rc = join_mdevs(ch);
	if (rc)
		goto fail;
	if (ch->owners)
		mark_in_use(ch);
	return 0;
fail:
	ctl_err(ctx, "%s: %s", cmd, strerror(-rc));
	ctl_host_free(ch);
	return CTL_EXIT_FAILURE;
}

void ctl_host_free(struct ctl_host *ch)
{
	free(ch->mdevs);
	free(ch->owners);
	mdev_config_set_free(&ch->defs);
	ap_host_free(&ch->host);
	memset(ch, 0, sizeof(*ch));
}

const struct ctl_mdev *ctl_host_find(const struct ctl_host *ch, const char *uuid)
{
	struct ctl_mdev key;

	if (!ch->n_mdevs)
		return NULL;
	snprintf(key.uuid, sizeof(key.uuid), "%s", uuid);
	return bsearch(&key, ch->mdevs, ch->n_mdevs, sizeof(key), cmp_mdev);
}

int ctl_host_lookup(const struct ctl_ctx *ctx, const char *cmd, const struct ctl_host *ch,
		    const char *arg, const struct ctl_mdev **out)
{
	char uuid[CTL_UUID_LEN];

	if (ctl_uuid_parse(arg, uuid))
		return ctl_usage_err(ctx, cmd, "'%s' is not a UUID", arg);
	*out = ctl_host_find(ch, uuid);
	if (!*out) {
		ctl_err(ctx, "%s: no matrix device %s (neither defined nor active)", cmd, uuid);
		return CTL_EXIT_NOT_FOUND;
	}
	return 0;
}

static int cmp_queue_key(const void *k, const void *e)
{
	const unsigned int *key = k;
	const struct ap_queue *q = e;

	return (int)*key - (int)(q->adapter << 8 | q->domain);
}

const struct ap_queue *ctl_host_queue(const struct ctl_host *ch, unsigned int a, unsigned int d)
{
	unsigned int key = a << 8 | d;

	if (!ch->host.n_queues)
		return NULL;
	return bsearch(&key, ch->host.queues, ch->host.n_queues, sizeof(struct ap_queue),
		       cmp_queue_key);
}

static int cmp_card_key(const void *k, const void *e)
{
	const unsigned int *key = k;
	const struct ap_card *c = e;

	return (int)*key - (int)c->id;
}

const struct ap_card *ctl_host_card(const struct ctl_host *ch, unsigned int a)
{
	if (!ch->host.n_cards)
		return NULL;
	return bsearch(&a, ch->host.cards, ch->host.n_cards, sizeof(struct ap_card),
		       cmp_card_key);
}

const char *ctl_mdev_start(const struct ctl_mdev *m)
{
	if (!m->def || m->def->err)
		return NULL;
	return m->def->cfg.autostart ? "auto" : "manual";
}
