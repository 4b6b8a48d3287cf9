// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl unassign UUID: remove adapters, domains or control domains
 * from a matrix device.
 */
#include <stdio.h>

#include "ctl.h"
#include "ctl_apply.h"

static const char unassign_usage[] =
	"Usage: vfio-ap-ctl unassign [-j] [-n] [-l] UUID [-a IDS]... [-d IDS]... [-c IDS]...\n"
	"\n"
	"Remove adapters, domains or control domains from a matrix device. The definition is changed\n"
	"through mdevctl; with --live the running device is changed too, through\n"
	"its ap_config attribute. Checked first; every conflict is reported, with\n"
	"the owner of each conflicting APQN, and then nothing is changed (exit 4).\n"
	"Journaled, and refused for an unreadable definition, as for modify.\n"
	"\n"
	"Options:\n"
	"  -a, --adapter IDS             adapters (repeatable)\n"
	"  -d, --domain IDS              usage domains (repeatable)\n"
	"  -c, --control-domain IDS      control domains (repeatable)\n"
	"  -l, --live                    also change the running device (ap_config)\n"
	"  -n, --dry-run                 print what would be done, change nothing\n"
	"  -j, --json                    JSON output\n"
	"  -h, --help                    print this help and exit\n";

static int unassign_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	struct ctl_edit e = { .cmd = "unassign", .op = CTL_EDIT_DEL };

	return ctl_edit_run(ctx, argc, argv, unassign_usage, &e);
}

const struct ctl_cmd ctl_cmd_unassign = {
	.name = "unassign",
	.run = unassign_run,
	.summary = "remove adapters or domains from a matrix device",
};
