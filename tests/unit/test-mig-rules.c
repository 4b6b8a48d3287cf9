// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the migration compatibility rules
 * (driver/vfio_ap_mig_rules.c): every rule of DESIGN.md section 4 in both
 * directions. Built natively and for s390x from the same source.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mig_check_host.h"
#include "mig_test_util.h"
#include "tap.h"
#include "vfio_ap_mig_rules.h"

#define MAX_RES 512

/* a destination host: masks plus per-APQN overrides for the callbacks */
struct fake_host {
	struct vfio_ap_mig_dest dst;
	struct mig_host host;	/* check --host: the host's configuration */
	struct vfio_ap_mig_mask apmask, aqmask;	/* sysfs meaning: set = host */
	u16 other_mdev[8];	/* APQNs assigned to another mdev */
	u32 n_other;
	u16 hw_apqn;		/* this APQN gets @hw_value (if hw_set) */
	bool hw_set;
	u64 hw_value;
	u16 hw_fail_apqn;	/* get_hwinfo fails with @hw_fail_err for it */
	int hw_fail_err;
};

static bool fake_in_other(void *priv, u16 apqn)
{
	struct fake_host *h = priv;
	u32 i;

	for (i = 0; i < h->n_other; i++)
		if (h->other_mdev[i] == apqn)
			return true;
	return false;
}

/* a 6.12 host: the adapter in apmask and the domain in aqmask */
static bool fake_host_owned(void *priv, u16 apqn)
{
	struct fake_host *h = priv;

	return vfio_ap_mig_mask_test(&h->apmask, VFIO_AP_MIG_APQN_CARD(apqn)) &&
	       vfio_ap_mig_mask_test(&h->aqmask, VFIO_AP_MIG_APQN_DOMAIN(apqn));
}

static int fake_hwinfo(void *priv, u16 apqn, u64 *hw)
{
	struct fake_host *h = priv;

	if (h->hw_fail_err && apqn == h->hw_fail_apqn)
		return h->hw_fail_err;
	*hw = h->hw_set && apqn == h->hw_apqn ? h->hw_value : mt_hwinfo(apqn);
	return 0;
}

/*
 * A host with adapters 0-15, domains 0-31; apmask reserves adapters 8-255
 * and aqmask domains 16-255 for the default drivers, so adapters 0-7 and
 * domains 0-15 are free for vfio_ap whatever the other mask says; the
 * destination mdev is empty.
 */
static void host_init(struct fake_host *h)
{
	memset(h, 0, sizeof(*h));
	h->host.host_apm = mt_mask("0-15");
	h->host.host_aqm = mt_mask("0-31");
	h->host.host_adm = mt_mask("0-31");
	h->apmask = mt_mask("8-255");
	h->aqmask = mt_mask("16-255");
	h->host.in_other_mdev = fake_in_other;
	h->host.host_owned = fake_host_owned;
	h->dst.get_hwinfo = fake_hwinfo;
	h->dst.priv = h;
}

/* the source: a parsed stream (kept in a static buffer per call site) */
struct src {
	u8 *buf;
	struct vfio_ap_mig_config cfg;
};

static void src_make(struct src *s, const char *apm, const char *aqm, const char *adm)
{
	size_t len;

	s->buf = mt_build(apm, aqm, adm, &len);
	if (vfio_ap_mig_stream_parse(s->buf, len, &s->cfg, NULL))
		abort();
}

/* a source with one queue of a given hwinfo */
static void src_one(struct src *s, u16 apqn, u64 hw)
{
	struct vfio_ap_mig_mask a = { }, q = { }, c = { };
	size_t size = vfio_ap_mig_stream_size(1);

	vfio_ap_mig_mask_set(&a, VFIO_AP_MIG_APQN_CARD(apqn));
	vfio_ap_mig_mask_set(&q, VFIO_AP_MIG_APQN_DOMAIN(apqn));
	s->buf = malloc(size);
	if (!s->buf)
		abort();
	memset(s->buf, 0, size);
	if (vfio_ap_mig_stream_build(&a, &q, &c, mt_get_hwinfo, NULL, NULL, s->buf, size) !=
	    (ssize_t)size)
		abort();
	put_unaligned_be64(hw, s->buf + VFIO_AP_MIG_HDR_LEN + VFIO_AP_MIG_ENT_OFF_HWINFO);
	mt_fix_crc(s->buf, size);
	if (vfio_ap_mig_stream_parse(s->buf, size, &s->cfg, NULL))
		abort();
}

