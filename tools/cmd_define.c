// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl define: a new matrix device definition, through mdevctl.
 */
#include <stdio.h>

#include "ctl.h"
#include "ctl_apply.h"

static const char define_usage[] =
	"Usage: vfio-ap-ctl define [-j] [-n] [-u UUID] [--auto|--manual]\n"
	"                          -a IDS -d IDS [-c IDS]\n"
	"       vfio-ap-ctl define [-j] [-n] [-u UUID] [--auto|--manual] --from FILE\n"
	"\n"
	"Define a new vfio_ap matrix device with mdevctl, after checking that\n"
	"mdevctl's callout will accept it. Every conflict is reported, with the\n"
	"owner of each conflicting APQN, and then nothing is changed (exit 4).\n"
	"Conflicts that would only stop the device from starting now (the active\n"
	"AP bus masks, active matrix devices) and IDs the host's AP configuration\n"
	"lacks are warnings. With --from, the device is a migration destination\n"
	"configured like the source: the matrix (and a JSON export's UUID) from\n"
	"FILE, an export of the source (JSON, stream or mdevctl format).\n"
	"\n"
	"Options:\n"
	"  -u, --uuid UUID               the new device's UUID (default: a random one)\n"
	"  -a, --adapters IDS            adapters, e.g. 3,5-7 (required)\n"
	"  -d, --domains IDS             usage domains, e.g. 0x10-0x1f (required)\n"
	"  -c, --control-domains IDS     control domains\n"
	"      --from FILE               the matrix of the source exported in FILE\n"
	"      --auto                    start the device when its parent appears\n"
	"      --manual                  start it only on request (default)\n"
	"  -n, --dry-run                 print what would be done, change nothing\n"
	"  -j, --json                    JSON output\n"
	"  -h, --help                    print this help and exit\n"
	"\n"
	"IDS: decimal or 0x hex IDs and ranges A-B, separated by commas; the options\n"
	"may be repeated.\n";

static int define_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	struct ctl_edit e = { .cmd = "define", .define = true, .op = CTL_EDIT_SET };

	return ctl_edit_run(ctx, argc, argv, define_usage, &e);
}

const struct ctl_cmd ctl_cmd_define = {
	.name = "define",
	.run = define_run,
	.summary = "define a matrix device (checked, through mdevctl)",
};
