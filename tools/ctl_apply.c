// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: define, modify, assign and unassign, checked first.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ap_callouts.h"
#include "ap_conflict.h"
#include "ap_env.h"
#include "ap_lock.h"
#include "ctl_apply.h"
#include "ctl_journal.h"
#include "ctl_mdevctl.h"
#include "ctl_out.h"
#include "ctl_source.h"
#include "ctl_util.h"

/* How long a live change waits for the AP configuration lock. */
#define CTL_LOCK_TIMEOUT_MS 10000

/* Everything one edit needs, computed before anything is changed. */
struct plan {
	const struct ctl_mdev *m;	/* existing device, or NULL (define) */
	bool do_def;			/* write a definition */
	bool def_matrix_changed;	/* ... with a different matrix */
	bool modify_jsonfile;		/* ... in one "mdevctl modify --jsonfile" */
	bool autostart;			/* its start mode */
	struct ap_matrix def;		/* its matrix */
	bool do_live;			/* write ap_config */
	struct ap_matrix live;
	struct ap_problems errors;	/* refused */
	struct ap_problems warnings;	/* reported only */
	char *config;			/* new definition (JSON text) */
};

static void edit_matrix(const struct ctl_edit *e, const struct ap_matrix *base,
			struct ap_matrix *out)
{
	*out = *base;
	switch (e->op) {
	case CTL_EDIT_ADD:
		ap_mask_or(&out->apm, &out->apm, &e->ids.apm);
		ap_mask_or(&out->aqm, &out->aqm, &e->ids.aqm);
		ap_mask_or(&out->adm, &out->adm, &e->ids.adm);
		break;
	case CTL_EDIT_DEL:
		ap_mask_andnot(&out->apm, &out->apm, &e->ids.apm);
		ap_mask_andnot(&out->aqm, &out->aqm, &e->ids.aqm);
		ap_mask_andnot(&out->adm, &out->adm, &e->ids.adm);
		break;
	case CTL_EDIT_SET:
		if (e->has_apm)
			out->apm = e->ids.apm;
		if (e->has_aqm)
			out->aqm = e->ids.aqm;
		if (e->has_adm)
			out->adm = e->ids.adm;
		break;
	}
}

/*
 * The checks, through the same environment and check table as the mdevctl
 * callout (ap_env.h): a definition as at define time (what would refuse it
 * or keep it from starting now is reported; the table says which), a live
 * change as the kernel checks one ap_config write.
 */
static int check_one(const struct ctl_host *ch, const struct ctl_edit *e, enum ap_check_mode mode,
		     bool autostart, const struct ap_matrix *m, struct plan *p, char *err,
		     size_t errlen)
{
	struct ap_problems all = { 0 };
	struct ap_env env;
	int rc;

	rc = ap_env_build(&env, &ch->host, mode, autostart, e->uuid, &ch->defs, err, errlen);
	if (rc)
		return rc;
	rc = ap_check_matrix(&env.check, m, &all);
	if (rc >= 0)
		rc = ap_problems_classify(mode, &all, &p->errors, &p->warnings);
	if (rc < 0)
		snprintf(err, errlen, "%s", strerror(-rc));
	ap_problems_free(&all);
	ap_env_free(&env);
	return rc < 0 ? rc : 0;
}

static int check_plan(const struct ctl_host *ch, const struct ctl_edit *e, struct plan *p,
		      char *err, size_t errlen)
{
	int rc = 0;

	if (p->do_live)
		rc = check_one(ch, e, AP_CHECK_LIVE, false, &p->live, p, err, errlen);
	if (!rc && p->do_def)
		rc = check_one(ch, e, AP_CHECK_DEFINE, p->autostart, &p->def, p, err, errlen);
	return rc;
}

