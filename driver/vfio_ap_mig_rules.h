/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio_ap migration compatibility rules: may this destination take the
 * AP configuration of that source?
 *
 * One data-driven table, shared by the kernel (the write that completes a
 * RESUMING stream, and RESUMING -> STOP again) and the tool (vfio-ap-ctl
 * check), so both give the same verdict. Every failed rule is returned as
 * a structured result; vfio_ap_mig_result_format() makes the one-line
 * message both print.
 *
 * Rule 1, matrix: verify, never grant. The destination mdev must already
 * be configured by the admin, and the guest view it gives (adapters, usage
 * domains and control domains after the kernel's filtering: the shadow
 * APCB) must equal the source guest's view. An empty destination view for
 * a source that has anything is one result (-ENODEV) that says how to
 * configure it; otherwise each missing and each extra APQN and control
 * domain is one result (-ENODEV), and a destination view with adapters but
 * no usage domain (or the reverse) one more. The stream never assigns.
 * Rule 2, per source queue, on the destination queue's hwinfo (TAPQ GR2,
 * bit 0 = MSB): see enum vfio_ap_mig_rule_id; refusals are -EOPNOTSUPP.
 *
 * The host rules (host-missing, host-owned, in-use, cdom-host-missing) are
 * the tool's provisioning pre-check ("vfio-ap-ctl check --host": could a
 * device configured like the source be defined and started on this host?),
 * which userspace evaluates with vfio_ap_mig_report_rule() and, for rule 2,
 * vfio_ap_mig_check_queues(). They are rows of the same table so that rule
 * names, errnos and messages are one list; the kernel never evaluates them.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef VFIO_AP_MIG_RULES_H
#define VFIO_AP_MIG_RULES_H

#include <linux/types.h>

#include "vfio_ap_mig_stream.h"

/*
 * TAPQ GR2 fields (arch/s390/include/asm/ap.h, struct ap_tapq_hwinfo).
 * Bit numbers count from the most significant bit (bit 0) of the 64-bit
 * value, as the architecture does.
 */
#define VFIO_AP_HW_APSC_BIT		0	/* AP special-command facility */
#define VFIO_AP_HW_AP4KM_BIT		1	/* 4096-bit modulus-exponent */
#define VFIO_AP_HW_AP4KC_BIT		2	/* 4096-bit CRT */
#define VFIO_AP_HW_CCA_BIT		3	/* CCA coprocessor mode ("D") */
#define VFIO_AP_HW_ACCEL_BIT		4	/* accelerator mode ("A") */
#define VFIO_AP_HW_EP11_BIT		5	/* EP11/XCP coprocessor mode ("X") */
#define VFIO_AP_HW_APXA_BIT		6	/* AP extended addressing */
#define VFIO_AP_HW_SLCF_BIT		7	/* stateless command filtering */
#define VFIO_AP_HW_CLASS_BIT		8	/* classification, 8 bits */
#define VFIO_AP_HW_BS_BIT		16	/* SE bind/associate state, 2 bits */
#define VFIO_AP_HW_AT_BIT		32	/* AP type, 8 bits */
#define VFIO_AP_HW_ND_BIT		40	/* number of domains, 8 bits */
#define VFIO_AP_HW_ML_BIT		52	/* max message length / 4 KiB, 4 bits */
#define VFIO_AP_HW_QD_BIT		60	/* queue depth - 1, 4 bits */

/*
 * Classification byte (bits 8-15). Bit 8 (0x80) is "full native card
 * function", bit 9 (0x40) "stateless functions only", as the posted
 * upstream vfio_ap migration series documents them
 * (CLASSIFICATION_NATIVE_FCN_MASK 0x80); bits 10-15 have no published
 * meaning and are compared for equality.
 */
#define VFIO_AP_HW_CLASS_NATIVE		0x80
#define VFIO_AP_HW_CLASS_STATELESS	0x40
#define VFIO_AP_HW_CLASS_OTHER		0x3f

/* ml == 0 means the architected default of 12 KiB */
#define VFIO_AP_HW_ML_DEFAULT_BYTES	12288U

/**
 * vfio_ap_hw_field() - extract a TAPQ GR2 field
 * @hwinfo: the 64-bit GR2 value
 * @bit: number of the field's first (most significant) bit, 0 = MSB
 * @width: field width in bits, 1..32
 *
 * Return: the field value.
 */
static inline u32 vfio_ap_hw_field(u64 hwinfo, u32 bit, u32 width)
{
	return (u32)(hwinfo >> (64 - bit - width)) & (u32)((1ULL << width) - 1);
}

