// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl check decides the shared compatibility cases
 * (driver/vfio_ap_mig_cases.h) as the kernel's KUnit suite expects: same
 * errno, same message words. Runs the tool's verdict code (ctl_check(), the
 * function "vfio-ap-ctl check" calls) on a stream built by the core.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ap_host.h"
#include "ctl_check.h"
#include "tap.h"
#include "vfio_ap_mig_cases.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct env {
	u64 src_hw;		/* hwinfo of VFIO_AP_MIG_CASE_APQN on the source */
	u64 dst_hw;		/* ... on the destination */
	struct vfio_ap_mig_mask host_apm, host_aqm, host_adm;
	struct ap_host bus;	/* apmask, aqmask (sysfs meaning: set = host), released */
	u16 other_apqn;		/* assigned to another mdev, 0 = none */
	struct vfio_ap_mig_mask view_apm, view_aqm, view_adm; /* destination guest view */
	bool host; /* check --host instead of --target */
};

/* check --host only: the provisioning pre-check (the kernel verifies the view instead) */
enum host_setup { NO_ADAPTER5, OWN_03_11, OTHER_05_11, NO_CDOM10 };

static const struct {
	const char *name;
	enum host_setup setup;
	int err;
	const char *msg;
} host_cases[] = {
	{ "apqn-missing-on-host", NO_ADAPTER5, -ENODEV, "05.00" },
	{ "apqn-host-owned", OWN_03_11, -EADDRNOTAVAIL, "03.0011" },
	{ "apqn-in-other-mdev", OTHER_05_11, -EADDRINUSE, "another mdev" },
	{ "cdom-missing-on-host", NO_CDOM10, -ENODEV, "control domain" },
};

static void set_ids(struct vfio_ap_mig_mask *m, const int *ids, size_t n)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < n; i++)
		vfio_ap_mig_mask_set(m, (u32)ids[i]);
}

static void env_init(struct env *e)
{
	static const int apids[] = VFIO_AP_MIG_CASE_HOST_APIDS;
	static const int apqis[] = VFIO_AP_MIG_CASE_HOST_APQIS;
	static const int cdoms[] = VFIO_AP_MIG_CASE_HOST_CDOMS;

	memset(e, 0, sizeof(*e));
	e->src_hw = VFIO_AP_MIG_CASE_HW_BASE;
	e->dst_hw = VFIO_AP_MIG_CASE_HW_BASE;
	set_ids(&e->host_apm, apids, N(apids));
	set_ids(&e->host_aqm, apqis, N(apqis));
	set_ids(&e->host_adm, cdoms, N(cdoms));
	{
		static const int sa[] = VFIO_AP_MIG_CASE_SRC_APIDS;
		static const int sd[] = VFIO_AP_MIG_CASE_SRC_APQIS;
		static const int sc[] = VFIO_AP_MIG_CASE_SRC_CDOMS;

		set_ids(&e->view_apm, sa, N(sa));
		set_ids(&e->view_aqm, sd, N(sd));
		set_ids(&e->view_adm, sc, N(sc));
	}
}

static int src_hwinfo(void *priv, u16 apqn, u64 *hw)
{
	const struct env *e = priv;

	*hw = apqn == VFIO_AP_MIG_CASE_APQN ? e->src_hw : VFIO_AP_MIG_CASE_HW_BASE;
	return 0;
}

static int dst_hwinfo(void *priv, u16 apqn, u64 *hw)
{
	const struct env *e = priv;

	if (!vfio_ap_mig_mask_test(&e->host_apm, apqn >> 8) ||
	    !vfio_ap_mig_mask_test(&e->host_aqm, apqn & 0xff))
		return -ENODEV;
	*hw = apqn == VFIO_AP_MIG_CASE_APQN ? e->dst_hw : VFIO_AP_MIG_CASE_HW_BASE;
	return 0;
}

/* the tool's one rule: both masks, unless driver_override gives the queue away */
static bool dst_host_owned(void *priv, u16 apqn)
{
	const struct env *e = priv;

	return ap_host_apqn_host_owned(&e->bus, apqn >> 8, apqn & 0xff);
}

static bool dst_other(void *priv, u16 apqn)
{
	const struct env *e = priv;

	return e->other_apqn && e->other_apqn == apqn;
}

