/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio_ap migration: the compatibility cases that the kernel and the tool
 * must decide the same way.
 *
 * One table for two consumers: the userspace test of "vfio-ap-ctl check"
 * (tests/unit/test-ctl-check.c, which runs the tool's verdict code) and the
 * KUnit suite (driver/vfio_ap_migration_kunit.c, which writes a real stream
 * into a fake vfio_ap through the resume file; it includes this header).
 * Both start from the environment below; a case changes one thing and
 * names the errno the destination must refuse with (0: accepted) and a
 * word its message must contain.
 *
 * Environment: the destination host's AP configuration has adapters 3, 5
 * and 7, usage domains 0x10-0x12 and control domains 0x10-0x11; every
 * queue's hwinfo is VFIO_AP_MIG_CASE_HW_BASE. The source guest's view is
 * adapters 3 and 5 x domains 0x10 and 0x11 with control domain 0x10, and
 * the destination mdev is configured like the source: its guest view is
 * the same (verify, never grant).
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef VFIO_AP_MIG_CASES_H
#define VFIO_AP_MIG_CASES_H

#include <linux/compiler.h>
#include <linux/types.h>

/* a CEX8 in CCA mode: APSC, CCA, APXA, native class, type 14, nd 0x55, ml 3, qd 7 */
#define VFIO_AP_MIG_CASE_HW_BASE	0x928000000e550307ULL
/* hwinfo bit @n, counted from the MSB as the architecture does */
#define VFIO_AP_MIG_CASE_BIT(n)		(1ULL << (63 - (n)))

#define VFIO_AP_MIG_CASE_HOST_APIDS	{ 3, 5, 7 }
#define VFIO_AP_MIG_CASE_HOST_APQIS	{ 0x10, 0x11, 0x12 }
#define VFIO_AP_MIG_CASE_HOST_CDOMS	{ 0x10, 0x11 }
#define VFIO_AP_MIG_CASE_SRC_APIDS	{ 3, 5 }
#define VFIO_AP_MIG_CASE_SRC_APQIS	{ 0x10, 0x11 }
#define VFIO_AP_MIG_CASE_SRC_CDOMS	{ 0x10 }
/* the queue whose hwinfo the rule cases change, on both hosts */
#define VFIO_AP_MIG_CASE_APQN		0x0511

/**
 * struct vfio_ap_mig_rule_case - a rule of DESIGN.md 4.2 on one queue
 * @name: case name (KUnit parameter description)
 * @src: hwinfo of queue VFIO_AP_MIG_CASE_APQN on the source host
 * @dst: its hwinfo on the destination host
 * @err: the errno the destination refuses with, 0 if accepted
 * @msg: a word of the refusal message ("" when accepted)
 */
struct vfio_ap_mig_rule_case {
	const char *name;
	u64 src;
	u64 dst;
	int err;
	const char *msg;
};

#define VFIO_AP_MIG_CASE_AT(t) \
	((VFIO_AP_MIG_CASE_HW_BASE & ~(0xffULL << 24)) | ((u64)(t) << 24))
#define VFIO_AP_MIG_CASE_ML(ml) \
	((VFIO_AP_MIG_CASE_HW_BASE & ~(0xfULL << 8)) | ((u64)(ml) << 8))

static const struct vfio_ap_mig_rule_case vfio_ap_mig_rule_cases[] __maybe_unused = {
	{ "apsc", VFIO_AP_MIG_CASE_HW_BASE,
	  VFIO_AP_MIG_CASE_HW_BASE & ~VFIO_AP_MIG_CASE_BIT(0), -EOPNOTSUPP, "APSC" },
	{ "ap4km", VFIO_AP_MIG_CASE_HW_BASE | VFIO_AP_MIG_CASE_BIT(1),
	  VFIO_AP_MIG_CASE_HW_BASE, -EOPNOTSUPP, "AP4KM" },
	{ "ap4kc", VFIO_AP_MIG_CASE_HW_BASE,
	  VFIO_AP_MIG_CASE_HW_BASE | VFIO_AP_MIG_CASE_BIT(2), -EOPNOTSUPP, "AP4KC" },
	{ "cca", VFIO_AP_MIG_CASE_HW_BASE,
	  (VFIO_AP_MIG_CASE_HW_BASE & ~VFIO_AP_MIG_CASE_BIT(3)) | VFIO_AP_MIG_CASE_BIT(5),
	  -EOPNOTSUPP, "CCA" },
	{ "accel", VFIO_AP_MIG_CASE_HW_BASE | VFIO_AP_MIG_CASE_BIT(4),
	  VFIO_AP_MIG_CASE_HW_BASE, -EOPNOTSUPP, "ccelerator" },
	{ "ep11", VFIO_AP_MIG_CASE_HW_BASE,
	  VFIO_AP_MIG_CASE_HW_BASE | VFIO_AP_MIG_CASE_BIT(5), -EOPNOTSUPP, "EP11" },
	{ "apxa", VFIO_AP_MIG_CASE_HW_BASE,
	  VFIO_AP_MIG_CASE_HW_BASE & ~VFIO_AP_MIG_CASE_BIT(6), -EOPNOTSUPP, "APXA" },
	{ "slcf", VFIO_AP_MIG_CASE_HW_BASE | VFIO_AP_MIG_CASE_BIT(7),
	  VFIO_AP_MIG_CASE_HW_BASE, -EOPNOTSUPP, "SLCF" },
	{ "class-native-to-stateless", VFIO_AP_MIG_CASE_HW_BASE,
	  (VFIO_AP_MIG_CASE_HW_BASE & ~VFIO_AP_MIG_CASE_BIT(8)) | VFIO_AP_MIG_CASE_BIT(9),
	  -EOPNOTSUPP, "class" },
	{ "bind-source", VFIO_AP_MIG_CASE_HW_BASE | VFIO_AP_MIG_CASE_BIT(17),
	  VFIO_AP_MIG_CASE_HW_BASE, -EOPNOTSUPP, "bind" },
	{ "bind-dest", VFIO_AP_MIG_CASE_HW_BASE,
	  VFIO_AP_MIG_CASE_HW_BASE | VFIO_AP_MIG_CASE_BIT(16), -EOPNOTSUPP, "bind" },
	{ "ap-type-older", VFIO_AP_MIG_CASE_HW_BASE, VFIO_AP_MIG_CASE_AT(13), -EOPNOTSUPP,
	  "AP type" },
	{ "max-msg-smaller", VFIO_AP_MIG_CASE_HW_BASE, VFIO_AP_MIG_CASE_ML(2), -EOPNOTSUPP,
	  "message" },
	{ "ap-type-newer-ok", VFIO_AP_MIG_CASE_HW_BASE, VFIO_AP_MIG_CASE_AT(15), 0, "" },
	{ "queue-depth-info-only", VFIO_AP_MIG_CASE_HW_BASE, VFIO_AP_MIG_CASE_HW_BASE - 1, 0,
	  "" },
	{ "class-stateless-to-native-ok",
	  (VFIO_AP_MIG_CASE_HW_BASE & ~VFIO_AP_MIG_CASE_BIT(8)) | VFIO_AP_MIG_CASE_BIT(9),
	  VFIO_AP_MIG_CASE_HW_BASE, 0, "" },
};

/* what a view case changes in the destination guest view */
enum vfio_ap_mig_view_setup {
	VFIO_AP_MIG_CASE_DST_EMPTY,	/* nothing configured */
	VFIO_AP_MIG_CASE_DST_NO_ADAPTER5, /* adapter 5 missing */
	VFIO_AP_MIG_CASE_DST_ADAPTER7,	/* adapter 7 extra */
	VFIO_AP_MIG_CASE_DST_DOMAIN12,	/* domain 0x12 extra */
	VFIO_AP_MIG_CASE_DST_NO_CDOM10,	/* control domain 0x10 missing */
	VFIO_AP_MIG_CASE_DST_CDOM11,	/* control domain 0x11 extra */
	VFIO_AP_MIG_CASE_DST_ADAPTERS_ONLY, /* adapters 3 and 5, no usage domain */
	VFIO_AP_MIG_CASE_DST_DOMAINS_ONLY, /* domains 0x10 and 0x11, no adapter */
};

/**
 * struct vfio_ap_mig_view_case - rule 1 (verify, never grant)
 * @name: case name
 * @setup: the one change to the destination guest view
 * @err: the errno the destination refuses with
 * @msg: a word of the refusal message
 */
struct vfio_ap_mig_view_case {
	const char *name;
	enum vfio_ap_mig_view_setup setup;
	int err;
	const char *msg;
};

static const struct vfio_ap_mig_view_case vfio_ap_mig_view_cases[] __maybe_unused = {
	{ "dest-empty", VFIO_AP_MIG_CASE_DST_EMPTY, -ENODEV, "define --from" },
	{ "dest-lacks-adapter", VFIO_AP_MIG_CASE_DST_NO_ADAPTER5, -ENODEV, "05.0010" },
	{ "dest-extra-adapter", VFIO_AP_MIG_CASE_DST_ADAPTER7, -ENODEV, "07.0010" },
	{ "dest-extra-domain", VFIO_AP_MIG_CASE_DST_DOMAIN12, -ENODEV, "03.0012" },
	{ "dest-lacks-cdom", VFIO_AP_MIG_CASE_DST_NO_CDOM10, -ENODEV, "control domain 0010" },
	{ "dest-extra-cdom", VFIO_AP_MIG_CASE_DST_CDOM11, -ENODEV, "control domain 0011" },
	{ "dest-adapters-only", VFIO_AP_MIG_CASE_DST_ADAPTERS_ONLY, -ENODEV, "no usage domain" },
	{ "dest-domains-only", VFIO_AP_MIG_CASE_DST_DOMAINS_ONLY, -ENODEV, "no adapter" },
};

#endif /* VFIO_AP_MIG_CASES_H */
