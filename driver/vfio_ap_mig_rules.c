// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ap migration compatibility rules: one table, evaluated the same way
 * by the kernel (the write that completes a RESUMING stream) and by
 * vfio-ap-ctl check.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#include <linux/errno.h>
#include <linux/sprintf.h>
#include <linux/string.h>

#include "vfio_ap_mig_rules.h"

/* how a rule-2 row compares the source and destination field */
enum field_cmp {
	CMP_NONE,	/* not a hwinfo rule (rule 1, hwinfo read error) */
	CMP_EQUAL,	/* must be equal */
	CMP_CLASS,	/* destination offers at least the source's function */
	CMP_ZERO_SRC,	/* source field must be 0 */
	CMP_ZERO_DST,	/* destination field must be 0 */
	CMP_GE,		/* destination >= source */
	CMP_INFO,	/* reported when different, never refused */
};

/* how a field's raw bits are shown and compared */
enum field_xform {
	XF_RAW,		/* the field as is */
	XF_ML_BYTES,	/* max message length in bytes, ml == 0 -> 12 KiB */
	XF_PLUS_ONE,	/* queue depth: qd + 1 */
};

/**
 * struct mig_rule - one row of the rule table
 * @name: stable short name (JSON, tests)
 * @what: what the rule is about, for messages
 * @require: the requirement, for messages
 * @bit: first (most significant) GR2 bit of the field, 0 = MSB
 * @width: field width in bits (0 for rule 1 rows)
 * @cmp: enum field_cmp
 * @xform: enum field_xform
 * @hex: print the values in hex
 * @err: errno (positive) the rule refuses with, 0 if informational
 */
struct mig_rule {
	const char *name;
	const char *what;
	const char *require;
	u8 bit;
	u8 width;
	u8 cmp;
	u8 xform;
	bool hex;
	int err;
};

#define HW_RULE(_name, _what, _req, _bit, _width, _cmp, _xf, _hex, _err) { \
	.name = _name, .what = _what, .require = _req, .bit = _bit, .width = _width, \
	.cmp = _cmp, .xform = _xf, .hex = _hex, .err = _err }

