// SPDX-License-Identifier: GPL-2.0-only
/*
 * show()/store() of every simulated sysfs attribute, with the formats of
 * Linux 6.12 (ap_bus.c, ap_card.c, ap_queue.c, zcrypt_card.c,
 * zcrypt_queue.c, vfio_ap_drv.c, vfio_ap_ops.c, mdev_sysfs.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FUSE_USE_VERSION 35
#include <fuse.h>

#include "attrs.h"

/* the writing task's pid and name, for the kernel's log lines */
static pid_t fuse_pid(char *comm, size_t len)
{
	struct fuse_context *c = fuse_get_context();
	char path[64];
	FILE *f;

	snprintf(comm, len, "?");
	if (!c)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)c->pid);
	f = fopen(path, "r");
	if (f) {
		if (fgets(comm, (int)len, f))
			comm[strcspn(comm, "\n")] = '\0';
		fclose(f);
	}
	return c->pid;
}

const char *const sim_ap_drivers[3] = { "cex4card", "cex4queue", "vfio_ap" };
const char *const sim_modules[SIM_NR_MODULES] = { "ap", "zcrypt_cex4", "vfio_ap", "mdev" };

/* sysfs_emit_at(): vscnprintf into the page, at most PAGE_SIZE - 1 characters */
void sbuf_printf(struct sim_buf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->n >= SIM_PAGE - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->b + sb->n, SIM_PAGE - sb->n, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->n += (size_t)n;
	if (sb->n > SIM_PAGE - 1)
		sb->n = SIM_PAGE - 1;
}

static void put_mask(struct sim_buf *sb, const struct sim_mask *m)
{
	char hex[67];

	sim_mask_hex(m, hex);
	sbuf_printf(sb, "%s\n", hex);
}

/* ------------------------------------------------------------ /sys/bus/ap */

#define SHOW(fn) static int fn(struct sim *s, const struct sim_node *n, struct sim_buf *sb)
#define STORE(fn) \
	static int fn(struct sim *s, const struct sim_node *n, const char *buf, size_t len)

SHOW(show_one)
{
	sbuf_printf(sb, "1\n");
	return 0;
}

SHOW(show_zero)
{
	sbuf_printf(sb, "0\n");
	return 0;
}

SHOW(show_empty)
{
	sbuf_printf(sb, "\n");
	return 0;
}

SHOW(show_nothing)
{
	return 0;
}

STORE(store_ignore)
{
	return 0;
}

/* uevent_store() -> kobject_synth_uevent(): which kobject this file is */
STORE(store_uevent)
{
	static const char *const buses[] = {
		[D_BUS_AP] = "ap", [D_BUS_MATRIX] = "matrix", [D_BUS_MDEV] = "mdev"
	};
	struct sim_devref d = { SIM_DEV_OTHER, n->card, n->dom, NULL, NULL };
	char path[96];

	switch (n->dir) {
	case D_CARD:
		d.kind = SIM_DEV_CARD;
		break;
	case D_QUEUE:
		d.kind = SIM_DEV_QUEUE;
		break;
	case D_MATRIX:
		d.kind = SIM_DEV_MATRIX;
		break;
	case D_MDEV:
		d.kind = SIM_DEV_MDEV;
		d.name = n->mdev->uuid;
		break;
	case D_DEV_AP:
		d.name = "/devices/ap";
		d.subsystem = "ap";
		break;
	case D_BUS_AP:
	case D_BUS_MATRIX:
	case D_BUS_MDEV:
		snprintf(path, sizeof(path), "/bus/%s", buses[n->dir]);
		d.name = path;
		d.subsystem = "bus";
		break;
	case D_AP_DRV:
	case D_MATRIX_DRV:
	case D_MDEV_DRV:
		snprintf(path, sizeof(path), "/bus/%s/drivers/%s",
			 n->dir == D_AP_DRV	? "ap" :
			 n->dir == D_MATRIX_DRV ? "matrix" :
						  "mdev",
			 n->dir == D_AP_DRV	? sim_ap_drivers[n->drv] :
			 n->dir == D_MATRIX_DRV ? "vfio_ap" :
						  "vfio_ap_mdev");
		d.name = path;
		d.subsystem = "drivers";
		break;
	case D_MOD:
		snprintf(path, sizeof(path), "/module/%s", sim_modules[n->drv]);
		d.name = path;
		d.subsystem = "module";
		break;
	default:
		d.kind = SIM_DEV_FILTERED;
		break;
	}
	return sim_uevent_synth(s, &d, buf, len);
}

