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

/* vfio_ap's limits: vfio_ap_matrix_init() takes QCI Na/Nd with APXA as they are */
unsigned int sim_max_apid(const struct sim *s)
{
	return (s->qci_flags & QCI_APXA) ? s->na : 63;
}

unsigned int sim_max_apqi(const struct sim *s)
{
	return (s->qci_flags & QCI_APXA) ? s->nd : 15;
}

/* the AP bus's: a QCI Na or Nd of 0 keeps the defaults 63 and 15 (ap_bus.c:268-279) */
unsigned int sim_bus_max_apid(const struct sim *s)
{
	return (s->qci_flags & QCI_APXA) && s->na ? s->na : 63;
}

unsigned int sim_bus_max_apqi(const struct sim *s)
{
	return (s->qci_flags & QCI_APXA) && s->nd ? s->nd : 15;
}

/*
 * QCI APM: every adapter of the configuration, deconfigured (standby) ones
 * too. SCLP deconfigure only flips the card's config (ap_card.c:150-172);
 * the card device stays (ap_bus.c:2134-2146), which it can only while its
 * APID is in the QCI APM (ap_bus.c:2057-2066).
 */
void sim_qci_apm(const struct sim *s, struct sim_mask *apm)
{
	memset(apm, 0, sizeof(*apm));
	for (unsigned int a = 0; a < SIM_IDS; a++)
		if (s->card[a].present)
			sim_set(apm, a);
}

/* ap_get_compatible_type(): raw types above CEX8 only with QACT */
unsigned int sim_card_type(const struct sim *s, unsigned int apid)
{
	const struct sim_card *c = &s->card[apid];
	unsigned int at;

	if (apid >= SIM_IDS || !c->present || apid > sim_bus_max_apid(s))
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
	return apqi <= sim_bus_max_apqi(s) && sim_card_type(s, apid) && sim_test(&s->usage, apqi);
}

/* cex4card takes every card with a mode (zcrypt_cex4.c card probe) */
bool sim_card_bound(const struct sim *s, unsigned int apid)
{
	const struct sim_card *c = &s->card[apid];

	return s->mod_zcrypt && sim_card_type(s, apid) && !c->unbound &&
	       (c->hwinfo & (HW_CCA | HW_ACCEL | HW_EP11));
}

/*
 * The driver a probe of the queue would bind, ap_device_probe()
 * (ap_bus.c:938-985): APQNs in apmask x aqmask only to the default driver
 * (cex4queue, which refuses a card in none of its modes), all others only
 * to a non-default one (vfio_ap, which takes every CEX4..CEX8 queue); none
 * when that module is not loaded.
 */
/* cex4queue takes a queue of a card in one of its modes, when zcrypt_cex4 is loaded */
static enum sim_qdrv zcrypt_probe(const struct sim *s, unsigned int apid)
{
	return s->mod_zcrypt && (s->card[apid].hwinfo & (HW_CCA | HW_ACCEL | HW_EP11)) ?
		       QDRV_CEX4QUEUE :
		       QDRV_NONE;
}

static enum sim_qdrv probe_driver(const struct sim *s, unsigned int apid, unsigned int apqi)
{
	const char *ovr = s->card[apid].q_ovr[apqi];

	/*
	 * 6.19+: a driver_override set takes precedence over the masks and
	 * lets only the driver it names probe (ap_device_probe(),
	 * device_match_driver_override())
	 */
	if (*ovr) {
		if (!strcmp(ovr, "cex4queue"))
			return zcrypt_probe(s, apid);
		if (!strcmp(ovr, "vfio_ap"))
			return s->mod_vfio_ap ? QDRV_VFIO_AP : QDRV_NONE;
		return QDRV_NONE;
	}
	if (sim_test(&s->apmask, apid) && sim_test(&s->aqmask, apqi))
		return zcrypt_probe(s, apid);
	return s->mod_vfio_ap ? QDRV_VFIO_AP : QDRV_NONE;
}

enum sim_qdrv sim_queue_driver(const struct sim *s, unsigned int apid, unsigned int apqi)
{
	uint8_t pin = s->card[apid].q_pin[apqi];

