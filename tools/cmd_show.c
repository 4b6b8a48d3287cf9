// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl show UUID: one matrix device in full, and why an assigned
 * APQN is not in the guest.
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
#include "host_view.h"

static const char show_usage[] =
	"Usage: vfio-ap-ctl show [-j] UUID\n"
	"\n"
	"Show one matrix device: its definition and start mode, the matrix assigned\n"
	"to it, the matrix its guest gets (guest_matrix), ap_config, and for every\n"
	"assigned APQN whether it is in the guest and, if not, why: missing,\n"
	"host-owned, not-bound, offline or adapter-filtered. An APQN in the guest\n"
	"whose card is deconfigured or check-stopped shows REASON (JSON: note)\n"
	"deconfig or chkstop: the kernel keeps it in the guest, but it cannot be\n"
	"used until the card is configured again or recovers. A guest of more than\n"
	"511 APQNs, whose guest_matrix text the kernel cuts at the page, is\n"
	"computed from ap_config and the host the way the kernel filters, and\n"
	"shown as guest_computed: the kernel keeps its guest matrix from event to\n"
	"event (an adapter it left out can stay out after the cause is gone), so\n"
	"the computed one may differ from the guest's.\n"
	"\n"
	"Options:\n"
	"  -j, --json   JSON output\n"
	"  -h, --help   print this help and exit\n";

/* Why an assigned APQN of an active mdev is not passed to the guest. */
enum apqn_reason {
	R_NONE,			/* in the guest */
	R_INACTIVE,		/* the mdev is not active: no guest matrix */
	R_MISSING,		/* not in the host's AP configuration, or no queue device */
	R_HOST_OWNED,		/* ap_host_apqn_host_owned(): the default drivers have it */
	R_NOT_BOUND,		/* the queue is not bound to vfio_ap */
	R_OFFLINE,		/* card offline, deconfigured or check-stopped */
	R_ADAPTER_FILTERED,	/* another queue of the adapter is not usable */
	R_UNKNOWN,
};

static const char *const reason_name[] = {
	[R_NONE] = NULL,
	[R_INACTIVE] = "inactive",
	[R_MISSING] = "missing",
	[R_HOST_OWNED] = "host-owned",
	[R_NOT_BOUND] = "not-bound",
	[R_OFFLINE] = "offline",
	[R_ADAPTER_FILTERED] = "adapter-filtered",
	[R_UNKNOWN] = "unknown",
};

/* The reason for one queue alone, ignoring the adapter rule. */
static enum apqn_reason queue_reason(const struct ctl_host *ch, unsigned int a, unsigned int d)
{
	const struct ap_host *h = &ch->host;
	const struct ap_card *card = ctl_host_card(ch, a);

	if ((h->have_qci && (!ap_mask_test(&h->adapter_mask, a) ||
			     !ap_mask_test(&h->usage_domain_mask, d))) ||
	    !ctl_host_has_queue(ch, a, d))
		return R_MISSING;
	if (ap_host_apqn_host_owned(h, a, d))
		return R_HOST_OWNED;
	if (ctl_host_queue_driver(ch, a, d) != AP_QDRV_VFIO_AP)
		return R_NOT_BOUND;
	if (card && (card->online == 0 || card->config == 0 || card->chkstop == 1))
		return R_OFFLINE;
	return R_NONE;
}

/*
 * Why each assigned APQN is (not) in the guest, and a note on one that is:
 * computed once per show. 6.12 keeps a deconfigured (standby) card in its
 * AP configuration and passes the queues of a deconfigured or check-stopped
 * card to the guest (ap_bus.c:2134-2146, vfio_ap_ops.c:669-682), so the
 * guest has an adapter it cannot use.
 */
struct reasons {
	unsigned char r[AP_MASK_BITS * AP_MASK_BITS];
	const char *note[AP_MASK_BITS]; /* an in-guest adapter's card: deconfig or chkstop */
};

static void compute_reasons(const struct ctl_host *ch, const struct ctl_mdev *m,
			    struct reasons *rs)
{
	const struct ap_mdev *act = m->active;
	int a, d;

	ap_mask_for_each(a, &m->matrix.apm) {
		const struct ap_card *card = ctl_host_card(ch, (unsigned int)a);
		bool bad = false;

		rs->note[a] = NULL;
		if (act && act->has_guest_matrix && card &&
		    ap_mask_test(&act->guest.apm, (unsigned int)a)) {
			/* lszcrypt's words, as host shows them */
			const char *st = host_card_status(card);

			if (st && (!strcmp(st, "deconfig") || !strcmp(st, "chkstop")))
				rs->note[a] = st;
		}
		ap_mask_for_each(d, &m->matrix.aqm) {
			enum apqn_reason r = queue_reason(ch, (unsigned int)a, (unsigned int)d);

			rs->r[a << 8 | d] = (unsigned char)r;
			bad |= r != R_NONE;
		}
		ap_mask_for_each(d, &m->matrix.aqm) {
			unsigned char *r = &rs->r[a << 8 | d];

			if (!act || !act->has_guest_matrix)
				*r = R_INACTIVE;
			else if (ap_mask_test(&act->guest.apm, (unsigned int)a) &&
				 ap_mask_test(&act->guest.aqm, (unsigned int)d))
				*r = R_NONE;
			else if (*r == R_NONE)
				/* the kernel drops a whole adapter when one of its queues is unusable */
				*r = bad ? R_ADAPTER_FILTERED : R_UNKNOWN;
		}
	}
}

