// SPDX-License-Identifier: GPL-2.0-only
/*
 * Property checks of the simulator's model (see model-check.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model-check.h"

void mc_host_init(struct sim *s)
{
	memset(s, 0, sizeof(*s));
	s->ctl_fd = -1;
	s->uev_fd = -1;
	s->mod_vfio_ap = s->mod_zcrypt = s->mod_mdev = true;
	s->qci_flags = QCI_APSC | QCI_APXA | QCI_QACT | QCI_RC8A;
	s->na = s->nd = 255;
	for (unsigned int d = 0; d < 16; d++)
		sim_set(&s->usage, d);
	s->control = s->usage;
	for (unsigned int a = 0; a < 8; a++) {
		s->card[a].present = s->card[a].config = s->card[a].online = true;
		s->card[a].hwinfo = HW_APSC | HW_CCA | HW_APXA | ((uint64_t)14 << HW_AT_SHIFT) | 7;
		s->card[a].compat_type = AP_TYPE_CEX8;
	}
	/* adapters 0-3 and domains 0-7 stay with zcrypt */
	sim_mask_fill(&s->apmask);
	sim_mask_fill(&s->aqmask);
	for (unsigned int a = 4; a < 8; a++)
		sim_clr(&s->apmask, a);
	for (unsigned int d = 8; d < 16; d++)
		sim_clr(&s->aqmask, d);
}

void mc_host_free(struct sim *s)
{
	while (s->mdevs) {
		struct sim_mdev *m = s->mdevs;

		s->mdevs = m->next;
		free(m);
	}
	s->nr_mdevs = 0;
}

/* enough of the state to tell whether a store changed it */
struct snap {
	struct sim_mask apmask, aqmask;
	unsigned int n;
	struct sim_mask m[3 * 64];
	char uuid[64][37];
	bool guest[64];
};

static void take(const struct sim *s, struct snap *p)
{
	unsigned int i = 0;

	memset(p, 0, sizeof(*p));
	p->apmask = s->apmask;
	p->aqmask = s->aqmask;
	for (const struct sim_mdev *m = s->mdevs; m && i < 64; m = m->next, i++) {
		p->m[3 * i] = m->apm;
		p->m[3 * i + 1] = m->aqm;
		p->m[3 * i + 2] = m->adm;
		memcpy(p->uuid[i], m->uuid, sizeof(p->uuid[i]));
		p->guest[i] = m->guest;
	}
	p->n = s->nr_mdevs;
}

static bool apqns_meet(const struct sim_mask *apm1, const struct sim_mask *aqm1,
		       const struct sim_mask *apm2, const struct sim_mask *aqm2)
{
	return sim_mask_intersects(apm1, apm2) && sim_mask_intersects(aqm1, aqm2);
}

static const char *check(const struct sim *s)
{
	unsigned int n = 0;

	for (const struct sim_mdev *m = s->mdevs; m; m = m->next, n++) {
		struct sim_mask t;

		if (apqns_meet(&m->apm, &m->aqm, &s->apmask, &s->aqmask))
			return "an mdev holds an APQN that zcrypt owns";
		if (sim_mask_andnot(&t, &m->sh_apm, &m->apm) ||
		    sim_mask_andnot(&t, &m->sh_aqm, &m->aqm) ||
		    sim_mask_andnot(&t, &m->sh_adm, &m->adm))
			return "the guest has a resource the mdev does not";
		for (const struct sim_mdev *o = m->next; o; o = o->next)
			if (apqns_meet(&m->apm, &m->aqm, &o->apm, &o->aqm))
				return "two mdevs share an APQN";
	}
	if (n != s->nr_mdevs)
		return "the mdev count is wrong";
	return NULL;
}

static struct sim_mdev *nth(const struct sim *s, unsigned int which)
{
	struct sim_mdev *m = s->mdevs;

	if (!s->nr_mdevs)
		return NULL;
	for (which %= s->nr_mdevs; which--;)
		m = m->next;
	return m;
}

int mc_run(struct sim *s, unsigned int op, unsigned int which, const char *arg, const char **bad)
{
	struct sim_mdev *m = nth(s, which);
	struct snap *before = malloc(sizeof(*before)), *after = malloc(sizeof(*after));
	int rc = -ENODEV;

	*bad = NULL;
	if (!before || !after) {
		free(before);
		free(after);
		return -ENOMEM;
	}
	take(s, before);
	switch (op % MC_OPS) {
	case 0:
		/* the snapshot holds 64 mdevs: a limit of this check, not of apsim */
		rc = s->nr_mdevs < 64 ? sim_mdev_create(s, arg, strlen(arg)) : -EUSERS;
		break;
	case 1:
		/* a remove with the guest running blocks (attrs.c): not a model store */
		if (m && !m->guest)
			rc = sim_mdev_remove(s, m);
		break;
	case 2:
	case 3:
	case 4:
		if (m)
			rc = sim_mdev_assign(s, m, (enum sim_assign)(op % MC_OPS - 2), true, arg);
		break;
	case 5:
	case 6:
	case 7:
		if (m)
			rc = sim_mdev_assign(s, m, (enum sim_assign)(op % MC_OPS - 5), false, arg);
		break;
	case 8:
		if (m)
			rc = sim_mdev_ap_config(s, m, arg);
		break;
	case 9:
		rc = sim_store_apmask(s, arg, which & 1);
		break;
	default:
		if (m) {
			m->guest = !m->guest;
			rc = 0;
		}
		break;
	}
	*bad = check(s);
	take(s, after);
	if (!*bad && rc && memcmp(before, after, sizeof(*before)))
		*bad = "a failed store changed the state";
	free(before);
	free(after);
	return rc;
}
