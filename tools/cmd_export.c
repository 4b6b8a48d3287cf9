// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl export UUID: what a matrix device would migrate, as JSON for
 * people, as the v1 stream, or as an mdevctl config for the destination.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "ctl_host.h"
#include "ctl_mig.h"
#include "ctl_out.h"
#include "ctl_util.h"

static const char export_usage[] =
	"Usage: vfio-ap-ctl export [-j] [-f FORMAT] [-o FILE] UUID\n"
	"\n"
	"Export what a matrix device would migrate: its guest matrix (the assigned\n"
	"matrix when it is not active), control domains and the hwinfo of every\n"
	"queue, composed from sysfs (card ap_functions, raw_hwtype, depth,\n"
	"max_msg_size); the JSON also lists the cards with their serial numbers,\n"
	"and guest_computed is true when the guest matrix was computed because\n"
	"its guest_matrix text would be cut (see 'show --help').\n"
	"A device whose definition cannot be read is not exported (exit 5).\n"
	"\n"
	"Options:\n"
	"  -f, --format FORMAT   json (default, for people and for check), stream\n"
	"                        (the v1 migration stream, binary), or mdevctl (a\n"
	"                        config for 'mdevctl define --jsonfile' on the\n"
	"                        destination host)\n"
	"  -o, --output FILE     write to FILE instead of standard output\n"
	"  -j, --json            same as --format=json\n"
	"  -h, --help            print this help and exit\n";

enum fmt { FMT_JSON, FMT_STREAM, FMT_MDEVCTL };

static json_t *queue_json(const struct vfio_ap_mig_config *cfg, u32 i)
{
	u16 q = vfio_ap_mig_config_apqn(cfg, i);
	u64 hw = vfio_ap_mig_config_hwinfo(cfg, i);
	char hex[19];

	snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)hw);
	return json_pack("{s:o, s:i, s:i, s:s, s:i, s:i, s:i, s:i}", "apqn",
			 ctl_json_apqn(VFIO_AP_MIG_APQN_CARD(q), VFIO_AP_MIG_APQN_DOMAIN(q)),
			 "adapter", VFIO_AP_MIG_APQN_CARD(q), "domain", VFIO_AP_MIG_APQN_DOMAIN(q),
			 "hwinfo", hex, "ap_type", vfio_ap_hw_field(hw, VFIO_AP_HW_AT_BIT, 8),
			 "bind_state", vfio_ap_hw_field(hw, VFIO_AP_HW_BS_BIT, 2), "max_msg_size",
			 vfio_ap_hw_max_msg_bytes(hw), "depth",
			 vfio_ap_hw_field(hw, VFIO_AP_HW_QD_BIT, 4) + 1);
}

/*
 * The source's cards with their serial numbers (null where sysfs has none):
 * how an admin pairs the physical cards of source and destination.
 */
static json_t *cards_json(const struct ctl_host *ch, const struct ap_matrix *src)
{
	json_t *arr = json_array();
	int a;

	ap_mask_for_each(a, &src->apm) {
		const struct ap_card *c = ctl_host_card(ch, (unsigned int)a);

		if (!arr || json_array_append_new(
				    arr, json_pack("{s:i, s:o, s:o}", "card", a, "type",
						   c && c->type[0] ? json_string(c->type) : json_null(),
						   "serialnr",
						   c && c->serialnr[0] ? json_string(c->serialnr)
								       : json_null()))) {
			json_decref(arr);
			return NULL;
		}
	}
	return arr;
}

static char *export_json(const struct ctl_host *ch, const struct ctl_mdev *m,
			 const struct ap_matrix *src, const u8 *buf, size_t len)
{
	const char *start = ctl_mdev_start(m);
	struct vfio_ap_mig_config cfg;
	json_t *doc, *queues = NULL;
	char *text = NULL;
	u32 i;

	if (vfio_ap_mig_stream_parse(buf, len, &cfg, NULL))
		return NULL;
	doc = ctl_json_doc("export");
	if (!doc || ctl_json_set(doc, "uuid", json_string(m->uuid)) ||
	    ctl_json_set(doc, "mdev_type", json_string(VFIO_AP_MDEV_TYPE)) ||
	    ctl_json_set(doc, "start", json_string(start ? start : "manual")) ||
	    ctl_json_set(doc, "version", json_integer(VFIO_AP_MIG_VERSION)) ||
	    ctl_json_set(doc, "size", json_integer((json_int_t)len)) ||
	    ctl_json_set(doc, "crc32", json_integer(cfg.crc)) ||
	    ctl_json_set(doc, "num_queues", json_integer(cfg.num_queues)) ||
	    ctl_json_set(doc, "adapters", ctl_json_ids(&src->apm)) ||
	    ctl_json_set(doc, "domains", ctl_json_ids(&src->aqm)) ||
	    ctl_json_set(doc, "control_domains", ctl_json_ids(&src->adm)) ||
	    ctl_json_set(doc, "guest_computed",
			 m->active && m->active->has_guest_matrix ?
				 json_boolean(m->active->guest_computed) :
				 json_null()) ||
	    ctl_json_set(doc, "cards", cards_json(ch, src)))
		goto out;
	queues = json_array();
	if (!queues)
		goto out;
	for (i = 0; i < cfg.num_queues; i++)
		if (json_array_append_new(queues, queue_json(&cfg, i)))
			goto out;
	if (ctl_json_set(doc, "queues", queues)) {
		queues = NULL;
		goto out;
	}
	queues = NULL;
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
out:
	json_decref(queues);
	json_decref(doc);
	return text;
}