/* bus.c bind_store()/unbind_store() of the AP drivers */
STORE(store_bind)
{
	return sim_driver_bind(s, n->drv, buf, true);
}

STORE(store_unbind)
{
	return sim_driver_bind(s, n->drv, buf, false);
}

STORE(store_drivers_probe)
{
	return sim_drivers_probe(s, buf);
}

SHOW(show_ap_domain)
{
	sbuf_printf(sb, "%d\n", s->ap_domain);
	return 0;
}

STORE(store_ap_domain)
{
	int d;

	if (sim_scan_int(buf, &d) || d < 0 || (unsigned int)d > sim_bus_max_apqi(s) ||
	    !sim_test(&s->aqmask, (unsigned int)d))
		return -EINVAL;
	s->ap_domain = d;
	return 0;
}

/* the QCI masks; "not supported" without QCI (ap_bus.c:1292-1332) */
SHOW(show_cdm)
{
	if (!s->qci_flags)
		sbuf_printf(sb, "not supported\n");
	else
		put_mask(sb, &s->control);
	return 0;
}

SHOW(show_udm)
{
	if (!s->qci_flags)
		sbuf_printf(sb, "not supported\n");
	else
		put_mask(sb, &s->usage);
	return 0;
}

SHOW(show_apm)
{
	struct sim_mask apm;

	if (!s->qci_flags) {
		sbuf_printf(sb, "not supported\n");
		return 0;
	}
	sim_qci_apm(s, &apm);
	put_mask(sb, &apm);
	return 0;
}

SHOW(show_config_time)
{
	sbuf_printf(sb, "%d\n", s->config_time);
	return 0;
}

STORE(store_config_time)
{
	int t;

	if (sim_scan_d(buf, &t) || t < 5 || t > 120)
		return -EINVAL;
	s->config_time = t;
	return 0;
}

SHOW(show_poll_thread)
{
	sbuf_printf(sb, "%d\n", s->poll_thread);
	return 0;
}

/* kstrtobool: first character decides */
STORE(store_poll_thread)
{
	switch (buf[0]) {
	case 'y':
	case 'Y':
	case '1':
	case 't':
	case 'T':
		s->poll_thread = 1;
		return 0;
	case 'n':
	case 'N':
	case '0':
	case 'f':
	case 'F':
		s->poll_thread = 0;
		return 0;
	case 'o':
	case 'O':
		if (buf[1] == 'n' || buf[1] == 'N') {
			s->poll_thread = 1;
			return 0;
		}
		if (buf[1] == 'f' || buf[1] == 'F') {
			s->poll_thread = 0;
			return 0;
		}
		break;
	}
	return -EINVAL;
}

SHOW(show_poll_timeout)
{
	sbuf_printf(sb, "%lu\n", s->poll_timeout);
	return 0;
}

STORE(store_poll_timeout)
{
	unsigned long t;
	int rc = sim_kstrtoul(buf, 0, &t);

	if (rc)
		return rc;
	if (t > 120000000000UL)
		return -EINVAL;
	s->poll_timeout = t;
	return 0;
}

SHOW(show_max_domain)
{
	sbuf_printf(sb, "%u\n", sim_bus_max_apqi(s));
	return 0;
}

SHOW(show_max_adapter)
{
	sbuf_printf(sb, "%u\n", sim_bus_max_apid(s));
	return 0;
}

SHOW(show_apmask)
{
	put_mask(sb, &s->apmask);
	return 0;
}

STORE(store_apmask)
{
	return sim_store_apmask(s, buf, false);
}

SHOW(show_aqmask)
{
	put_mask(sb, &s->aqmask);
	return 0;
}

STORE(store_aqmask)
{
	return sim_store_apmask(s, buf, true);
}

SHOW(show_scans)
{
	sbuf_printf(sb, "%llu\n", s->scans);
	return 0;
}

STORE(store_scans)
{
	s->scans++;
	return 0;
}

SHOW(show_bindings)
{
	unsigned int bound, total;

	sim_bindings(s, &bound, &total);
	if (bound == total)
		sbuf_printf(sb, "%u/%u (complete)\n", bound, total);
	else
		sbuf_printf(sb, "%u/%u\n", bound, total);
	return 0;
}

