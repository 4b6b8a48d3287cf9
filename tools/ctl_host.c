// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: read the host once, join active mdevs and definitions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_host.h"
#include "ctl_journal.h"
#include "ctl_libvirt.h"
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

/*
 * A guest uses an active mdev when its guest queues have the vfio_ap status
 * "in use" (a KVM is attached and the APQN is in the guest's APCB; the
 * kernel sets it for all of them at once): one read per mdev.
 */
static void mark_in_use(struct ctl_host *ch)
{
	char path[128], buf[32];
	size_t i;

	for (i = 0; i < ch->n_mdevs; i++) {
		struct ctl_mdev *m = &ch->mdevs[i];
		int a, d;
		FILE *fp;

		if (!m->active || !m->active->has_guest_matrix)
			continue;
		a = ap_mask_next(&m->active->guest.apm, 0);
		d = ap_mask_next(&m->active->guest.aqm, 0);
		if (a < 0 || d < 0)
			continue;
		snprintf(path, sizeof(path), "/sys/devices/ap/card%02x/%02x.%04x/status", a, a, d);
		fp = fopen(path, "re");
		if (!fp)
			continue;
		if (fgets(buf, sizeof(buf), fp))
			m->in_use = !strcmp(buf, "in use\n") || !strcmp(buf, "in use");
		fclose(fp);
	}
}

static int build_qmap(struct ctl_host *ch)
{
	struct ctl_qmap *q;
	char path[300];
	size_t i;
	int rc;

	q = malloc(sizeof(*q));
	if (!q)
		return -ENOMEM;
	ap_apqn_set_zero(&q->exists);
	ap_apqn_set_zero(&q->vfio);
	ap_apqn_set_zero(&q->dflt);
	ch->qmap = q;
	for (i = 0; i < ch->host.n_cards; i++) {
		snprintf(path, sizeof(path), "/sys/devices/ap/card%02x", ch->host.cards[i].id);
		rc = ap_apqn_dir_scan(path, &q->exists);
		if (rc)
			return rc;
	}
	rc = ap_apqn_dir_scan("/sys/bus/ap/drivers/vfio_ap", &q->vfio);
	if (rc)
		return rc;
	return ap_apqn_subdirs_scan(AP_SYSFS_BUS "/drivers", ap_queue_driver_default, &q->dflt);
}

/*
 * The APQNs of the inactive auto-start definitions: the kernel does not
 * know them, but they are taken (mdevctl starts them at boot, and define
 * refuses to share them). The first definition by UUID wins.
 */
static int build_auto_owners(struct ctl_host *ch)
{
	struct ap_owner_map *map;
	size_t i;
	int a, d;

	map = calloc(1, sizeof(*map));
	if (!map)
		return -ENOMEM;
	for (i = 0; i < ch->n_mdevs && i < UINT16_MAX; i++) {
		const struct ctl_mdev *m = &ch->mdevs[i];

		if (m->active || !m->def || m->def->err || !m->def->cfg.autostart)
			continue;
		ap_mask_for_each(a, &m->matrix.apm) {
			ap_mask_for_each(d, &m->matrix.aqm) {
				uint16_t *o = &map->owner[a << 8 | d];

				if (!*o)
					*o = (uint16_t)(i + 1);
			}
		}
	}
	ch->auto_owners = map;
	return 0;
}

static void attach_guests(struct ctl_host *ch)
{
	size_t i;

	if (ctl_libvirt_guests(NULL, &ch->guests, &ch->n_guests))
		return;		/* no libvirt here, or its files cannot be read */
	for (i = 0; i < ch->n_mdevs; i++)
		if (ch->mdevs[i].active)
			ch->mdevs[i].guest = ctl_libvirt_guest_of(ch->guests, ch->n_guests,
								  ch->mdevs[i].uuid);
}

