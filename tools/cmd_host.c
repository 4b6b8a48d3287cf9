// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl host: the host's AP resources and who owns each APQN, in
 * lszcrypt's vocabulary: selected as lszcrypt selects (03, .0005,
 * 03.0005), summarised in counts and ranges, and read only as far as the
 * selection needs (one card or one domain of 65536 queues in well under a
 * second: only the selected queues' attributes are read).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_host.h"
#include "ctl_out.h"
#include "ctl_util.h"
#include "host_collect.h"
#include "host_summary.h"
#include "host_view.h"

static const char host_usage[] =
	"Usage: vfio-ap-ctl host [-j] [-s|-q] [FILTERS] [CARD|.DOMAIN|CARD.DOMAIN...]\n"
	"\n"
	"Show the host's AP resources and who owns each APQN: the host (apmask x\n"
	"aqmask; since Linux 6.19 a queue with driver_override set is the host's\n"
	"only while bound to cex4queue), an active matrix device, an auto-start\n"
	"definition, or nobody (free for vfio_ap). Without a selection: the cards, the host's AP\n"
	"configuration and a summary. A selection is hexadecimal, as lszcrypt(8)\n"
	"takes it: 03 (card 03 and its queues), .0005 (domain 5 on every card),\n"
	"03.0005 (one queue); it lists those queues.\n"
	"\n"
	"Options:\n"
	"  -s, --summary     only the summary: APQNs per card and per owner, in ranges\n"
	"  -q, --queues      list every queue (APQN) too\n"
	"  -f, --free        only APQNs that are free for vfio_ap\n"
	"  -V, --vfio        only APQNs that are not the host's (free or used by a device)\n"
	"  -H, --host-owned  only APQNs the host owns\n"
	"      --cca, --ep11, --accel\n"
	"                    only cards in that mode (CCA-Coproc, EP11-Coproc,\n"
	"                    Accelerator)\n"
	"  -j, --json        JSON output\n"
	"  -h, --help        print this help and exit\n";

enum { OPT_CCA = 256, OPT_EP11, OPT_ACCEL };

static const char *owner_name(enum ctl_owner w)
{
	switch (w) {
	case CTL_OWNER_HOST:
		return "host";
	case CTL_OWNER_MDEV:
		return "mdev";
	case CTL_OWNER_AUTOSTART:
		return "autostart";
	default:
		return "free";
	}
}

/* ------------------------------------------------------------------ JSON */

static json_t *card_json(const struct ap_card *c)
{
	const char *mode = host_mode_name(host_card_mode(c->ap_functions), true);
	const char *status = host_card_status(c);
	char f[16];

	snprintf(f, sizeof(f), "0x%08x", c->ap_functions);
	return json_pack("{s:i, s:o, s:o, s:o, s:o, s:i, s:i, s:s, s:o, s:i, s:i, s:o}", "card",
			 c->id, "type", c->type[0] ? json_string(c->type) : json_null(), "mode",
			 mode ? json_string(mode) : json_null(), "status",
			 status ? json_string(status) : json_null(), "serialnr",
			 c->serialnr[0] ? json_string(c->serialnr) : json_null(), "hwtype",
			 c->hwtype, "raw_hwtype", c->raw_hwtype, "ap_functions", f, "facilities",
			 host_facilities_json(c->ap_functions), "depth", c->depth, "max_msg_size",
			 (int)c->max_msg_size, "online",
			 c->online < 0 ? json_null() : json_boolean(c->online));
}

static json_t *row_json(const struct host_row *r)
{
	const char *st = host_queue_status(&r->q, true);

	return json_pack("{s:o, s:i, s:i, s:o, s:o, s:s, s:o, s:o, s:o}", "apqn",
			 ctl_json_apqn(r->a, r->d), "adapter", r->a, "domain", r->d, "status",
			 st ? json_string(st) : json_null(), "driver",
			 r->drv[0] ? json_string(r->drv) : json_null(), "owner",
			 owner_name(r->owner), "mdev", r->m ? json_string(r->m->uuid) : json_null(),
			 "state", r->m ? json_string(host_mdev_state(r->m)) : json_null(), "guest",
			 r->m && r->m->guest ? json_string(r->m->guest) : json_null());
}

static json_t *host_obj_json(const struct ap_host *h)
{
	char apmask[AP_MASK_STRLEN], aqmask[AP_MASK_STRLEN];

	ap_mask_format(&h->apmask, apmask);
	ap_mask_format(&h->aqmask, aqmask);
	return json_pack("{s:s, s:s, s:b, s:i, s:i, s:s, s:s, s:o, s:o, s:o}", "features",
			 h->features, "matrix_features", h->matrix_features, "migratable",
			 h->migratable, "max_adapter_id", h->max_adapter_id, "max_domain_id",
			 h->max_domain_id, "apmask", apmask, "aqmask", aqmask, "adapters",
			 h->have_qci ? ctl_json_ids(&h->adapter_mask) : json_null(),
			 "usage_domains",
			 h->have_qci ? ctl_json_ids(&h->usage_domain_mask) : json_null(),
			 "control_domains",
			 h->have_qci ? ctl_json_ids(&h->control_domain_mask) : json_null());
}

static int host_json(const struct ctl_host *ch, const struct host_view *v,
		     const struct host_summary *sum)
{
	json_t *doc = ctl_json_doc("host"), *arr;
	size_t i;

	if (!doc || ctl_json_set(doc, "host", host_obj_json(&ch->host)))
		goto fail;
	if (v->card_rows) {
		arr = json_array();
		if (ctl_json_set(doc, "cards", arr))
			goto fail;
		for (i = 0; i < v->n_cards; i++)
			if (json_array_append_new(arr, card_json(&v->cards[i])))
				goto fail;
	}
	if (sum && ctl_json_set(doc, "summary", host_summary_json(ch, sum)))
		goto fail;
	if (!v->rows) {
		int rc = ctl_json_print(doc, stdout) ? CTL_EXIT_FAILURE : CTL_EXIT_OK;

		json_decref(doc);
		return rc;
	}
	arr = json_array();
	for (i = 0; arr && i < v->n_q; i++)
		if (json_array_append_new(arr, row_json(&v->q[i]))) {
			json_decref(arr);
			arr = NULL;
		}
	return ctl_json_finish(doc, "apqns", arr);
fail:
	json_decref(doc);
	return CTL_EXIT_FAILURE;
}

/* ------------------------------------------------------------------ text */

static int card_table(const struct host_view *v)
{
	static const char *const hdr[] = { "CARD",     "TYPE",	 "MODE",      "STATUS",
					   "SERIALNR", "HWTYPE", "RAW_HWTYPE" };
	struct ctl_table t;
	size_t i;
	int rc = 0;

	ctl_table_init(&t, 7, hdr);
	for (i = 0; i < v->n_cards && !rc; i++) {
		const struct ap_card *c = &v->cards[i];
		char id[8], hw[16], raw[16];
		const char *row[7] = { id,
				       c->type[0] ? c->type : NULL,
				       host_mode_name(host_card_mode(c->ap_functions), false),
				       host_card_status(c),
				       c->serialnr[0] ? c->serialnr : NULL,
				       hw,
				       raw };

		snprintf(id, sizeof(id), "%02x", c->id);
		snprintf(hw, sizeof(hw), "%d", c->hwtype);
		snprintf(raw, sizeof(raw), "%d", c->raw_hwtype);
		rc = ctl_table_add(&t, row);
	}
	if (!rc)
		ctl_table_print(&t, stdout);
	ctl_table_free(&t);
	return rc;
}

static void config_lines(const struct ap_host *h)
{
	char buf[HOST_HEXLIST_LEN], mask[AP_MASK_STRLEN];

	printf("%-16s %s\n", "adapters",
	       h->have_qci ? host_hexlist(&h->adapter_mask, 2, buf) : "-");
	printf("%-16s %s\n", "usage_domains",
	       h->have_qci ? host_hexlist(&h->usage_domain_mask, 4, buf) : "-");
	printf("%-16s %s\n", "control_domains",
	       h->have_qci ? host_hexlist(&h->control_domain_mask, 4, buf) : "-");
	printf("%-16s %02x\n", "max_adapter_id", h->max_adapter_id);
	printf("%-16s %04x\n", "max_domain_id", h->max_domain_id);
	ap_mask_format(&h->apmask, mask);
	printf("%-16s %s\n", "apmask", mask);
	ap_mask_format(&h->aqmask, mask);
	printf("%-16s %s\n", "aqmask", mask);
	printf("%-16s %s\n", "migratable", h->migratable ? "yes" : "no");
}

static int queue_table(const struct host_view *v)
{
	static const char *const hdr[] = { "APQN", "STATUS", "DRIVER", "OWNER", "STATE", "GUEST" };
	struct ctl_table t;
	size_t i;
	int rc = 0;

	ctl_table_init(&t, 6, hdr);
	for (i = 0; i < v->n_q && !rc; i++) {
		const struct host_row *r = &v->q[i];
		char apqn[8];
		const char *row[6] = { apqn,
				       host_queue_status(&r->q, false),
				       r->drv[0] ? r->drv : "-no-driver-",
				       r->m ? r->m->uuid : owner_name(r->owner),
				       r->m ? host_mdev_state(r->m) : NULL,
				       r->m ? r->m->guest : NULL };

		ctl_apqn_format(r->a, r->d, apqn);
		rc = ctl_table_add(&t, row);
	}
	return ctl_table_finish(&t, rc);
}

static int host_text(const struct ctl_host *ch, const struct host_view *v,
		     const struct host_summary *sum)
{
	if (v->card_rows) {
		if (card_table(v))
			return CTL_EXIT_FAILURE;
		if (v->head || v->rows)
			putchar('\n');
	}
	if (v->head) {
		config_lines(&ch->host);
		putchar('\n');
	}
	if (sum && host_summary_text(ch, sum, stdout))
		return CTL_EXIT_FAILURE;
	return v->rows ? queue_table(v) : CTL_EXIT_OK;
}

/* ------------------------------------------------------------------ command */

static int parse_opts(struct ctl_ctx *ctx, int argc, char *argv[], struct host_opts *o)
{
	static const struct option opts[] = {
		{ "summary", no_argument, NULL, 's' },
		{ "queues", no_argument, NULL, 'q' },
		{ "free", no_argument, NULL, 'f' },
		{ "vfio", no_argument, NULL, 'V' },
		{ "host-owned", no_argument, NULL, 'H' },
		{ "cca", no_argument, NULL, OPT_CCA },
		{ "ep11", no_argument, NULL, OPT_EP11 },
		{ "accel", no_argument, NULL, OPT_ACCEL },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *why;
	int c;

	while ((c = getopt_long(argc, argv, ":sqfVHjh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->summary = true;
			break;
		case 'q':
			o->queues = true;
			break;
		case 'f':
			o->free = true;
			break;
		case 'V':
			o->vfio = true;
			break;
		case 'H':
			o->host_owned = true;
			break;
		case OPT_CCA:
			o->modes |= HOST_MODE_CCA;
			break;
		case OPT_EP11:
			o->modes |= HOST_MODE_EP11;
			break;
		case OPT_ACCEL:
			o->modes |= HOST_MODE_ACCEL;
			break;
		case 'j':
			ctx->json = true;
			break;
		case 'h':
			fputs(host_usage, stdout);
			return -1;
		default:
			return ctl_bad_option(ctx, "host", c, argc, argv);
		}
	}
	if (o->summary && o->queues)
		return ctl_usage_err(ctx, "host", "--summary and --queues exclude each other");
	for (; optind < argc; optind++)
		if (host_sel_add(&o->sel, argv[optind], &why))
			return ctl_usage_err(ctx, "host", "invalid selection '%s': %s",
					     argv[optind], why);
	return 0;
}

static int host_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	struct host_summary *sum = NULL;
	struct host_view v = { 0 };
	struct host_opts *o;
	struct ctl_host ch;
	unsigned int parts = AP_HOST_MDEVS | CTL_HOST_DEFS | CTL_HOST_GUESTS;
	int rc;

	o = calloc(1, sizeof(*o));
	if (!o) {
		ctl_err(ctx, "host: %s", strerror(ENOMEM));
		return CTL_EXIT_FAILURE;
	}
	host_sel_init(&o->sel);
	rc = parse_opts(ctx, argc, argv, o);
	if (rc) {
		free(o);
		return rc < 0 ? CTL_EXIT_OK : rc;
	}
	v.rows = !o->summary && (o->sel.any || o->queues || o->modes || host_owner_filtered(o));
	v.head = !o->summary && !v.rows;
	if (v.head)
		parts |= AP_HOST_CARDS;
	rc = ctl_host_load(ctx, "host", parts, true, &ch);
	if (rc) {
		free(o);
		return rc;
	}
	rc = host_view_build(ctx, &ch, o, &v);
	if (!rc && !v.rows && host_summary_build(&ch, &v.apqns, &sum)) {
		ctl_err(ctx, "host: %s", strerror(ENOMEM));
		rc = CTL_EXIT_FAILURE;
	}
	if (!rc)
		rc = ctx->json ? host_json(&ch, &v, sum) : host_text(&ch, &v, sum);
	host_summary_free(sum);
	host_view_free(&v);
	ctl_host_free(&ch);
	free(o);
	return rc;
}

const struct ctl_cmd ctl_cmd_host = {
	.name = "host",
	.run = host_run,
	.summary = "show the host's AP resources and who owns each APQN",
};