SHOW(show_bus_features)
{
	static const char *const names[] = { "APSC", "APXA", "QACT", "RC8A", "APSB" };
	const char *sep = "";

	for (unsigned int i = 0; i < 5; i++) {
		if (s->qci_flags & (1u << i)) {
			sbuf_printf(sb, "%s%s", sep, names[i]);
			sep = " ";
		}
	}
	sbuf_printf(sb, "%s\n", *sep ? "" : "-");
	return 0;
}

const struct sim_attr sim_bus_ap_attrs[] = {
	{ "ap_domain", 0644, show_ap_domain, store_ap_domain },
	{ "ap_control_domain_mask", 0444, show_cdm },
	{ "ap_usage_domain_mask", 0444, show_udm },
	{ "ap_adapter_mask", 0444, show_apm },
	{ "config_time", 0644, show_config_time, store_config_time },
	{ "poll_thread", 0644, show_poll_thread, store_poll_thread },
	{ "ap_interrupts", 0444, show_one },
	{ "poll_timeout", 0644, show_poll_timeout, store_poll_timeout },
	{ "ap_max_domain_id", 0444, show_max_domain },
	{ "ap_max_adapter_id", 0444, show_max_adapter },
	{ "apmask", 0644, show_apmask, store_apmask },
	{ "aqmask", 0644, show_aqmask, store_aqmask },
	{ "scans", 0644, show_scans, store_scans },
	{ "bindings", 0444, show_bindings },
	{ "features", 0444, show_bus_features },
	{ "drivers_autoprobe", 0644, show_one, store_ignore },
	{ "drivers_probe", 0200, NULL, store_drivers_probe },
	{ "uevent", 0200, NULL, store_uevent },
	{ NULL },
};

/* /sys/bus/{matrix,mdev} */
const struct sim_attr sim_bus_common_attrs[] = {
	{ "drivers_autoprobe", 0644, show_one, store_ignore },
	{ "drivers_probe", 0200, NULL, store_ignore },
	{ "uevent", 0200, NULL, store_uevent },
	{ NULL },
};

/*
 * driver directories: the AP drivers have bind/unbind (drivers/base/bus.c);
 * vfio_ap's matrix driver suppresses them (vfio_ap_drv.c:82); the mdev
 * driver's are not modelled (see README)
 */
const struct sim_attr sim_drv_attrs[] = {
	{ "uevent", 0200, NULL, store_uevent },
	{ NULL },
};

const struct sim_attr sim_ap_drv_attrs[] = {
	{ "bind", 0200, NULL, store_bind },
	{ "unbind", 0200, NULL, store_unbind },
	{ "uevent", 0200, NULL, store_uevent },
	{ NULL },
};

/*
 * /sys/devices/ap, /sys/devices/vfio_ap: root devices; uevent reads empty
 * (ap_uevent() adds nothing for the AP root, and the vfio_ap root has no bus
 * and is filtered, drivers/base/core.c:2666-2678)
 */
const struct sim_attr sim_uevent_only_attrs[] = {
	{ "uevent", 0644, show_nothing, store_uevent },
	{ NULL },
};

/* ------------------------------------------------------------ cards */

static const struct sim_card *ncard(const struct sim *s, const struct sim_node *n)
{
	return &s->card[n->card];
}

static const char *mode_name(uint64_t hw)
{
	if (hw & HW_ACCEL)
		return "accel";
	if (hw & HW_CCA)
		return "cca";
	if (hw & HW_EP11)
		return "ep11";
	return NULL;
}

/* uevent_show(): dev_uevent() (drivers/base/core.c:2719-2780) + ap_uevent() */
SHOW(show_card_uevent)
{
	const char *mode = mode_name(ncard(s, n)->hwinfo);
	unsigned int t = sim_card_type(s, (unsigned int)n->card);

	sbuf_printf(sb, "DEVTYPE=ap_card\n");
	if (sim_card_bound(s, (unsigned int)n->card))
		sbuf_printf(sb, "DRIVER=cex4card\n");
	sbuf_printf(sb, "DEV_TYPE=%04X\nMODALIAS=ap:t%02X\n", t, t);
	if (mode)
		sbuf_printf(sb, "MODE=%s\n", mode);
	return 0;
}

SHOW(show_hwtype)
{
	sbuf_printf(sb, "%u\n", sim_card_type(s, (unsigned int)n->card));
	return 0;
}

SHOW(show_raw_hwtype)
{
	sbuf_printf(sb, "%u\n", hw_at(ncard(s, n)->hwinfo));
	return 0;
}

