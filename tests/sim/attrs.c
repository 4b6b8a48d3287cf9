// SPDX-License-Identifier: GPL-2.0-only
/*
 * show()/store() of every simulated sysfs attribute, with the formats of
 * Linux 6.12 (ap_bus.c, ap_card.c, ap_queue.c, zcrypt_card.c,
 * zcrypt_queue.c, vfio_ap_drv.c, vfio_ap_ops.c, mdev_sysfs.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attrs.h"

const char *const sim_ap_drivers[3] = { "cex4card", "cex4queue", "vfio_ap" };
const char *const sim_modules[SIM_NR_MODULES] = { "ap", "zcrypt_cex4", "vfio_ap", "mdev" };

void sbuf_printf(struct sim_buf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->n >= SIM_PAGE)
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->b + sb->n, SIM_PAGE + 1 - sb->n, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->n += (size_t)n;
	if (sb->n > SIM_PAGE)
		sb->n = SIM_PAGE;
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

STORE(store_ignore)
{
	return 0;
}

SHOW(show_ap_domain)
{
	sbuf_printf(sb, "%d\n", s->ap_domain);
	return 0;
}

STORE(store_ap_domain)
{
	int d;

	if (sim_scan_int(buf, &d) || d < 0 || (unsigned int)d > sim_max_apqi(s) ||
	    !sim_test(&s->aqmask, (unsigned int)d))
		return -EINVAL;
	s->ap_domain = d;
	return 0;
}

SHOW(show_cdm)
{
	put_mask(sb, &s->control);
	return 0;
}

SHOW(show_udm)
{
	put_mask(sb, &s->usage);
	return 0;
}

SHOW(show_apm)
{
	struct sim_mask apm;

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

	if (sscanf(buf, "%d", &t) != 1 || t < 5 || t > 120)
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
	sbuf_printf(sb, "%u\n", sim_max_apqi(s));
	return 0;
}

SHOW(show_max_adapter)
{
	sbuf_printf(sb, "%u\n", sim_max_apid(s));
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
	{ "drivers_probe", 0200, NULL, store_ignore },
	{ "uevent", 0200, NULL, store_ignore },
	{ NULL },
};

/* /sys/bus/{matrix,mdev} */
const struct sim_attr sim_bus_common_attrs[] = {
	{ "drivers_autoprobe", 0644, show_one, store_ignore },
	{ "drivers_probe", 0200, NULL, store_ignore },
	{ "uevent", 0200, NULL, store_ignore },
	{ NULL },
};

/* driver directories */
const struct sim_attr sim_drv_attrs[] = {
	{ "uevent", 0200, NULL, store_ignore },
	{ NULL },
};

