// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl host: the host's AP resources and who owns each APQN.
 */
#include <getopt.h>
#include <stdio.h>

#include "ctl.h"
#include "ctl_host.h"
#include "ctl_out.h"
#include "ctl_util.h"

static const char host_usage[] =
	"Usage: vfio-ap-ctl host [-j] [--free]\n"
	"\n"
	"Show the host's AP resources: cards (type, mode, hwtype, raw_hwtype,\n"
	"online), usage and control domains, the AP bus masks, and for every APQN\n"
	"who owns it: the host (apmask x aqmask), a matrix device, or nobody (free\n"
	"for vfio_ap).\n"
	"\n"
	"Options:\n"
	"  -f, --free   list only the APQNs that can still be assigned\n"
	"  -j, --json   JSON output\n"
	"  -h, --help   print this help and exit\n";

/* Card mode from ap_functions bits 3-5, as lszcrypt names them. */
static const char *card_mode(uint32_t f)
{
	if (f & 0x10000000)
		return "cca";
	if (f & 0x08000000)
		return "accel";
	if (f & 0x04000000)
		return "ep11";
	return "-";
}

static const char *driver_name(enum ap_queue_driver d)
{
	switch (d) {
	case AP_QDRV_NONE:
		return "none";
	case AP_QDRV_DEFAULT:
		return "default";
	case AP_QDRV_VFIO_AP:
		return "vfio_ap";
	default:
		return "other";
	}
}

/* "host", "mdev" (*mdev set to its uuid) or "free". */
static const char *apqn_owner(const struct ctl_host *ch, unsigned int a, unsigned int d,
			      const char **mdev)
{
	int idx = ap_owner_lookup(ch->owners, a, d);

	*mdev = NULL;
	if (idx >= 0) {
		*mdev = ch->host.mdevs[idx].uuid;
		return "mdev";
	}
	if (ap_host_apqn_host_owned(&ch->host, a, d))
		return "host";
	return "free";
}

static json_t *card_json(const struct ap_card *c)
{
	char f[16];

	snprintf(f, sizeof(f), "0x%08X", c->ap_functions);
	return json_pack("{s:i, s:s, s:s, s:i, s:i, s:s, s:i, s:i, s:o}", "card", c->id, "type",
			 c->type[0] ? c->type : "-", "mode", card_mode(c->ap_functions), "hwtype",
			 c->hwtype, "raw_hwtype", c->raw_hwtype, "ap_functions", f, "depth",
			 c->depth, "max_msg_size", (int)c->max_msg_size, "online",
			 c->online < 0 ? json_null() : json_boolean(c->online));
}

static int host_json(const struct ctl_host *ch, bool only_free)
{
	const struct ap_host *h = &ch->host;
	char apmask[AP_MASK_STRLEN], aqmask[AP_MASK_STRLEN];
	json_t *doc, *ho = NULL, *cards = NULL, *apqns = NULL;
	int rc = CTL_EXIT_FAILURE;
	size_t i;
	int a, d;

	doc = ctl_json_doc("host");
	ho = json_object();
	cards = json_array();
	apqns = json_array();
	if (!doc || !ho || !cards || !apqns)
		goto out;
	ap_mask_format(&h->apmask, apmask);
	ap_mask_format(&h->aqmask, aqmask);
	if (ctl_json_set(ho, "features", json_string(h->features)) ||
	    ctl_json_set(ho, "matrix_features", json_string(h->matrix_features)) ||
	    ctl_json_set(ho, "migratable", json_boolean(h->migratable)) ||
	    ctl_json_set(ho, "max_adapter_id", json_integer(h->max_adapter_id)) ||
	    ctl_json_set(ho, "max_domain_id", json_integer(h->max_domain_id)) ||
	    ctl_json_set(ho, "apmask", json_string(apmask)) ||
	    ctl_json_set(ho, "aqmask", json_string(aqmask)) ||
	    ctl_json_set(ho, "adapters", h->have_qci ? ctl_json_ids(&h->adapter_mask) : json_null()) ||
	    ctl_json_set(ho, "usage_domains",
			 h->have_qci ? ctl_json_ids(&h->usage_domain_mask) : json_null()) ||
	    ctl_json_set(ho, "control_domains",
			 h->have_qci ? ctl_json_ids(&h->control_domain_mask) : json_null()))
		goto out;
	for (i = 0; i < h->n_cards; i++)
		if (json_array_append_new(cards, card_json(&h->cards[i])))
			goto out;
	ap_mask_for_each(a, &ch->qmap->exists.apm) {
		ap_mask_for_each(d, &ch->qmap->exists.row[a]) {
			const char *mdev, *owner = apqn_owner(ch, (unsigned int)a, (unsigned int)d,
							      &mdev);
			json_t *o;

			if (only_free && owner[0] != 'f')
				continue;
			o = json_pack("{s:o, s:i, s:i, s:s, s:s, s:o}", "apqn",
				      ctl_json_apqn((unsigned int)a, (unsigned int)d), "adapter", a,
				      "domain", d, "driver",
				      driver_name(ctl_host_queue_driver(ch, (unsigned int)a,
									(unsigned int)d)),
				      "owner", owner, "mdev", mdev ? json_string(mdev) : json_null());
			if (json_array_append_new(apqns, o))
				goto out;
		}
	}
	if (ctl_json_set(doc, "host", ho)) {
		ho = NULL;
		goto out;
	}
	ho = NULL;
	if (!only_free) {
		if (ctl_json_set(doc, "cards", cards)) {
			cards = NULL;
			goto out;
		}
		cards = NULL;
	}
	if (ctl_json_set(doc, "apqns", apqns)) {
		apqns = NULL;
		goto out;
	}
	apqns = NULL;
	rc = ctl_json_print(doc, stdout) ? CTL_EXIT_FAILURE : CTL_EXIT_OK;
out:
	json_decref(ho);
	json_decref(cards);
	json_decref(apqns);
	json_decref(doc);
	return rc;
}