SHOW(show_depth)
{
	sbuf_printf(sb, "%u\n", (unsigned int)((ncard(s, n)->hwinfo >> HW_QD_SHIFT) & 0xf) + 1);
	return 0;
}

/* card: the hwinfo kept at creation, masked (ap_card.c:52-58, ap_bus.c:2106) */
SHOW(show_ap_functions)
{
	sbuf_printf(sb, "0x%08X\n", hw_fac(ncard(s, n)->hwinfo));
	return 0;
}

/* queue: a live TAPQ with T=1 (ap_queue.c:696-712), all 32 facility bits */
SHOW(show_queue_ap_functions)
{
	sbuf_printf(sb, "0x%08X\n", hw_fac(ncard(s, n)->tapq));
	return 0;
}

SHOW(show_modalias)
{
	sbuf_printf(sb, "ap:t%02X\n", sim_card_type(s, (unsigned int)n->card));
	return 0;
}

SHOW(show_card_config)
{
	sbuf_printf(sb, "%d\n", ncard(s, n)->config);
	return 0;
}

/* config_store(): SCLP configure/deconfigure (ap_card.c:150-172) */
STORE(store_card_config)
{
	struct sim_card *c = &s->card[n->card];
	int cfg;

	if (sim_scan_d(buf, &cfg) || cfg < 0 || cfg > 1)
		return -EINVAL;
	c->config = cfg;
	return 0;
}

SHOW(show_card_chkstop)
{
	sbuf_printf(sb, "%d\n", ncard(s, n)->chkstop);
	return 0;
}

SHOW(show_max_msg_size)
{
	unsigned int ml = (unsigned int)(ncard(s, n)->hwinfo >> HW_ML_SHIFT) & 0xf;

	sbuf_printf(sb, "%u\n", ml ? ml * 4096 : 12288);
	return 0;
}

/* zcrypt's card attributes exist while cex4card drives the card */
static bool card_bound(const struct sim *s, const struct sim_node *n)
{
	return sim_card_bound(s, (unsigned int)n->card);
}

SHOW(show_card_type)
{
	const char *mode = mode_name(ncard(s, n)->hwinfo);
	unsigned int t = sim_card_type(s, (unsigned int)n->card);

	sbuf_printf(sb, "CEX%u%c\n", t - 6,
		    !strcmp(mode, "accel") ? 'A' :
		    !strcmp(mode, "cca")   ? 'C' :
					     'P');
	return 0;
}

SHOW(show_card_online)
{
	const struct sim_card *c = ncard(s, n);

	sbuf_printf(sb, "%d\n", c->config && !c->chkstop && c->online);
	return 0;
}

/* zcrypt_card.c online_store() */
STORE(store_card_online)
{
	struct sim_card *c = &s->card[n->card];
	int online;

	if (sim_scan_d(buf, &online) || online < 0 || online > 1)
		return -EINVAL;
	if (online && (!c->config || c->chkstop))
		return -ENODEV;
	c->online = online;
	memset(&c->q_offline, online ? 0 : 0xff, sizeof(c->q_offline));
	return 0;
}

static bool is_cca_or_ep11(const struct sim *s, const struct sim_node *n)
{
	return card_bound(s, n) && !(ncard(s, n)->hwinfo & HW_ACCEL);
}

static bool is_ep11(const struct sim *s, const struct sim_node *n)
{
	return card_bound(s, n) && (ncard(s, n)->hwinfo & (HW_ACCEL | HW_CCA)) == 0;
}

SHOW(show_serialnr)
{
	sbuf_printf(sb, "93AAPSIM%08X\n", 0x10000u + (unsigned int)n->card);
	return 0;
}

SHOW(show_api_ordinalnr)
{
	sbuf_printf(sb, "%u\n", 6u);
	return 0;
}

SHOW(show_fw_version)
{
	sbuf_printf(sb, "%d.%d\n", 7, 17);
	return 0;
}

