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
#include <sys/stat.h>

#include "ctl.h"
#include "ctl_host.h"
#include "ctl_out.h"
#include "ctl_util.h"
#include "host_summary.h"
#include "host_view.h"

static const char host_usage[] =
	"Usage: vfio-ap-ctl host [-j] [-s|-q] [FILTERS] [CARD|.DOMAIN|CARD.DOMAIN...]\n"
	"\n"
	"Show the host's AP resources and who owns each APQN: the host (apmask x\n"
	"aqmask), an active matrix device, an auto-start definition, or nobody\n"
	"(free for vfio_ap). Without a selection: the cards, the host's AP\n"
	"configuration and a summary. A selection is hexadecimal, as lszcrypt(8)\n"
	"takes it: 03 (card 03 and its queues), .0005 (domain 5 on every card),\n"
	"03.0005 (one queue); it lists those queues.\n"
	"\n"
	"Options:\n"
	"  -s, --summary     only the summary: APQNs per card and per owner, in ranges\n"
	"  -q, --queues      list every queue (APQN) too\n"
	"  -f, --free        only APQNs that are free for vfio_ap\n"
	"  -V, --vfio        only APQNs reserved for vfio_ap (free or used by a device)\n"
	"  -H, --host-owned  only APQNs the host owns (apmask x aqmask)\n"
	"      --cca, --ep11, --accel\n"
	"                    only cards in that mode (CCA-Coproc, EP11-Coproc,\n"
	"                    Accelerator)\n"
	"  -j, --json        JSON output\n"
	"  -h, --help        print this help and exit\n";

enum { OPT_CCA = 256, OPT_EP11, OPT_ACCEL };

struct host_opts {
	struct host_sel sel;
	unsigned int modes; /* enum host_mode bits; 0: all */
	bool free, vfio, host_owned; /* owner filters, OR-ed; none: all */
	bool summary, queues;
};

struct host_row {
	unsigned int a, d;
	struct ap_queue q;
	char drv[32];
	enum ctl_owner owner;
	const struct ctl_mdev *m;
};

struct host_view {
	bool head; /* cards, configuration and summary */
	bool rows; /* queue rows */
	bool card_rows; /* a card table (perhaps empty) */
	struct ap_card *cards; /* card rows */
	size_t n_cards;
	struct ap_apqn_set apqns; /* the selected queues that exist */
	struct host_row *q;
	size_t n_q;
};

static bool owner_filtered(const struct host_opts *o)
{
	return o->free || o->vfio || o->host_owned;
}

static bool owner_wanted(const struct host_opts *o, enum ctl_owner w)
{
	if (!owner_filtered(o))
		return true;
	return (o->free && w == CTL_OWNER_FREE) || (o->host_owned && w == CTL_OWNER_HOST) ||
	       (o->vfio && w != CTL_OWNER_HOST);
}

static bool queue_exists(unsigned int a, unsigned int d)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), AP_SYSFS_DEVICES "/card%02x/%02x.%04x", a, a, d);
	return !stat(path, &st);
}

/* The selection names something that is not there: one line, exit 3. */
static int check_sel(const struct ctl_ctx *ctx, const struct host_sel *s,
		     const struct ap_mask *present)
{
	int a, d;

	ap_mask_for_each(a, &s->cards) {
		if (!ap_mask_test(present, (unsigned int)a)) {
			ctl_err(ctx, "host: no card %02x", a);
			return CTL_EXIT_NOT_FOUND;
		}
	}
	ap_mask_for_each(a, &s->apqns.apm) {
		ap_mask_for_each(d, &s->apqns.row[a]) {
			if (!ap_mask_test(present, (unsigned int)a) ||
			    !queue_exists((unsigned int)a, (unsigned int)d)) {
				ctl_err(ctx, "host: no queue %02x.%04x", a, d);
				return CTL_EXIT_NOT_FOUND;
			}
		}
	}
	return 0;
}

