// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl check SOURCE: would this source's AP configuration migrate
 * onto a destination mdev, or onto this host? Every failed rule, then a
 * one-line verdict.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_check.h"
#include "ctl_host.h"
#include "ctl_mig.h"
#include "ctl_out.h"
#include "ctl_source.h"
#include "ctl_util.h"

static const char check_usage[] =
	"Usage: vfio-ap-ctl check [-j] SOURCE (--target UUID | --host)\n"
	"\n"
	"Check whether the AP configuration in SOURCE (a file written by 'export',\n"
	"JSON or --format=stream, told apart automatically; - for standard input)\n"
	"can be migrated, with the rules the kernel applies at migration time:\n"
	"onto the matrix device UUID on this host (--target; it must already be\n"
	"configured like the source: a migration never assigns AP resources, so an\n"
	"empty or different device is refused; 'define --from SOURCE' makes one),\n"
	"or onto this host before any destination device exists (--host: every\n"
	"queue present, usable by vfio_ap, free, compatible hardware). Prints every\n"
	"failed rule with both values, then a one-line verdict.\n"
	"\n"
	"Exit status: 0 compatible, 4 incompatible, 5 malformed SOURCE.\n"
	"\n"
	"Options:\n"
	"  -t, --target UUID   the destination matrix device\n"
	"  -H, --host          this host, no destination device yet\n"
	"  -j, --json          JSON output\n"
	"  -h, --help          print this help and exit\n";

struct dest_ctx {
	const struct ctl_host *ch;
	const char *target;	/* uuid or NULL */
};

static bool dest_in_other(void *priv, u16 apqn)
{
	const struct dest_ctx *d = priv;
	int idx = ap_owner_lookup(d->ch->owners, apqn >> 8, apqn & 0xff);

	if (idx < 0)
		return false;
	return !d->target || strcmp(d->ch->host.mdevs[idx].uuid, d->target);
}

/* the one rule: apmask x aqmask, less what driver_override gives away */
static bool dest_host_owned(void *priv, u16 apqn)
{
	const struct dest_ctx *d = priv;

	return ap_host_apqn_host_owned(&d->ch->host, apqn >> 8, apqn & 0xff);
}

static int dest_hwinfo(void *priv, u16 apqn, u64 *hwinfo)
{
	const struct dest_ctx *d = priv;

	return ctl_mig_hwinfo(d->ch, apqn >> 8, apqn & 0xff, hwinfo);
}

/* The host's AP configuration: QCI masks, else what sysfs shows. */
static void host_config(const struct ctl_host *ch, struct mig_host *core)
{
	const struct ap_host *h = &ch->host;
	const struct ap_apqn_set *q = &ch->qmap->exists;

	if (h->have_qci) {
		ctl_mig_mask(&core->host_apm, &h->adapter_mask);
		ctl_mig_mask(&core->host_aqm, &h->usage_domain_mask);
		ctl_mig_mask(&core->host_adm, &h->control_domain_mask);
		return;
	}
	ctl_mig_mask(&core->host_apm, &q->apm);
	ctl_mig_mask(&core->host_aqm, &q->aqm);
	ctl_mig_mask(&core->host_adm, &q->aqm);
}

static int read_source(const struct ctl_ctx *ctx, const char *path, u8 **data, size_t *len)
{
	void *buf;
	int rc;

	rc = ctl_source_read(path, &buf, len);
	if (rc == -EFBIG) {
		ctl_err(ctx, "check: %s: larger than %u MiB: not a migration source", path,
			CTL_SOURCE_MAX >> 20);
		return CTL_EXIT_INVALID;
	}
	if (rc) {
		bool open = rc == -ENOENT || rc == -EACCES || rc == -EPERM || rc == -ENOTDIR ||
			    rc == -ELOOP || rc == -ENAMETOOLONG;

		ctl_err(ctx, "check: cannot %s %s: %s", open ? "open" : "read", path, strerror(-rc));
		return rc == -ENOENT ? CTL_EXIT_NOT_FOUND : CTL_EXIT_FAILURE;
	}
	*data = buf;
	return 0;
}

/* The active mdev that has @apqn on this host, or NULL. */
static const char *apqn_owner(const struct ctl_host *ch, const struct vfio_ap_mig_result *r)
{
	int idx;

	if (r->rule != VFIO_AP_MIG_RULE_IN_USE || r->apqn == VFIO_AP_MIG_NO_APQN)
		return NULL;
	idx = ap_owner_lookup(ch->owners, r->apqn >> 8, r->apqn & 0xff);
	return idx < 0 ? NULL : ch->host.mdevs[idx].uuid;
}