/* Build the source stream, run the tool's check; 0 or -errno of the setup. */
static int run_case(struct env *e, struct ctl_check_report *rep)
{
	static const int apids[] = VFIO_AP_MIG_CASE_SRC_APIDS;
	static const int apqis[] = VFIO_AP_MIG_CASE_SRC_APQIS;
	static const int cdoms[] = VFIO_AP_MIG_CASE_SRC_CDOMS;
	struct vfio_ap_mig_mask apm, aqm, adm;
	struct ctl_check_dest dst = { 0 };
	struct vfio_ap_mig_config cfg;
	static u8 buf[4096];
	ssize_t len;

	set_ids(&apm, apids, N(apids));
	set_ids(&aqm, apqis, N(apqis));
	set_ids(&adm, cdoms, N(cdoms));
	len = vfio_ap_mig_stream_build(&apm, &aqm, &adm, src_hwinfo, NULL, e, buf, sizeof(buf));
	if (len < 0 || vfio_ap_mig_stream_parse(buf, (size_t)len, &cfg, NULL))
		return -EINVAL;
	dst.host = e->host;
	dst.core.apm = e->view_apm;
	dst.core.aqm = e->view_aqm;
	dst.core.adm = e->view_adm;
	dst.offer.host_apm = e->host_apm;
	dst.offer.host_aqm = e->host_aqm;
	dst.offer.host_adm = e->host_adm;
	dst.offer.host_owned = dst_host_owned;
	dst.offer.in_other_mdev = dst_other;
	dst.core.get_hwinfo = dst_hwinfo;
	dst.core.priv = e;
	return ctl_check(&cfg, &dst, rep);
}

static bool has_msg(const struct ctl_check_report *rep, const char *a, const char *b)
{
	size_t i;

	for (i = 0; i < rep->n; i++)
		if (rep->v[i].r.err && strstr(rep->v[i].msg, a) && (!b || strstr(rep->v[i].msg, b)))
			return true;
	return false;
}