static struct vfio_ap_mig_result res[MAX_RES];

static struct vfio_ap_mig_report run(const struct src *s, const struct fake_host *h)
{
	struct vfio_ap_mig_report rep = { .res = res, .cap = MAX_RES };

	vfio_ap_mig_check(&s->cfg, &h->dst, &rep);
	return rep;
}

/* the provisioning pre-check (vfio-ap-ctl check --host) */
static struct vfio_ap_mig_report run_host(const struct src *s, const struct fake_host *h)
{
	struct vfio_ap_mig_report rep = { .res = res, .cap = MAX_RES };
	struct mig_host host = h->host;

	host.hw = h->dst;
	mig_check_host(&s->cfg, &host, &rep);
	return rep;
}

static const char *fmt(const struct vfio_ap_mig_result *r)
{
	static char buf[256];

	vfio_ap_mig_result_format(r, buf, sizeof(buf));
	return buf;
}

static void dump(const struct vfio_ap_mig_report *rep)
{
	u32 i;

	for (i = 0; i < rep->count; i++)
		tap_diag("  result %u: %s [%s, %d]", i, fmt(&res[i]),
			 vfio_ap_mig_rule_name(res[i].rule), res[i].err);
}

/* exactly one result: rule @rule on @apqn with @err */
static bool one(const struct vfio_ap_mig_report *rep, u32 rule, u32 apqn, int err)
{
	bool ok = rep->total == 1 && rep->count == 1 && res[0].rule == rule &&
		  res[0].apqn == apqn && res[0].err == err && rep->err == (err ? err : 0) &&
		  rep->refused == (err ? 1U : 0U);

	if (!ok)
		dump(rep);
	return ok;
}

/* ---- rule 2: one queue, one field at a time ------------------------------ */

#define BIT(n)		(1ULL << (63 - (n)))
#define BASE_HW		0x908000000d550307ULL	/* APSC CCA, class 0x80, AT 13, ND 85, ml 3, qd 7 */

static u64 with_field(u64 hw, u32 bit, u32 width, u64 v)
{
	u32 shift = 64 - bit - width;
	u64 mask = ((1ULL << width) - 1) << shift;

	return (hw & ~mask) | (v << shift & mask);
}

/* src hwinfo @s on queue 01.0002, destination queue hwinfo @d */
static struct vfio_ap_mig_report hw_case(u64 s, u64 d)
{
	struct fake_host h;
	struct src src;
	struct vfio_ap_mig_report rep;

	host_init(&h);
	h.hw_apqn = 0x0102;
	h.hw_set = true;
	h.hw_value = d;
	src_one(&src, 0x0102, s);
	/* the destination is configured like the source */
	h.dst.apm = src.cfg.apm;
	h.dst.aqm = src.cfg.aqm;
	rep = run(&src, &h);
	free(src.buf);
	return rep;
}

