// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated host's behaviour: which devices exist, which driver a queue
 * binds to, and the sysfs stores of the AP bus and vfio_ap with the errnos
 * of Linux 6.12 (drivers/s390/crypto/ap_bus.c, vfio_ap_ops.c,
 * drivers/vfio/mdev/mdev_sysfs.c, mdev_core.c). Every function here is
 * called with s->lock held.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

unsigned int sim_max_apid(const struct sim *s)
{
	return (s->qci_flags & QCI_APXA) ? s->na : 63;
}

unsigned int sim_max_apqi(const struct sim *s)
{
	return (s->qci_flags & QCI_APXA) ? s->nd : 15;
}

void sim_qci_apm(const struct sim *s, struct sim_mask *apm)
{
	memset(apm, 0, sizeof(*apm));
	for (unsigned int a = 0; a < SIM_IDS; a++)
		if (s->card[a].present && s->card[a].config)
			sim_set(apm, a);
}

/* ap_get_compatible_type(): raw types above CEX8 only with QACT */
unsigned int sim_card_type(const struct sim *s, unsigned int apid)
{
	const struct sim_card *c = &s->card[apid];
	unsigned int at;

	if (apid >= SIM_IDS || !c->present || apid > sim_max_apid(s))
		return 0;
	at = hw_at(c->hwinfo);
	if (at < AP_TYPE_CEX4)
		return 0;
	if (at <= AP_TYPE_CEX8)
		return at;
	return (s->qci_flags & QCI_QACT) ? c->compat_type : 0;
}

bool sim_queue_exists(const struct sim *s, unsigned int apid, unsigned int apqi)
{
	return apqi <= sim_max_apqi(s) && sim_card_type(s, apid) && sim_test(&s->usage, apqi);
}

/*
 * ap_device_probe(): APQNs in apmask x aqmask bind to the default driver
 * (cex4queue), all others to vfio_ap (which takes every CEX4..CEX8 queue).
 */
enum sim_qdrv sim_queue_driver(const struct sim *s, unsigned int apid, unsigned int apqi)
{
	if (!sim_queue_exists(s, apid, apqi))
		return QDRV_NONE;
	/* zcrypt cannot drive a queue whose card is in none of its modes */
	if (sim_test(&s->apmask, apid) && sim_test(&s->aqmask, apqi))
		return (s->card[apid].hwinfo & (HW_CCA | HW_ACCEL | HW_EP11)) ? QDRV_CEX4QUEUE
									   : QDRV_NONE;
	return QDRV_VFIO_AP;
}

struct sim_mdev *sim_mdev_find(const struct sim *s, const char *uuid)
{
	for (struct sim_mdev *m = s->mdevs; m; m = m->next)
		if (!strcmp(m->uuid, uuid))
			return m;
	return NULL;
}

struct sim_mdev *sim_mdev_for_apqn(const struct sim *s, unsigned int apid, unsigned int apqi)
{
	for (struct sim_mdev *m = s->mdevs; m; m = m->next)
		if (sim_test(&m->apm, apid) && sim_test(&m->aqm, apqi))
			return m;
	return NULL;
}

/*
 * vfio_ap_mdev_filter_matrix() + vfio_ap_mdev_filter_cdoms(): what the guest
 * gets. The kernel recomputes its shadow APCB on every event that can change
 * it; computing it on demand gives the same result.
 */
void sim_guest_matrix(const struct sim *s, const struct sim_mdev *m, struct sim_mask *apm,
		      struct sim_mask *aqm, struct sim_mask *adm)
{
	struct sim_mask host_apm;

	sim_qci_apm(s, &host_apm);
	sim_mask_and(apm, &m->apm, &host_apm);
	sim_mask_and(aqm, &m->aqm, &s->usage);
	sim_mask_and(adm, &m->adm, &s->control);
	for (unsigned int a = 0; a < SIM_IDS; a++) {
		if (!sim_test(apm, a))
			continue;
		for (unsigned int q = 0; q < SIM_IDS; q++) {
			if (sim_test(aqm, q) && sim_queue_driver(s, a, q) != QDRV_VFIO_AP) {
				sim_clr(apm, a);
				break;
			}
		}
	}
}