const struct sim_attr sim_card_attrs[] = {
	{ "uevent", 0644, show_card_uevent, store_uevent },
	{ "hwtype", 0444, show_hwtype },
	{ "raw_hwtype", 0444, show_raw_hwtype },
	{ "depth", 0444, show_depth },
	{ "ap_functions", 0444, show_ap_functions },
	{ "request_count", 0644, show_zero, store_ignore },
	{ "requestq_count", 0444, show_zero },
	{ "pendingq_count", 0444, show_zero },
	{ "modalias", 0444, show_modalias },
	{ "config", 0644, show_card_config, store_card_config },
	{ "chkstop", 0444, show_card_chkstop },
	{ "max_msg_size", 0444, show_max_msg_size },
	{ "type", 0444, show_card_type, NULL, card_bound },
	{ "online", 0644, show_card_online, store_card_online, card_bound },
	{ "load", 0444, show_zero, NULL, card_bound },
	{ "serialnr", 0444, show_serialnr, NULL, is_cca_or_ep11 },
	{ "API_ordinalnr", 0444, show_api_ordinalnr, NULL, is_ep11 },
	{ "FW_version", 0444, show_fw_version, NULL, is_ep11 },
	{ "op_modes", 0444, show_empty, NULL, is_ep11 },
	{ NULL },
};

/* ------------------------------------------------------------ queues */

static enum sim_qdrv qdrv(const struct sim *s, const struct sim_node *n)
{
	return sim_queue_driver(s, (unsigned int)n->card, (unsigned int)n->dom);
}

SHOW(show_queue_uevent)
{
	const char *mode = mode_name(ncard(s, n)->hwinfo);
	enum sim_qdrv d = qdrv(s, n);

	sbuf_printf(sb, "DEVTYPE=ap_queue\n");
	if (d != QDRV_NONE)
		sbuf_printf(sb, "DRIVER=%s\n", d == QDRV_VFIO_AP ? "vfio_ap" : "cex4queue");
	if (mode)
		sbuf_printf(sb, "MODE=%s\n", mode);
	return 0;
}

SHOW(show_reset)
{
	sbuf_printf(sb, "No Reset Timer set.\n");
	return 0;
}

SHOW(show_interrupt)
{
	sbuf_printf(sb, "Interrupts enabled.\n");
	return 0;
}

static bool on_cex4queue(const struct sim *s, const struct sim_node *n)
{
	return qdrv(s, n) == QDRV_CEX4QUEUE;
}

static bool on_vfio_ap(const struct sim *s, const struct sim_node *n)
{
	return qdrv(s, n) == QDRV_VFIO_AP;
}

/* zcrypt_queue.c online_show(): the queue's own state, not the card's */
SHOW(show_queue_online)
{
	const struct sim_card *c = ncard(s, n);

	sbuf_printf(sb, "%d\n",
		    c->config && !c->chkstop && !sim_test(&c->q_offline, (unsigned int)n->dom));
	return 0;
}

/* request_count_show(): "-" while the queue is UNINITIATED (ap_queue.c:535-552) */
SHOW(show_queue_request_count)
{
	sbuf_printf(sb, "%s\n", sim_test(&ncard(s, n)->q_uninit, (unsigned int)n->dom) ? "-" : "0");
	return 0;
}

/* zcrypt_cex4.c cca_mkvps_show(): no master key information on a simulated card */
SHOW(show_cca_mkvps)
{
	static const char *const k[] = { "AES", "APKA", "ASYM" };
	static const char *const w[] = { "NEW", "CUR", "OLD" };

	for (unsigned int i = 0; i < 3; i++)
		for (unsigned int j = 0; j < 3; j++)
			sbuf_printf(sb, "%s %s: - -\n", k[i], w[j]);
	return 0;
}

/* ep11_mkvps_show() */
SHOW(show_ep11_mkvps)
{
	sbuf_printf(sb, "WK CUR: - -\nWK NEW: - -\n");
	return 0;
}

static bool queue_cca(const struct sim *s, const struct sim_node *n)
{
	return qdrv(s, n) == QDRV_CEX4QUEUE && (ncard(s, n)->hwinfo & HW_CCA) &&
	       !(ncard(s, n)->hwinfo & HW_ACCEL);
}

static bool queue_ep11(const struct sim *s, const struct sim_node *n)
{
	return qdrv(s, n) == QDRV_CEX4QUEUE &&
	       (ncard(s, n)->hwinfo & (HW_ACCEL | HW_CCA | HW_EP11)) == HW_EP11;
}

/* zcrypt_queue.c online_store() */
STORE(store_queue_online)
{
	struct sim_card *c = &s->card[n->card];
	int online;

	if (sim_scan_d(buf, &online) || online < 0 || online > 1)
		return -EINVAL;
	if (online && (!c->config || c->chkstop))
		return -ENODEV;
	if (online && !c->online)
		return -EINVAL;
	if (online)
		sim_clr(&c->q_offline, (unsigned int)n->dom);
	else
		sim_set(&c->q_offline, (unsigned int)n->dom);
	return 0;
}