/**
 * vfio_ap_hw_max_msg_bytes() - effective maximum message length
 * @hwinfo: TAPQ GR2
 *
 * Return: ml * 4096, or 12288 if ml is 0 (as the AP bus computes
 * max_msg_size).
 */
static inline u32 vfio_ap_hw_max_msg_bytes(u64 hwinfo)
{
	u32 ml = vfio_ap_hw_field(hwinfo, VFIO_AP_HW_ML_BIT, 4);

	return ml ? ml * 4096U : VFIO_AP_HW_ML_DEFAULT_BYTES;
}

/**
 * vfio_ap_hw_make() - compose a hwinfo from what sysfs shows
 * @functions: card ap_functions (GR2 bits 0-31)
 * @ap_type: raw_hwtype (bits 32-39)
 * @num_domains: number of domains (bits 40-47), 0 if unknown
 * @max_msg_size: max_msg_size in bytes (bits 52-55: size / 4096, at most
 *	15; 0 gives ml 0)
 * @depth: queue depth as sysfs shows it (qd + 1, 1..16; 0 gives qd 0)
 *
 * Return: the 64-bit GR2 value.
 */
static inline u64 vfio_ap_hw_make(u32 functions, u32 ap_type, u32 num_domains,
				  u32 max_msg_size, u32 depth)
{
	u64 ml = max_msg_size / 4096U;
	u64 qd = depth ? depth - 1 : 0;

	if (ml > 15)
		ml = 15;
	if (qd > 15)
		qd = 15;
	return (u64)functions << 32 | (u64)(ap_type & 0xff) << 24 |
	       (u64)(num_domains & 0xff) << 16 | ml << 8 | qd;
}

/**
 * enum vfio_ap_mig_rule_id - the rules, in evaluation order
 * @VFIO_AP_MIG_RULE_NOT_CONFIGURED: the destination guest view is empty,
 *	the source's is not: configure the destination mdev like the source
 *	first (-ENODEV)
 * @VFIO_AP_MIG_RULE_APQN_MISSING: the destination guest view lacks a
 *	source APQN (-ENODEV)
 * @VFIO_AP_MIG_RULE_APQN_EXTRA: the destination guest view has an APQN the
 *	source's has not (-ENODEV)
 * @VFIO_AP_MIG_RULE_CDOM_MISSING: the destination guest view lacks a
 *	source control domain (-ENODEV)
 * @VFIO_AP_MIG_RULE_CDOM_EXTRA: the destination guest view has a control
 *	domain the source's has not (-ENODEV)
 * @VFIO_AP_MIG_RULE_NO_DOMAINS: the destination guest view has adapters
 *	but no usage domain, so no queue (-ENODEV)
 * @VFIO_AP_MIG_RULE_NO_ADAPTERS: the destination guest view has usage
 *	domains but no adapter, so no queue (-ENODEV)
 * @VFIO_AP_MIG_RULE_HOST_MISSING: check --host: source APQN not in the
 *	host's AP configuration (-ENODEV)
 * @VFIO_AP_MIG_RULE_HOST_OWNED: check --host: source APQN host-owned, not
 *	usable by vfio_ap: adapter set in apmask and domain set in aqmask
 *	(since Linux 6.19 unless the queue's driver_override gives it away)
 *	(-EADDRNOTAVAIL)
 * @VFIO_AP_MIG_RULE_IN_USE: check --host: source APQN assigned to another
 *	mdev (-EADDRINUSE)
 * @VFIO_AP_MIG_RULE_CDOM_HOST_MISSING: check --host: source control domain
 *	not in the host's control-domain mask (-ENODEV)
 * @VFIO_AP_MIG_RULE_HWINFO: the destination queue's hwinfo could not be
 *	read (the get_hwinfo() error, e.g. -ENODEV)
 * @VFIO_AP_MIG_RULE_APSC: APSC facility (bit 0) differs
 * @VFIO_AP_MIG_RULE_AP4KM: AP4KM facility (bit 1) differs
 * @VFIO_AP_MIG_RULE_AP4KC: AP4KC facility (bit 2) differs
 * @VFIO_AP_MIG_RULE_CCA: CCA mode (bit 3) differs
 * @VFIO_AP_MIG_RULE_ACCEL: accelerator mode (bit 4) differs
 * @VFIO_AP_MIG_RULE_EP11: EP11 mode (bit 5) differs
 * @VFIO_AP_MIG_RULE_APXA: APXA (bit 6) differs
 * @VFIO_AP_MIG_RULE_SLCF: SLCF (bit 7) differs
 * @VFIO_AP_MIG_RULE_CLASS: class (bits 8-15): the destination offers less
 *	function (native > stateless-only > neither) or other class bits
 *	differ
 * @VFIO_AP_MIG_RULE_BIND_SOURCE: source bind/associate state (bits 16-17)
 *	not 0
 * @VFIO_AP_MIG_RULE_BIND_DEST: destination bind/associate state not 0
 * @VFIO_AP_MIG_RULE_AP_TYPE: destination AP type (bits 32-39) older
 * @VFIO_AP_MIG_RULE_MAX_MSG: destination max message length (bits 52-55,
 *	effective bytes) smaller
 * @VFIO_AP_MIG_RULE_QUEUE_DEPTH: queue depth (bits 60-63) differs;
 *	informational, err 0
 * @VFIO_AP_MIG_RULE_NUM_DOMAINS: number of domains (bits 40-47) differs;
 *	informational, err 0
 * @VFIO_AP_MIG_RULE_NR: number of rules
 */
