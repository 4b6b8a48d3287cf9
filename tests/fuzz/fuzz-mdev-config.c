// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness for what the vfio_ap callout reads: an mdevctl JSON
 * config (parsed, replayed by the conflict checker against a fixed host,
 * every problem formatted as one line, rebuilt as JSON and parsed back),
 * and the same bytes as the text of sysfs "matrix", "control_domains",
 * "ap_config" and a udev rules file with persistent AP masks; and the same
 * bytes as a definition file, which the callout's fast auto-start loader
 * must read exactly as the full parser does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ap_conflict.h"
#include "ap_env.h"
#include "ap_matrix.h"
#include "mdev_config.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void check_config(const char *text, size_t size)
{
	struct ap_mask apmask = { { 0 } }, aqmask = { { 0 } }, adm = { { 0 } };
	struct ap_owner owners[2];
	struct ap_problems p = { 0 };
	struct ap_check_env env;
	struct mdev_config cfg, back;
	struct ap_matrix final, m2;
	char err[256], line[512];
	size_t i;
	char *json;

	if (mdev_config_parse(text, size, &cfg, err, sizeof(err))) {
		if (!err[0] || strchr(err, '\n'))
			abort();	/* one line naming the problem */
		return;
	}
	memset(owners, 0, sizeof(owners));
	snprintf(owners[0].uuid, sizeof(owners[0].uuid), "%s", "11111111-1111-1111-1111-111111111111");
	snprintf(owners[1].uuid, sizeof(owners[1].uuid), "%s", "22222222-2222-2222-2222-222222222222");
	ap_mask_set(&owners[0].m.apm, 4);
	ap_mask_set(&owners[0].m.aqm, 5);
	memset(&owners[1].m, 0xff, sizeof(owners[1].m));
	ap_mask_set(&apmask, 0);
	ap_mask_set(&aqmask, 1);
	ap_mask_set(&adm, 7);
	memset(&env, 0, sizeof(env));
	env.max_adapter_id = 63;
	env.max_domain_id = 15;
	env.apmask = &apmask;
	env.aqmask = &aqmask;
	env.p_apmask = &aqmask;
	env.p_aqmask = &apmask;
	env.control_domain_mask = &adm;
	env.active = owners;
	env.n_active = 1;
	env.autostart = owners + 1;
	env.n_autostart = 1;
	env.final_only = size & 1;
	if (ap_check_config(&env, &cfg, &p, &final) < 0)
		abort();
	for (i = 0; i < p.n; i++) {
		if (ap_problem_format(&p.v[i], line, sizeof(line)) < 0 || strchr(line, '\n'))
			abort();
	}
	ap_problems_free(&p);
	ap_check_matrix(&env, &final, &p);
	ap_problems_free(&p);

	/* what the checker computed is what a rebuilt config gives */
	json = mdev_config_build(cfg.mdev_type, cfg.autostart, &final, size & 2);
	if (!json)
		abort();
	if (mdev_config_parse(json, strlen(json), &back, err, sizeof(err)))
		abort();
	mdev_config_matrix(&back, &m2);
	if (!ap_matrix_equal(&m2, &final) || back.autostart != cfg.autostart)
		abort();
	mdev_config_free(&back);
	free(json);
	mdev_config_free(&cfg);
}

static char autostart_dir[64], autostart_file[128];

static void autostart_cleanup(void)
{
	unlink(autostart_file);
	rmdir(autostart_dir);
}

/* ap_autostart_load_cached() (the scanner) agrees with the full parser. */
static void check_autostart(const unsigned char *data, size_t size)
{
	struct ap_owner *fast = NULL, *slow = NULL;
	struct mdev_config_set set;
	size_t nf = 0, ns = 0;
	FILE *f;

	if (!autostart_dir[0]) {
		snprintf(autostart_dir, sizeof(autostart_dir), "/tmp/fuzz-autostart.%d",
			 (int)getpid());
		snprintf(autostart_file, sizeof(autostart_file),
			 "%s/11111111-1111-1111-1111-111111111111", autostart_dir);
		if (mkdir(autostart_dir, 0700))
			abort();
		atexit(autostart_cleanup);
	}
	f = fopen(autostart_file, "w");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f))
		abort();
	if (ap_autostart_load_cached(autostart_dir, NULL, NULL, &fast, &nf) ||
	    mdev_config_load_dir(autostart_dir, &set) ||
	    ap_autostart_owners(&set, NULL, &slow, &ns))
		abort();
	if (nf != ns || (nf && (strcmp(fast[0].uuid, slow[0].uuid) ||
				!ap_matrix_equal(&fast[0].m, &slow[0].m))))
		abort();	/* the fast path decided otherwise */
	mdev_config_set_free(&set);
	free(fast);
	free(slow);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct ap_matrix m;
	struct ap_mask a, q;
	bool ha, hq;
	const char *why;
	char *text;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	check_config(text, size);
	check_autostart(data, size);
	ap_matrix_parse_apqns(text, &m, &why);
	ap_matrix_parse_control(text, &m.adm, &why);
	ap_config_parse(text, &m, &why);
	ap_hex2mask(text, strlen(text), &a);
	ap_persistent_masks_parse(text, &a, &ha, &q, &hq);
	free(text);
	return 0;
}
