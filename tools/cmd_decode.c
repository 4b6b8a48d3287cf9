// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl decode FILE|-: validate a v1 migration stream and show it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "decode_stream.h"
#include "ctl_out.h"
#include "ctl_util.h"

#define CMD "decode"

static void usage(FILE *fp)
{
	fprintf(fp, "Usage: vfio-ap-ctl decode [-j] FILE|-\n"
		    "\n"
		    "Validate a vfio_ap migration stream (version 1, see vfio-ap-migration(5))\n"
		    "and show its header, matrix and each queue's hardware information and\n"
		    "interrupt registration.\n"
		    "FILE '-' reads standard input.\n"
		    "\n"
		    "Options:\n"
		    "  -j, --json   JSON output\n"
		    "  -h, --help   print this help and exit\n"
		    "\n"
		    "Exit status: 0 valid, 1 system error, 2 bad command line, 3 no such file,\n"
		    "5 invalid stream.\n");
}

static int show(const struct ctl_ctx *ctx, const struct vfio_ap_mig_config *cfg, bool json)
{
	json_t *doc;
	int ret;

	if (!json) {
		ctl_decode_print(cfg, stdout);
		if (fflush(stdout) || ferror(stdout)) {
			ctl_err(ctx, CMD ": cannot write the output: %s", strerror(errno));
			ctl_stdout_reported();
			return CTL_EXIT_FAILURE;
		}
		return CTL_EXIT_OK;
	}
	doc = ctl_json_doc(CMD);
	if (!doc || ctl_decode_json(cfg, doc)) {
		json_decref(doc);
		ctl_err(ctx, CMD ": out of memory");
		return CTL_EXIT_FAILURE;
	}
	ret = ctl_json_print(doc, stdout);
	json_decref(doc);
	if (ret) {
		ctl_err(ctx, CMD ": cannot write the output");
		ctl_stdout_reported();
		return CTL_EXIT_FAILURE;
	}
	return CTL_EXIT_OK;
}

static int decode_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct vfio_ap_mig_parser parser;
	struct vfio_ap_mig_config cfg;
	bool json = ctx->json;
	const char *path;
	char why[256];
	FILE *fp;
	int c, ret;

	while ((c = getopt_long(argc, argv, ":jh", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return CTL_EXIT_OK;
		default:
			return ctl_bad_option(ctx, CMD, c, argc, argv);
		}
	}
	if (optind >= argc)
		return ctl_usage_err(ctx, CMD, "no FILE given (try '" CMD " --help')");
	if (argc - optind > 1)
		return ctl_usage_err(ctx, CMD, "too many arguments");
	path = argv[optind];

	if (!strcmp(path, "-")) {
		fp = stdin;
	} else {
		fp = fopen(path, "rb");
		if (!fp) {
			ret = errno;
			ctl_err(ctx, CMD ": %s: %s", path, strerror(ret));
			return ret == ENOENT || ret == ENOTDIR ? CTL_EXIT_NOT_FOUND :
								  CTL_EXIT_FAILURE;
		}
	}
	errno = 0;
	ret = ctl_stream_read(fp, &parser, &cfg);
	if (ret == -EIO) {
		ctl_err(ctx, CMD ": %s: read error: %s", path, strerror(errno));
		ret = CTL_EXIT_FAILURE;
	} else if (ret == -ENOMEM) {
		ctl_err(ctx, CMD ": %s: out of memory", path);
		ret = CTL_EXIT_FAILURE;
	} else if (ret) {
		ctl_stream_reason(&parser, why, sizeof(why));
		ctl_err(ctx, CMD ": %s: %s", path, why);
		ret = CTL_EXIT_INVALID;
	} else {
		ret = show(ctx, &cfg, json);
	}
	vfio_ap_mig_parser_release(&parser);
	if (fp != stdin)
		fclose(fp);
	return ret;
}

const struct ctl_cmd ctl_cmd_decode = {
	.name = "decode",
	.run = decode_run,
	.summary = "validate a migration stream file and show it",
};