/* One line per problem, runs of APQNs and IDs as ranges; returns the lines. */
static size_t report(const struct ctl_ctx *ctx, const struct ctl_edit *e,
		     const struct ap_problems *ps, bool error)
{
	struct ap_problems c = { 0 };
	char line[256];
	size_t i;

	c.v = malloc((ps->n ? ps->n : 1) * sizeof(*c.v));
	if (c.v) {
		if (ps->n)	/* ps->v is NULL without problems: UBSan's nonnull */
			memcpy(c.v, ps->v, ps->n * sizeof(*c.v));
		c.n = ps->n;
		c.cap = ps->n;
		ap_problems_collapse(&c);
		ps = &c;
	}
	for (i = 0; i < ps->n; i++) {
		if (ap_problem_format(&ps->v[i], line, sizeof(line)) < 0)
			snprintf(line, sizeof(line), "%s", ap_problem_kind_name(ps->v[i].kind));
		ctl_err(ctx, "%s: %s: %s%s", e->cmd, e->uuid, error ? "" : "warning: ", line);
	}
	i = ps->n;
	ap_problems_free(&c);
	return i;
}

static int problems_json(json_t *arr, const struct ap_problems *ps, const char *severity)
{
	char line[256];
	size_t i;

	for (i = 0; i < ps->n; i++) {
		const struct ap_problem *pr = &ps->v[i];
		bool apqn = ap_problem_kind_has_apqn(pr->kind);
		json_t *o;

		if (ap_problem_format(pr, line, sizeof(line)) < 0)
			line[0] = '\0';
		o = json_pack("{s:s, s:s, s:o, s:o, s:s}", "severity", severity, "kind",
			      ap_problem_kind_name(pr->kind), "apqn",
			      apqn ? ctl_json_apqn(pr->adapter, pr->domain) : json_null(), "owner",
			      pr->owner[0] ? json_string(pr->owner) : json_null(), "message", line);
		if (json_array_append_new(arr, o))
			return -ENOMEM;
	}
	return 0;
}

static json_t *matrix_json(const struct ap_matrix *x)
{
	return json_pack("{s:o, s:o, s:o}", "adapters", ctl_json_ids(&x->apm), "domains",
			 ctl_json_ids(&x->aqm), "control_domains", ctl_json_ids(&x->adm));
}

/* The mdevctl command lines of the plan (jsonfile: the file, or "FILE"). */
struct cmdlines {
	const char *argv[3][12];
	int n;
};

static void plan_cmdlines(const struct ctl_edit *e, const struct plan *p, const char *jsonfile,
			  struct cmdlines *c)
{
	memset(c, 0, sizeof(*c));
	if (!p->do_def)
		return;
	if (!e->define && !p->def_matrix_changed) {
		/* only the start mode changes */
		const char *v[] = { "modify", "-u", e->uuid, "-p", VFIO_AP_PARENT,
				    p->autostart ? "--auto" : "--manual", NULL };

		memcpy(c->argv[c->n++], v, sizeof(v));
		return;
	}
	if (!e->define && p->modify_jsonfile) {
		/* mdevctl >= 1.3.0 replaces start mode and attributes in one step */
		const char *v[] = { "modify", "-u", e->uuid, "-p", VFIO_AP_PARENT, "--jsonfile",
				    jsonfile, NULL };

		memcpy(c->argv[c->n++], v, sizeof(v));
		return;
	}
	if (!e->define) {
		const char *v[] = { "undefine", "-u", e->uuid, "-p", VFIO_AP_PARENT, NULL };

		memcpy(c->argv[c->n++], v, sizeof(v));
	}
	{
		const char *v[] = { "define", "-u", e->uuid, "-p", VFIO_AP_PARENT, "--jsonfile",
				    jsonfile, NULL };

		memcpy(c->argv[c->n++], v, sizeof(v));
	}
}