/* 6.19+: the queue's driver_override, "\n" when unset (ap_queue.c driver_override_show()) */
static bool has_driver_override(const struct sim *s, const struct sim_node *n)
{
	(void)n;
	return s->driver_override;
}

SHOW(show_queue_driver_override)
{
	sbuf_printf(sb, "%s\n", ncard(s, n)->q_ovr[n->dom]);
	return 0;
}

STORE(store_queue_driver_override)
{
	/* the value fits in a page with its newline (drivers/base/dd.c) */
	if (len >= SIM_PAGE - 1)
		return -EINVAL;
	return sim_store_driver_override(s, (unsigned int)n->card, (unsigned int)n->dom, buf, len);
}

/* vfio_ap_ops.c status_show() */
SHOW(show_queue_status)
{
	unsigned int a = (unsigned int)n->card, q = (unsigned int)n->dom;
	struct sim_mdev *m = sim_mdev_for_apqn(s, a, q);

	if (!m)
		sbuf_printf(sb, "unassigned\n");
	else if (m->guest && sim_guest_has_apqn(s, m, a, q))
		sbuf_printf(sb, "in use\n");
	else
		sbuf_printf(sb, "assigned\n");
	return 0;
}

const struct sim_attr sim_queue_attrs[] = {
	{ "uevent", 0644, show_queue_uevent, store_uevent },
	{ "request_count", 0644, show_queue_request_count, store_ignore },
	{ "requestq_count", 0444, show_zero },
	{ "pendingq_count", 0444, show_zero },
	{ "reset", 0644, show_reset, store_ignore },
	{ "interrupt", 0444, show_interrupt },
	{ "config", 0444, show_card_config },
	{ "chkstop", 0444, show_card_chkstop },
	{ "ap_functions", 0444, show_queue_ap_functions },
	{ "online", 0644, show_queue_online, store_queue_online, on_cex4queue },
	{ "load", 0444, show_zero, NULL, on_cex4queue },
	{ "mkvps", 0444, show_cca_mkvps, NULL, queue_cca },
	{ "mkvps", 0444, show_ep11_mkvps, NULL, queue_ep11 },
	{ "op_modes", 0444, show_empty, NULL, queue_ep11 },
	{ "status", 0444, show_queue_status, NULL, on_vfio_ap },
	{ "driver_override", 0644, show_queue_driver_override, store_queue_driver_override,
	  has_driver_override },
	{ NULL },
};

/* ------------------------------------------------------------ vfio_ap matrix */

SHOW(show_matrix_uevent)
{
	sbuf_printf(sb, "DRIVER=vfio_ap\n");
	return 0;
}

SHOW(show_matrix_features)
{
	sbuf_printf(sb, "guest_matrix hotplug ap_config%s\n", s->migratable ? " migratable" : "");
	return 0;
}

const struct sim_attr sim_matrix_attrs[] = {
	{ "uevent", 0644, show_matrix_uevent, store_uevent },
	{ "features", 0444, show_matrix_features },
	{ NULL },
};

STORE(store_create)
{
	return sim_mdev_create(s, buf, len);
}

SHOW(show_type_name)
{
	sbuf_printf(sb, "VFIO AP Passthrough Device\n");
	return 0;
}

SHOW(show_device_api)
{
	sbuf_printf(sb, "vfio-ap\n");
	return 0;
}

SHOW(show_available)
{
	sbuf_printf(sb, "%u\n", SIM_MAX_MDEVS - s->nr_mdevs);
	return 0;
}

const struct sim_attr sim_type_attrs[] = {
	{ "create", 0200, NULL, store_create },
	{ "name", 0444, show_type_name },
	{ "device_api", 0444, show_device_api },
	{ "available_instances", 0444, show_available },
	{ NULL },
};

/* ------------------------------------------------------------ mdevs */

#define ASSIGN_STORE(fn, what, on)                                 \
	STORE(fn)                                                  \
	{                                                          \
		return sim_mdev_assign(s, n->mdev, what, on, buf); \
	}
ASSIGN_STORE(store_assign_adapter, AS_ADAPTER, true)
ASSIGN_STORE(store_unassign_adapter, AS_ADAPTER, false)
ASSIGN_STORE(store_assign_domain, AS_DOMAIN, true)
ASSIGN_STORE(store_unassign_domain, AS_DOMAIN, false)
ASSIGN_STORE(store_assign_control, AS_CONTROL, true)
ASSIGN_STORE(store_unassign_control, AS_CONTROL, false)