static int add_card(struct host_view *v, const struct ap_card *c)
{
	struct ap_card *n = realloc(v->cards, (v->n_cards + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	v->cards = n;
	n[v->n_cards++] = *c;
	return 0;
}

/* Read queue @a.@d into a new row: 1, 0 when there is no such queue, or -errno. */
static int add_row(struct host_view *v, const struct ctl_host *ch, unsigned int a, unsigned int d,
		   size_t *cap)
{
	struct host_row *r;
	int rc;

	if (v->n_q == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct host_row *n = realloc(v->q, nc * sizeof(*n));

		if (!n)
			return -ENOMEM;
		v->q = n;
		*cap = nc;
	}
	r = &v->q[v->n_q];
	rc = ap_queue_read(a, d, &r->q, r->drv, sizeof(r->drv));
	if (rc == -ENOENT)
		return 0; /* no such queue (or gone since the directory was listed) */
	if (rc)
		return rc;
	r->a = a;
	r->d = d;
	r->owner = ctl_host_owner(ch, a, d, &r->m);
	v->n_q++;
	return 1;
}

/*
 * Collect what the view shows: the cards (only read when a card row or a
 * mode filter needs them), the selected queues that exist, and for queue
 * rows each queue's attributes.
 */
static int build_view(const struct ctl_ctx *ctx, const struct ctl_host *ch,
		      const struct host_opts *o, struct host_view *v)
{
	const struct host_sel *s = &o->sel;
	struct ap_mask present, visit, doms;
	size_t qcap = 0;
	int a, d, rc;

	if (ch->host.n_cards) {
		ap_mask_zero(&present);
		for (size_t i = 0; i < ch->host.n_cards; i++)
			ap_mask_set(&present, ch->host.cards[i].id);
	} else {
		rc = host_card_ids(&present);
		if (rc)
			goto fail;
	}
	rc = check_sel(ctx, s, &present);
	if (rc)
		return rc;
	v->card_rows = v->head ||
		       (v->rows && (s->any ? !ap_mask_empty(&s->cards) : !owner_filtered(o)));
	visit = present;
	if (s->any && ap_mask_empty(&s->domains)) {
		ap_mask_or(&visit, &s->cards, &s->apqns.apm);
		ap_mask_and(&visit, &visit, &present);
	}
	ap_apqn_set_zero(&v->apqns);
	ap_mask_for_each(a, &visit) {
		bool whole = !s->any || ap_mask_test(&s->cards, (unsigned int)a);
		bool card_row = v->head ||
				(v->rows && (s->any ? ap_mask_test(&s->cards, (unsigned int)a) :
						      !owner_filtered(o)));
		const struct ap_card *known = ctl_host_card(ch, (unsigned int)a);
		struct ap_card c;

		if (card_row || o->modes) {
			if (known) {
				c = *known;
			} else {
				rc = ap_card_read((unsigned int)a, &c);
				if (rc == -ENOENT)
					continue;
				if (rc)
					goto fail;
			}
			if (o->modes && !(host_card_mode(c.ap_functions) & o->modes))
				continue;
			if (card_row) {
				rc = add_card(v, &c);
				if (rc)
					goto fail;
			}
		}
		if (whole) {
			rc = host_card_queues((unsigned int)a, &doms);
			if (rc)
				goto fail;
		} else {
			/* existence is told by reading the queue (rows) or a stat */
			ap_mask_or(&doms, &s->domains, &s->apqns.row[a]);
		}
		ap_mask_for_each(d, &doms) {
			const struct ctl_mdev *m;

			if (!owner_wanted(o,
					  ctl_host_owner(ch, (unsigned int)a, (unsigned int)d, &m)))
				continue;
			if (v->rows) {
				rc = add_row(v, ch, (unsigned int)a, (unsigned int)d, &qcap);
				if (rc < 0)
					goto fail;
				if (!rc)
					continue;
			} else if (!whole && !queue_exists((unsigned int)a, (unsigned int)d)) {
				continue;
			}
			ap_mask_set(&v->apqns.row[a], (unsigned int)d);
			ap_mask_set(&v->apqns.apm, (unsigned int)a);
			ap_mask_set(&v->apqns.aqm, (unsigned int)d);
		}
	}
	ap_mask_for_each(d, &s->domains) {
		if (!ap_mask_test(&v->apqns.aqm, (unsigned int)d) && !o->modes &&
		    !owner_filtered(o)) {
			ctl_err(ctx, "host: no queue with domain %04x", d);
			return CTL_EXIT_NOT_FOUND;
		}
	}
	return 0;
fail:
	ctl_err(ctx, "host: cannot read the AP devices: %s", strerror(-rc));
	return CTL_EXIT_FAILURE;
}

static void view_free(struct host_view *v)
{
	free(v->cards);
	free(v->q);
}

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
	v.rows = !o->summary && (o->sel.any || o->queues || o->modes || owner_filtered(o));
	v.head = !o->summary && !v.rows;
	if (v.head)
		parts |= AP_HOST_CARDS;
	rc = ctl_host_load(ctx, "host", parts, true, &ch);
	if (rc) {
		free(o);
		return rc;
	}
	rc = build_view(ctx, &ch, o, &v);
	if (!rc && !v.rows && host_summary_build(&ch, &v.apqns, &sum)) {
		ctl_err(ctx, "host: %s", strerror(ENOMEM));
		rc = CTL_EXIT_FAILURE;
	}
	if (!rc)
		rc = ctx->json ? host_json(&ch, &v, sum) : host_text(&ch, &v, sum);
	host_summary_free(sum);
	view_free(&v);
	ctl_host_free(&ch);
	free(o);
	return rc;
}

const struct ctl_cmd ctl_cmd_host = {
	.name = "host",
	.run = host_run,
	.summary = "show the host's AP resources and who owns each APQN",
};
