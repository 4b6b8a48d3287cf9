// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl host: collect the cards and queues a selection shows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host_collect.h"

bool host_owner_filtered(const struct host_opts *o)
{
	return o->free || o->vfio || o->host_owned;
}

static bool owner_wanted(const struct host_opts *o, enum ctl_owner w)
{
	if (!host_owner_filtered(o))
		return true;
	return (o->free && w == CTL_OWNER_FREE) || (o->host_owned && w == CTL_OWNER_HOST) ||
	       (o->vfio && w != CTL_OWNER_HOST);
}

static bool queue_exists(unsigned int a, unsigned int d)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), AP_SYSFS_DEVICES "/card%02x/%02x.%04x", a, a, d);
	return !stat(path, &st);
}

/* The selection names something that is not there: one line, exit 3. */
static int check_sel(const struct ctl_ctx *ctx, const struct host_sel *s,
		     const struct ap_mask *present)
{
	int a, d;

	ap_mask_for_each(a, &s->cards) {
		if (!ap_mask_test(present, (unsigned int)a)) {
			ctl_err(ctx, "host: no card %02x", a);
			return CTL_EXIT_NOT_FOUND;
		}
	}
	ap_mask_for_each(a, &s->apqns.apm) {
		ap_mask_for_each(d, &s->apqns.row[a]) {
			if (!ap_mask_test(present, (unsigned int)a) ||
			    !queue_exists((unsigned int)a, (unsigned int)d)) {
				ctl_err(ctx, "host: no queue %02x.%04x", a, d);
				return CTL_EXIT_NOT_FOUND;
			}
		}
	}
	return 0;
}

static int add_card(struct host_view *v, const struct ap_card *c)
{
	struct ap_card *n = realloc(v->cards, (v->n_cards + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	v->cards = n;
	n[v->n_cards++] = *c;
	return 0;
}

/* Read queue @a.@d into a new row: 1, 0 when there is no such queue, or -errno. */
static int add_row(struct host_view *v, const struct ctl_host *ch, unsigned int a, unsigned int d,
		   size_t *cap)
{
	struct host_row *r;
	int rc;

	if (v->n_q == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct host_row *n = realloc(v->q, nc * sizeof(*n));

		if (!n)
			return -ENOMEM;
		v->q = n;
		*cap = nc;
	}
	r = &v->q[v->n_q];
	rc = ap_queue_read(a, d, &r->q, r->drv, sizeof(r->drv));
	if (rc == -ENOENT)
		return 0; /* no such queue (or gone since the directory was listed) */
	if (rc)
		return rc;
	r->a = a;
	r->d = d;
	r->owner = ctl_host_owner(ch, a, d, &r->m);
	v->n_q++;
	return 1;
}

/*
 * Collect what the view shows: the cards (only read when a card row or a
 * mode filter needs them), the selected queues that exist, and for queue
 * rows each queue's attributes.
 */
int host_view_build(const struct ctl_ctx *ctx, const struct ctl_host *ch, const struct host_opts *o,
		    struct host_view *v)
{
	const struct host_sel *s = &o->sel;
	struct ap_mask present, visit, doms;
	size_t qcap = 0;
	int a, d, rc;

	if (ch->host.n_cards) {
		ap_mask_zero(&present);
		for (size_t i = 0; i < ch->host.n_cards; i++)
			ap_mask_set(&present, ch->host.cards[i].id);
	} else {
		rc = host_card_ids(&present);
		if (rc)
			goto fail;
	}
	rc = check_sel(ctx, s, &present);
	if (rc)
		return rc;
	v->card_rows = v->head ||
		       (v->rows && (s->any ? !ap_mask_empty(&s->cards) : !host_owner_filtered(o)));
	visit = present;
	if (s->any && ap_mask_empty(&s->domains)) {
		ap_mask_or(&visit, &s->cards, &s->apqns.apm);
		ap_mask_and(&visit, &visit, &present);
	}
	ap_apqn_set_zero(&v->apqns);
	ap_mask_for_each(a, &visit) {
		bool whole = !s->any || ap_mask_test(&s->cards, (unsigned int)a);
		bool card_row = v->head ||
				(v->rows && (s->any ? ap_mask_test(&s->cards, (unsigned int)a) :
						      !host_owner_filtered(o)));
		const struct ap_card *known = ctl_host_card(ch, (unsigned int)a);
		struct ap_card c;

		if (card_row || o->modes) {
			if (known) {
				c = *known;
			} else {
				rc = ap_card_read((unsigned int)a, &c);
				if (rc == -ENOENT)
					continue;
				if (rc)
					goto fail;
			}
			if (o->modes && !(host_card_mode(c.ap_functions) & o->modes))
				continue;
			if (card_row) {
				rc = add_card(v, &c);
				if (rc)
					goto fail;
			}
		}
		if (whole) {
			rc = host_card_queues((unsigned int)a, &doms);
			if (rc)
				goto fail;
		} else {
			/* existence is told by reading the queue (rows) or a stat */
			ap_mask_or(&doms, &s->domains, &s->apqns.row[a]);
		}
		ap_mask_for_each(d, &doms) {
			const struct ctl_mdev *m;

			if (!owner_wanted(o,
					  ctl_host_owner(ch, (unsigned int)a, (unsigned int)d, &m)))
				continue;
			if (v->rows) {
				rc = add_row(v, ch, (unsigned int)a, (unsigned int)d, &qcap);
				if (rc < 0)
					goto fail;
				if (!rc)
					continue;
			} else if (!whole && !queue_exists((unsigned int)a, (unsigned int)d)) {
				continue;
			}
			ap_mask_set(&v->apqns.row[a], (unsigned int)d);
			ap_mask_set(&v->apqns.apm, (unsigned int)a);
			ap_mask_set(&v->apqns.aqm, (unsigned int)d);
		}
	}
	ap_mask_for_each(d, &s->domains) {
		if (!ap_mask_test(&v->apqns.aqm, (unsigned int)d) && !o->modes &&
		    !host_owner_filtered(o)) {
			ctl_err(ctx, "host: no queue with domain %04x", d);
			return CTL_EXIT_NOT_FOUND;
		}
	}
	return 0;
fail:
	ctl_err(ctx, "host: cannot read the AP devices: %s", strerror(-rc));
	return CTL_EXIT_FAILURE;
}

void host_view_free(struct host_view *v)
{
	free(v->cards);
	free(v->q);
}
