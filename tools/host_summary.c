// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl host --summary: counts and ranges instead of 65536 lines.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ctl_out.h"
#include "host_summary.h"
#include "host_view.h"

/* owner slots: 0 host, 1 free, 2 + i the matrix device ch->mdevs[i] */
#define SLOT_HOST 0
#define SLOT_FREE 1
#define SLOT_MDEV 2

struct card_count {
	unsigned int apqns, host, free, used;
};

struct host_summary {
	struct ap_apqn_set apqns;
	size_t n_slots;
	unsigned int *slot_count; /* APQNs per slot */
	struct ap_apqn_set **set; /* each slot's APQNs, NULL for an empty slot */
	struct card_count card[AP_MASK_BITS];
	struct card_count total;
};

const char *host_mdev_state(const struct ctl_mdev *m)
{
	if (!m->active)
		return "autostart";
	return m->in_use ? "in-use" : "active";
}

/* The owner slot of APQN @a.@d, counted in @c. */
static size_t classify(const struct ctl_host *ch, unsigned int a, unsigned int d,
		       struct card_count *c)
{
	const struct ctl_mdev *m;

	c->apqns++;
	switch (ctl_host_owner(ch, a, d, &m)) {
	case CTL_OWNER_HOST:
		c->host++;
		return SLOT_HOST;
	case CTL_OWNER_FREE:
		c->free++;
		return SLOT_FREE;
	default:
		c->used++;
		return m ? SLOT_MDEV + (size_t)(m - ch->mdevs) : SLOT_FREE;
	}
}

int host_summary_build(const struct ctl_host *ch, const struct ap_apqn_set *apqns,
		       struct host_summary **out)
{
	struct host_summary *s;
	int a, d;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->n_slots = SLOT_MDEV + ch->n_mdevs;
	s->slot_count = calloc(s->n_slots, sizeof(*s->slot_count));
	s->set = calloc(s->n_slots, sizeof(*s->set));
	if (!s->slot_count || !s->set)
		goto nomem;
	s->apqns = *apqns;
	/* one set per owner that has APQNs: rectangles come from its rows alone */
	ap_mask_for_each(a, &apqns->apm) {
		struct card_count *c = &s->card[a];

		ap_mask_for_each(d, &apqns->row[a]) {
			size_t slot = classify(ch, (unsigned int)a, (unsigned int)d, c);
			struct ap_apqn_set *set = s->set[slot];

			if (!set) {
				set = calloc(1, sizeof(*set));
				if (!set)
					goto nomem;
				s->set[slot] = set;
			}
			ap_mask_set(&set->row[a], (unsigned int)d);
			ap_mask_set(&set->apm, (unsigned int)a);
			s->slot_count[slot]++;
		}
		s->total.apqns += c->apqns;
		s->total.host += c->host;
		s->total.free += c->free;
		s->total.used += c->used;
	}
	*out = s;
	return 0;
nomem:
	host_summary_free(s);
	return -ENOMEM;
}

void host_summary_free(struct host_summary *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; s->set && i < s->n_slots; i++)
		free(s->set[i]);
	free(s->set);
	free(s->slot_count);
	free(s);
}

/*
 * One rectangle of @slot at a time: the cards (from @todo, which starts as
 * the slot's cards) whose domains of @slot equal those of the first card
 * left in @todo. Clears them from @todo; false when no card is left.
 */
static bool next_rect(const struct host_summary *s, size_t slot, struct ap_mask *todo,
		      struct ap_mask *cards, struct ap_mask *doms)
{
	const struct ap_apqn_set *set = s->set[slot];
	int a, first = ap_mask_next(todo, 0);

	if (first < 0)
		return false;
	*doms = set->row[first];
	ap_mask_zero(cards);
	ap_mask_for_each(a, todo) {
		if (ap_mask_equal(&set->row[a], doms))
			ap_mask_set(cards, (unsigned int)a);
	}
	ap_mask_andnot(todo, todo, cards);
	return true;
}

static const char *slot_owner(const struct ctl_host *ch, size_t slot)
{
	if (slot == SLOT_HOST)
		return "host";
	if (slot == SLOT_FREE)
		return "free";
	return ch->mdevs[slot - SLOT_MDEV].uuid;
}

static int count_table(const struct host_summary *s, FILE *fp)
{
	static const char *const hdr[] = { "CARDS", "APQNS", "HOST", "FREE", "USED" };
	char cards[HOST_HEXLIST_LEN], n[4][16];
	const char *row[5] = { cards, n[0], n[1], n[2], n[3] };
	struct ap_mask todo = s->apqns.apm, group;
	struct ctl_table t;
	int a, b, rc = 0;

	ctl_table_init(&t, 5, hdr);
	while (!rc && (a = ap_mask_next(&todo, 0)) >= 0) {
		const struct card_count *c = &s->card[a];

		ap_mask_zero(&group);
		ap_mask_for_each(b, &todo)
			if (!memcmp(&s->card[b], c, sizeof(*c))) {
				ap_mask_set(&group, (unsigned int)b);
				ap_mask_clear_bit(&todo, (unsigned int)b);
			}
		host_hexlist(&group, 2, cards);
		snprintf(n[0], sizeof(n[0]), "%u", c->apqns);
		snprintf(n[1], sizeof(n[1]), "%u", c->host);
		snprintf(n[2], sizeof(n[2]), "%u", c->free);
		snprintf(n[3], sizeof(n[3]), "%u", c->used);
		rc = ctl_table_add(&t, row);
	}
	if (!rc) {
		snprintf(cards, sizeof(cards), "all");
		snprintf(n[0], sizeof(n[0]), "%u", s->total.apqns);
		snprintf(n[1], sizeof(n[1]), "%u", s->total.host);
		snprintf(n[2], sizeof(n[2]), "%u", s->total.free);
		snprintf(n[3], sizeof(n[3]), "%u", s->total.used);
		rc = ctl_table_add(&t, row);
	}
	if (!rc)
		ctl_table_print(&t, fp);
	ctl_table_free(&t);
	return rc;
}