static void test_equal_bits(void)
{
	static const struct {
		u32 bit;
		u32 rule;
		const char *name;
	} bits[] = {
		{ 0, VFIO_AP_MIG_RULE_APSC, "APSC" },
		{ 1, VFIO_AP_MIG_RULE_AP4KM, "AP4KM" },
		{ 2, VFIO_AP_MIG_RULE_AP4KC, "AP4KC" },
		{ 3, VFIO_AP_MIG_RULE_CCA, "CCA mode" },
		{ 4, VFIO_AP_MIG_RULE_ACCEL, "accelerator mode" },
		{ 5, VFIO_AP_MIG_RULE_EP11, "EP11 mode" },
		{ 6, VFIO_AP_MIG_RULE_APXA, "APXA" },
		{ 7, VFIO_AP_MIG_RULE_SLCF, "SLCF" },
	};
	struct vfio_ap_mig_report rep;
	size_t i;

	rep = hw_case(BASE_HW, BASE_HW);
	tap_ok(rep.total == 0 && rep.err == 0, "identical hwinfo: compatible, no results");

	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		u64 flipped = BASE_HW ^ BIT(bits[i].bit);

		rep = hw_case(BASE_HW, flipped);
		tap_ok(one(&rep, bits[i].rule, 0x0102, -EOPNOTSUPP) &&
		       res[0].src == !!(BASE_HW & BIT(bits[i].bit)) &&
		       res[0].dst == !!(flipped & BIT(bits[i].bit)),
		       "%s (bit %u) differs, source -> destination: refused", bits[i].name,
		       bits[i].bit);
		rep = hw_case(flipped, BASE_HW);
		tap_ok(one(&rep, bits[i].rule, 0x0102, -EOPNOTSUPP),
		       "%s (bit %u) differs, other direction: refused", bits[i].name,
		       bits[i].bit);
		rep = hw_case(flipped, flipped);
		tap_ok(rep.total == 0, "%s (bit %u) equal on both: compatible", bits[i].name,
		       bits[i].bit);
	}
	rep = hw_case(BASE_HW, BASE_HW ^ BIT(0) ^ BIT(5));
	tap_ok(rep.total == 2 && res[0].rule == VFIO_AP_MIG_RULE_APSC &&
	       res[1].rule == VFIO_AP_MIG_RULE_EP11, "two bits differ: two results, table order");
	tap_is_str(fmt(&res[0]),
		   "APQN 01.0002: APSC facility: source 1, destination 0 (must be equal)",
		   "facility message");
}

static void test_class(void)
{
	static const struct {
		u32 s, d;
		bool ok;
		const char *what;
	} cases[] = {
		{ 0x80, 0x80, true, "native -> native" },
		{ 0x80, 0x40, false, "native -> stateless-only" },
		{ 0x80, 0x00, false, "native -> neither" },
		{ 0x80, 0xc0, true, "native -> native+stateless" },
		{ 0x40, 0x40, true, "stateless-only -> stateless-only" },
		{ 0x40, 0x80, true, "stateless-only -> native" },
		{ 0x40, 0x00, false, "stateless-only -> neither" },
		{ 0x00, 0x40, true, "neither -> stateless-only" },
		{ 0xc0, 0x40, false, "native+stateless -> stateless-only" },
		{ 0x81, 0x80, false, "other class bit only on the source" },
		{ 0x80, 0x82, false, "other class bit only on the destination" },
		{ 0x41, 0x81, true, "stateless -> native, other bits equal" },
	};
	struct vfio_ap_mig_report rep;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		u64 s = with_field(BASE_HW, VFIO_AP_HW_CLASS_BIT, 8, cases[i].s);
		u64 d = with_field(BASE_HW, VFIO_AP_HW_CLASS_BIT, 8, cases[i].d);

		rep = hw_case(s, d);
		if (cases[i].ok)
			tap_ok(rep.total == 0, "class 0x%02x -> 0x%02x (%s): compatible",
			       cases[i].s, cases[i].d, cases[i].what);
		else
			tap_ok(one(&rep, VFIO_AP_MIG_RULE_CLASS, 0x0102, -EOPNOTSUPP) &&
			       res[0].src == cases[i].s && res[0].dst == cases[i].d,
			       "class 0x%02x -> 0x%02x (%s): refused", cases[i].s, cases[i].d,
			       cases[i].what);
	}
	rep = hw_case(BASE_HW, with_field(BASE_HW, VFIO_AP_HW_CLASS_BIT, 8, 0x40));
	tap_is_str(fmt(&res[0]),
		   "APQN 01.0002: class: source 0x80, destination 0x40 (destination needs the source's function: native 0x80 > stateless 0x40)",
		   "class message");
}

static void test_bind(void)
{
	struct vfio_ap_mig_report rep;
	u64 b1 = with_field(BASE_HW, VFIO_AP_HW_BS_BIT, 2, 1);
	u64 b2 = with_field(BASE_HW, VFIO_AP_HW_BS_BIT, 2, 2);

	rep = hw_case(b1, BASE_HW);
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_BIND_SOURCE, 0x0102, -EOPNOTSUPP) && res[0].src == 1,
	       "source bind state 1: refused");
	rep = hw_case(BASE_HW, b2);
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_BIND_DEST, 0x0102, -EOPNOTSUPP) && res[0].dst == 2,
	       "destination bind state 2: refused");
	rep = hw_case(b1, b1);
	tap_ok(rep.total == 2 && res[0].rule == VFIO_AP_MIG_RULE_BIND_SOURCE &&
	       res[1].rule == VFIO_AP_MIG_RULE_BIND_DEST && rep.err == -EOPNOTSUPP,
	       "equal non-zero bind state on both: refused twice (not waved through as equal)");
	tap_is_str(fmt(&res[0]),
		   "APQN 01.0002: bind/associate state: source 1, destination 1 (must be 0 on the source: no Secure Execution binding)",
		   "bind message");
}