static int result_json(const struct ctl_edit *e, const struct plan *p, bool changed)
{
	char cfg[AP_CONFIG_STRLEN];
	json_t *doc = ctl_json_doc(e->cmd), *r = NULL, *probs = NULL, *cmds = NULL;
	struct cmdlines c;
	int i, rc = -ENOMEM;

	if (!doc)
		return -ENOMEM;
	r = json_object();
	probs = json_array();
	cmds = json_array();
	if (!r || !probs || !cmds)
		goto out;
	plan_cmdlines(e, p, "FILE", &c);
	for (i = 0; i < c.n; i++) {
		char line[512] = "mdevctl";
		int k;

		for (k = 0; c.argv[i][k]; k++) {
			strncat(line, " ", sizeof(line) - strlen(line) - 1);
			strncat(line, c.argv[i][k], sizeof(line) - strlen(line) - 1);
		}
		if (json_array_append_new(cmds, json_string(line)))
			goto out;
	}
	if (problems_json(probs, &p->errors, "error") ||
	    problems_json(probs, &p->warnings, "warning"))
		goto out;
	ap_config_format(&p->live, cfg);
	if (ctl_json_set(r, "uuid", json_string(e->uuid)) ||
	    ctl_json_set(r, "dry_run", json_boolean(e->dry_run)) ||
	    ctl_json_set(r, "changed", json_boolean(changed)) ||
	    ctl_json_set(r, "definition",
			 p->do_def ? json_pack("{s:s, s:o}", "start",
					       p->autostart ? "auto" : "manual", "matrix",
					       matrix_json(&p->def)) :
				     json_null()) ||
	    ctl_json_set(r, "live",
			 p->do_live ? json_pack("{s:o, s:s}", "matrix", matrix_json(&p->live),
						"ap_config", cfg) :
				      json_null()) ||
	    ctl_json_set(r, "mdevctl", cmds))
		goto out;
	cmds = NULL;
	if (ctl_json_set(r, "problems", probs))
		goto out;
	probs = NULL;
	if (ctl_json_set(doc, "result", r)) {
		r = NULL;
		goto out;
	}
	r = NULL;
	rc = ctl_json_print(doc, stdout);
out:
	json_decref(cmds);
	json_decref(probs);
	json_decref(r);
	json_decref(doc);
	return rc;
}

static void summary_text(const char *what, const char *uuid, const struct ap_matrix *x,
			 const char *start)
{
	char a[CTL_IDLIST_LEN], d[CTL_IDLIST_LEN], c[CTL_IDLIST_LEN];

	printf("%s %s: adapters %s, domains %s, control domains %s", what, uuid,
	       ctl_cards(&x->apm, a), ctl_domains(&x->aqm, d), ctl_domains(&x->adm, c));
	if (start)
		printf(" (start %s)", start);
	putchar('\n');
}

static void dry_run_text(const struct ctl_edit *e, const struct plan *p)
{
	char cfg[AP_CONFIG_STRLEN];
	struct cmdlines c;
	int i;

	/* the matrix in the IDs of every screen; FILE below is mdevctl's data */
	if (p->do_live)
		summary_text("would set live", e->uuid, &p->live, NULL);
	if (p->do_def)
		summary_text(e->define ? "would define" : "would redefine", e->uuid, &p->def,
			     p->autostart ? "auto" : "manual");
	if (p->do_live) {
		ap_config_format(&p->live, cfg);
		printf("would write to %s/%s/ap_config:\n  %s\n", VFIO_AP_MATRIX_SYSFS, e->uuid,
		       cfg);
	}
	plan_cmdlines(e, p, "FILE", &c);
	for (i = 0; i < c.n; i++) {
		fputs("would run: ", stdout);
		ctl_mdevctl_print_cmdline(c.argv[i], stdout);
	}
	if (p->config && c.n && c.argv[c.n - 1][5] && !strcmp(c.argv[c.n - 1][5], "--jsonfile"))
		printf("with FILE:\n%s\n", p->config);
}

static int write_ap_config(const struct ctl_ctx *ctx, const struct ctl_edit *e,
			   const struct ctl_mdev *dev, const struct ap_matrix *m)
{
	pid_t holder = 0;
	bool opened;
	int rc, lock;

	if (!dev->active || !dev->active->has_ap_config) {
		ctl_err(ctx, "%s: %s: this vfio_ap has no ap_config attribute: cannot change a running device",
			e->cmd, e->uuid);
		return CTL_EXIT_FAILURE;
	}
	/* serialise with the mdevctl callout, ap-check and chzdev */
	lock = ap_lock_acquire(NULL, getpid(), CTL_LOCK_TIMEOUT_MS, &holder);
	if (lock == -ETIMEDOUT) {
		ctl_err(ctx, "%s: %s: the AP configuration lock %s is held by PID %d", e->cmd,
			e->uuid, AP_LOCK_PATH, (int)holder);
		return CTL_EXIT_FAILURE;
	}
	rc = ap_config_write(e->uuid, m, &opened);
	if (lock == AP_LOCK_TAKEN)
		ap_lock_release(NULL, getpid(), NULL);
	if (!rc)
		return 0;
	if (!opened) {
		ctl_err(ctx, "%s: %s: cannot open %s/%s/ap_config: %s", e->cmd, e->uuid,
			VFIO_AP_MATRIX_SYSFS, e->uuid, strerror(-rc));
		return rc == -ENOENT ? CTL_EXIT_NOT_FOUND : CTL_EXIT_FAILURE;
	}
	ctl_err(ctx, "%s: %s: the kernel refused the new ap_config: %s", e->cmd, e->uuid,
		strerror(-rc));
	return rc == -EADDRINUSE || rc == -EADDRNOTAVAIL ? CTL_EXIT_CONFLICT : CTL_EXIT_FAILURE;
}