enum vfio_ap_mig_rule_id {
	VFIO_AP_MIG_RULE_NOT_CONFIGURED,
	VFIO_AP_MIG_RULE_APQN_MISSING,
	VFIO_AP_MIG_RULE_APQN_EXTRA,
	VFIO_AP_MIG_RULE_CDOM_MISSING,
	VFIO_AP_MIG_RULE_CDOM_EXTRA,
	VFIO_AP_MIG_RULE_NO_DOMAINS,
	VFIO_AP_MIG_RULE_NO_ADAPTERS,
	VFIO_AP_MIG_RULE_HOST_MISSING,
	VFIO_AP_MIG_RULE_HOST_OWNED,
	VFIO_AP_MIG_RULE_IN_USE,
	VFIO_AP_MIG_RULE_CDOM_HOST_MISSING,
	VFIO_AP_MIG_RULE_HWINFO,
	VFIO_AP_MIG_RULE_APSC,
	VFIO_AP_MIG_RULE_AP4KM,
	VFIO_AP_MIG_RULE_AP4KC,
	VFIO_AP_MIG_RULE_CCA,
	VFIO_AP_MIG_RULE_ACCEL,
	VFIO_AP_MIG_RULE_EP11,
	VFIO_AP_MIG_RULE_APXA,
	VFIO_AP_MIG_RULE_SLCF,
	VFIO_AP_MIG_RULE_CLASS,
	VFIO_AP_MIG_RULE_BIND_SOURCE,
	VFIO_AP_MIG_RULE_BIND_DEST,
	VFIO_AP_MIG_RULE_AP_TYPE,
	VFIO_AP_MIG_RULE_MAX_MSG,
	VFIO_AP_MIG_RULE_QUEUE_DEPTH,
	VFIO_AP_MIG_RULE_NUM_DOMAINS,
	VFIO_AP_MIG_RULE_NR,
};

/**
 * struct vfio_ap_mig_dest - the destination mdev and what its host offers
 * @apm: adapters of the destination guest view (the kernel: the filtered
 *	shadow APCB of the destination mdev)
 * @aqm: usage domains of the destination guest view
 * @adm: control domains of the destination guest view
 * @get_hwinfo: hwinfo (TAPQ GR2) of a destination host queue: 0, or -ENODEV
 *	if the queue does not exist, or another -errno (the kernel issues
 *	TAPQ through its seam, the tool composes it from sysfs with
 *	vfio_ap_hw_make())
 * @priv: passed to @get_hwinfo
 */
struct vfio_ap_mig_dest {
	struct vfio_ap_mig_mask apm;
	struct vfio_ap_mig_mask aqm;
	struct vfio_ap_mig_mask adm;
	int (*get_hwinfo)(void *priv, u16 apqn, u64 *hwinfo);
	void *priv;
};

/* vfio_ap_mig_result.apqn for results that are not about one queue */
#define VFIO_AP_MIG_NO_APQN	0xffffffffU

/**
 * struct vfio_ap_mig_result - one failed (or informational) rule
 * @rule: enum vfio_ap_mig_rule_id
 * @apqn: the queue (adapter << 8 | domain); for the control-domain rules
 *	the control domain number
 * @err: negative errno the rule refuses with, 0 for informational results
 * @src: the source's value of the field (rule-specific; 0/1 for present,
 *	the field value for rule 2)
 * @dst: the destination's value
 */