static void test_ap_type(void)
{
	struct vfio_ap_mig_report rep;

	rep = hw_case(BASE_HW, with_field(BASE_HW, VFIO_AP_HW_AT_BIT, 8, 14));
	tap_ok(rep.total == 0, "AP type 13 -> 14: target newer is fine");
	rep = hw_case(with_field(BASE_HW, VFIO_AP_HW_AT_BIT, 8, 11), BASE_HW);
	tap_ok(rep.total == 0, "AP type 11 -> 13: target newer is fine");
	rep = hw_case(BASE_HW, with_field(BASE_HW, VFIO_AP_HW_AT_BIT, 8, 12));
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_AP_TYPE, 0x0102, -EOPNOTSUPP) && res[0].src == 13 &&
	       res[0].dst == 12, "AP type 13 -> 12: refused");
	tap_is_str(fmt(&res[0]),
		   "APQN 01.0002: AP type: source 13, destination 12 (destination must be the same or newer)",
		   "AP type message");
}

static void test_max_msg(void)
{
	struct vfio_ap_mig_report rep;
	u64 ml0 = with_field(BASE_HW, VFIO_AP_HW_ML_BIT, 4, 0);
	u64 ml2 = with_field(BASE_HW, VFIO_AP_HW_ML_BIT, 4, 2);
	u64 ml3 = with_field(BASE_HW, VFIO_AP_HW_ML_BIT, 4, 3);
	u64 ml4 = with_field(BASE_HW, VFIO_AP_HW_ML_BIT, 4, 4);

	tap_is_int(vfio_ap_hw_max_msg_bytes(ml0), 12288, "ml 0 is the 12 KiB default");
	tap_is_int(vfio_ap_hw_max_msg_bytes(ml4), 16384, "ml 4 is 16 KiB");
	rep = hw_case(ml3, ml0);
	tap_ok(rep.total == 0, "ml 3 -> ml 0: both 12 KiB, compatible");
	rep = hw_case(ml0, ml3);
	tap_ok(rep.total == 0, "ml 0 -> ml 3: both 12 KiB, compatible");
	rep = hw_case(ml2, ml0);
	tap_ok(rep.total == 0, "8 KiB -> default 12 KiB: compatible");
	rep = hw_case(ml3, ml4);
	tap_ok(rep.total == 0, "12 KiB -> 16 KiB: compatible");
	rep = hw_case(ml4, ml0);
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_MAX_MSG, 0x0102, -EOPNOTSUPP) &&
	       res[0].src == 16384 && res[0].dst == 12288,
	       "16 KiB -> default 12 KiB: refused, effective sizes compared");
	rep = hw_case(ml4, ml2);
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_MAX_MSG, 0x0102, -EOPNOTSUPP) && res[0].dst == 8192,
	       "16 KiB -> 8 KiB: refused");
	tap_is_str(fmt(&res[0]),
		   "APQN 01.0002: max message length in bytes: source 16384, destination 8192 (destination must be >= source)",
		   "max message length message");
}