static bool not_removing(const struct sim *s, const struct sim_node *n)
{
	return !n->mdev->removing;
}

SHOW(show_mdev_uevent)
{
	/* the mdev bus has no uevent callback: only the driver core's line */
	sbuf_printf(sb, "DRIVER=vfio_ap_mdev\n");
	return 0;
}

SHOW(show_control_domains)
{
	for (unsigned int d = 0; d <= sim_max_apqi(s); d++)
		if (sim_test(&n->mdev->adm, d))
			sbuf_printf(sb, "%04x\n", d);
	return 0;
}

/*
 * vfio_ap_mdev_matrix_show() (vfio_ap_ops.c:1575-1629) writes one unbounded
 * sprintf() per APQN into the PAGE_SIZE buffer; sysfs_kf_seq_show() only
 * clamps the count afterwards, to PAGE_SIZE - 1 (fs/sysfs/file.c:60-69).
 * The text is built whole here: what the reader gets is its first 4095
 * bytes, and a longer text (more than 511 APQNs) is a heap overrun of the
 * kernel, logged and counted (ctl stats).
 */
static void show_apqns(struct sim *s, const struct sim_node *n, struct sim_buf *sb,
		       const struct sim_mask *apm, const struct sim_mask *aqm, const char *attr)
{
	unsigned int maxa = sim_max_apid(s), maxq = sim_max_apqi(s);
	bool any_a = false, any_q = false;
	size_t cap = 8 * (SIM_IDS * SIM_IDS + SIM_IDS) + 1, len = 0;
	char *t = malloc(cap);

	if (!t)
		return;
	for (unsigned int a = 0; a <= maxa; a++)
		any_a |= sim_test(apm, a);
	for (unsigned int q = 0; q <= maxq; q++)
		any_q |= sim_test(aqm, q);
	for (unsigned int a = 0; a <= maxa && any_a; a++) {
		if (!sim_test(apm, a))
			continue;
		if (!any_q) {
			len += (size_t)snprintf(t + len, cap - len, "%02x.\n", a);
			continue;
		}
		for (unsigned int q = 0; q <= maxq; q++)
			if (sim_test(aqm, q))
				len += (size_t)snprintf(t + len, cap - len, "%02x.%04x\n", a, q);
	}
	for (unsigned int q = 0; q <= maxq && !any_a && any_q; q++)
		if (sim_test(aqm, q))
			len += (size_t)snprintf(t + len, cap - len, ".%04x\n", q);
	if (len >= SIM_PAGE && sb->first) {
		s->overruns++;
		sim_log(s,
			"6.12 heap overrun: %s/%s wrote %zu bytes into a %d-byte page (%zu past "
			"it); the reader got the first %d (fill_read_buffer: returned bad count)",
			n->mdev->uuid, attr, len, SIM_PAGE, len - SIM_PAGE, SIM_PAGE - 1);
	}
	if (len >= SIM_PAGE)
		len = SIM_PAGE - 1;
	memcpy(sb->b, t, len);
	sb->n = len;
	free(t);
}

SHOW(show_matrix)
{
	show_apqns(s, n, sb, &n->mdev->apm, &n->mdev->aqm, "matrix");
	return 0;
}

/* the shadow APCB (vfio_ap_mdev_guest_matrix_show) */
SHOW(show_guest_matrix)
{
	show_apqns(s, n, sb, &n->mdev->sh_apm, &n->mdev->sh_aqm, "guest_matrix");
	return 0;
}

SHOW(show_ap_config)
{
	char a[67], q[67], d[67];

	sim_mask_hex(&n->mdev->apm, a);
	sim_mask_hex(&n->mdev->aqm, q);
	sim_mask_hex(&n->mdev->adm, d);
	sbuf_printf(sb, "%s,%s,%s\n", a, q, d);
	return 0;
}

STORE(store_ap_config)
{
	return sim_mdev_ap_config(s, n->mdev, buf);
}

/* whether task @pid has a signal pending (the writer was interrupted) */
static bool signal_pending(pid_t pid)
{
	char path[64], line[128];
	bool pending = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long mask;

		if ((sscanf(line, "SigPnd: %llx", &mask) == 1 ||
		     sscanf(line, "ShdPnd: %llx", &mask) == 1) &&
		    mask)
			pending = true;
	}
	fclose(f);
	return pending;
}