/*
 * Did the mdevctl callout refuse the change? Its refusal line is
 * "ACTION of mdev UUID refused (N problems):", after the name mdevctl puts
 * in front (vfio-ap-callout(8)).
 */
static bool callout_refused(const char *line, const char *uuid)
{
	const char *p = strstr(line, " of mdev ");

	return p && !strncmp(p + 9, uuid, MDEV_UUID_LEN) &&
	       !strncmp(p + 9 + MDEV_UUID_LEN, " refused (", 10);
}

/* Run one mdevctl command; its stderr goes to ours, each line prefixed. */
static int run_mdevctl(const struct ctl_ctx *ctx, const struct ctl_edit *e,
		       const char *const *args)
{
	struct ctl_mdevctl_result r;
	char *line, *save = NULL;
	int rc;

	rc = ctl_mdevctl_run(args, &r);
	if (rc) {
		ctl_err(ctx, "%s: %s: cannot run %s: %s", e->cmd, e->uuid, ctl_mdevctl_path(),
			strerror(-rc));
		return CTL_EXIT_FAILURE;
	}
	if (r.status) {
		ctl_err(ctx, "%s: %s: mdevctl %s failed (exit status %d)", e->cmd, e->uuid, args[0],
			r.status);
		rc = CTL_EXIT_FAILURE;
		for (line = strtok_r(r.err, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			ctl_err(ctx, "%s: mdevctl: %s", e->cmd, line);
			/* a conflict the callout found (another change came first) */
			if (callout_refused(line, e->uuid))
				rc = CTL_EXIT_CONFLICT;
		}
	}
	ctl_mdevctl_result_free(&r);
	return rc;
}

/* Write the old definition back after a failed re-define. */
static void restore_definition(const struct ctl_ctx *ctx, const struct ctl_edit *e,
			       struct ctl_journal *j)
{
	const char *v[] = { "define", "-u", e->uuid, "-p", VFIO_AP_PARENT, "--jsonfile", j->old,
			    NULL };

	if (run_mdevctl(ctx, e, v)) {
		ctl_err(ctx, "%s: %s: could not restore the old definition; the next vfio-ap-ctl run puts it back from %s",
			e->cmd, e->uuid, j->path);
		ctl_journal_keep(j);
	} else {
		ctl_err(ctx, "%s: %s: the old definition was put back", e->cmd, e->uuid);
		ctl_journal_end(j);
	}
}

static int execute(const struct ctl_ctx *ctx, const struct ctl_host *ch,
		   const struct ctl_edit *e, struct plan *p)
{
	char jsonfile[PATH_MAX], err[PATH_MAX + 128];
	struct ctl_journal j = { .fd = -1 };
	struct cmdlines c;
	int i, rc = 0;
	json_t *cfg;

	if (p->do_live) {
		rc = write_ap_config(ctx, e, p->m, &p->live);
		if (rc)
			return rc;
	}
	if (!p->do_def)
		return 0;
	cfg = json_loads(p->config, 0, NULL);
	if (!cfg)
		return CTL_EXIT_FAILURE;
	rc = ctl_mdevctl_jsonfile(cfg, jsonfile, sizeof(jsonfile));
	json_decref(cfg);
	if (rc) {
		ctl_err(ctx, "%s: %s: cannot write a temporary config file: %s", e->cmd, e->uuid,
			strerror(-rc));
		rc = CTL_EXIT_FAILURE;
		goto live_note;
	}
	plan_cmdlines(e, p, jsonfile, &c);
	if (c.n == 2) {
		/* undefine + define: journaled, so that nothing can lose the definition */
		rc = ctl_journal_begin(e->uuid, p->config, p->do_live, &j, err, sizeof(err));
		if (rc) {
			ctl_err(ctx, "%s: %s: %s; nothing changed", e->cmd, e->uuid, err);
			unlink(jsonfile);
			rc = CTL_EXIT_FAILURE;
			goto live_note;
		}
		ctl_test_pause("journaled");
	}
	for (i = 0; i < c.n && !rc; i++) {
		rc = run_mdevctl(ctx, e, c.argv[i]);
		if (!rc && c.n == 2)
			ctl_test_pause(i ? "defined" : "undefined");
	}
	if (rc && j.fd >= 0 && ctl_journal_definition_gone(e->uuid))
		restore_definition(ctx, e, &j);
	ctl_journal_end(&j);
	unlink(jsonfile);
live_note:
	if (rc && p->do_live)
		ctl_err(ctx, "%s: %s: the running device was changed (--live) and keeps the new matrix; its definition was not changed",
			e->cmd, e->uuid);
	return rc;
}

static int make_plan(const struct ctl_ctx *ctx, const struct ctl_host *ch,
		     const struct ctl_edit *e, struct plan *p)
{
	const struct ctl_mdev *m = ctl_host_find(ch, e->uuid);
	struct ap_matrix base;

	memset(p, 0, sizeof(*p));
	p->m = m;
	if (e->define) {
		if (m && m->def) {
			ctl_err(ctx, "%s: %s: already defined (use modify)", e->cmd, e->uuid);
			return CTL_EXIT_CONFLICT;
		}
		p->do_def = true;
		p->def_matrix_changed = true;
		p->autostart = e->start == 1;
		ap_matrix_zero(&base);
		edit_matrix(e, &base, &p->def);
		return 0;
	}
	if (!m) {
		ctl_err(ctx, "%s: no matrix device %s (neither defined nor active)", e->cmd, e->uuid);
		return CTL_EXIT_NOT_FOUND;
	}
	if (e->live && !m->active) {
		ctl_err(ctx, "%s: %s: not active: --live needs a running device", e->cmd, e->uuid);
		return CTL_EXIT_NOT_FOUND;
	}
	if (!e->live && !m->def) {
		ctl_err(ctx, "%s: %s: not defined (use --live to change the running device)",
			e->cmd, e->uuid);
		return CTL_EXIT_NOT_FOUND;
	}
	if (m->def && m->def->err) {
		ctl_err(ctx, "%s: %s: the definition cannot be read: %s", e->cmd, e->uuid,
			m->def->errmsg ? m->def->errmsg : "?");
		return CTL_EXIT_INVALID;
	}
	if (e->live) {
		p->do_live = true;
		edit_matrix(e, &m->active->matrix, &p->live);
	}
	if (m->def) {
		p->do_def = true;
		p->autostart = e->start < 0 ? m->def->cfg.autostart : e->start == 1;
		mdev_config_matrix(&m->def->cfg, &base);
		edit_matrix(e, &base, &p->def);
		p->def_matrix_changed = !ap_matrix_equal(&base, &p->def);
		if (!p->def_matrix_changed && p->autostart == m->def->cfg.autostart)
			p->do_def = false;	/* nothing to do */
		else if (p->def_matrix_changed)
			p->modify_jsonfile = ctl_mdevctl_can_modify_jsonfile();
	}
	return 0;
}

int ctl_apply(const struct ctl_ctx *ctx, const struct ctl_host *ch, const struct ctl_edit *e)
{
	char other[128], err[256];
	bool changed = false;
	size_t n;
	struct plan p;
	int rc;

	rc = make_plan(ctx, ch, e, &p);
	if (rc)
		return rc;
	if (ap_callouts_have_ap_check(other, sizeof(other)))
		ctl_err(ctx, "%s: warning: s390-tools' ap-check callout is installed too (%s): "
			"mdevctl runs only one callout for vfio_ap devices (see vfio-ap-callout(8))",
			e->cmd, other);
	rc = check_plan(ch, e, &p, err, sizeof(err));
	if (rc) {
		ctl_err(ctx, "%s: %s: %s", e->cmd, e->uuid, err);
		rc = CTL_EXIT_FAILURE;
		goto out;
	}
	if (p.do_def) {
		p.config = mdev_config_build(VFIO_AP_MDEV_TYPE, p.autostart, &p.def, true);
		if (!p.config) {
			rc = CTL_EXIT_FAILURE;
			goto out;
		}
	}
	n = report(ctx, e, &p.errors, true);
	report(ctx, e, &p.warnings, false);
	if (p.errors.n) {
		ctl_err(ctx, "%s: %s: refused: %zu conflict%s, nothing changed", e->cmd, e->uuid, n,
			n == 1 ? "" : "s");
		rc = CTL_EXIT_CONFLICT;
	} else if (!e->dry_run) {
		rc = execute(ctx, ch, e, &p);
		changed = !rc && (p.do_def || p.do_live);
	}
	if (ctx->json) {
		if (result_json(e, &p, changed) && !rc)
			rc = CTL_EXIT_FAILURE;
	} else if (e->dry_run && !p.errors.n) {
		dry_run_text(e, &p);
	} else if (!rc) {
		if (p.do_live)
			summary_text("live", e->uuid, &p.live, NULL);
		if (p.do_def)
			summary_text(e->define ? "defined" : "definition", e->uuid, &p.def,
				     p.autostart ? "auto" : "manual");
		if (!p.do_live && !p.do_def)
			printf("unchanged %s\n", e->uuid);
	}
out:
	free(p.config);
	ap_problems_free(&p.errors);
	ap_problems_free(&p.warnings);
	return rc;
}

/*
 * An ID list as an admin types it: an APQN pasted from lszcrypt, or an ID
 * with a leading 0, which the kernel's parser (and so the ID parser) reads
 * as octal: "010" would be adapter 8, "08" no number at all. Refused with a
 * hint (exit 2) rather than guessed.
 */
static int check_id_text(const struct ctl_ctx *ctx, const char *cmd, const char *opt,
			 const char *val)
{
	unsigned int a, d;
	const char *p;
	char tail;

	if (sscanf(val, "%2x.%4x%c", &a, &d, &tail) == 2)
		return ctl_usage_err(ctx, cmd,
				     "invalid --%s '%s': an APQN? Give its adapter and domain apart: -a 0x%02x -d 0x%04x",
				     opt, val, a, d);
	if (strchr(val, '.'))
		return ctl_usage_err(ctx, cmd, "invalid --%s '%s': not an ID list", opt, val);
	for (p = val; *p; p++) {
		/* the start of an element or of a range end, then 0 and a digit */
		if ((p == val || p[-1] == ',' || p[-1] == '-') && p[0] == '0' && p[1] >= '0' &&
		    p[1] <= '9') {
			unsigned long dec = strtoul(p, NULL, 10);

			return ctl_usage_err(ctx, cmd,
					     "invalid --%s '%s': a leading 0 makes an ID octal; write %lu (decimal) or 0x%.*s (hexadecimal), whichever is meant",
					     opt, val, dec, (int)strspn(p + 1, "0123456789"), p + 1);
		}
	}
	return 0;
}

/* An mdevctl config (export --format=mdevctl): its matrix and start mode. */
static int from_mdevctl(const struct ctl_ctx *ctx, struct ctl_edit *e, const char *data,
			size_t len)
{
	struct mdev_config cfg;
	char err[256];
	size_t i;

	if (mdev_config_parse(data, len, &cfg, err, sizeof(err))) {
		ctl_err(ctx, "%s: %s: not an export: %s", e->cmd, e->from, err);
		return CTL_EXIT_INVALID;
	}
	for (i = 0; i < cfg.n_attrs; i++) {
		if (cfg.attrs[i].err) {
			ctl_err(ctx, "%s: %s: attribute %s: invalid value \"%.40s\": %s", e->cmd,
				e->from, cfg.attrs[i].key, cfg.attrs[i].value,
				cfg.attrs[i].why ? cfg.attrs[i].why : "malformed");
			mdev_config_free(&cfg);
			return CTL_EXIT_INVALID;
		}
	}
	mdev_config_matrix(&cfg, &e->ids);
	if (e->start < 0)
		e->start = cfg.autostart;
	mdev_config_free(&cfg);
	return 0;
}

/*
 * define --from FILE: the destination of a migration, configured like the
 * source: its guest view from an export (JSON or stream, as check reads
 * them, or an mdevctl config); the JSON export's UUID becomes the default
 * UUID (libvirt names the mdev by it).
 */
static int edit_from(const struct ctl_ctx *ctx, struct ctl_edit *e, char *uuid)
{
	struct ctl_source src;
	const char *p, *u;
	char err[256];
	void *data;
	json_t *root;
	size_t len;
	int rc;

	rc = ctl_source_read(e->from, &data, &len);
	if (rc) {
		ctl_err(ctx, "%s: cannot read %s: %s", e->cmd, e->from,
			rc == -EFBIG ? "too large for an export" : strerror(-rc));
		return rc == -ENOENT ? CTL_EXIT_NOT_FOUND :
		       rc == -EFBIG  ? CTL_EXIT_INVALID :
				       CTL_EXIT_FAILURE;
	}
	for (p = data; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++)
		;
	root = *p == '{' ? json_loadb(data, len, 0, NULL) : NULL;
	if (root && json_object_get(root, "attrs")) {
		json_decref(root);
		rc = from_mdevctl(ctx, e, data, len);
		free(data);
		return rc;
	}
	u = json_string_value(json_object_get(root, "uuid"));
	if (u && !*uuid && ctl_uuid_parse(u, uuid))
		uuid[0] = '\0';
	json_decref(root);
	rc = ctl_source_parse(data, len, &src, err, sizeof(err));
	free(data);
	if (rc) {
		ctl_err(ctx, "%s: %s: not an export of a source: %s", e->cmd, e->from,
			rc == -ENOMEM ? strerror(ENOMEM) : err);
		return rc == -ENOMEM ? CTL_EXIT_FAILURE : CTL_EXIT_INVALID;
	}
	memcpy(e->ids.apm.w, src.cfg.apm.w, sizeof(e->ids.apm.w));
	memcpy(e->ids.aqm.w, src.cfg.aqm.w, sizeof(e->ids.aqm.w));
	memcpy(e->ids.adm.w, src.cfg.adm.w, sizeof(e->ids.adm.w));
	ctl_source_free(&src);
	return 0;
}

int ctl_edit_parse(struct ctl_ctx *ctx, int argc, char *argv[], const char *usage,
		   struct ctl_edit *e, bool *help)
{
	static const struct option opts[] = {
		{ "adapter", required_argument, NULL, 'a' },
		{ "adapters", required_argument, NULL, 'a' },
		{ "domain", required_argument, NULL, 'd' },
		{ "domains", required_argument, NULL, 'd' },
		{ "control-domain", required_argument, NULL, 'c' },
		{ "control-domains", required_argument, NULL, 'c' },
		{ "uuid", required_argument, NULL, 'u' },
		{ "auto", no_argument, NULL, 'A' },
		{ "manual", no_argument, NULL, 'M' },
		{ "live", no_argument, NULL, 'l' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "from", required_argument, NULL, 'F' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool plural = e->op == CTL_EDIT_SET;
	const char *uuid_arg = NULL;
	int c, rc;

	*help = false;
	e->start = -1;
	while ((c = getopt_long(argc, argv, ":a:d:c:u:lnjh", opts, NULL)) != -1) {
		rc = 0;
		switch (c) {
		case 'a':
			e->has_apm = true;
			rc = check_id_text(ctx, e->cmd, plural ? "adapters" : "adapter", optarg);
			if (!rc)
				rc = ctl_idlist_opt(ctx, e->cmd, plural ? "adapters" : "adapter",
						    optarg, AP_MAX_ID, &e->ids.apm);
			break;
		case 'd':
			e->has_aqm = true;
			rc = check_id_text(ctx, e->cmd, plural ? "domains" : "domain", optarg);
			if (!rc)
				rc = ctl_idlist_opt(ctx, e->cmd, plural ? "domains" : "domain", optarg,
						    AP_MAX_ID, &e->ids.aqm);
			break;
		case 'c':
			e->has_adm = true;
			rc = check_id_text(ctx, e->cmd,
					   plural ? "control-domains" : "control-domain", optarg);
			if (!rc)
				rc = ctl_idlist_opt(ctx, e->cmd,
						    plural ? "control-domains" : "control-domain",
						    optarg, AP_MAX_ID, &e->ids.adm);
			break;
		case 'u':
			if (!e->define)
				return ctl_usage_err(ctx, e->cmd,
						     "--uuid is for define; give the UUID as operand");
			uuid_arg = optarg;
			break;
		case 'A':
		case 'M':
			if (e->op != CTL_EDIT_SET)
				return ctl_usage_err(ctx, e->cmd,
						     "--auto/--manual are for define and modify");
			if (e->start >= 0 && e->start != (c == 'A'))
				return ctl_usage_err(ctx, e->cmd,
						     "--auto and --manual exclude each other");
			e->start = c == 'A';
			break;
		case 'l':
			if (e->define)
				return ctl_usage_err(ctx, e->cmd,
						     "--live is for modify, assign and unassign");
			e->live = true;
			break;
		case 'n':
			e->dry_run = true;
			break;
		case 'F':
			if (!e->define)
				return ctl_usage_err(ctx, e->cmd, "--from is for define");
			e->from = optarg;
			break;
		case 'j':
			ctx->json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			*help = true;
			return CTL_EXIT_OK;
		default:
			return ctl_bad_option(ctx, e->cmd, c, argc, argv);
		}
		if (rc)
			return rc;
	}
	if (e->define) {
		if (optind < argc)
			return ctl_usage_err(ctx, e->cmd, "unexpected argument '%s'", argv[optind]);
		if (uuid_arg && ctl_uuid_parse(uuid_arg, e->uuid))
			return ctl_usage_err(ctx, e->cmd, "'%s' is not a UUID", uuid_arg);
		if (e->from) {
			if (e->has_apm || e->has_aqm || e->has_adm)
				return ctl_usage_err(ctx, e->cmd,
						     "--from takes the matrix from the export: no -a, -d or -c");
			rc = edit_from(ctx, e, e->uuid);
			if (rc)
				return rc;
			e->has_apm = e->has_aqm = e->has_adm = true;
		}
		if (!e->uuid[0] && ctl_uuid_generate(e->uuid)) {
			ctl_err(ctx, "%s: cannot generate a UUID", e->cmd);
			return CTL_EXIT_FAILURE;
		}
		if (!e->has_apm || !e->has_aqm)
			return ctl_usage_err(ctx, e->cmd,
					     "--adapters and --domains are required");
		return 0;
	}
	if (optind >= argc)
		return ctl_usage_err(ctx, e->cmd, "missing UUID");
	if (optind + 1 < argc)
		return ctl_usage_err(ctx, e->cmd, "unexpected argument '%s'", argv[optind + 1]);
	if (ctl_uuid_parse(argv[optind], e->uuid))
		return ctl_usage_err(ctx, e->cmd, "'%s' is not a UUID", argv[optind]);
	if (!e->has_apm && !e->has_aqm && !e->has_adm && e->start < 0)
		return ctl_usage_err(ctx, e->cmd, "nothing to change: give --adapter, --domain%s",
				     e->op == CTL_EDIT_SET ? ", --control-domain, --auto or --manual" :
							     " or --control-domain");
	return 0;
}

int ctl_edit_run(struct ctl_ctx *ctx, int argc, char *argv[], const char *usage, struct ctl_edit *e)
{
	struct ctl_host ch;
	bool help;
	int rc;

	rc = ctl_edit_parse(ctx, argc, argv, usage, e, &help);
	if (rc || help)
		return rc;
	rc = ctl_host_load(ctx, e->cmd, AP_HOST_MDEVS | CTL_HOST_DEFS, true, &ch);
	if (rc)
		return rc;
	rc = ctl_apply(ctx, &ch, e);
	ctl_host_free(&ch);
	return rc;
}