static const struct mig_rule mig_rules[VFIO_AP_MIG_RULE_NR] = {
	[VFIO_AP_MIG_RULE_NOT_CONFIGURED] = {
		.name = "not-configured", .err = ENODEV,
		.what = "destination mdev not configured: it must be configured like the source",
		.require = "vfio-ap-ctl export --format=mdevctl there, define --from here" },
	[VFIO_AP_MIG_RULE_APQN_MISSING] = {
		.name = "apqn-missing", .err = ENODEV,
		.what = "in the source guest's view, not in the destination guest's view" },
	[VFIO_AP_MIG_RULE_APQN_EXTRA] = {
		.name = "apqn-extra", .err = ENODEV,
		.what = "in the destination guest's view, not in the source guest's view" },
	[VFIO_AP_MIG_RULE_CDOM_MISSING] = {
		.name = "cdom-missing", .err = ENODEV,
		.what = "in the source guest's view, not in the destination guest's view" },
	[VFIO_AP_MIG_RULE_CDOM_EXTRA] = {
		.name = "cdom-extra", .err = ENODEV,
		.what = "in the destination guest's view, not in the source guest's view" },
	[VFIO_AP_MIG_RULE_NO_DOMAINS] = {
		.name = "no-domains", .err = ENODEV,
		.what = "the destination guest sees adapters but no usage domain, so no queue" },
	[VFIO_AP_MIG_RULE_NO_ADAPTERS] = {
		.name = "no-adapters", .err = ENODEV,
		.what = "the destination guest sees usage domains but no adapter, so no queue" },
	[VFIO_AP_MIG_RULE_HOST_MISSING] = {
		.name = "host-missing", .err = ENODEV,
		.what = "not in the destination host's AP configuration" },
	[VFIO_AP_MIG_RULE_HOST_OWNED] = {
		.name = "host-owned", .err = EADDRNOTAVAIL,
		.what = "host-owned (adapter in apmask, domain in aqmask): not for vfio_ap" },
	[VFIO_AP_MIG_RULE_IN_USE] = {
		.name = "in-use", .err = EADDRINUSE,
		.what = "assigned to another mdev on the destination host" },
	[VFIO_AP_MIG_RULE_CDOM_HOST_MISSING] = {
		.name = "cdom-host-missing", .err = ENODEV,
		.what = "not in the destination host's control-domain mask" },
	[VFIO_AP_MIG_RULE_HWINFO] = {
		.name = "hwinfo", .err = ENODEV,
		.what = "cannot read the destination queue's hardware information" },
	[VFIO_AP_MIG_RULE_APSC] = HW_RULE("apsc", "APSC facility", "must be equal",
					  VFIO_AP_HW_APSC_BIT, 1, CMP_EQUAL, XF_RAW, false,
					  EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_AP4KM] = HW_RULE("ap4km", "AP4KM facility (4096-bit ME)",
					   "must be equal", VFIO_AP_HW_AP4KM_BIT, 1, CMP_EQUAL,
					   XF_RAW, false, EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_AP4KC] = HW_RULE("ap4kc", "AP4KC facility (4096-bit CRT)",
					   "must be equal", VFIO_AP_HW_AP4KC_BIT, 1, CMP_EQUAL,
					   XF_RAW, false, EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_CCA] = HW_RULE("cca", "CCA coprocessor mode", "must be equal",
					 VFIO_AP_HW_CCA_BIT, 1, CMP_EQUAL, XF_RAW, false,
					 EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_ACCEL] = HW_RULE("accel", "accelerator mode", "must be equal",
					   VFIO_AP_HW_ACCEL_BIT, 1, CMP_EQUAL, XF_RAW, false,
					   EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_EP11] = HW_RULE("ep11", "EP11 (XCP) coprocessor mode", "must be equal",
					  VFIO_AP_HW_EP11_BIT, 1, CMP_EQUAL, XF_RAW, false,
					  EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_APXA] = HW_RULE("apxa", "APXA (extended addressing)", "must be equal",
					  VFIO_AP_HW_APXA_BIT, 1, CMP_EQUAL, XF_RAW, false,
					  EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_SLCF] = HW_RULE("slcf", "SLCF (command filtering)", "must be equal",
					  VFIO_AP_HW_SLCF_BIT, 1, CMP_EQUAL, XF_RAW, false,
					  EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_CLASS] = HW_RULE("class", "class",
					   "destination needs the source's function: native 0x80 > stateless 0x40",
					   VFIO_AP_HW_CLASS_BIT, 8, CMP_CLASS, XF_RAW, true,
					   EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_BIND_SOURCE] = HW_RULE("bind-source", "bind/associate state",
						 "must be 0 on the source: no Secure Execution binding",
						 VFIO_AP_HW_BS_BIT, 2, CMP_ZERO_SRC, XF_RAW, false,
						 EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_BIND_DEST] = HW_RULE("bind-dest", "bind/associate state",
					       "must be 0 on the destination: no Secure Execution binding",
					       VFIO_AP_HW_BS_BIT, 2, CMP_ZERO_DST, XF_RAW, false,
					       EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_AP_TYPE] = HW_RULE("ap-type", "AP type",
					     "destination must be the same or newer",
					     VFIO_AP_HW_AT_BIT, 8, CMP_GE, XF_RAW, false,
					     EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_MAX_MSG] = HW_RULE("max-msg-len", "max message length in bytes",
					     "destination must be >= source",
					     VFIO_AP_HW_ML_BIT, 4, CMP_GE, XF_ML_BYTES, false,
					     EOPNOTSUPP),
	[VFIO_AP_MIG_RULE_QUEUE_DEPTH] = HW_RULE("queue-depth", "queue depth", "informational",
						 VFIO_AP_HW_QD_BIT, 4, CMP_INFO, XF_PLUS_ONE, false,
						 0),
	[VFIO_AP_MIG_RULE_NUM_DOMAINS] = HW_RULE("num-domains", "number of domains",
						 "informational", VFIO_AP_HW_ND_BIT, 8, CMP_INFO,
						 XF_RAW, false, 0),
};

const char *vfio_ap_mig_rule_name(u32 rule)
{
	if (rule >= VFIO_AP_MIG_RULE_NR)
		return "unknown";
	return mig_rules[rule].name;
}

static bool view_empty(const struct vfio_ap_mig_mask *apm, const struct vfio_ap_mig_mask *aqm,
		       const struct vfio_ap_mig_mask *adm)
{
	return vfio_ap_mig_mask_empty(apm) && vfio_ap_mig_mask_empty(aqm) &&
	       vfio_ap_mig_mask_empty(adm);
}

static void report_add(struct vfio_ap_mig_report *rep, u32 rule, u32 apqn, int err,
		       u64 src, u64 dst)
{
	if (rep->res && rep->count < rep->cap) {
		struct vfio_ap_mig_result *r = &rep->res[rep->count++];

		r->rule = rule;
		r->apqn = apqn;
		r->err = err;
		r->src = src;
		r->dst = dst;
	}
	rep->total++;
	if (err) {
		rep->refused++;
		if (!rep->err)
			rep->err = err;
	}
}

void vfio_ap_mig_report_rule(struct vfio_ap_mig_report *rep, u32 rule, u32 apqn, u64 src,
			     u64 dst)
{
	report_add(rep, rule, apqn, -mig_rules[rule].err, src, dst);
}