/*
 * mdev_sysfs.c remove_store(): the "remove" file goes first
 * (device_remove_file_self), then vfio_ap_mdev_remove() ->
 * vfio_unregister_group_dev() waits until the guest lets go
 * (vfio_main.c:385-430): in 10 s rounds, each asking the user to release
 * the device (vfio_ap_mdev_request(): "Relaying device request to user"
 * every 10th, vfio_ap_ops.c:2083-2089); a signal ends only the
 * interruptible part, with "Device is currently in use" (vfio_main.c:418-425),
 * the wait goes on. "apsim ctl mdev UUID guest 0" lets it go.
 */
STORE(store_remove)
{
	struct sim_mdev *m = n->mdev;
	unsigned long val;
	bool interrupted = false;
	unsigned int round = 0;
	char comm[32];
	pid_t pid;

	if (sim_kstrtoul(buf, 0, &val) < 0)
		return -EINVAL;
	if (!val)
		return 0;
	pid = fuse_pid(comm, sizeof(comm));
	m->removing = true;
	while (m->guest) {
		struct timespec ts;

		if (round % 10 == 0)
			sim_log(s, "mdev %s: Relaying device request to user (#%u)", m->uuid,
				round);
		/* one kernel round of 10 s, looked at every second for a signal */
		for (int i = 0; i < 10 && m->guest; i++) {
			if (!interrupted && signal_pending(pid)) {
				interrupted = true;
				sim_log(s,
					"mdev %s: Device is currently in use, task \"%s\" (%d) "
					"blocked until device is released",
					m->uuid, comm, (int)pid);
			}
			s->removes_waiting++;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += 1;
			pthread_cond_timedwait(&s->released, &s->lock, &ts);
			s->removes_waiting--;
		}
		round++;
	}
	return sim_mdev_remove(s, m);
}

const struct sim_attr sim_mdev_attrs[] = {
	{ "uevent", 0644, show_mdev_uevent, store_uevent },
	{ "assign_adapter", 0200, NULL, store_assign_adapter },
	{ "unassign_adapter", 0200, NULL, store_unassign_adapter },
	{ "assign_domain", 0200, NULL, store_assign_domain },
	{ "unassign_domain", 0200, NULL, store_unassign_domain },
	{ "assign_control_domain", 0200, NULL, store_assign_control },
	{ "unassign_control_domain", 0200, NULL, store_unassign_control },
	{ "ap_config", 0644, show_ap_config, store_ap_config },
	{ "control_domains", 0444, show_control_domains },
	{ "matrix", 0444, show_matrix },
	{ "guest_matrix", 0444, show_guest_matrix },
	{ "remove", 0200, NULL, store_remove, not_removing },
	{ NULL },
};

/* ------------------------------------------------------------ /sys/module */

SHOW(show_initstate)
{
	sbuf_printf(sb, "live\n");
	return 0;
}

static bool is_ap_module(const struct sim *s, const struct sim_node *n)
{
	return n->drv == 0;
}

const struct sim_attr sim_mod_attrs[] = {
	{ "initstate", 0444, show_initstate },
	{ "refcnt", 0444, show_zero },
	{ "uevent", 0200, NULL, store_uevent },
	{ NULL },
};

/* ap_domain_index, live (ap_bus.c:52-54) */
SHOW(show_param_domain)
{
	sbuf_printf(sb, "%d\n", s->ap_domain);
	return 0;
}

/* charp parameters: the boot string, or "(null)" (kernel/params.c:292-295) */
SHOW(show_param_apmask)
{
	sbuf_printf(sb, "%s\n", s->boot_apmask[0] ? s->boot_apmask : "(null)");
	return 0;
}

SHOW(show_param_aqmask)
{
	sbuf_printf(sb, "%s\n", s->boot_aqmask[0] ? s->boot_aqmask : "(null)");
	return 0;
}

SHOW(show_param_msgpool)
{
	sbuf_printf(sb, "8\n");
	return 0;
}

/* ap module parameters (0440): the boot-time strings, not the live masks */
const struct sim_attr sim_mod_param_attrs[] = {
	{ "apmask", 0440, show_param_apmask, NULL, is_ap_module },
	{ "aqmask", 0440, show_param_aqmask, NULL, is_ap_module },
	{ "domain", 0440, show_param_domain, NULL, is_ap_module },
	{ "msgpool_min_items", 0440, show_param_msgpool, NULL, is_ap_module },
	{ "poll_thread", 0440, show_zero, NULL, is_ap_module },
	{ "useirq", 0440, show_one, NULL, is_ap_module },
	{ NULL },
};