	if (!sim_queue_exists(s, apid, apqi) || sim_test(&s->card[apid].q_unbound, apqi))
		return QDRV_NONE;
	/* still bound as before a driver_override store, while that module is loaded */
	if (pin == 1 + QDRV_VFIO_AP)
		return s->mod_vfio_ap ? QDRV_VFIO_AP : QDRV_NONE;
	if (pin == 1 + QDRV_CEX4QUEUE)
		return s->mod_zcrypt ? QDRV_CEX4QUEUE : QDRV_NONE;
	return probe_driver(s, apid, apqi);
}

bool sim_owned_by_def_drv(const struct sim *s, unsigned int apid, unsigned int apqi)
{
	/* ap_bus.c ap_owned_by_def_drv() of 6.19+: an override asks the binding */
	if (sim_queue_exists(s, apid, apqi) && s->card[apid].q_ovr[apqi][0])
		return sim_queue_driver(s, apid, apqi) == QDRV_CEX4QUEUE;
	return sim_test(&s->apmask, apid) && sim_test(&s->aqmask, apqi);
}

static bool mask_full(const struct sim_mask *m)
{
	return !~(m->w[0] & m->w[1] & m->w[2] & m->w[3]);
}

int sim_store_driver_override(struct sim *s, unsigned int apid, unsigned int apqi, const char *buf,
			      size_t len)
{
	struct sim_card *c = &s->card[apid];
	bool had = c->q_ovr[apqi][0];
	enum sim_qdrv cur;
	size_t n;

	/* not while apmask or aqmask is in use (ap_queue.c driver_override_store()) */
	if (!mask_full(&s->apmask) || !mask_full(&s->aqmask))
		return -EINVAL;
	/* __device_set_driver_override() (drivers/base/dd.c): to the first newline */
	n = strcspn(buf, "\n");
	if (n > len)
		n = len;
	if (n >= sizeof(c->q_ovr[0]))
		return -ENAMETOOLONG; /* the simulator keeps 31 characters */
	/* no reprobe: the queue keeps the driver it has until it is unbound */
	cur = sim_queue_driver(s, apid, apqi);
	c->q_pin[apqi] = cur == QDRV_NONE ? 0 : (uint8_t)(1 + cur);
	memcpy(c->q_ovr[apqi], buf, n);
	c->q_ovr[apqi][n] = '\0';
	if (had && !n)
		s->n_overrides--;
	else if (!had && n)
		s->n_overrides++;
	return 0;
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
 * vfio_ap_mdev_filter_matrix() (vfio_ap_ops.c:706-760): the shadow APCB from
 * the whole matrix: the adapters and domains in the host configuration,
 * minus every adapter with an APQN that is not bound to vfio_ap (or not
 * passable: deconfigured and check-stopped queues pass, vfio_ap_ops.c:669-682).
 * The kernel runs it only on assign, ap_config, a vfio_ap probe and host
 * config additions; unassign and unbind only clear bits (so a filtered
 * adapter stays out until the next full filter).
 */
void sim_filter_matrix(const struct sim *s, struct sim_mdev *m)
{
	struct sim_mask host_apm;

	sim_qci_apm(s, &host_apm);
	sim_mask_and(&m->sh_apm, &m->apm, &host_apm);
	sim_mask_and(&m->sh_aqm, &m->aqm, &s->usage);
	for (unsigned int a = 0; a < SIM_IDS; a++) {
		if (!sim_test(&m->sh_apm, a))
			continue;
		for (unsigned int q = 0; q < SIM_IDS; q++) {
			if (sim_test(&m->sh_aqm, q) && sim_queue_driver(s, a, q) != QDRV_VFIO_AP) {
				sim_clr(&m->sh_apm, a);
				break;
			}
		}
	}
}

/* vfio_ap_mdev_filter_cdoms() (vfio_ap_ops.c:657-667) */
void sim_filter_cdoms(const struct sim *s, struct sim_mdev *m)
{
	sim_mask_and(&m->sh_adm, &m->adm, &s->control);
}

/* status_show(): "in use" needs the APQN in the guest's shadow APCB */
bool sim_guest_has_apqn(const struct sim *s, const struct sim_mdev *m, unsigned int apid,
			unsigned int apqi)
{
	return sim_test(&m->sh_apm, apid) && sim_test(&m->sh_aqm, apqi);
}

/* vfio_ap_on_cfg_changed() -> vfio_ap_mdev_hot_unplug_cfg(): clear what left */
void sim_on_cfg_removed(struct sim *s, const struct sim_mask *apm, const struct sim_mask *aqm,
			const struct sim_mask *adm)
{
	for (struct sim_mdev *m = s->mdevs; m; m = m->next) {
		sim_mask_andnot(&m->sh_apm, &m->sh_apm, apm);
		sim_mask_andnot(&m->sh_aqm, &m->sh_aqm, aqm);
		sim_mask_andnot(&m->sh_adm, &m->sh_adm, adm);
	}
}

/*
 * ap_device_remove() (ap_bus.c:988-1010): the driver's remove, then
 * ap_queue_remove() leaves the queue UNINITIATED (ap_queue.c:1295-1306).
 * vfio_ap_mdev_remove_queue() (vfio_ap_ops.c:2458-2488) unplugs the whole
 * adapter from the guest if the APQN was in its shadow.
 */
void sim_on_queue_removed(struct sim *s, unsigned int apid, unsigned int apqi, enum sim_qdrv drv)
{
	struct sim_mdev *m;

	sim_set(&s->card[apid].q_uninit, apqi);
	if (drv != QDRV_VFIO_AP)
		return;
	m = sim_mdev_for_apqn(s, apid, apqi);
	if (m && sim_guest_has_apqn(s, m, apid, apqi))
		sim_clr(&m->sh_apm, apid);
}

/*
 * A probe. cex4queue: a new zcrypt queue, online (zcrypt_queue.c:176) and
 * initialised (zcrypt_cex4.c:680). vfio_ap: vfio_ap_mdev_probe_queue()
 * filters the matrix of the mdev the APQN is assigned to, unless host
 * config additions for that mdev are pending (then on_scan_complete does).
 */
void sim_on_queue_probed(struct sim *s, unsigned int apid, unsigned int apqi, enum sim_qdrv drv,
			 const struct sim_mask *apm_add, const struct sim_mask *aqm_add)
{
	struct sim_card *c = &s->card[apid];
	struct sim_mdev *m;

	if (drv == QDRV_CEX4QUEUE) {
		sim_clr(&c->q_offline, apqi);
		sim_clr(&c->q_uninit, apqi);
		return;
	}
	if (drv != QDRV_VFIO_AP)
		return;
	m = sim_mdev_for_apqn(s, apid, apqi);
	if (m && !sim_mask_intersects(apm_add, &m->apm) && !sim_mask_intersects(aqm_add, &m->aqm))
		sim_filter_matrix(s, m);
}

/* a new queue device: initialised unless deconfigured or check-stopped (ap_bus.c:1945-1965) */
void sim_on_queue_created(struct sim *s, unsigned int apid, unsigned int apqi)
{
	struct sim_card *c = &s->card[apid];

	if (c->config && !c->chkstop)
		sim_clr(&c->q_uninit, apqi);
	else
		sim_set(&c->q_uninit, apqi);
	sim_clr(&c->q_offline, apqi);
	/* a new device: no driver_override (the kernel's counter keeps the old one) */
	c->q_ovr[apqi][0] = '\0';
	c->q_pin[apqi] = 0;
}

/* vfio_ap_on_scan_complete() -> vfio_ap_mdev_hot_plug_cfg() */
void sim_on_scan_complete(struct sim *s, const struct sim_mask *apm, const struct sim_mask *aqm,
			  const struct sim_mask *adm)
{
	for (struct sim_mdev *m = s->mdevs; m; m = m->next) {
		if (sim_mask_intersects(apm, &m->apm) || sim_mask_intersects(aqm, &m->aqm))
			sim_filter_matrix(s, m);
		if (sim_mask_intersects(adm, &m->adm))
			sim_filter_cdoms(s, m);
	}
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

/*
 * __ap_revise_reserved() (ap_bus.c:849-872), run for every queue device
 * after a mask change, reads to_ap_drv(dev->driver)->flags without checking
 * dev->driver: a queue device bound to no driver (manually unbound, a card
 * in no mode in apmask x aqmask, a driver module not loaded) is a NULL
 * pointer dereference in 6.12. The simulator logs and counts it (ctl
 * stats) and carries on.
 */
static void note_revise_oops(struct sim *s)
{
	for (unsigned int a = 0; a < SIM_IDS; a++) {
		if (!sim_card_type(s, a))
			continue;
		for (unsigned int q = 0; q < SIM_IDS; q++) {
			if (sim_queue_exists(s, a, q) && sim_queue_driver(s, a, q) == QDRV_NONE) {
				s->oopses++;
				sim_log(s,
					"6.12 oops: mask change with queue %02x.%04x bound to no "
					"driver: NULL dev->driver in __ap_revise_reserved "
					"(ap_bus.c:861)",
					a, q);
				return;
			}
		}
	}
}

/* apmask_store()/aqmask_store() */
int sim_store_apmask(struct sim *s, const char *buf, bool aq)
{
	struct sim_mask *cur = aq ? &s->aqmask : &s->apmask;
	struct sim_mask newm, reserved;
	int rc;

	/* 6.19+: not while a driver_override is set (ap_bus.c apmask_store()) */
	if (s->n_overrides)
		return -EINVAL;
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
	note_revise_oops(s);
	*cur = newm;
	return 0;
}

struct sim_mdev *sim_mdev_by_group(const struct sim *s, unsigned int group)
{
	for (struct sim_mdev *m = s->mdevs; m; m = m->next)
		if (m->iommu_group == group)
			return m;
	return NULL;
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
	/* iommu_group_alloc(): the lowest free ID (ida_alloc) */
	while (sim_mdev_by_group(s, m->iommu_group))
		m->iommu_group++;
	for (tail = &s->mdevs; *tail; tail = &(*tail)->next)
		;
	*tail = m;
	s->nr_mdevs++;
	return 0;
}

/*
 * mdev_device_remove(): the device goes. The wait for the guest to let go
 * (vfio_main.c:385-430) is the caller's (attrs.c store_remove).
 */
int sim_mdev_remove(struct sim *s, struct sim_mdev *m)
{
	struct sim_mdev **pp;

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
	if (s->n_overrides) {
		/* ap_apqn_in_matrix_owned_by_def_drv(): each APQN */
		for (unsigned int a = 0; a < SIM_IDS; a++)
			for (unsigned int q = 0; sim_test(&m->apm, a) && q < SIM_IDS; q++)
				if (sim_test(&m->aqm, q) && sim_owned_by_def_drv(s, a, q))
					return -EADDRNOTAVAIL;
	} else if (sim_mask_intersects(&m->apm, &s->apmask) &&
		   sim_mask_intersects(&m->aqm, &s->aqmask)) {
		return -EADDRNOTAVAIL;
	}
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
		/* unassign_*_store(): the bit leaves the shadow too, nothing is re-filtered */
		sim_clr(mask, (unsigned int)id);
		sim_clr(what == AS_ADAPTER ? &m->sh_apm :
			what == AS_DOMAIN  ? &m->sh_aqm :
					     &m->sh_adm,
			(unsigned int)id);
		return 0;
	}
	if (sim_test(mask, (unsigned int)id))
		return 0;
	sim_set(mask, (unsigned int)id);
	if (what == AS_CONTROL) {
		sim_filter_cdoms(s, m);
		return 0;
	}
	rc = validate_masks(s, m);
	if (rc)
		sim_clr(mask, (unsigned int)id);
	else
		sim_filter_matrix(s, m);
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
		return rc;
	}
	sim_filter_matrix(s, m);
	sim_filter_cdoms(s, m);
	return 0;
}