/* An APQN in use names its owner: "... on the destination host (mdev UUID)". */
static void name_owners(const struct ctl_host *ch, struct ctl_check_report *rep)
{
	size_t i;

	for (i = 0; i < rep->n; i++) {
		const char *uuid = apqn_owner(ch, &rep->v[i].r);
		size_t n = strlen(rep->v[i].msg);

		if (uuid)
			snprintf(rep->v[i].msg + n, sizeof(rep->v[i].msg) - n, " (mdev %s)", uuid);
	}
}

static json_t *results_json(const struct ctl_host *ch, const struct ctl_check_report *rep)
{
	json_t *arr = json_array();
	size_t i;

	for (i = 0; arr && i < rep->n; i++) {
		const struct vfio_ap_mig_result *r = &rep->v[i].r;
		bool cdom = r->rule == VFIO_AP_MIG_RULE_CDOM_HOST_MISSING ||
			    r->rule == VFIO_AP_MIG_RULE_CDOM_MISSING ||
			    r->rule == VFIO_AP_MIG_RULE_CDOM_EXTRA;
		bool noq = r->apqn == VFIO_AP_MIG_NO_APQN;
		json_t *o;

		o = json_pack("{s:s, s:o, s:o, s:b, s:s, s:I, s:I, s:s}", "rule",
			      vfio_ap_mig_rule_name(r->rule), "apqn",
			      cdom || noq ? json_null() : ctl_json_apqn(r->apqn >> 8, r->apqn & 0xff),
			      "control_domain", cdom ? json_integer(r->apqn) : json_null(), "refused",
			      r->err != 0, "errno",
			      r->err ? ctl_check_errno_name(r->err) : "", "source",
			      (json_int_t)r->src, "destination", (json_int_t)r->dst, "message",
			      rep->v[i].msg);
		if (o && !r->err)
			json_object_set_new(o, "errno", json_null());
		if (o && apqn_owner(ch, r))
			json_object_set_new(o, "owner", json_string(apqn_owner(ch, r)));
		if (json_array_append_new(arr, o)) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static int report_json(const struct ctl_host *ch, const char *path, const struct ctl_source *src,
		       const char *target, bool empty, const struct ctl_check_report *rep)
{
	const struct vfio_ap_mig_config *c = &src->cfg;
	json_t *doc = ctl_json_doc("check"), *o;
	struct ap_mask apm, aqm, adm;
	int rc = CTL_EXIT_FAILURE;

	memcpy(apm.w, c->apm.w, sizeof(apm.w));
	memcpy(aqm.w, c->aqm.w, sizeof(aqm.w));
	memcpy(adm.w, c->adm.w, sizeof(adm.w));
	o = json_pack("{s:{s:s, s:s, s:i, s:I, s:o, s:o, s:o}, s:{s:o, s:b}, s:b, s:o, s:i, s:o}",
		      "source", "file", path, "format", src->format, "num_queues", c->num_queues,
		      "size", (json_int_t)src->len, "adapters", ctl_json_ids(&apm), "domains",
		      ctl_json_ids(&aqm), "control_domains", ctl_json_ids(&adm), "destination",
		      "mdev", target ? json_string(target) : json_null(), "empty", empty,
		      "compatible", rep->err == 0, "errno",
		      rep->err ? json_string(ctl_check_errno_name(rep->err)) : json_null(),
		      "refused", (int)rep->refused, "results", results_json(ch, rep));
	if (!doc || ctl_json_set(doc, "check", o))
		goto out;
	rc = ctl_json_print(doc, stdout) ? CTL_EXIT_FAILURE : CTL_EXIT_OK;
out:
	json_decref(doc);
	return rc;
}

static void report_text(const struct ctl_check_report *rep, const char *target)
{
	size_t i, info = rep->n - rep->refused;

	for (i = 0; i < rep->n; i++)
		printf("%-5s %-18s %s\n", rep->v[i].r.err ? "FAIL" : "info",
		       vfio_ap_mig_rule_name(rep->v[i].r.rule), rep->v[i].msg);
	if (!rep->err)
		printf("compatible: %s can take this source%s\n",
		       target ? "the destination mdev" : "this host",
		       info ? " (informational differences above)" : "");
	else
		printf("incompatible: %zu rule%s failed; the kernel would refuse with %s\n",
		       rep->refused, rep->refused == 1 ? "" : "s",
		       ctl_check_errno_name(rep->err));
}

static int check_do(const struct ctl_ctx *ctx, const struct ctl_host *ch, const char *path,
		    const struct ctl_source *src, const struct ctl_mdev *target)
{
	struct dest_ctx dctx = { .ch = ch, .target = target ? target->uuid : NULL };
	struct ctl_check_dest dst = { 0 };
	struct ctl_check_report rep;
	int rc;

	if (target) {
		/* the kernel compares the guest view: an active device's filtered matrix */
		const struct ap_matrix *view = target->active && target->active->has_guest_matrix ?
						       &target->active->guest :
						       &target->matrix;
		struct ap_mask adm = view->adm;

		if (target->active && ch->host.have_qci)
			ap_mask_and(&adm, &adm, &ch->host.control_domain_mask);
		ctl_mig_mask(&dst.core.apm, &view->apm);
		ctl_mig_mask(&dst.core.aqm, &view->aqm);
		ctl_mig_mask(&dst.core.adm, &adm);
	}
	host_config(ch, &dst.offer);
	dst.offer.host_owned = dest_host_owned;
	dst.offer.in_other_mdev = dest_in_other;
	dst.core.get_hwinfo = dest_hwinfo;
	dst.core.priv = &dctx;
	dst.host = !target;
	rc = ctl_check(&src->cfg, &dst, &rep);
	if (rc) {
		ctl_err(ctx, "check: %s", strerror(-rc));
		return CTL_EXIT_FAILURE;
	}
	name_owners(ch, &rep);
	if (ctx->json)
		rc = report_json(ch, path, src, dctx.target,
				 vfio_ap_mig_mask_empty(&dst.core.apm) &&
					 vfio_ap_mig_mask_empty(&dst.core.aqm) &&
					 vfio_ap_mig_mask_empty(&dst.core.adm),
				 &rep);
	else
		report_text(&rep, dctx.target);
	if (!rc)
		rc = rep.err ? CTL_EXIT_CONFLICT : CTL_EXIT_OK;
	ctl_check_report_free(&rep);
	return rc;
}

static int check_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "host", no_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *target_arg = NULL, *path;
	const struct ctl_mdev *target = NULL;
	char uuid[CTL_UUID_LEN], err[256];
	struct ctl_source src;
	bool host = false;
	struct ctl_host ch;
	size_t len = 0;
	u8 *data = NULL;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":t:Hjh", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			target_arg = optarg;
			break;
		case 'H':
			host = true;
			break;
		case 'j':
			ctx->json = true;
			break;
		case 'h':
			fputs(check_usage, stdout);
			return CTL_EXIT_OK;
		default:
			return ctl_bad_option(ctx, "check", c, argc, argv);
		}
	}
	if (optind >= argc)
		return ctl_usage_err(ctx, "check", "missing SOURCE (a file from export, or -)");
	if (optind + 1 < argc)
		return ctl_usage_err(ctx, "check", "unexpected argument '%s'", argv[optind + 1]);
	if (!target_arg == !host)
		return ctl_usage_err(ctx, "check", "give exactly one of --target UUID and --host");
	if (target_arg && ctl_uuid_parse(target_arg, uuid))
		return ctl_usage_err(ctx, "check", "'%s' is not a UUID", target_arg);
	path = argv[optind];
	rc = read_source(ctx, path, &data, &len);
	if (rc)
		return rc;
	rc = ctl_source_parse(data, len, &src, err, sizeof(err));
	free(data);
	if (rc) {
		if (rc == -ENOMEM) {
			ctl_err(ctx, "check: %s", strerror(ENOMEM));
			return CTL_EXIT_FAILURE;
		}
		ctl_err(ctx, "check: %s: malformed source: %s", path, err);
		return CTL_EXIT_INVALID;
	}
	rc = ctl_host_load(ctx, "check",
			   AP_HOST_CARDS | AP_HOST_MDEVS | AP_HOST_GUEST_MATRIX | CTL_HOST_QMAP |
				   CTL_HOST_DEFS,
			   true, &ch);
	if (!rc) {
		if (target_arg)
			rc = ctl_host_lookup(ctx, "check", &ch, target_arg, &target);
		if (!rc)
			rc = check_do(ctx, &ch, path, &src, target);
		ctl_host_free(&ch);
	}
	ctl_source_free(&src);
	return rc;
}

const struct ctl_cmd ctl_cmd_check = {
	.name = "check",
	.run = check_run,
	.summary = "would a source (export) migrate onto a destination mdev or this host",
};