static int owner_table(const struct ctl_host *ch, const struct host_summary *s, FILE *fp)
{
	static const char *const hdr[] = { "OWNER", "STATE", "GUEST", "APQNS", "CARDS", "DOMAINS" };
	char cards[HOST_HEXLIST_LEN], doms[HOST_HEXLIST_LEN], num[16];
	struct ap_mask todo, cm, dm;
	struct ctl_table t;
	size_t slot;
	int rc = 0;

	ctl_table_init(&t, 6, hdr);
	for (slot = 0; slot < s->n_slots && !rc; slot++) {
		const struct ctl_mdev *m = slot >= SLOT_MDEV ? &ch->mdevs[slot - SLOT_MDEV] : NULL;

		if (!s->slot_count[slot])
			continue;
		todo = s->set[slot]->apm;
		while (!rc && next_rect(s, slot, &todo, &cm, &dm)) {
			const char *row[6] = { slot_owner(ch, slot),
					       m ? host_mdev_state(m) : NULL,
					       m ? m->guest : NULL,
					       num,
					       cards,
					       doms };

			snprintf(num, sizeof(num), "%u", ap_mask_weight(&cm) * ap_mask_weight(&dm));
			host_hexlist(&cm, 2, cards);
			host_hexlist(&dm, 4, doms);
			rc = ctl_table_add(&t, row);
		}
	}
	if (!rc)
		ctl_table_print(&t, fp);
	ctl_table_free(&t);
	return rc;
}

int host_summary_text(const struct ctl_host *ch, const struct host_summary *s, FILE *fp)
{
	int rc = count_table(s, fp);

	if (rc)
		return rc;
	fputc('\n', fp);
	return owner_table(ch, s, fp);
}

static json_t *counts_json(const struct card_count *c)
{
	return json_pack("{s:i, s:i, s:i, s:i}", "apqns", c->apqns, "host", c->host, "free",
			 c->free, "used", c->used);
}

json_t *host_summary_json(const struct ctl_host *ch, const struct host_summary *s)
{
	json_t *o = counts_json(&s->total), *cards = json_array(), *owners = json_array();
	struct ap_mask todo, cm, dm;
	size_t slot;
	int a;

	if (!o || !cards || !owners)
		goto fail;
	ap_mask_for_each(a, &s->apqns.apm) {
		json_t *c = counts_json(&s->card[a]);

		if (!c || json_object_set_new(c, "card", json_integer(a)) ||
		    json_array_append_new(cards, c))
			goto fail;
	}
	for (slot = 0; slot < s->n_slots; slot++) {
		const struct ctl_mdev *m = slot >= SLOT_MDEV ? &ch->mdevs[slot - SLOT_MDEV] : NULL;
		json_t *ranges, *ow;

		if (!s->slot_count[slot])
			continue;
		ranges = json_array();
		ow = json_pack("{s:s, s:o, s:o, s:o, s:i, s:o}", "owner",
			       slot == SLOT_HOST ? "host" :
			       slot == SLOT_FREE ? "free" :
			       m->active	 ? "mdev" :
						   "autostart",
			       "mdev", m ? json_string(m->uuid) : json_null(), "state",
			       m ? json_string(host_mdev_state(m)) : json_null(), "guest",
			       m && m->guest ? json_string(m->guest) : json_null(), "apqns",
			       s->slot_count[slot], "ranges", ranges ? json_incref(ranges) : NULL);
		if (!ow || json_array_append_new(owners, ow)) {
			json_decref(ranges);
			goto fail;
		}
		todo = s->set[slot]->apm;
		while (next_rect(s, slot, &todo, &cm, &dm))
			if (json_array_append_new(ranges, json_pack("{s:o, s:o}", "adapters",
								    ctl_json_ids(&cm), "domains",
								    ctl_json_ids(&dm)))) {
				json_decref(ranges);
				goto fail;
			}
		json_decref(ranges);
	}
	if (json_object_set_new(o, "cards", cards)) {
		cards = NULL;
		goto fail;
	}
	cards = NULL;
	if (json_object_set_new(o, "owners", owners)) {
		owners = NULL;
		goto fail;
	}
	return o;
fail:
	json_decref(o);
	json_decref(cards);
	json_decref(owners);
	return NULL;
}