/* whether APQN (@apid, @apqi) is in sim_guest_matrix(@m), in O(domains) */
bool sim_guest_has_apqn(const struct sim *s, const struct sim_mdev *m, unsigned int apid,
			unsigned int apqi)
{
	const struct sim_card *c = &s->card[apid];

	if (!sim_test(&m->apm, apid) || !sim_test(&m->aqm, apqi) || !sim_test(&s->usage, apqi) ||
	    !c->present || !c->config)
		return false;
	for (unsigned int q = 0; q < SIM_IDS; q++)
		if (sim_test(&m->aqm, q) && sim_test(&s->usage, q) &&
		    sim_queue_driver(s, apid, q) != QDRV_VFIO_AP)
			return false;
	return true;
}

void sim_bindings(const struct sim *s, unsigned int *bound, unsigned int *total)
{
	*bound = *total = 0;
	for (unsigned int a = 0; a < SIM_IDS; a++) {
		if (!sim_card_type(s, a))
			continue;
		for (unsigned int q = 0; q < SIM_IDS; q++) {
			if (!sim_queue_exists(s, a, q))
				continue;
			(*total)++;
			if (sim_queue_driver(s, a, q) != QDRV_NONE)
				(*bound)++;
		}
	}
}

/* vfio_ap_mdev_verify_no_sharing() with assignee @self (NULL: the in_use callback) */
static int verify_no_sharing(const struct sim *s, const struct sim_mdev *self,
			     const struct sim_mask *apm, const struct sim_mask *aqm)
{
	for (const struct sim_mdev *m = s->mdevs; m; m = m->next) {
		if (m == self)
			continue;
		if (sim_mask_intersects(apm, &m->apm) && sim_mask_intersects(aqm, &m->aqm))
			return -EADDRINUSE;
	}
	return 0;
}

/* apmask_store()/aqmask_store() */
int sim_store_apmask(struct sim *s, const char *buf, bool aq)
{
	struct sim_mask *cur = aq ? &s->aqmask : &s->apmask;
	struct sim_mask newm, reserved;
	int rc;

	rc = sim_parse_bitmap_str(buf, cur, &newm);
	if (rc)
		return rc;
	if (sim_mask_eq(cur, &newm))
		return 0;
	/* bits newly given to the default drivers must not be in an mdev */
	if (sim_mask_andnot(&reserved, &newm, cur)) {
		if (aq)
			rc = verify_no_sharing(s, NULL, &s->apmask, &reserved);
		else
			rc = verify_no_sharing(s, NULL, &reserved, &s->aqmask);
		if (rc)
			return -EBUSY;
	}
	*cur = newm;
	return 0;
}

/* create_store() + mdev_device_create() */
int sim_mdev_create(struct sim *s, const char *buf, size_t count)
{
	struct sim_mdev *m, **tail;
	char str[38];

	if (count < 36 || count > 37)
		return -EINVAL;
	memset(str, 0, sizeof(str));
	memcpy(str, buf, count);
	if (!sim_uuid_valid(str))
		return -EINVAL;
	str[36] = '\0';
	for (int i = 0; i < 36; i++)
		str[i] = (char)tolower((unsigned char)str[i]);
	if (sim_mdev_find(s, str))
		return -EEXIST;
	if (s->nr_mdevs >= SIM_MAX_MDEVS)
		return -EUSERS;
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	memcpy(m->uuid, str, sizeof(m->uuid));
	for (tail = &s->mdevs; *tail; tail = &(*tail)->next)
		;
	*tail = m;
	s->nr_mdevs++;
	return 0;
}

