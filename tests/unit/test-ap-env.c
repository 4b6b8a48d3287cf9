// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the check table (one row per kind, the severities of
 * DESIGN.md section 6), ap_problems_classify() and _collapse(), and the
 * fast auto-start loader against the full parser on the same files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ap_env.h"
#include "tap.h"
#include "problem-lines.h"

static void add(struct ap_problems *p, enum ap_problem_kind k, unsigned int a, unsigned int d)
{
	struct ap_problem *v = realloc(p->v, (p->n + 1) * sizeof(*v));

	if (!v)
		exit(1);
	p->v = v;
	memset(&v[p->n], 0, sizeof(v[p->n]));
	v[p->n].kind = k;
	v[p->n].adapter = a;
	v[p->n].domain = d;
	v[p->n].id = a;
	v[p->n].last = ap_problem_kind_has_apqn(k) ? d : a;
	p->n++;
	p->cap = p->n;
}

static void table(void)
{
	unsigned int k;
	bool named = true;

	for (k = 0; k < AP_PROB_KINDS; k++)
		if (!strcmp(ap_problem_kind_name((enum ap_problem_kind)k), "unknown"))
			named = false;
	tap_ok(named, "every kind has a JSON name");
	tap_is_str(ap_problem_kind_name(AP_PROB_CONTROL_NOT_HOST), "control-domain-not-host",
		   "JSON name of a kind");
	tap_is_int(ap_problem_severity(AP_PROB_CONTROL_NOT_HOST, AP_CHECK_START), AP_SEV_WARNING,
		   "control domain not in the host's configuration: a warning, even at start");
	tap_is_int(ap_problem_severity(AP_PROB_ADAPTER_NOT_HOST, AP_CHECK_LIVE), AP_SEV_WARNING,
		   "adapter not in the host's configuration: a warning");
	tap_is_int(ap_problem_severity(AP_PROB_CONTROL_NO_USAGE, AP_CHECK_DEFINE), AP_SEV_WARNING,
		   "control domains without usage domain: only a warning at define");
	tap_is_int(ap_problem_severity(AP_PROB_CONTROL_NO_USAGE, AP_CHECK_START), AP_SEV_ERROR,
		   "... refused at start");
	tap_is_int(ap_problem_severity(AP_PROB_IN_USE, AP_CHECK_DEFINE), AP_SEV_WARNING,
		   "in use by an active mdev: a warning at define");
	tap_is_int(ap_problem_severity(AP_PROB_IN_USE, AP_CHECK_START), AP_SEV_ERROR,
		   "... refused at start");
	tap_is_int(ap_problem_severity(AP_PROB_AUTOSTART, AP_CHECK_DEFINE), AP_SEV_ERROR,
		   "another auto-start definition: refused");
}

static void classify(void)
{
	struct ap_problems all = { 0 }, err = { 0 }, warn = { 0 };

	add(&all, AP_PROB_HOST_ACTIVE, 7, 5);		/* warning at define */
	add(&all, AP_PROB_HOST_PERSISTENT, 7, 5);	/* error: wins */
	add(&all, AP_PROB_HOST_ACTIVE, 7, 6);
	add(&all, AP_PROB_CONTROL_NOT_HOST, 12, 0);
	add(&all, AP_PROB_CONTROL_NOT_HOST, 12, 0);	/* the same ID twice */
	tap_is_int(ap_problems_classify(AP_CHECK_DEFINE, &all, &err, &warn), 0, "classify");
	tap_is_int((long long)err.n, 1, "one error");
	tap_is_int((long long)warn.n, 2, "two warnings: 07.0006 and control domain 12, once");
	tap_is_str(lines(&warn),
		   "APQN 07.0006 is reserved for the host by the active AP bus masks (apmask/aqmask)|"
		   "control domain 000c is not in the host's AP configuration; the guest "
		   "will not see it until it is",
		   "the warnings");
	/* a second check that refuses an APQN warned about before */
	ap_problems_free(&all);
	add(&all, AP_PROB_IN_USE, 7, 6);
	tap_is_int(ap_problems_classify(AP_CHECK_LIVE, &all, &err, &warn), 0, "classify again");
	tap_is_int((long long)err.n, 2, "the new error is kept");
	tap_is_int((long long)warn.n, 1, "the warning about the same APQN is dropped");
	ap_problems_free(&all);
	ap_problems_free(&err);
	ap_problems_free(&warn);
}