int main(void)
{
	struct ctl_check_report rep;
	char name[128];
	struct env e;
	size_t i;

	for (i = 0; i < N(vfio_ap_mig_rule_cases); i++) {
		const struct vfio_ap_mig_rule_case *c = &vfio_ap_mig_rule_cases[i];

		env_init(&e);
		e.src_hw = c->src;
		e.dst_hw = c->dst;
		snprintf(name, sizeof(name), "rule %s", c->name);
		if (run_case(&e, &rep)) {
			tap_ok(false, "%s: ran", name);
			continue;
		}
		tap_is_int(rep.err, c->err, "%s: errno", name);
		if (c->err)
			tap_ok(has_msg(&rep, c->msg, "05.0011"), "%s: a message names \"%s\" and 05.0011",
			       name, c->msg);
		else
			tap_ok(rep.refused == 0, "%s: nothing refused", name);
		ctl_check_report_free(&rep);
	}
	for (i = 0; i < N(vfio_ap_mig_view_cases); i++) {
		const struct vfio_ap_mig_view_case *c = &vfio_ap_mig_view_cases[i];

		env_init(&e);
		switch (c->setup) {
		case VFIO_AP_MIG_CASE_DST_EMPTY:
			memset(&e.view_apm, 0, sizeof(e.view_apm));
			memset(&e.view_aqm, 0, sizeof(e.view_aqm));
			memset(&e.view_adm, 0, sizeof(e.view_adm));
			break;
		case VFIO_AP_MIG_CASE_DST_NO_ADAPTER5:
			vfio_ap_mig_mask_clear(&e.view_apm, 5);
			break;
		case VFIO_AP_MIG_CASE_DST_ADAPTER7:
			vfio_ap_mig_mask_set(&e.view_apm, 7);
			break;
		case VFIO_AP_MIG_CASE_DST_DOMAIN12:
			vfio_ap_mig_mask_set(&e.view_aqm, 0x12);
			break;
		case VFIO_AP_MIG_CASE_DST_NO_CDOM10:
			vfio_ap_mig_mask_clear(&e.view_adm, 0x10);
			break;
		case VFIO_AP_MIG_CASE_DST_CDOM11:
			vfio_ap_mig_mask_set(&e.view_adm, 0x11);
			break;
		case VFIO_AP_MIG_CASE_DST_ADAPTERS_ONLY:
			memset(&e.view_aqm, 0, sizeof(e.view_aqm));
			break;
		case VFIO_AP_MIG_CASE_DST_DOMAINS_ONLY:
			memset(&e.view_apm, 0, sizeof(e.view_apm));
			break;
		}
		snprintf(name, sizeof(name), "view %s", c->name);
		if (run_case(&e, &rep)) {
			tap_ok(false, "%s: ran", name);
			continue;
		}
		tap_is_int(rep.err, c->err, "%s: errno", name);
		tap_ok(has_msg(&rep, c->msg, NULL), "%s: a message names \"%s\"", name, c->msg);
		ctl_check_report_free(&rep);
	}
	for (i = 0; i < N(host_cases); i++) {
		env_init(&e);
		e.host = true;
		switch (host_cases[i].setup) {
		case NO_ADAPTER5:
			vfio_ap_mig_mask_clear(&e.host_apm, 5);
			break;
		case OWN_03_11:
			ap_mask_set(&e.bus.apmask, 3);
			ap_mask_set(&e.bus.aqmask, 0x11);
			break;
		case OTHER_05_11:
			e.other_apqn = 0x0511;
			break;
		case NO_CDOM10:
			vfio_ap_mig_mask_clear(&e.host_adm, 0x10);
			break;
		}
		snprintf(name, sizeof(name), "host %s", host_cases[i].name);
		if (run_case(&e, &rep)) {
			tap_ok(false, "%s: ran", name);
			continue;
		}
		tap_is_int(rep.err, host_cases[i].err, "%s: errno", name);
		tap_ok(has_msg(&rep, host_cases[i].msg, NULL), "%s: a message names \"%s\"", name,
		       host_cases[i].msg);
		ctl_check_report_free(&rep);
	}
	/* the destination view is what counts for --target, not what the host has */
	env_init(&e);
	memset(&e.host_apm, 0, sizeof(e.host_apm));
	e.other_apqn = 0x0511;
	if (!run_case(&e, &rep)) {
		tap_is_int(
			rep.err, -ENODEV,
			"--target: a view the host cannot back fails on hwinfo, never on availability");
		ctl_check_report_free(&rep);
	}
	/* the unchanged environment migrates */
	env_init(&e);
	if (!run_case(&e, &rep)) {
		tap_is_int(rep.err, 0, "the unchanged environment is compatible");
		tap_is_int((int)rep.n, 0, "... with no result at all");
		ctl_check_report_free(&rep);
	}
	/* host-owned needs both bits: adapter 3 alone in apmask is still usable */
	env_init(&e);
	e.host = true;
	ap_mask_set(&e.bus.apmask, 3);
	ap_mask_set(&e.bus.aqmask, 0x12);
	if (!run_case(&e, &rep)) {
		tap_is_int(rep.err, 0, "apmask 3 x aqmask 0x12 does not own the source's 03.0010/03.0011");
		ctl_check_report_free(&rep);
	}
	/* Linux 6.19+: a driver_override that gives 03.0011 away makes it not host-owned */
	{
		static struct ap_apqn_set rel;

		memset(&rel, 0, sizeof(rel));
		ap_mask_set(&rel.row[3], 0x11);
		ap_mask_set(&rel.apm, 3);
		ap_mask_set(&rel.aqm, 0x11);
		env_init(&e);
		e.host = true;
		ap_mask_set(&e.bus.apmask, 3);
		ap_mask_set(&e.bus.aqmask, 0x11);
		e.bus.released = &rel;
		if (!run_case(&e, &rep)) {
			tap_is_int(rep.err, 0, "host: 03.0011 in the masks, released by driver_override: "
					       "compatible");
			tap_is_int((int)rep.refused, 0, "... nothing refused");
			ctl_check_report_free(&rep);
		}
		e.other_apqn = 0x0511;
		if (!run_case(&e, &rep)) {
			tap_is_int(rep.err, -EADDRINUSE,
				   "... with 05.0011 in another mdev: that refusal is the verdict");
			tap_is_int((int)rep.refused, 1, "... and the only refusal");
			ctl_check_report_free(&rep);
		}
		e.other_apqn = 0;
		e.bus.released = NULL;
		if (!run_case(&e, &rep)) {
			tap_is_int(rep.err, -EADDRNOTAVAIL, "... without the override: host-owned");
			ctl_check_report_free(&rep);
		}
	}
	return tap_done();
}