static void test_info(void)
{
	struct vfio_ap_mig_report rep;

	rep = hw_case(BASE_HW, with_field(BASE_HW, VFIO_AP_HW_QD_BIT, 4, 3));
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_QUEUE_DEPTH, 0x0102, 0) && res[0].src == 8 &&
	       res[0].dst == 4 && rep.err == 0 && rep.refused == 0,
	       "queue depth 8 -> 4: reported, not refused");
	tap_is_str(fmt(&res[0]),
		   "APQN 01.0002: queue depth: source 8, destination 4 (informational)",
		   "queue depth message");
	rep = hw_case(BASE_HW, with_field(BASE_HW, VFIO_AP_HW_ND_BIT, 8, 40));
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_NUM_DOMAINS, 0x0102, 0) && res[0].src == 85 &&
	       res[0].dst == 40, "number of domains 85 -> 40: reported, not refused");
	rep = hw_case(with_field(BASE_HW, VFIO_AP_HW_ND_BIT, 8, 40), BASE_HW);
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_NUM_DOMAINS, 0x0102, 0),
	       "number of domains 40 -> 85: reported, not refused");
	/* info plus refusal: err is the refusal's */
	rep = hw_case(BASE_HW, with_field(BASE_HW ^ BIT(1), VFIO_AP_HW_QD_BIT, 4, 0));
	tap_ok(rep.total == 2 && rep.refused == 1 && rep.err == -EOPNOTSUPP,
	       "refusal plus info: one refused, err -EOPNOTSUPP");
	rep = hw_case(BASE_HW, with_field(BASE_HW, 18, 14, 0x1234));
	tap_ok(rep.total == 0, "reserved bits 18-31 differ: not a rule");
}

/* ---- check_host: the provisioning pre-check (check --host) ------------- */

static void test_host(void)
{
	struct vfio_ap_mig_report rep;
	struct fake_host h;
	struct src s;

	src_make(&s, "1-2", "3-4", "5");

	host_init(&h);
	rep = run_host(&s, &h);
	tap_ok(rep.total == 0 && rep.err == 0, "host offers all: compatible");
	rep = run(&s, &h);
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_NOT_CONFIGURED, VFIO_AP_MIG_NO_APQN, -ENODEV),
	       "the same host, but --target an empty mdev: not configured, -ENODEV");

	host_init(&h);
	vfio_ap_mig_mask_clear(&h.host.host_apm, 2);
	rep = run_host(&s, &h);
	tap_ok(rep.total == 2 && res[0].rule == VFIO_AP_MIG_RULE_HOST_MISSING &&
	       res[0].apqn == 0x0203 && res[1].apqn == 0x0204 && res[0].err == -ENODEV &&
	       rep.err == -ENODEV,
	       "adapter 2 not in the host configuration: 02.0003 and 02.0004 missing, -ENODEV, no hwinfo results for them");
	tap_is_str(fmt(&res[0]),
		   "APQN 02.0003: not in the destination host's AP configuration",
		   "missing-on-host message");

	host_init(&h);
	vfio_ap_mig_mask_clear(&h.host.host_aqm, 4);
	rep = run_host(&s, &h);
	tap_ok(rep.total == 2 && res[0].apqn == 0x0104 && res[1].apqn == 0x0204 &&
	       rep.err == -ENODEV, "domain 4 not in the host configuration: 2 missing");

	host_init(&h);
	vfio_ap_mig_mask_set(&h.apmask, 1);
	rep = run_host(&s, &h);
	tap_ok(rep.total == 0,
	       "adapter 1 in apmask, but domains 3-4 not in aqmask: not host-owned, compatible");
	vfio_ap_mig_mask_set(&h.aqmask, 4);
	rep = run_host(&s, &h);
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_HOST_OWNED, 0x0104, -EADDRNOTAVAIL),
	       "adapter 1 in apmask and domain 4 in aqmask: 01.0004 host-owned, -EADDRNOTAVAIL");
	tap_is_str(fmt(&res[0]),
		   "APQN 01.0004: host-owned (adapter in apmask, domain in aqmask): not for vfio_ap",
		   "host-owned message");

	host_init(&h);
	vfio_ap_mig_mask_set(&h.aqmask, 3);
	rep = run_host(&s, &h);
	tap_ok(rep.total == 0, "domain 3 in aqmask, adapters 1-2 not in apmask: compatible");
	h.apmask = mt_mask("0-255");
	rep = run_host(&s, &h);
	tap_ok(rep.total == 2 && res[0].rule == VFIO_AP_MIG_RULE_HOST_OWNED &&
	       res[0].apqn == 0x0103 && res[1].apqn == 0x0203 && rep.err == -EADDRNOTAVAIL,
	       "all adapters in apmask, domain 3 in aqmask: 01.0003 and 02.0003 host-owned");

	host_init(&h);
	h.other_mdev[h.n_other++] = 0x0204;
	rep = run_host(&s, &h);
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_IN_USE, 0x0204, -EADDRINUSE),
	       "02.0004 used by another mdev: -EADDRINUSE");
	tap_is_str(fmt(&res[0]), "APQN 02.0004: assigned to another mdev on the destination host",
		   "in-use message");

	host_init(&h);
	vfio_ap_mig_mask_clear(&h.host.host_adm, 5);
	rep = run_host(&s, &h);
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_CDOM_HOST_MISSING, 5, -ENODEV),
	       "control domain 5 not in the host ADM: -ENODEV");
	tap_is_str(fmt(&res[0]),
		   "control domain 0005: not in the destination host's control-domain mask",
		   "control-domain message");

	/* several problems: all reported, the first one's errno returned */
	host_init(&h);
	vfio_ap_mig_mask_clear(&h.host.host_apm, 1);
	vfio_ap_mig_mask_set(&h.apmask, 2);
	vfio_ap_mig_mask_set(&h.aqmask, 4);
	h.other_mdev[h.n_other++] = 0x0203;
	vfio_ap_mig_mask_clear(&h.host.host_adm, 5);
	rep = run_host(&s, &h);
	tap_ok(rep.total == 5 && rep.refused == 5 && rep.err == -ENODEV &&
	       res[0].rule == VFIO_AP_MIG_RULE_HOST_MISSING &&
	       res[2].rule == VFIO_AP_MIG_RULE_IN_USE &&
	       res[3].rule == VFIO_AP_MIG_RULE_HOST_OWNED &&
	       res[4].rule == VFIO_AP_MIG_RULE_CDOM_HOST_MISSING,
	       "four kinds of problem at once: every one reported");
	if (rep.total != 5)
		dump(&rep);

	/* rule 1 and rule 2 together */
	host_init(&h);
	vfio_ap_mig_mask_set(&h.apmask, 2);
	vfio_ap_mig_mask_set(&h.aqmask, 3);
	h.hw_apqn = 0x0104;
	h.hw_set = true;
	h.hw_value = mt_hwinfo(0x0104) ^ BIT(4);
	rep = run_host(&s, &h);
	tap_ok(rep.total == 2 && rep.err == -EADDRNOTAVAIL &&
	       res[0].rule == VFIO_AP_MIG_RULE_HOST_OWNED && res[0].apqn == 0x0203 &&
	       res[1].rule == VFIO_AP_MIG_RULE_ACCEL && res[1].apqn == 0x0104,
	       "host-owned plus a hardware mismatch: both reported, rule 1 errno first");

	/* get_hwinfo failing */
	host_init(&h);
	h.hw_fail_apqn = 0x0203;
	h.hw_fail_err = -EIO;
	rep = run_host(&s, &h);
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_HWINFO, 0x0203, -EIO),
	       "hwinfo of 02.0003 unreadable: reported with its errno");
	tap_is_str(fmt(&res[0]),
		   "APQN 02.0003: cannot read the destination queue's hardware information (errno 5)",
		   "hwinfo message");
	free(s.buf);
}