/* @n lower-case hex digits, or -1 */
static int hexn(const char *p, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)p[i]) || isupper((unsigned char)p[i]))
			return -1;
		v = v * 16 + (isdigit((unsigned char)p[i]) ? p[i] - '0' : p[i] - 'a' + 10);
	}
	return v;
}

/* the device a bus store names: sysfs_streq(), one trailing newline allowed */
static int parse_devname(const char *buf, int *card, int *dom)
{
	size_t len = strcspn(buf, "\n");

	if (buf[len] && buf[len + 1])
		return -ENODEV;
	*dom = -1;
	if (len == 6 && !strncmp(buf, "card", 4)) {
		*card = hexn(buf + 4, 2);
		return *card < 0 ? -ENODEV : 0;
	}
	if (len == 7 && buf[2] == '.') {
		*card = hexn(buf, 2);
		*dom = hexn(buf + 3, 4);
		return *card < 0 || *dom < 0 ? -ENODEV : 0;
	}
	return -ENODEV;
}

static bool dev_exists(const struct sim *s, int card, int dom)
{
	if (card < 0 || card >= SIM_IDS || !sim_card_type(s, (unsigned int)card))
		return false;
	return dom < 0 ||
	       (dom < SIM_IDS && sim_queue_exists(s, (unsigned int)card, (unsigned int)dom));
}