int ctl_host_load(const struct ctl_ctx *ctx, const char *cmd, unsigned int parts,
		  bool need_vfio_ap, struct ctl_host *ch)
{
	char err[256] = "";
	int rc;

	memset(ch, 0, sizeof(*ch));
	if (parts & CTL_HOST_QMAP)
		parts |= AP_HOST_CARDS;
	/* mdevs always with everything about them (e.g. their guest_matrix) */
	if (parts & AP_HOST_MDEVS)
		parts |= AP_HOST_ALL & ~(AP_HOST_CARDS | AP_HOST_QUEUES);
	rc = ap_host_read(&ch->host, parts & AP_HOST_ALL, err, sizeof(err));
	if (rc) {
		ctl_err(ctx, "%s: %s", cmd, *err ? err : strerror(-rc));
		/* -EOVERFLOW: a matrix text that may be cut, so no right answer */
		return rc == -EOVERFLOW ? CTL_EXIT_INVALID : CTL_EXIT_FAILURE;
	}
	/* Linux 6.19+: the queues whose driver_override takes them from the host */
	rc = ap_host_read_overrides(&ch->host, NULL);
	if (rc) {
		ctl_err(ctx, "%s: cannot read the AP queues' driver_override: %s", cmd,
			strerror(-rc));
		ap_host_free(&ch->host);
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
		/* a definition change that a killed run left unfinished */
		ctl_journal_recover(ctx, cmd);
		rc = mdev_config_load_dir(NULL, &ch->defs);
		if (rc) {
			ctl_err(ctx, "%s: cannot read %s: %s", cmd, MDEVCTL_MATRIX_DIR,
				strerror(-rc));
			ctl_host_free(ch);
			return CTL_EXIT_FAILURE;
		}
	}
	rc = join_mdevs(ch);
	if (!rc && (parts & CTL_HOST_QMAP))
		rc = build_qmap(ch);
	if (!rc && (parts & CTL_HOST_DEFS))
		rc = build_auto_owners(ch);
	if (rc)
		goto fail;
	mark_in_use(ch);
	if (parts & CTL_HOST_GUESTS)
		attach_guests(ch);
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
	free(ch->auto_owners);
	free(ch->qmap);
	ctl_libvirt_guests_free(ch->guests, ch->n_guests);
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

bool ctl_host_has_queue(const struct ctl_host *ch, unsigned int a, unsigned int d)
{
	return ch->qmap && ap_apqn_set_test(&ch->qmap->exists, a, d);
}

enum ap_queue_driver ctl_host_queue_driver(const struct ctl_host *ch, unsigned int a,
					   unsigned int d)
{
	if (!ch->qmap)
		return AP_QDRV_NONE;
	if (ap_apqn_set_test(&ch->qmap->vfio, a, d))
		return AP_QDRV_VFIO_AP;
	if (ap_apqn_set_test(&ch->qmap->dflt, a, d))
		return AP_QDRV_DEFAULT;
	return AP_QDRV_NONE;
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

enum ctl_owner ctl_host_owner(const struct ctl_host *ch, unsigned int a, unsigned int d,
			      const struct ctl_mdev **m)
{
	int idx = ch->owners ? ap_owner_lookup(ch->owners, a, d) : -1;

	*m = NULL;
	if (idx >= 0) {
		*m = ctl_host_find(ch, ch->host.mdevs[idx].uuid);
		return CTL_OWNER_MDEV;
	}
	if (ap_host_apqn_host_owned(&ch->host, a, d))
		return CTL_OWNER_HOST;
	idx = ch->auto_owners ? ap_owner_lookup(ch->auto_owners, a, d) : -1;
	if (idx >= 0) {
		*m = &ch->mdevs[idx];
		return CTL_OWNER_AUTOSTART;
	}
	return CTL_OWNER_FREE;
}

const char *ctl_mdev_start(const struct ctl_mdev *m)
{
	if (!m->def || m->def->err)
		return NULL;
	return m->def->cfg.autostart ? "auto" : "manual";
}
