// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl modify UUID: replace lists or the start mode of a matrix
 * device's definition, and with --live of the running device.
 */
#include <stdio.h>

#include "ctl.h"
#include "ctl_apply.h"

static const char modify_usage[] =
	"Usage: vfio-ap-ctl modify [-j] [-n] [-l] UUID [-a IDS] [-d IDS] [-c IDS]\n"
	"                          [--auto|--manual]\n"
	"\n"
	"Replace the adapters, domains or control domains of a matrix device (the\n"
	"lists given; the others stay), or its start mode. The definition is\n"
	"changed through mdevctl; with --live the running device is changed too,\n"
	"through its ap_config attribute. Checked first like define; a live change\n"
	"is refused for every conflict the kernel would refuse. A new matrix is\n"
	"one 'mdevctl modify --jsonfile' (mdevctl >= 1.3.0), else mdevctl undefine\n"
	"+ define under a journal: if the command is killed in between, the next\n"
	"vfio-ap-ctl run puts the old definition back. A definition that cannot\n"
	"be read whole (not JSON, or a value like \"3,4\") is never rewritten\n"
	"(exit 5).\n"
	"\n"
	"Options:\n"
	"  -a, --adapters IDS            the new adapters\n"
	"  -d, --domains IDS             the new usage domains\n"
	"  -c, --control-domains IDS     the new control domains\n"
	"      --auto, --manual          the new start mode\n"
	"  -l, --live                    also change the running device (ap_config)\n"
	"  -n, --dry-run                 print what would be done, change nothing\n"
	"  -j, --json                    JSON output\n"
	"  -h, --help                    print this help and exit\n";

static int modify_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	struct ctl_edit e = { .cmd = "modify", .op = CTL_EDIT_SET };

	return ctl_edit_run(ctx, argc, argv, modify_usage, &e);
}

const struct ctl_cmd ctl_cmd_modify = {
	.name = "modify",
	.run = modify_run,
	.summary = "change a matrix device's lists or start mode",
};