/* /sys/devices/ap, /sys/devices/vfio_ap (root devices: no bus, no driver) */
const struct sim_attr sim_uevent_only_attrs[] = {
	{ "uevent", 0644, NULL, store_ignore },
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

SHOW(show_card_uevent)
{
	const char *mode = mode_name(ncard(s, n)->hwinfo);
	unsigned int t = sim_card_type(s, (unsigned int)n->card);

	if (mode)
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

SHOW(show_ap_functions)
{
	sbuf_printf(sb, "0x%08X\n", hw_fac(ncard(s, n)->hwinfo));
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

/* config_store(): SCLP configure/deconfigure */
STORE(store_card_config)
{
	struct sim_card *c = &s->card[n->card];
	int cfg;

	if (sscanf(buf, "%d\n", &cfg) != 1 || cfg < 0 || cfg > 1)
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

static bool card_bound(const struct sim *s, const struct sim_node *n)
{
	return mode_name(ncard(s, n)->hwinfo) != NULL;
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

	if (sscanf(buf, "%d\n", &online) != 1 || online < 0 || online > 1)
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
	{ "uevent", 0644, show_card_uevent, store_ignore },
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
	enum sim_qdrv d = sim_queue_driver(s, (unsigned int)n->card, (unsigned int)n->dom);

	/* zcrypt cannot drive a queue without a mode */
	if (d == QDRV_CEX4QUEUE && !card_bound(s, n))
		return QDRV_NONE;
	return d;
}

SHOW(show_queue_uevent)
{
	const char *mode = mode_name(ncard(s, n)->hwinfo);
	enum sim_qdrv d = qdrv(s, n);

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

SHOW(show_queue_online)
{
	const struct sim_card *c = ncard(s, n);

	sbuf_printf(sb, "%d\n",
		    c->config && !c->chkstop && c->online &&
			    !sim_test(&c->q_offline, (unsigned int)n->dom));
	return 0;
}

/* zcrypt_queue.c online_store() */
STORE(store_queue_online)
{
	struct sim_card *c = &s->card[n->card];
	int online;

	if (sscanf(buf, "%d\n", &online) != 1 || online < 0 || online > 1)
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
	{ "uevent", 0644, show_queue_uevent, store_ignore },
	{ "request_count", 0644, show_zero, store_ignore },
	{ "requestq_count", 0444, show_zero },
	{ "pendingq_count", 0444, show_zero },
	{ "reset", 0644, show_reset, store_ignore },
	{ "interrupt", 0444, show_interrupt },
	{ "config", 0444, show_card_config },
	{ "chkstop", 0444, show_card_chkstop },
	{ "ap_functions", 0444, show_ap_functions },
	{ "online", 0644, show_queue_online, store_queue_online, on_cex4queue },
	{ "load", 0444, show_zero, NULL, on_cex4queue },
	{ "status", 0444, show_queue_status, NULL, on_vfio_ap },
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
	{ "uevent", 0644, show_matrix_uevent, store_ignore },
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

/* vfio_ap_mdev_matrix_show() */
static void show_apqns(const struct sim *s, struct sim_buf *sb, const struct sim_mask *apm,
		       const struct sim_mask *aqm)
{
	unsigned int maxa = sim_max_apid(s), maxq = sim_max_apqi(s);
	bool any_a = false, any_q = false;

	for (unsigned int a = 0; a <= maxa; a++)
		any_a |= sim_test(apm, a);
	for (unsigned int q = 0; q <= maxq; q++)
		any_q |= sim_test(aqm, q);
	for (unsigned int a = 0; a <= maxa && any_a; a++) {
		if (!sim_test(apm, a))
			continue;
		if (!any_q) {
			sbuf_printf(sb, "%02x.\n", a);
			continue;
		}
		for (unsigned int q = 0; q <= maxq; q++)
			if (sim_test(aqm, q))
				sbuf_printf(sb, "%02x.%04x\n", a, q);
	}
	for (unsigned int q = 0; q <= maxq && !any_a && any_q; q++)
		if (sim_test(aqm, q))
			sbuf_printf(sb, ".%04x\n", q);
}

SHOW(show_matrix)
{
	show_apqns(s, sb, &n->mdev->apm, &n->mdev->aqm);
	return 0;
}

SHOW(show_guest_matrix)
{
	struct sim_mask apm, aqm, adm;

	sim_guest_matrix(s, n->mdev, &apm, &aqm, &adm);
	show_apqns(s, sb, &apm, &aqm);
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

/* mdev_sysfs.c remove_store() */
STORE(store_remove)
{
	unsigned long val;

	if (sim_kstrtoul(buf, 0, &val) < 0)
		return -EINVAL;
	if (!val)
		return 0;
	return sim_mdev_remove(s, n->mdev);
}

const struct sim_attr sim_mdev_attrs[] = {
	{ "uevent", 0644, show_mdev_uevent, store_ignore },
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
	{ "remove", 0200, NULL, store_remove },
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
	{ "uevent", 0200, NULL, store_ignore },
	{ NULL },
};

SHOW(show_param_domain)
{
	sbuf_printf(sb, "-1\n");
	return 0;
}

/* ap module parameters (0440): the boot-time strings, not the live masks */
const struct sim_attr sim_mod_param_attrs[] = {
	{ "apmask", 0440, show_empty, NULL, is_ap_module },
	{ "aqmask", 0440, show_empty, NULL, is_ap_module },
	{ "domain", 0440, show_param_domain, NULL, is_ap_module },
	{ "poll_thread", 0440, show_zero, NULL, is_ap_module },
	{ "useirq", 0440, show_one, NULL, is_ap_module },
	{ NULL },
};