static int write_out(const struct ctl_ctx *ctx, const char *path, const void *data, size_t len,
		     bool newline)
{
	FILE *fp = stdout;
	int err = 0;

	if (path && strcmp(path, "-")) {
		fp = fopen(path, "we");
		if (!fp) {
			ctl_err(ctx, "export: cannot create %s: %s", path, strerror(errno));
			return CTL_EXIT_FAILURE;
		}
	}
	if (fwrite(data, 1, len, fp) != len || (newline && fputc('\n', fp) == EOF))
		err = errno ? errno : EIO;
	if ((fp == stdout ? fflush(fp) : fclose(fp)) && !err)
		err = errno ? errno : EIO;
	if (err) {
		ctl_err(ctx, "export: cannot write %s: %s", fp == stdout ? "standard output" : path,
			strerror(err));
		if (fp == stdout)
			ctl_stdout_reported();
		return CTL_EXIT_FAILURE;
	}
	return CTL_EXIT_OK;
}

static int export_do(const struct ctl_ctx *ctx, const struct ctl_host *ch,
		     const struct ctl_mdev *m, enum fmt fmt, const char *out)
{
	unsigned int bad = 0;
	struct ap_matrix src;
	size_t len = 0;
	u8 *buf = NULL;
	char *text;
	int rc;

	/*
	 * The export says how the destination is defined (start mode, the
	 * mdevctl config): not from a definition that cannot be read whole.
	 */
	if (m->def && m->def->err) {
		ctl_err(ctx, "export: %s: the definition cannot be read: %s", m->uuid,
			m->def->errmsg ? m->def->errmsg : "?");
		return CTL_EXIT_INVALID;
	}
	ctl_mig_source(ch, m, &src);
	if (fmt == FMT_MDEVCTL) {
		const char *start = ctl_mdev_start(m);

		text = mdev_config_build(VFIO_AP_MDEV_TYPE, start && !strcmp(start, "auto"), &src,
					 true);
		if (!text)
			return CTL_EXIT_FAILURE;
		rc = write_out(ctx, out, text, strlen(text), true);
		free(text);
		return rc;
	}
	rc = ctl_mig_build(ch, &src, &buf, &len, &bad);
	if (rc == -ENODEV) {
		ctl_err(ctx, "export: %s: queue %02x.%04x does not exist on this host", m->uuid,
			bad >> 8, bad & 0xff);
		return CTL_EXIT_NOT_FOUND;
	}
	if (rc) {
		ctl_err(ctx, "export: %s: cannot build the stream: %s", m->uuid, strerror(-rc));
		return CTL_EXIT_FAILURE;
	}
	if (fmt == FMT_STREAM) {
		rc = write_out(ctx, out, buf, len, false);
	} else {
		text = export_json(ch, m, &src, buf, len);
		rc = text ? write_out(ctx, out, text, strlen(text), true) : CTL_EXIT_FAILURE;
		free(text);
	}
	free(buf);
	return rc;
}

static int export_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *format = NULL;
	const struct ctl_mdev *m;
	char uuid[CTL_UUID_LEN];
	enum fmt fmt = FMT_JSON;
	struct ctl_host ch;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":f:o:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'j':
			ctx->json = true;
			break;
		case 'h':
			fputs(export_usage, stdout);
			return CTL_EXIT_OK;
		default:
			return ctl_bad_option(ctx, "export", c, argc, argv);
		}
	}
	if (format) {
		if (!strcmp(format, "json"))
			fmt = FMT_JSON;
		else if (!strcmp(format, "stream"))
			fmt = FMT_STREAM;
		else if (!strcmp(format, "mdevctl"))
			fmt = FMT_MDEVCTL;
		else
			return ctl_usage_err(ctx, "export",
					     "unknown format '%s' (json, stream or mdevctl)", format);
		if (ctx->json && fmt != FMT_JSON)
			return ctl_usage_err(ctx, "export", "--json and --format=%s exclude each other",
					     format);
	}
	if (optind >= argc)
		return ctl_usage_err(ctx, "export", "missing UUID");
	if (optind + 1 < argc)
		return ctl_usage_err(ctx, "export", "unexpected argument '%s'", argv[optind + 1]);
	if (ctl_uuid_parse(argv[optind], uuid))
		return ctl_usage_err(ctx, "export", "'%s' is not a UUID", argv[optind]);
	if (fmt == FMT_STREAM && (!out || !strcmp(out, "-")) && isatty(STDOUT_FILENO))
		return ctl_usage_err(ctx, "export",
				     "not writing a binary stream to a terminal (use -o FILE)");
	rc = ctl_host_load(ctx, "export", AP_HOST_CARDS | AP_HOST_MDEVS | CTL_HOST_QMAP | CTL_HOST_DEFS, true, &ch);
	if (rc)
		return rc;
	rc = ctl_host_lookup(ctx, "export", &ch, argv[optind], &m);
	if (!rc)
		rc = export_do(ctx, &ch, m, fmt, out);
	ctl_host_free(&ch);
	return rc;
}

const struct ctl_cmd ctl_cmd_export = {
	.name = "export",
	.run = export_run,
	.summary = "export a matrix device: JSON, v1 stream or mdevctl config",
};
