// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the conflict checker (pure functions on structs) and the
 * persistent-mask parser.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ap_conflict.h"
#include "tap.h"
#include "problem-lines.h"

#define SELF "00000000-0000-0000-0000-000000000001"
#define OTHER "00000000-0000-0000-0000-000000000002"
#define AUTO "00000000-0000-0000-0000-000000000003"

static int check_json(const struct ap_check_env *env, const char *json, struct ap_problems *p,
		      struct ap_matrix *final)
{
	struct mdev_config cfg;
	char err[256];
	int rc;

	rc = mdev_config_parse(json, strlen(json), &cfg, err, sizeof(err));
	if (rc) {
		tap_diag("parse failed: %s", err);
		return rc;
	}
	rc = ap_check_config(env, &cfg, p, final);
	mdev_config_free(&cfg);
	return rc;
}

#define CFG(attrs) "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[" attrs "]}"

int main(void)
{
	struct ap_mask apmask = { { 0 } }, aqmask = { { 0 } }, cdm = { { 0 } };
	struct ap_mask papmask = { { 0 } }, paqmask = { { 0 } };
	struct ap_owner active[2], autos[1];
	struct ap_problems p = { 0 };
	struct ap_matrix m, final;
	struct ap_check_env env;
	bool have_ap, have_aq;
	int rc, i;

	/* host keeps adapters 0-1 x domains 0-1; max ids 15 (no APXA) */
	ap_mask_set(&apmask, 0);
	ap_mask_set(&apmask, 1);
	ap_mask_set(&aqmask, 0);
	ap_mask_set(&aqmask, 1);
	for (i = 0; i <= 15; i++)
		if (i != 9)
			ap_mask_set(&cdm, (unsigned int)i);
	memset(active, 0, sizeof(active));
	memset(autos, 0, sizeof(autos));
	snprintf(active[0].uuid, sizeof(active[0].uuid), "%s", OTHER);
	ap_mask_set(&active[0].m.apm, 4);
	ap_mask_set(&active[0].m.aqm, 5);
	ap_mask_set(&active[0].m.aqm, 6);
	/* the mdev itself is active too and must not conflict with itself */
	snprintf(active[1].uuid, sizeof(active[1].uuid), "%s", SELF);
	ap_mask_set(&active[1].m.apm, 3);
	ap_mask_set(&active[1].m.aqm, 5);
	snprintf(autos[0].uuid, sizeof(autos[0].uuid), "%s", AUTO);
	ap_mask_set(&autos[0].m.apm, 7);
	ap_mask_set(&autos[0].m.aqm, 7);

	memset(&env, 0, sizeof(env));
	env.self = SELF;
	env.max_adapter_id = 15;
	env.max_domain_id = 15;
	env.apmask = &apmask;
	env.aqmask = &aqmask;
	env.control_domain_mask = &cdm;
	env.active = active;
	env.n_active = 2;
	env.autostart = autos;
	env.n_autostart = 1;

	rc = check_json(&env, CFG("{\"assign_adapter\":\"3\"},{\"assign_domain\":\"5\"},"
				  "{\"assign_control_domain\":\"5\"}"),
			&p, &final);
	tap_is_int(rc, 0, "clean config: no problems (%s)", lines(&p));
	tap_ok(ap_mask_test(&final.apm, 3) && ap_mask_test(&final.aqm, 5), "clean: final matrix");
	ap_problems_free(&p);

	rc = check_json(&env, CFG("{\"assign_adapter\":\"4\"},{\"assign_adapter\":\"1\"},"
				  "{\"assign_domain\":\"5\"},{\"assign_domain\":\"1\"}"),
			&p, NULL);
	tap_is_int(rc, 2, "two problems found");
	tap_is_str(lines(&p),
		   "APQN 01.0001 is reserved for the host by the active AP bus masks (apmask/aqmask)|"
		   "APQN 04.0005 is already in use by active mdev " OTHER,
		   "host-owned and in-use APQNs, all reported");
	ap_problems_free(&p);

	rc = check_json(&env, CFG("{\"assign_adapter\":\"16\"},{\"assign_domain\":\"300\"},"
				  "{\"assign_domain\":\"abc\"},{\"assign_control_domain\":\"9\"},"
				  "{\"bogus\":\"1\"}"),
			&p, NULL);
	tap_is_int(rc, 6, "six problems");
	tap_is_str(lines(&p),
		   "adapter 10 is above the host's maximum adapter ID 0f|"
		   "attribute assign_domain: invalid value \"300\": ID above 255|"
		   "attribute assign_domain: invalid value \"abc\": not a number|"
		   "attribute bogus: not a vfio_ap mdev attribute|"
		   "control domains are assigned but no usage domain: assign at least one domain|"
		   "control domain 0009 is not in the host's AP configuration; "
		   "the guest will not see it until it is",
		   "range, malformed, unknown attribute, control without usage, not in host ADM");
	ap_problems_free(&p);

	rc = check_json(&env, CFG("{\"assign_domain\":\"2\"},{\"assign_control_domain\":\"9\"},"
				  "{\"assign_control_domain\":\"20\"}"),
			&p, NULL);
	tap_is_str(lines(&p),
		   "control domain 0014 is above the host's maximum domain ID 000f|"
		   "control domain 0009 is not in the host's AP configuration; "
		   "the guest will not see it until it is",
		   "control domain out of range and outside the host ADM");
	ap_problems_free(&p);

	/* replay: the kernel checks 01.0001 at the assign_domain even though it is unassigned later */
	rc = check_json(&env, CFG("{\"assign_adapter\":\"1\"},{\"assign_domain\":\"1\"},"
				  "{\"unassign_adapter\":\"1\"},{\"assign_adapter\":\"3\"},"
				  "{\"unassign_domain\":\"1\"},{\"assign_domain\":\"2\"}"),
			&p, &final);
	tap_is_str(lines(&p),
		   "APQN 01.0001 is reserved for the host by the active AP bus masks (apmask/aqmask)",
		   "replay: intermediate assignment is checked like the kernel does");
	tap_ok(ap_mask_weight(&final.apm) == 1 && ap_mask_test(&final.apm, 3) &&
		       ap_mask_weight(&final.aqm) == 1 && ap_mask_test(&final.aqm, 2),
	       "replay: final matrix after unassigns");
	ap_problems_free(&p);

	/* unassign first is harmless; the order matters */
	rc = check_json(&env, CFG("{\"unassign_adapter\":\"1\"},{\"assign_adapter\":\"2\"},"
				  "{\"assign_domain\":\"2\"}"),
			&p, NULL);
	tap_is_int(rc, 0, "unassign of an unassigned ID is fine (%s)", lines(&p));
	ap_problems_free(&p);

	/* ap_config: whole replace, checked like assign, refused as a whole above max */
	rc = check_json(&env, CFG("{\"ap_config\":\"0x08,0x04,0x04\"}"), &p, &final);
	tap_is_str(lines(&p), "APQN 04.0005 is already in use by active mdev " OTHER,
		   "ap_config: in-use APQN found");
	tap_ok(ap_mask_test(&final.apm, 4) && ap_mask_test(&final.adm, 5), "ap_config applied");
	ap_problems_free(&p);
	rc = check_json(&env, CFG("{\"ap_config\":\"0x00018,0x2,0x0\"}"), &p, &final);
	tap_is_str(lines(&p), "adapter 10 is above the host's maximum adapter ID 0f",
		   "ap_config: an ID above the maximum is reported");
	tap_ok(ap_mask_empty(&final.apm), "ap_config: refused as a whole (adapter 15 not applied)");
	ap_problems_free(&p);

	/* autostart and persistent masks (define/modify of an auto config) */
	memset(&env, 0, sizeof(env));
	env.self = SELF;
	env.max_adapter_id = AP_MAX_ID;
	env.max_domain_id = AP_MAX_ID;
	ap_mask_set(&papmask, 7);
	ap_mask_set(&paqmask, 8);
	env.p_apmask = &papmask;
	env.p_aqmask = &paqmask;
	env.persistent_from_rules = true;
	env.autostart = autos;
	env.n_autostart = 1;
	env.active = active;	/* not consulted: n_active is 0 */
	rc = check_json(&env, CFG("{\"assign_adapter\":\"7\"},{\"assign_domain\":\"7\"},"
				  "{\"assign_domain\":\"8\"},{\"assign_adapter\":\"4\"},"
				  "{\"assign_domain\":\"5\"}"),
			&p, NULL);
	tap_is_str(lines(&p),
		   "APQN 07.0008 is reserved for the host by the persistent AP bus masks "
		   "(/etc/udev/rules.d/41-ap.rules)|"
		   "APQN 07.0007 is also defined for autostart by mdev " AUTO,
		   "persistent masks and autostart definitions");
	ap_problems_free(&p);

	/* no rules file (the active masks stand in): the message names none */
	env.persistent_from_rules = false;
	rc = check_json(&env, CFG("{\"assign_adapter\":\"7\"},{\"assign_domain\":\"8\"}"), &p,
			NULL);
	tap_is_str(lines(&p),
		   "APQN 07.0008 is reserved for the host by the AP bus masks "
		   "(apmask/aqmask; no persistent masks set)",
		   "persistent masks from no rules file: the file is not named");
	ap_problems_free(&p);
	env.persistent_from_rules = true;

	/* a definition never conflicts with itself */
	env.self = AUTO;
	rc = check_json(&env, CFG("{\"assign_adapter\":\"7\"},{\"assign_domain\":\"7\"}"), &p, NULL);
	tap_is_int(rc, 0, "self is skipped");
	ap_problems_free(&p);

	/* ap_check_matrix: for vfio-ap-ctl */
	ap_matrix_zero(&m);
	ap_mask_set(&m.apm, 7);
	ap_mask_set(&m.apm, 200);
	ap_mask_set(&m.aqm, 7);
	env.self = NULL;
	env.max_adapter_id = 63;
	rc = ap_check_matrix(&env, &m, &p);
	tap_is_int(rc, 2, "check_matrix: two problems");
	tap_is_str(lines(&p),
		   "adapter c8 is above the host's maximum adapter ID 3f|"
		   "APQN 07.0007 is also defined for autostart by mdev " AUTO,
		   "check_matrix: range and autostart");
	ap_problems_free(&p);

	/* a large case stays bitmap work: 256x256 candidate against 256 owners */
	{
		struct ap_owner *many = calloc(256, sizeof(*many));

		ap_matrix_zero(&m);
		memset(&m.apm, 0xff, sizeof(m.apm));
		memset(&m.aqm, 0xff, sizeof(m.aqm));
		for (i = 0; i < 256 && many; i++) {
			snprintf(many[i].uuid, sizeof(many[i].uuid),
				 "00000000-0000-0000-0000-%012d", i + 100);
			ap_mask_set(&many[i].m.apm, (unsigned int)i);
			ap_mask_set(&many[i].m.aqm, (unsigned int)(255 - i));
		}
		memset(&env, 0, sizeof(env));
		env.max_adapter_id = AP_MAX_ID;
		env.max_domain_id = AP_MAX_ID;
		env.active = many;
		env.n_active = many ? 256 : 0;
		rc = ap_check_matrix(&env, &m, &p);
		tap_is_int(rc, 256, "256 owners: one conflict each");
		tap_ok(p.n == 256 && p.v[255].adapter == 255 && p.v[255].domain == 0,
		       "256 owners: APQN of the last owner");
		ap_problems_free(&p);
		free(many);
	}

	/* persistent masks from a chzdev rules file */
	{
		const char *rules =
			"# Generated by chzdev\n"
			"ACTION==\"change\", SUBSYSTEM==\"ap\", DEVPATH==\"/devices/ap\", "
			"ENV{BINDINGS}==\"complete\", ENV{COMPLETECOUNT}==\"1\", GOTO=\"cfg_ap\"\n"
			"GOTO=\"end_ap\"\n\nLABEL=\"cfg_ap\"\n\n"
			"ATTR{../../bus/ap/apmask}=\"0xc000000000000000000000000000000000000000000000000000000000000000\"\n"
			"RUN{builtin}+=\"kmod load vfio_ap\"\n\nLABEL=\"end_ap\"\n";
		struct ap_mask a = { { 0 } }, q = { { 0 } };

		rc = ap_persistent_masks_parse(rules, &a, &have_ap, &q, &have_aq);
		tap_is_int(rc, 0, "rules: parsed");
		tap_ok(have_ap && !have_aq, "rules: apmask only");
		tap_ok(ap_mask_weight(&a) == 2 && ap_mask_test(&a, 0) && ap_mask_test(&a, 1),
		       "rules: apmask 0,1");
		rc = ap_persistent_masks_parse("ATTR{../../bus/ap/aqmask}=\"0xzz\"\n", &a, &have_ap,
					       &q, &have_aq);
		tap_is_int(rc, -EINVAL, "rules: malformed mask refused");
		rc = ap_persistent_masks_parse("# ATTR{apmask}=\"0x1\"\nATTR{x/aqmask}==\"0x8\"\n", &a,
					       &have_ap, &q, &have_aq);
		tap_ok(!rc && !have_ap && !have_aq, "rules: comments and matches are not settings");
	}
	return tap_done();
}