static int host_text(const struct ctl_host *ch, bool only_free)
{
	static const char *const chdr[] = { "CARD", "TYPE", "MODE", "HWTYPE", "RAW_HWTYPE",
					    "ONLINE" };
	static const char *const qhdr[] = { "APQN", "DRIVER", "OWNER" };
	const struct ap_host *h = &ch->host;
	char buf[CTL_IDLIST_LEN], mask[AP_MASK_STRLEN];
	struct ctl_table t;
	size_t i;
	int rc = 0, a, d;

	if (!only_free) {
		ctl_table_init(&t, 6, chdr);
		for (i = 0; i < h->n_cards && !rc; i++) {
			const struct ap_card *c = &h->cards[i];
			char id[8], hw[16], raw[16];
			const char *row[6] = { id, c->type[0] ? c->type : "-",
					       card_mode(c->ap_functions), hw, raw,
					       c->online < 0 ? "-" : c->online ? "yes" : "no" };

			snprintf(id, sizeof(id), "%02x", c->id);
			snprintf(hw, sizeof(hw), "%d", c->hwtype);
			snprintf(raw, sizeof(raw), "%d", c->raw_hwtype);
			rc = ctl_table_add(&t, row);
		}
		if (!rc)
			ctl_table_print(&t, stdout);
		ctl_table_free(&t);
		putchar('\n');
		printf("%-16s %s\n", "adapters",
		       h->have_qci ? ctl_idlist(&h->adapter_mask, buf) : "-");
		printf("%-16s %s\n", "usage_domains",
		       h->have_qci ? ctl_idlist(&h->usage_domain_mask, buf) : "-");
		printf("%-16s %s\n", "control_domains",
		       h->have_qci ? ctl_idlist(&h->control_domain_mask, buf) : "-");
		ap_mask_format(&h->apmask, mask);
		printf("%-16s %s\n", "apmask", mask);
		ap_mask_format(&h->aqmask, mask);
		printf("%-16s %s\n", "aqmask", mask);
		printf("%-16s %s\n", "migratable", h->migratable ? "yes" : "no");
		putchar('\n');
	}
	ctl_table_init(&t, 3, qhdr);
	ap_mask_for_each(a, &ch->qmap->exists.apm) {
		ap_mask_for_each(d, &ch->qmap->exists.row[a]) {
			const char *mdev, *owner = apqn_owner(ch, (unsigned int)a, (unsigned int)d,
							      &mdev);
			char apqn[8];
			const char *row[3] = {
				apqn,
				driver_name(ctl_host_queue_driver(ch, (unsigned int)a, (unsigned int)d)),
				mdev ? mdev : owner,
			};

			if (rc || (only_free && owner[0] != 'f'))
				continue;
			ctl_apqn_format((unsigned int)a, (unsigned int)d, apqn);
			rc = ctl_table_add(&t, row);
		}
	}
	return ctl_table_finish(&t, rc);
}

static int host_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "free", no_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool only_free = false;
	struct ctl_host ch;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":fjh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			only_free = true;
			break;
		case 'j':
			ctx->json = true;
			break;
		case 'h':
			fputs(host_usage, stdout);
			return CTL_EXIT_OK;
		default:
			return ctl_bad_option(ctx, "host", c, argc, argv);
		}
	}
	if (optind < argc)
		return ctl_usage_err(ctx, "host", "unexpected argument '%s'", argv[optind]);
	rc = ctl_host_load(ctx, "host", AP_HOST_CARDS | AP_HOST_MDEVS | CTL_HOST_QMAP, true, &ch);
	if (rc)
		return rc;
	rc = ctx->json ? host_json(&ch, only_free) : host_text(&ch, only_free);
	ctl_host_free(&ch);
	return rc;
}

const struct ctl_cmd ctl_cmd_host = {
	.name = "host",
	.run = host_run,
	.summary = "show the host's AP resources and who owns each APQN",
};