static bool in_matrix(const struct vfio_ap_mig_mask *apm, const struct vfio_ap_mig_mask *aqm,
		      u16 apqn)
{
	return vfio_ap_mig_mask_test(apm, VFIO_AP_MIG_APQN_CARD(apqn)) &&
	       vfio_ap_mig_mask_test(aqm, VFIO_AP_MIG_APQN_DOMAIN(apqn));
}

/* rule 1: the destination guest view must already be the source guest's */
static void check_view(const struct vfio_ap_mig_config *src, const struct vfio_ap_mig_dest *dst,
		       struct vfio_ap_mig_report *rep)
{
	bool dst_a = !vfio_ap_mig_mask_empty(&dst->apm);
	bool dst_d = !vfio_ap_mig_mask_empty(&dst->aqm);
	u32 i, apid, apqi, cd;

	if (view_empty(&dst->apm, &dst->aqm, &dst->adm)) {
		if (!view_empty(&src->apm, &src->aqm, &src->adm))
			vfio_ap_mig_report_rule(rep, VFIO_AP_MIG_RULE_NOT_CONFIGURED,
						VFIO_AP_MIG_NO_APQN, src->num_queues, 0);
		return;
	}
	if (dst_a != dst_d)
		vfio_ap_mig_report_rule(rep, dst_a ? VFIO_AP_MIG_RULE_NO_DOMAINS :
						     VFIO_AP_MIG_RULE_NO_ADAPTERS,
					VFIO_AP_MIG_NO_APQN, 0,
					vfio_ap_mig_mask_weight(dst_a ? &dst->apm : &dst->aqm));
	for (i = 0; i < src->num_queues; i++) {
		u16 apqn = vfio_ap_mig_config_apqn(src, i);

		if (!in_matrix(&dst->apm, &dst->aqm, apqn))
			vfio_ap_mig_report_rule(rep, VFIO_AP_MIG_RULE_APQN_MISSING, apqn, 1, 0);
	}
	/* the source's APQNs are a cross product: membership is two bit tests */
	for (apid = 0; apid < VFIO_AP_MIG_MAX_IDS; apid++) {
		if (!vfio_ap_mig_mask_test(&dst->apm, apid))
			continue;
		for (apqi = 0; apqi < VFIO_AP_MIG_MAX_IDS; apqi++) {
			u16 apqn = VFIO_AP_MIG_APQN(apid, apqi);

			if (vfio_ap_mig_mask_test(&dst->aqm, apqi) &&
			    !in_matrix(&src->apm, &src->aqm, apqn))
				vfio_ap_mig_report_rule(rep, VFIO_AP_MIG_RULE_APQN_EXTRA, apqn,
							0, 1);
		}
	}
	for (cd = 0; cd < VFIO_AP_MIG_MAX_IDS; cd++) {
		bool s = vfio_ap_mig_mask_test(&src->adm, cd);
		bool d = vfio_ap_mig_mask_test(&dst->adm, cd);

		if (s && !d)
			vfio_ap_mig_report_rule(rep, VFIO_AP_MIG_RULE_CDOM_MISSING, cd, 1, 0);
		else if (!s && d)
			vfio_ap_mig_report_rule(rep, VFIO_AP_MIG_RULE_CDOM_EXTRA, cd, 0, 1);
	}
}

static u64 field_value(const struct mig_rule *r, u64 hwinfo)
{
	u32 v = vfio_ap_hw_field(hwinfo, r->bit, r->width);

	switch (r->xform) {
	case XF_ML_BYTES:
		return v ? (u64)v * 4096 : VFIO_AP_HW_ML_DEFAULT_BYTES;
	case XF_PLUS_ONE:
		return (u64)v + 1;
	default:
		return v;
	}
}

static u32 class_level(u64 c)
{
	if (c & VFIO_AP_HW_CLASS_NATIVE)
		return 2;
	if (c & VFIO_AP_HW_CLASS_STATELESS)
		return 1;
	return 0;
}

/* does one rule-2 row hold? */
static bool field_ok(const struct mig_rule *r, u64 s, u64 d)
{
	switch (r->cmp) {
	case CMP_EQUAL:
	case CMP_INFO:
		return s == d;
	case CMP_CLASS:
		return class_level(d) >= class_level(s) &&
		       (s & VFIO_AP_HW_CLASS_OTHER) == (d & VFIO_AP_HW_CLASS_OTHER);
	case CMP_ZERO_SRC:
		return !s;
	case CMP_ZERO_DST:
		return !d;
	case CMP_GE:
		return d >= s;
	default:
		return true;
	}
}