static void guest_matrix(const struct ctl_host *ch, const struct ctl_mdev *m,
			 struct ap_matrix *g)
{
	ap_matrix_zero(g);
	if (!m->active || !m->active->has_guest_matrix)
		return;
	*g = m->active->guest;
}

static json_t *matrix_json(const struct ap_matrix *x)
{
	json_t *o = json_object();

	if (!o || ctl_json_set(o, "adapters", ctl_json_ids(&x->apm)) ||
	    ctl_json_set(o, "domains", ctl_json_ids(&x->aqm)) ||
	    ctl_json_set(o, "control_domains", ctl_json_ids(&x->adm))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The note of an in-guest APQN, or NULL. */
static const char *apqn_note(const struct reasons *rs, unsigned int a, unsigned int d)
{
	return rs->r[a << 8 | d] == R_NONE ? rs->note[a] : NULL;
}

static json_t *apqns_json(const struct ctl_mdev *m, const struct reasons *rs)
{
	json_t *arr = json_array();
	int a, d;

	if (!arr)
		return NULL;
	ap_mask_for_each(a, &m->matrix.apm) {
		ap_mask_for_each(d, &m->matrix.aqm) {
			enum apqn_reason r = rs->r[a << 8 | d];
			const char *note = apqn_note(rs, (unsigned int)a, (unsigned int)d);
			json_t *o = json_object();

			if (!o || json_array_append_new(arr, o) ||
			    ctl_json_set(o, "apqn", ctl_json_apqn((unsigned int)a, (unsigned int)d)) ||
			    ctl_json_set(o, "adapter", json_integer(a)) ||
			    ctl_json_set(o, "domain", json_integer(d)) ||
			    ctl_json_set(o, "in_guest", r == R_INACTIVE ? json_null() :
						       json_boolean(r == R_NONE)) ||
			    ctl_json_set(o, "reason", reason_name[r] ? json_string(reason_name[r]) :
									 json_null()) ||
			    ctl_json_set(o, "note", note ? json_string(note) : json_null())) {
				json_decref(arr);
				return NULL;
			}
		}
	}
	return arr;
}

static int show_json(const struct ctl_host *ch, const struct ctl_mdev *m,
		     const struct reasons *rs)
{
	const char *start = ctl_mdev_start(m);
	char cfg[AP_CONFIG_STRLEN];
	struct ap_matrix g, dm;
	json_t *doc, *o;

	doc = ctl_json_doc("show");
	o = json_object();
	if (!doc || !o)
		goto out;
	guest_matrix(ch, m, &g);
	ap_config_format(&m->matrix, cfg);
	if (ctl_json_set(o, "uuid", json_string(m->uuid)) ||
	    ctl_json_set(o, "parent", json_string(VFIO_AP_PARENT)) ||
	    ctl_json_set(o, "mdev_type", json_string(VFIO_AP_MDEV_TYPE)) ||
	    ctl_json_set(o, "defined", json_boolean(m->def)) ||
	    ctl_json_set(o, "active", json_boolean(m->active)) ||
	    ctl_json_set(o, "start", start ? json_string(start) : json_null()) ||
	    ctl_json_set(o, "in_use", json_boolean(m->in_use)) ||
	    ctl_json_set(o, "assigned", matrix_json(&m->matrix)) ||
	    ctl_json_set(o, "guest", m->active && m->active->has_guest_matrix ?
					     matrix_json(&g) : json_null()) ||
	    ctl_json_set(o, "guest_computed",
			 m->active && m->active->has_guest_matrix ?
				 json_boolean(m->active->guest_computed) :
				 json_null()) ||
	    ctl_json_set(o, "ap_config", m->active ? json_string(cfg) : json_null()) ||
	    ctl_json_set(o, "apqns", apqns_json(m, rs)))
		goto out;
	/* a loaded definition has no attribute mdev_config_matrix() skips */
	if (m->def && !m->def->err && !mdev_config_matrix(&m->def->cfg, &dm)) {
		if (ctl_json_set(o, "definition", matrix_json(&dm)))
			goto out;
	} else if (m->def && ctl_json_set(o, "definition_error",
					  json_string(m->def->errmsg ? m->def->errmsg : "?"))) {
		goto out;
	}
	return ctl_json_finish(doc, "mdev", o);
out:
	json_decref(o);
	json_decref(doc);
	return CTL_EXIT_FAILURE;
}

static void kv(const char *key, const char *val)
{
	printf("%-23s %s\n", key, val);
}

static int show_text(const struct ctl_host *ch, const struct ctl_mdev *m,
		     const struct reasons *rs)
{
	static const char *const hdr[] = { "APQN", "IN_GUEST", "REASON" };
	char buf[CTL_IDLIST_LEN], cfg[AP_CONFIG_STRLEN];
	const char *start = ctl_mdev_start(m);
	struct ctl_table t;
	struct ap_matrix g, dm;
	int a, d, rc = 0;

	kv("uuid", m->uuid);
	kv("mdev_type", VFIO_AP_MDEV_TYPE);
	kv("defined", m->def ? "yes" : "no");
	kv("start", start ? start : (m->def ? "error" : "-"));
	if (m->def && m->def->err)
		kv("definition_error", m->def->errmsg ? m->def->errmsg : "?");
	kv("active", m->active ? "yes" : "no");
	kv("in_use", m->in_use ? "yes" : "no");
	kv("adapters", ctl_cards(&m->matrix.apm, buf));
	kv("domains", ctl_domains(&m->matrix.aqm, buf));
	kv("control_domains", ctl_domains(&m->matrix.adm, buf));
	if (m->active && m->active->has_guest_matrix) {
		guest_matrix(ch, m, &g);
		kv("guest_adapters", ctl_cards(&g.apm, buf));
		kv("guest_domains", ctl_domains(&g.aqm, buf));
		kv("guest_control_domains", ctl_domains(&g.adm, buf));
		if (m->active->guest_computed)
			kv("guest_computed", "yes (no guest_matrix text; may differ from the kernel's)");
	}
	if (m->active) {
		ap_config_format(&m->matrix, cfg);
		kv("ap_config", cfg);
	}
	if (m->active && m->def && !m->def->err) {
		if (mdev_config_matrix(&m->def->cfg, &dm) || !ap_matrix_equal(&dm, &m->matrix))
			kv("definition_differs", "yes (the definition applies at the next start)");
	}
	if (ap_mask_empty(&m->matrix.apm) || ap_mask_empty(&m->matrix.aqm))
		return CTL_EXIT_OK;
	putchar('\n');
	ctl_table_init(&t, 3, hdr);
	ap_mask_for_each(a, &m->matrix.apm) {
		ap_mask_for_each(d, &m->matrix.aqm) {
			enum apqn_reason r = rs->r[a << 8 | d];
			char apqn[8];
			const char *note = apqn_note(rs, (unsigned int)a, (unsigned int)d);
			const char *row[3] = { apqn, r == R_INACTIVE ? "-" : r ? "no" : "yes",
					       note ? note : reason_name[r] };

			ctl_apqn_format((unsigned int)a, (unsigned int)d, apqn);
			if (!rc)
				rc = ctl_table_add(&t, row);
		}
	}
	return ctl_table_finish(&t, rc);
}

static int show_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	char uuid[CTL_UUID_LEN];
	const struct ctl_mdev *m;
	struct ctl_host ch;
	bool help;
	int rc;

	rc = ctl_json_opts(ctx, "show", show_usage, argc, argv, &help);
	if (rc || help)
		return rc;
	if (optind >= argc)
		return ctl_usage_err(ctx, "show", "missing UUID");
	if (optind + 1 < argc)
		return ctl_usage_err(ctx, "show", "unexpected argument '%s'", argv[optind + 1]);
	if (ctl_uuid_parse(argv[optind], uuid))
		return ctl_usage_err(ctx, "show", "'%s' is not a UUID", argv[optind]);
	rc = ctl_host_load(ctx, "show", AP_HOST_CARDS | AP_HOST_MDEVS | CTL_HOST_QMAP | CTL_HOST_DEFS,
			   true, &ch);
	if (rc)
		return rc;
	rc = ctl_host_lookup(ctx, "show", &ch, argv[optind], &m);
	if (!rc) {
		struct reasons *rs = malloc(sizeof(*rs));

		if (!rs) {
			ctl_err(ctx, "show: %s", strerror(ENOMEM));
			rc = CTL_EXIT_FAILURE;
		} else {
			compute_reasons(&ch, m, rs);
			rc = ctx->json ? show_json(&ch, m, rs) : show_text(&ch, m, rs);
			free(rs);
		}
	}
	ctl_host_free(&ch);
	return rc;
}

const struct ctl_cmd ctl_cmd_show = {
	.name = "show",
	.run = show_run,
	.summary = "show one matrix device and its guest matrix",
};