/*
 * bus.c bind_store()/unbind_store() (drivers/base/bus.c:240-280): unbind
 * needs the device bound to this driver (else ENODEV); bind needs the
 * driver to match the device (ap_bus_match: cex4card cards, cex4queue and
 * vfio_ap queues, else ENODEV), no driver yet (EBUSY, dd.c:845) and the
 * probe to succeed (ap_device_probe's mask rule, else ENODEV).
 */
int sim_driver_bind(struct sim *s, int drv, const char *buf, bool bind)
{
	int card, dom;
	struct sim_card *c;

	if (parse_devname(buf, &card, &dom) || !dev_exists(s, card, dom))
		return -ENODEV;
	c = &s->card[card];
	if (dom < 0) {
		if (drv != 0)
			return -ENODEV;
		if (!bind) {
			if (!sim_card_bound(s, (unsigned int)card))
				return -ENODEV;
			c->unbound = true;
			return 0;
		}
		if (sim_card_bound(s, (unsigned int)card))
			return -EBUSY;
		c->unbound = false;
		return sim_card_bound(s, (unsigned int)card) ? 0 : (c->unbound = true, -ENODEV);
	}
	if (drv == 0)
		return -ENODEV;
	if (!bind) {
		if (sim_queue_driver(s, (unsigned int)card, (unsigned int)dom) !=
		    (drv == 1 ? QDRV_CEX4QUEUE : QDRV_VFIO_AP))
			return -ENODEV;
		sim_set(&c->q_unbound, (unsigned int)dom);
		c->q_pin[dom] = 0;
		return 0;
	}
	if (sim_queue_driver(s, (unsigned int)card, (unsigned int)dom) != QDRV_NONE)
		return -EBUSY;
	if (probe_driver(s, (unsigned int)card, (unsigned int)dom) !=
	    (drv == 1 ? QDRV_CEX4QUEUE : QDRV_VFIO_AP))
		return -ENODEV;
	sim_clr(&c->q_unbound, (unsigned int)dom);
	return 0;
}