static void collapse(void)
{
	struct ap_problems p = { 0 };
	unsigned int d;

	for (d = 0; d < 256; d++)
		add(&p, AP_PROB_HOST_ACTIVE, 7, d);
	add(&p, AP_PROB_HOST_ACTIVE, 8, 0);
	add(&p, AP_PROB_HOST_ACTIVE, 8, 2);
	for (d = 64; d < 256; d++)
		add(&p, AP_PROB_ADAPTER_RANGE, d, 0);
	ap_problems_collapse(&p);
	tap_is_str(lines(&p),
		   "APQNs 07.0000-07.00ff are reserved for the host by the active AP bus masks (apmask/aqmask)|"
		   "APQN 08.0000 is reserved for the host by the active AP bus masks (apmask/aqmask)|"
		   "APQN 08.0002 is reserved for the host by the active AP bus masks (apmask/aqmask)|"
		   "adapters 40-ff are above the host's maximum adapter ID 00",
		   "runs collapse into ranges, gaps and other adapters do not");
	ap_problems_free(&p);
}

/* The fast loader and the full parser agree on every file. */
static void autostart(void)
{
	static const char *const files[][2] = {
		/* the form mdevctl writes: scanned */
		{ "00000000-0000-0000-0000-000000000001",
		  "{\n  \"mdev_type\": \"vfio_ap-passthrough\",\n  \"start\": \"auto\",\n"
		  "  \"attrs\": [\n    {\n      \"assign_adapter\": \"3\"\n    },\n"
		  "    {\n      \"assign_domain\": \"5\"\n    }\n  ]\n}\n" },
		/* manual: no owner */
		{ "00000000-0000-0000-0000-000000000002",
		  "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"manual\",\"attrs\":[{\"assign_adapter\":\"4\"}]}" },
		/* hex and octal values: the full parser */
		{ "00000000-0000-0000-0000-000000000003",
		  "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[{\"assign_adapter\":\"0x5\"},{\"assign_domain\":\"010\"}]}" },
		/* ap_config: the full parser */
		{ "00000000-0000-0000-0000-000000000004",
		  "{\"attrs\":[{\"ap_config\":\"0x02,0x02,0x0\"}],\"start\":\"auto\",\"mdev_type\":\"vfio_ap-passthrough\"}" },
		/* another type: no owner */
		{ "00000000-0000-0000-0000-000000000005",
		  "{\"mdev_type\":\"i915-GVTg_V5_4\",\"start\":\"auto\",\"attrs\":[]}" },
		/* not JSON: no owner */
		{ "00000000-0000-0000-0000-000000000006", "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[" },
		/* duplicate key: jansson refuses it, so no owner */
		{ "00000000-0000-0000-0000-000000000007",
		  "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"start\":\"auto\",\"attrs\":[]}" },
		/* an escape, a bad value and an unknown key: the full parser */
		{ "00000000-0000-0000-0000-000000000008",
		  "{\"mdev_type\":\"vfio_ap\\u002dpassthrough\",\"start\":\"auto\",\"attrs\":[{\"assign_adapter\":\"3,4\"},{\"assign_domain\":\"9\"},{\"foo\":\"1\"}]}" },
		/* unassign, trailing white space */
		{ "00000000-0000-0000-0000-000000000009",
		  "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[{\"assign_adapter\":\"6\"},{\"assign_adapter\":\"7\"},{\"unassign_adapter\":\"6\"},{\"assign_domain\":\"255\"},{\"assign_control_domain\":\"0\"}]}  \n\n" },
		/* trailing garbage: no owner */
		{ "00000000-0000-0000-0000-00000000000a",
		  "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[]} x" },
		/* self: left out */
		{ "00000000-0000-0000-0000-0000000000ff",
		  "{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"auto\",\"attrs\":[{\"assign_adapter\":\"1\"}]}" },
	};
	char dir[] = "/tmp/test-ap-env.XXXXXX", path[128], cache[128];
	struct mdev_config_set set;
	struct ap_owner *fast = NULL, *slow = NULL;
	size_t nf = 0, ns = 0, i;
	bool same;
	FILE *f;

	if (!mkdtemp(dir)) {
		tap_skip("mkdtemp failed", "fast auto-start loader");
		return;
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		f = fopen(path, "w");
		if (f) {
			fputs(files[i][1], f);
			fclose(f);
		}
	}
	tap_is_int(ap_autostart_load(dir, "00000000-0000-0000-0000-0000000000ff", &fast, &nf), 0,
		   "fast loader");
	tap_is_int(mdev_config_load_dir(dir, &set), 0, "full parser");
	tap_is_int(ap_autostart_owners(&set, "00000000-0000-0000-0000-0000000000ff", &slow, &ns), 0,
		   "owners of the loaded set");
	same = nf == ns;
	for (i = 0; same && i < nf; i++)
		same = !strcmp(fast[i].uuid, slow[i].uuid) && ap_matrix_equal(&fast[i].m, &slow[i].m);
	tap_ok(same, "the fast loader and the full parser give the same owners and matrices");
	/* 1, 3, 4 and 9 are owners; 8 (a bad value) is as mdev_config decides */
	tap_ok(nf >= 4 && !strcmp(fast[0].uuid, files[0][0]) && !strcmp(fast[1].uuid, files[2][0]) &&
		       !strcmp(fast[2].uuid, files[3][0]) && !strcmp(fast[nf - 1].uuid, files[8][0]),
	       "the owners: the valid auto-start vfio_ap definitions but self");
	tap_ok(nf >= 4 && ap_mask_test(&fast[nf - 1].m.apm, 7) &&
		       !ap_mask_test(&fast[nf - 1].m.apm, 6) && ap_mask_test(&fast[nf - 1].m.aqm, 255) &&
		       ap_mask_test(&fast[nf - 1].m.adm, 0),
	       "replayed in order (unassign)");
	free(fast);
	fast = NULL;

	/*
	 * The cache: files older than its racy window are kept in it and not
	 * read again; a change in place (same size) is still seen.
	 */
	sleep(2);
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	tap_is_int(ap_autostart_load_cached(dir, cache, NULL, &fast, &nf), 0, "cached: cold");
	tap_ok(!access(cache, R_OK), "cached: the cache was written");
	free(fast);
	tap_is_int(ap_autostart_load_cached(dir, cache, NULL, &fast, &nf), 0, "cached: warm");
	same = nf == ns + 1;	/* self is in */
	tap_ok(same && !strcmp(fast[nf - 1].uuid, files[10][0]) && !strcmp(fast[0].uuid, files[0][0]) &&
		       ap_matrix_equal(&fast[0].m, &slow[0].m),
	       "cached: the same owners from the cache");
	free(fast);
	snprintf(path, sizeof(path), "%s/%s", dir, files[0][0]);
	f = fopen(path, "r+");
	if (f) {
		/* "3" -> "4": same size, same second */
		fseek(f, (long)(strstr(files[0][1], "\"3\"") - files[0][1]) + 1, SEEK_SET);
		fputc('4', f);
		fclose(f);
	}
	tap_is_int(ap_autostart_load_cached(dir, cache, NULL, &fast, &nf), 0, "cached: after a change");
	tap_ok(nf && ap_mask_test(&fast[0].m.apm, 4) && !ap_mask_test(&fast[0].m.apm, 3),
	       "cached: a definition changed in place is read again");
	unlink(cache);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i][0]);
		unlink(path);
	}
	rmdir(dir);
	mdev_config_set_free(&set);
	free(fast);
	free(slow);
}

int main(void)
{
	table();
	classify();
	collapse();
	autostart();
	return tap_done();
}