/* rule 2 for one queue: every hwinfo row of the table */
static void check_queue(u16 apqn, u64 src_hw, u64 dst_hw, struct vfio_ap_mig_report *rep)
{
	u32 rule;

	for (rule = 0; rule < VFIO_AP_MIG_RULE_NR; rule++) {
		const struct mig_rule *r = &mig_rules[rule];
		u64 s, d;

		if (r->cmp == CMP_NONE)
			continue;
		s = field_value(r, src_hw);
		d = field_value(r, dst_hw);
		if (!field_ok(r, s, d))
			vfio_ap_mig_report_rule(rep, rule, apqn, s, d);
	}
}

void vfio_ap_mig_report_reset(struct vfio_ap_mig_report *rep)
{
	rep->count = 0;
	rep->total = 0;
	rep->refused = 0;
	rep->err = 0;
}

void vfio_ap_mig_check_queues(const struct vfio_ap_mig_config *src,
			      const struct vfio_ap_mig_dest *dst,
			      const struct vfio_ap_mig_mask *apm,
			      const struct vfio_ap_mig_mask *aqm,
			      struct vfio_ap_mig_report *rep)
{
	u32 i;

	for (i = 0; i < src->num_queues; i++) {
		u16 apqn = vfio_ap_mig_config_apqn(src, i);
		u64 hw = 0;
		int ret;

		/* already refused as absent: no queue to compare with */
		if (!in_matrix(apm, aqm, apqn))
			continue;
		ret = dst->get_hwinfo ? dst->get_hwinfo(dst->priv, apqn, &hw) : -ENODEV;
		if (ret) {
			report_add(rep, VFIO_AP_MIG_RULE_HWINFO, apqn, ret < 0 ? ret : -EIO,
				   vfio_ap_mig_config_hwinfo(src, i), 0);
			continue;
		}
		check_queue(apqn, vfio_ap_mig_config_hwinfo(src, i), hw, rep);
	}
}

int vfio_ap_mig_check(const struct vfio_ap_mig_config *src, const struct vfio_ap_mig_dest *dst,
		      struct vfio_ap_mig_report *rep)
{
	vfio_ap_mig_report_reset(rep);
	check_view(src, dst, rep);
	vfio_ap_mig_check_queues(src, dst, &dst->apm, &dst->aqm, rep);
	return rep->err;
}

int vfio_ap_mig_result_format(const struct vfio_ap_mig_result *res, char *buf, size_t size)
{
	const struct mig_rule *r;
	u32 card = VFIO_AP_MIG_APQN_CARD(res->apqn);
	u32 dom = VFIO_AP_MIG_APQN_DOMAIN(res->apqn);
	unsigned long long s = res->src, d = res->dst;

	if (res->rule >= VFIO_AP_MIG_RULE_NR)
		return snprintf(buf, size, "unknown rule %u", res->rule);
	r = &mig_rules[res->rule];

	switch (res->rule) {
	case VFIO_AP_MIG_RULE_NOT_CONFIGURED:
		return snprintf(buf, size, "%s, a migration never assigns AP resources (%s)",
				r->what, r->require);
	case VFIO_AP_MIG_RULE_NO_DOMAINS:
	case VFIO_AP_MIG_RULE_NO_ADAPTERS:
		return snprintf(buf, size, "%s (%llu %s)", r->what, d,
				res->rule == VFIO_AP_MIG_RULE_NO_DOMAINS ? "adapters" : "domains");
	case VFIO_AP_MIG_RULE_CDOM_HOST_MISSING:
	case VFIO_AP_MIG_RULE_CDOM_MISSING:
	case VFIO_AP_MIG_RULE_CDOM_EXTRA:
		return snprintf(buf, size, "control domain %04x: %s", res->apqn, r->what);
	case VFIO_AP_MIG_RULE_HWINFO:
		return snprintf(buf, size, "APQN %02x.%04x: %s (errno %d)", card, dom, r->what,
				-res->err);
	default:
		break;
	}
	if (r->cmp == CMP_NONE)
		return snprintf(buf, size, "APQN %02x.%04x: %s", card, dom, r->what);
	if (r->cmp == CMP_ZERO_SRC || r->cmp == CMP_ZERO_DST)
		return snprintf(buf, size, "APQN %02x.%04x: %s: source %llu, destination %llu (%s)",
				card, dom, r->what, s, d, r->require);
	if (r->hex)
		return snprintf(buf, size,
				"APQN %02x.%04x: %s: source 0x%02llx, destination 0x%02llx (%s)",
				card, dom, r->what, s, d, r->require);
	return snprintf(buf, size, "APQN %02x.%04x: %s: source %llu, destination %llu (%s)",
			card, dom, r->what, s, d, r->require);
}