/* ---- rule 1: configured destination -------------------------------------- */

static void test_configured(void)
{
	struct vfio_ap_mig_report rep;
	struct fake_host h;
	struct src s;

	src_make(&s, "1-2", "3-4", "5");

	host_init(&h);
	h.dst.apm = mt_mask("1-2");
	h.dst.aqm = mt_mask("3-4");
	h.dst.adm = mt_mask("5");
	rep = run(&s, &h);
	tap_ok(rep.total == 0, "configured mdev equal to the source: compatible");

	/* configured: the host-level rules do not apply (the mdev already has them) */
	h.apmask = mt_mask("0-255");
	h.aqmask = mt_mask("0-255");
	rep = run(&s, &h);
	tap_ok(rep.total == 0, "configured and equal: apmask is not re-checked");

	host_init(&h);
	h.dst.apm = mt_mask("1");
	h.dst.aqm = mt_mask("3-4");
	h.dst.adm = mt_mask("5");
	rep = run(&s, &h);
	tap_ok(rep.total == 2 && res[0].rule == VFIO_AP_MIG_RULE_APQN_MISSING &&
	       res[0].apqn == 0x0203 && res[1].apqn == 0x0204 && rep.err == -ENODEV,
	       "destination lacks adapter 2: 02.0003, 02.0004 missing, -ENODEV");
	tap_is_str(fmt(&res[0]),
		   "APQN 02.0003: in the source guest's view, not in the destination guest's view",
		   "missing-APQN message");

	host_init(&h);
	h.dst.apm = mt_mask("1-3");
	h.dst.aqm = mt_mask("3-4");
	h.dst.adm = mt_mask("5");
	rep = run(&s, &h);
	tap_ok(rep.total == 2 && res[0].rule == VFIO_AP_MIG_RULE_APQN_EXTRA &&
	       res[0].apqn == 0x0303 && res[1].apqn == 0x0304 && rep.err == -ENODEV,
	       "destination has adapter 3 extra: 03.0003, 03.0004 extra, -ENODEV");
	tap_is_str(fmt(&res[0]),
		   "APQN 03.0003: in the destination guest's view, not in the source guest's view",
		   "extra-APQN message");

	host_init(&h);
	h.dst.apm = mt_mask("1-2");
	h.dst.aqm = mt_mask("3-4");
	h.dst.adm = mt_mask("6");
	rep = run(&s, &h);
	tap_ok(rep.total == 2 && res[0].rule == VFIO_AP_MIG_RULE_CDOM_MISSING &&
	       res[0].apqn == 5 && res[1].rule == VFIO_AP_MIG_RULE_CDOM_EXTRA &&
	       res[1].apqn == 6 && rep.err == -ENODEV,
	       "control domains 5 vs 6: one missing, one extra");

	host_init(&h);
	h.dst.adm = mt_mask("5");
	rep = run(&s, &h);
	tap_ok(rep.total == 4 && res[3].rule == VFIO_AP_MIG_RULE_APQN_MISSING,
	       "only control domains assigned: configured, all 4 APQNs missing");

	host_init(&h);
	h.dst.apm = mt_mask("2-3");
	h.dst.aqm = mt_mask("4-5");
	h.dst.adm = mt_mask("5");
	rep = run(&s, &h);
	tap_ok(rep.total == 6 && rep.refused == 6,
	       "shifted matrix: 3 missing, 3 extra (one shared APQN compared by rule 2 only)");
	if (rep.total != 6)
		dump(&rep);

	/* verify, never grant: an empty destination takes nothing */
	host_init(&h);
	rep = run(&s, &h);
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_NOT_CONFIGURED, VFIO_AP_MIG_NO_APQN, -ENODEV),
	       "empty destination: one result, not configured, -ENODEV (no per-APQN flood)");
	tap_ok(strstr(fmt(&res[0]), "export --format=mdevctl") &&
		       strstr(fmt(&res[0]), "define --from"),
	       "the message says how to configure it: %s", fmt(&res[0]));

	/* adapters without domains (or the reverse) have no queue: said so */
	host_init(&h);
	h.dst.apm = mt_mask("1-2");
	h.dst.adm = mt_mask("5");
	rep = run(&s, &h);
	tap_ok(rep.total == 5 && res[0].rule == VFIO_AP_MIG_RULE_NO_DOMAINS && res[0].dst == 2 &&
		       res[1].rule == VFIO_AP_MIG_RULE_APQN_MISSING && rep.err == -ENODEV,
	       "adapters-only destination: no-domains plus 4 APQNs missing");
	tap_is_str(
		fmt(&res[0]),
		"the destination guest sees adapters but no usage domain, so no queue (2 adapters)",
		"no-domains message");
	host_init(&h);
	h.dst.aqm = mt_mask("3-4");
	h.dst.adm = mt_mask("5");
	rep = run(&s, &h);
	tap_ok(rep.total == 5 && res[0].rule == VFIO_AP_MIG_RULE_NO_ADAPTERS && rep.err == -ENODEV,
	       "domains-only destination: no-adapters plus 4 APQNs missing");
	free(s.buf);

	/* a source without queues (control domains only) onto an adapters-only view */
	src_make(&s, "", "", "5");
	host_init(&h);
	h.dst.apm = mt_mask("1");
	h.dst.adm = mt_mask("5");
	rep = run(&s, &h);
	tap_ok(one(&rep, VFIO_AP_MIG_RULE_NO_DOMAINS, VFIO_AP_MIG_NO_APQN, -ENODEV),
	       "control-domain-only source, adapters-only destination: refused, not \"empty = equal\"");
	host_init(&h);
	h.dst.adm = mt_mask("5");
	rep = run(&s, &h);
	tap_ok(rep.total == 0, "control-domain-only source onto the same view: compatible");
	free(s.buf);
}

