// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl list: every vfio_ap matrix device, defined and/or active.
 */
#include <getopt.h>
#include <stdio.h>

#include "ctl.h"
#include "ctl_host.h"
#include "ctl_out.h"
#include "ctl_util.h"

static const char list_usage[] =
	"Usage: vfio-ap-ctl list [-j]\n"
	"\n"
	"List every vfio_ap matrix device: defined by mdevctl, active in sysfs, or\n"
	"both, with its start mode, adapters, domains, control domains and whether\n"
	"a guest uses it. A definition that cannot be read whole has the start mode\n"
	"\"error\" and a warning on stderr says why.\n"
	"\n"
	"Options:\n"
	"  -j, --json   JSON output\n"
	"  -h, --help   print this help and exit\n";

static json_t *mdev_json(const struct ctl_mdev *m)
{
	const char *start = ctl_mdev_start(m);
	json_t *o = json_object();

	if (!o)
		return NULL;
	if (ctl_json_set(o, "uuid", json_string(m->uuid)) ||
	    ctl_json_set(o, "parent", json_string(VFIO_AP_PARENT)) ||
	    ctl_json_set(o, "mdev_type", json_string(VFIO_AP_MDEV_TYPE)) ||
	    ctl_json_set(o, "defined", json_boolean(m->def)) ||
	    ctl_json_set(o, "active", json_boolean(m->active)) ||
	    ctl_json_set(o, "start", start ? json_string(start) : json_null()) ||
	    ctl_json_set(o, "adapters", ctl_json_ids(&m->matrix.apm)) ||
	    ctl_json_set(o, "domains", ctl_json_ids(&m->matrix.aqm)) ||
	    ctl_json_set(o, "control_domains", ctl_json_ids(&m->matrix.adm)) ||
	    ctl_json_set(o, "in_use", json_boolean(m->in_use)) ||
	    (m->def && m->def->err &&
	     ctl_json_set(o, "definition_error", json_string(m->def->errmsg ?
							    m->def->errmsg : "unreadable")))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int list_json(const struct ctl_host *ch)
{
	json_t *doc = ctl_json_doc("list"), *arr = json_array();
	size_t i;

	if (!doc || !arr)
		goto out;
	for (i = 0; i < ch->n_mdevs; i++)
		if (json_array_append_new(arr, mdev_json(&ch->mdevs[i])))
			goto out;
	return ctl_json_finish(doc, "mdevs", arr);
out:
	json_decref(arr);
	json_decref(doc);
	return CTL_EXIT_FAILURE;
}

static int list_text(const struct ctl_ctx *ctx, const struct ctl_host *ch)
{
	static const char *const hdr[] = { "UUID", "DEFINED", "ACTIVE", "START", "ADAPTERS",
					   "DOMAINS", "CONTROL_DOMAINS", "IN_USE" };
	char a[CTL_IDLIST_LEN], d[CTL_IDLIST_LEN], c[CTL_IDLIST_LEN];
	struct ctl_table t;
	size_t i;
	int rc = 0;

	ctl_table_init(&t, 8, hdr);
	for (i = 0; i < ch->n_mdevs && !rc; i++) {
		const struct ctl_mdev *m = &ch->mdevs[i];
		const char *start = ctl_mdev_start(m);
		const char *row[8] = {
			m->uuid,
			m->def ? "yes" : "no",
			m->active ? "yes" : "no",
			start ? start : (m->def ? "error" : "-"),
			ctl_cards(&m->matrix.apm, a),
			ctl_domains(&m->matrix.aqm, d),
			ctl_domains(&m->matrix.adm, c),
			m->in_use ? "yes" : "no",
		};

		rc = ctl_table_add(&t, row);
		/* START error says that much; the reason goes to stderr */
		if (m->def && m->def->err)
			ctl_err(ctx, "list: warning: %s: the definition cannot be read: %s", m->uuid,
				m->def->errmsg ? m->def->errmsg : "?");
	}
	return ctl_table_finish(&t, rc);
}

static int list_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	struct ctl_host ch;
	bool help;
	int rc;

	rc = ctl_json_opts(ctx, "list", list_usage, argc, argv, &help);
	if (rc || help)
		return rc;
	if (optind < argc)
		return ctl_usage_err(ctx, "list", "unexpected argument '%s'", argv[optind]);
	rc = ctl_host_load(ctx, "list", AP_HOST_MDEVS | CTL_HOST_DEFS, true, &ch);
	if (rc)
		return rc;
	rc = ctx->json ? list_json(&ch) : list_text(ctx, &ch);
	ctl_host_free(&ch);
	return rc;
}

const struct ctl_cmd ctl_cmd_list = {
	.name = "list",
	.run = list_run,
	.summary = "list the matrix devices, defined and active",
};