/*
 * remove_store(): the kernel blocks in vfio_unregister_group_dev() while a
 * guest holds the device open; a single-threaded simulator cannot block, so
 * it reports EBUSY instead (documented in README).
 */
int sim_mdev_remove(struct sim *s, struct sim_mdev *m)
{
	struct sim_mdev **pp;

	if (m->guest)
		return -EBUSY;
	for (pp = &s->mdevs; *pp; pp = &(*pp)->next) {
		if (*pp == m) {
			*pp = m->next;
			free(m);
			s->nr_mdevs--;
			return 0;
		}
	}
	return -ENODEV;
}

/* vfio_ap_mdev_validate_masks() */
static int validate_masks(const struct sim *s, const struct sim_mdev *m)
{
	if (sim_mask_intersects(&m->apm, &s->apmask) && sim_mask_intersects(&m->aqm, &s->aqmask))
		return -EADDRNOTAVAIL;
	return verify_no_sharing(s, m, &m->apm, &m->aqm);
}

/* assign_/unassign_ adapter, domain, control_domain stores */
int sim_mdev_assign(struct sim *s, struct sim_mdev *m, enum sim_assign what, bool assign,
		    const char *buf)
{
	struct sim_mask *mask;
	unsigned long id, max;
	int rc;

	rc = sim_kstrtoul(buf, 0, &id);
	if (rc)
		return rc;
	switch (what) {
	case AS_ADAPTER:
		mask = &m->apm;
		max = sim_max_apid(s);
		break;
	case AS_DOMAIN:
		mask = &m->aqm;
		max = sim_max_apqi(s);
		break;
	default:
		mask = &m->adm;
		max = sim_max_apqi(s);
		break;
	}
	if (id > max)
		return -ENODEV;
	if (!assign) {
		sim_clr(mask, (unsigned int)id);
		return 0;
	}
	if (sim_test(mask, (unsigned int)id))
		return 0;
	sim_set(mask, (unsigned int)id);
	if (what == AS_CONTROL)
		return 0;
	rc = validate_masks(s, m);
	if (rc)
		sim_clr(mask, (unsigned int)id);
	return rc;
}

/* ap_config_store(): parse_bitmap() is strsep(",\n") + ap_hex2bitmap() */
static int parse_field(char **rest, struct sim_mask *m)
{
	char *tok = strsep(rest, ",\n");

	if (!tok)
		return -EINVAL;
	memset(m, 0, sizeof(*m));
	return sim_hex2bitmap(tok, m);
}

static bool over_max(const struct sim_mask *m, unsigned int max)
{
	for (unsigned int i = max + 1; i < SIM_IDS; i++)
		if (sim_test(m, i))
			return true;
	return false;
}

int sim_mdev_ap_config(struct sim *s, struct sim_mdev *m, const char *buf)
{
	/* AP_CONFIG_STRLEN: three "0x" + 64 digits + separator */
	char copy[3 * 67 + 1], *rest = copy;
	struct sim_mask apm, aqm, adm, old_apm, old_aqm, old_adm;
	int rc;

	strncpy(copy, buf, sizeof(copy) - 1);
	copy[sizeof(copy) - 1] = '\0';
	if (parse_field(&rest, &apm) || parse_field(&rest, &aqm) || parse_field(&rest, &adm))
		return -EINVAL;
	old_apm = m->apm;
	old_aqm = m->aqm;
	old_adm = m->adm;
	m->apm = apm;
	m->aqm = aqm;
	m->adm = adm;
	rc = validate_masks(s, m);
	if (!rc && (over_max(&apm, sim_max_apid(s)) || over_max(&aqm, sim_max_apqi(s)) ||
		    over_max(&adm, sim_max_apqi(s))))
		rc = -ENODEV;
	if (rc) {
		m->apm = old_apm;
		m->aqm = old_aqm;
		m->adm = old_adm;
	}
	return rc;
}