struct vfio_ap_mig_result {
	u32 rule;
	u32 apqn;
	int err;
	u64 src;
	u64 dst;
};

/**
 * struct vfio_ap_mig_report - where vfio_ap_mig_check() puts its results
 * @res: caller's array for the results, may be NULL if @cap is 0
 * @cap: its number of elements
 * @count: results stored in @res (<= @cap)
 * @total: results found, refusing and informational (may exceed @cap)
 * @refused: refusing results found
 * @err: 0 if compatible, else the errno of the first refusing result in
 *	evaluation order (the one the kernel returns)
 *
 * Set @res and @cap, zero the rest, call vfio_ap_mig_check().
 */
struct vfio_ap_mig_report {
	struct vfio_ap_mig_result *res;
	u32 cap;
	u32 count;
	u32 total;
	u32 refused;
	int err;
};

/**
 * vfio_ap_mig_check() - evaluate every rule for source @src on @dst
 * @src: the source configuration (a validated stream)
 * @dst: the destination guest view and its host's queues
 * @rep: results (see struct vfio_ap_mig_report)
 *
 * Evaluates rule 1 (verify, never grant) and then rule 2 for each source
 * queue, in APQN order, that the destination guest view has, and records
 * every failure; informational results (queue depth, number of domains)
 * are recorded when the values differ. Never stops early and never
 * allocates.
 *
 * Return: @rep->err: 0 if the destination can take the source, else the
 * negative errno of the first refusal (-ENODEV, -EOPNOTSUPP, or a
 * get_hwinfo() error).
 */
int vfio_ap_mig_check(const struct vfio_ap_mig_config *src, const struct vfio_ap_mig_dest *dst,
		      struct vfio_ap_mig_report *rep);

/**
 * vfio_ap_mig_check_queues() - rule 2 for the source queues in a matrix
 * @src: the source configuration (a validated stream)
 * @dst: @get_hwinfo and @priv of the destination host
 * @apm: adapters and
 * @aqm: domains of the matrix whose source queues are compared (the
 *	destination guest view, or the host's configuration)
 * @rep: results, added to
 *
 * For each source queue in @apm x @aqm, in APQN order, compares its hwinfo
 * with the destination queue's and records each failed row; a get_hwinfo()
 * error is one result with that errno.
 */
void vfio_ap_mig_check_queues(const struct vfio_ap_mig_config *src,
			      const struct vfio_ap_mig_dest *dst,
			      const struct vfio_ap_mig_mask *apm,
			      const struct vfio_ap_mig_mask *aqm,
			      struct vfio_ap_mig_report *rep);

/**
 * vfio_ap_mig_report_reset() - forget every result of @rep (not @res/@cap)
 * @rep: the report
 */
void vfio_ap_mig_report_reset(struct vfio_ap_mig_report *rep);

/**
 * vfio_ap_mig_report_rule() - record that @rule failed
 * @rep: the report
 * @rule: enum vfio_ap_mig_rule_id
 * @apqn: the queue, the control domain, or VFIO_AP_MIG_NO_APQN
 * @src: the source's value
 * @dst: the destination's value
 *
 * The result carries the rule's errno from the table (0 for the
 * informational rules); the first refusing result sets @rep->err.
 */
void vfio_ap_mig_report_rule(struct vfio_ap_mig_report *rep, u32 rule, u32 apqn, u64 src,
			     u64 dst);

/**
 * vfio_ap_mig_rule_name() - short stable name of a rule
 * @rule: enum vfio_ap_mig_rule_id
 *
 * Return: e.g. "apqn-missing", "apsc", "ap-type", "max-msg-len"; "unknown"
 * for an unknown id. The kernel log and vfio-ap-ctl check name refusals
 * by it.
 */
const char *vfio_ap_mig_rule_name(u32 rule);

/**
 * vfio_ap_mig_result_format() - one-line message for a result
 * @r: the result
 * @buf: output, NUL-terminated (truncated if too small)
 * @size: its size
 *
 * Examples:
 * "APQN 05.0012: AP type: source 13, destination 12 (destination must be
 * the same or newer)",
 * "APQN 05.0012: used by another mdev on the destination host",
 * "control domain 0012: not in the destination host's control-domain mask".
 * No trailing newline, no "error:" prefix (the caller adds context).
 *
 * Return: what snprintf() returns.
 */
int vfio_ap_mig_result_format(const struct vfio_ap_mig_result *r, char *buf, size_t size);

#endif /* VFIO_AP_MIG_RULES_H */