static void test_report_cap(void)
{
	struct vfio_ap_mig_result few[3];
	struct vfio_ap_mig_report rep = { .res = few, .cap = 3 };
	struct fake_host h;
	struct src s;

	src_make(&s, "0-15", "0-15", "");
	host_init(&h);
	h.dst.apm = mt_mask("16-17");
	h.dst.aqm = mt_mask("0");
	vfio_ap_mig_check(&s.cfg, &h.dst, &rep);
	tap_ok(rep.count == 3 && rep.total == 256 + 2 && rep.refused == 258 && rep.err == -ENODEV,
	       "results beyond the capacity are counted, not stored (%u/%u)", rep.count,
	       rep.total);
	rep.res = NULL;
	rep.cap = 0;
	vfio_ap_mig_check(&s.cfg, &h.dst, &rep);
	tap_ok(rep.count == 0 && rep.total == 258 && rep.err == -ENODEV,
	       "no result array: verdict and counts only");
	free(s.buf);

	src_make(&s, "", "", "");
	host_init(&h);
	rep.res = few;
	rep.cap = 3;
	tap_is_int(vfio_ap_mig_check(&s.cfg, &h.dst, &rep), 0,
		   "empty source into an empty mdev: compatible");
	free(s.buf);
}

static void test_names_and_fields(void)
{
	struct vfio_ap_mig_result r = { .rule = 999 };
	bool ok = true, distinct = true;
	char buf[256];
	u32 i, j;
	u64 hw;

	for (i = 0; i < VFIO_AP_MIG_RULE_NR; i++) {
		if (!strcmp(vfio_ap_mig_rule_name(i), "unknown"))
			ok = false;
		for (j = 0; j < i; j++)
			if (!strcmp(vfio_ap_mig_rule_name(i), vfio_ap_mig_rule_name(j)))
				distinct = false;
		r.rule = i;
		r.apqn = 0x0a0b;
		vfio_ap_mig_result_format(&r, buf, sizeof(buf));
		if (!buf[0] || strchr(buf, '\n'))
			ok = false;
	}
	tap_ok(ok, "every rule has a name and a one-line message");
	tap_ok(distinct, "rule names are distinct");
	tap_is_str(vfio_ap_mig_rule_name(VFIO_AP_MIG_RULE_NR), "unknown", "unknown rule name");
	r.rule = 999;
	vfio_ap_mig_result_format(&r, buf, sizeof(buf));
	tap_is_str(buf, "unknown rule 999", "unknown rule message");

	/* what the tool composes from sysfs */
	hw = vfio_ap_hw_make(0x90800000, 13, 85, 12288, 8);
	tap_ok(hw == 0x908000000d550307ULL, "hw_make(ap_functions, raw_hwtype, nd, 12288, 8)");
	tap_is_int(vfio_ap_hw_field(hw, VFIO_AP_HW_AT_BIT, 8), 13, "field: AP type");
	tap_is_int(vfio_ap_hw_field(hw, VFIO_AP_HW_CLASS_BIT, 8), 0x80, "field: class");
	tap_is_int(vfio_ap_hw_field(hw, VFIO_AP_HW_QD_BIT, 4), 7, "field: qd");
	tap_is_int(vfio_ap_hw_field(hw, VFIO_AP_HW_APSC_BIT, 1), 1, "field: APSC");
	tap_is_int(vfio_ap_hw_field(hw, VFIO_AP_HW_AP4KM_BIT, 1), 0, "field: AP4KM");
	hw = vfio_ap_hw_make(0, 0, 0, 1 << 20, 100);
	tap_ok(vfio_ap_hw_field(hw, VFIO_AP_HW_ML_BIT, 4) == 15 &&
	       vfio_ap_hw_field(hw, VFIO_AP_HW_QD_BIT, 4) == 15,
	       "hw_make clamps ml and qd to 4 bits");
}

int main(void)
{
	test_equal_bits();
	test_class();
	test_bind();
	test_ap_type();
	test_max_msg();
	test_info();
	test_host();
	test_configured();
	test_report_cap();
	test_names_and_fields();
	return tap_done();
}