/* drivers_probe_store() + bus_rescan_devices_helper(): probe an unbound device */
int sim_drivers_probe(struct sim *s, const char *buf)
{
	int card, dom;

	if (parse_devname(buf, &card, &dom) || !dev_exists(s, card, dom))
		return -ENODEV;
	if (dom < 0)
		s->card[card].unbound = false;
	else if (probe_driver(s, (unsigned int)card, (unsigned int)dom) != QDRV_NONE)
		sim_clr(&s->card[card].q_unbound, (unsigned int)dom);
	return 0;
}

/*
 * modprobe/rmmod. Loading a driver attaches it to every device it takes
 * (driver_register -> driver_attach), manually unbound ones too. Unloading
 * vfio_ap removes every mdev (mdev_unregister_parent) and is refused while
 * a guest holds one open (the open vfio device holds a module reference).
 */
int sim_module_load(struct sim *s, const char *name, bool load)
{
	bool vfio = !strcmp(name, "vfio_ap");
	bool *mod = vfio ? &s->mod_vfio_ap : &s->mod_zcrypt;

	if (!vfio && strcmp(name, "zcrypt_cex4"))
		return -ENOENT;
	if (*mod == load)
		return load ? -EEXIST : -ENOENT;
	if (!load && vfio) {
		for (struct sim_mdev *m = s->mdevs; m; m = m->next)
			if (m->guest || m->removing)
				return -EBUSY;
		while (s->mdevs)
			sim_mdev_remove(s, s->mdevs);
	}
	*mod = load;
	/* the driver's devices are released (unload) or probed afresh (load) */
	for (unsigned int a = 0; a < SIM_IDS; a++)
		for (unsigned int q = 0; q < SIM_IDS; q++)
			if (s->card[a].q_pin[q] == 1 + (vfio ? QDRV_VFIO_AP : QDRV_CEX4QUEUE))
				s->card[a].q_pin[q] = 0;
	if (!load)
		return 0;
	if (vfio)
		s->mod_mdev = true;
	for (unsigned int a = 0; a < SIM_IDS; a++) {
		struct sim_card *c = &s->card[a];

		if (!vfio)
			c->unbound = false;
		for (unsigned int q = 0; q < SIM_IDS; q++)
			if (probe_driver(s, a, q) == (vfio ? QDRV_VFIO_AP : QDRV_CEX4QUEUE))
				sim_clr(&c->q_unbound, q);
	}
	return 0;
}
