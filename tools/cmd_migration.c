// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl migration: can this host's vfio_ap migrate, and each matrix
 * device: eligible or why not, and its exact stream size.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "ctl_host.h"
#include "ctl_mig.h"
#include "ctl_out.h"
#include "ctl_util.h"

static const char migration_usage[] =
	"Usage: vfio-ap-ctl migration [-j] [UUID]\n"
	"\n"
	"Tell whether this host's vfio_ap driver supports live migration (its\n"
	"matrix device's features contain \"migratable\"), and for every matrix\n"
	"device (or the one given) whether it can be migrated or why not, and the\n"
	"exact size of its migration stream: 64 + 16 x the queues of its guest\n"
	"matrix (of any size: see 'show --help').\n"
	"\n"
	"Options:\n"
	"  -j, --json   JSON output\n"
	"  -h, --help   print this help and exit\n";

struct verdict {
	const char *reason;	/* stable name, NULL when eligible */
	char detail[128];
	unsigned int queues;
	size_t size;
};

static void judge(const struct ctl_host *ch, const struct ctl_mdev *m, struct verdict *v)
{
	struct ap_matrix src;
	int a, d;

	memset(v, 0, sizeof(*v));
	ctl_mig_source(ch, m, &src);
	v->queues = ap_mask_weight(&src.apm) * ap_mask_weight(&src.aqm);
	v->size = vfio_ap_mig_stream_size(v->queues);
	if (!ch->host.migratable) {
		v->reason = "no-driver-support";
		snprintf(v->detail, sizeof(v->detail), "vfio_ap on this host cannot migrate");
		return;
	}
	if (!m->active) {
		v->reason = "not-active";
		snprintf(v->detail, sizeof(v->detail), "the device is not active");
		return;
	}
	if (!v->queues) {
		v->reason = "no-queues";
		snprintf(v->detail, sizeof(v->detail), "no queue in the guest matrix");
		return;
	}
	ap_mask_for_each(a, &src.apm) {
		ap_mask_for_each(d, &src.aqm) {
			unsigned int bs = ctl_mig_bind_state(ch, (unsigned int)a, (unsigned int)d);

			if (bs) {
				v->reason = "se-bound";
				snprintf(v->detail, sizeof(v->detail),
					 "queue %02x.%04x is Secure Execution bound/associated (bind state %u)",
					 a, d, bs);
				return;
			}
		}
	}
}

static int migration_json(const struct ctl_host *ch, const struct ctl_mdev *only)
{
	json_t *doc = ctl_json_doc("migration"), *arr = json_array();
	size_t i;

	if (!doc || !arr ||
	    ctl_json_set(doc, "migratable", json_boolean(ch->host.migratable)) ||
	    ctl_json_set(doc, "matrix_features", json_string(ch->host.matrix_features)))
		goto out;
	for (i = 0; i < ch->n_mdevs; i++) {
		const struct ctl_mdev *m = &ch->mdevs[i];
		struct verdict v;
		json_t *o;

		if (only && only != m)
			continue;
		judge(ch, m, &v);
		o = json_pack("{s:s, s:b, s:b, s:o, s:o, s:i, s:I}", "uuid", m->uuid, "active",
			      m->active != NULL, "eligible", v.reason == NULL, "reason",
			      v.reason ? json_string(v.reason) : json_null(), "detail",
			      v.reason ? json_string(v.detail) : json_null(), "queues", v.queues,
			      "stream_size", (json_int_t)v.size);
		if (json_array_append_new(arr, o))
			goto out;
	}
	return ctl_json_finish(doc, "mdevs", arr);
out:
	json_decref(arr);
	json_decref(doc);
	return CTL_EXIT_FAILURE;
}

static int migration_text(const struct ctl_host *ch, const struct ctl_mdev *only)
{
	static const char *const hdr[] = { "UUID", "ACTIVE", "ELIGIBLE", "QUEUES", "STREAM_SIZE",
					   "REASON" };
	struct ctl_table t;
	size_t i;
	int rc = 0;

	printf("migration support: %s (features: %s)\n\n", ch->host.migratable ? "yes" : "no",
	       ch->host.matrix_features[0] ? ch->host.matrix_features : "-");
	ctl_table_init(&t, 6, hdr);
	for (i = 0; i < ch->n_mdevs && !rc; i++) {
		const struct ctl_mdev *m = &ch->mdevs[i];
		char q[16], sz[24];
		struct verdict v;
		const char *row[6] = { m->uuid, m->active ? "yes" : "no", NULL, q, sz, NULL };

		if (only && only != m)
			continue;
		judge(ch, m, &v);
		row[2] = v.reason ? "no" : "yes";
		row[5] = v.reason ? v.detail : "-";
		snprintf(q, sizeof(q), "%u", v.queues);
		snprintf(sz, sizeof(sz), "%zu", v.size);
		rc = ctl_table_add(&t, row);
	}
	return ctl_table_finish(&t, rc);
}

static int migration_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	const struct ctl_mdev *only = NULL;
	char uuid[CTL_UUID_LEN];
	struct ctl_host ch;
	bool help;
	int rc;

	rc = ctl_json_opts(ctx, "migration", migration_usage, argc, argv, &help);
	if (rc || help)
		return rc;
	if (optind + 1 < argc)
		return ctl_usage_err(ctx, "migration", "unexpected argument '%s'", argv[optind + 1]);
	if (optind < argc && ctl_uuid_parse(argv[optind], uuid))
		return ctl_usage_err(ctx, "migration", "'%s' is not a UUID", argv[optind]);
	rc = ctl_host_load(ctx, "migration", AP_HOST_CARDS | AP_HOST_MDEVS | CTL_HOST_QMAP | CTL_HOST_DEFS, true, &ch);
	if (rc)
		return rc;
	if (optind < argc)
		rc = ctl_host_lookup(ctx, "migration", &ch, argv[optind], &only);
	if (!rc)
		rc = ctx->json ? migration_json(&ch, only) : migration_text(&ch, only);
	ctl_host_free(&ch);
	return rc;
}

const struct ctl_cmd ctl_cmd_migration = {
	.name = "migration",
	.run = migration_run,
	.summary = "can this host migrate; per matrix device: eligible, stream size",
};
