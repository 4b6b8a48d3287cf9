/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl: change a matrix device (define, modify, assign, unassign).
 *
 * One edit is computed against the host read once: the new definition
 * (through mdevctl) and/or the new live matrix (through the mdev's
 * ap_config attribute). Every problem is reported before anything is
 * changed; refused edits change nothing.
 */
#ifndef VFIO_AP_TOOLS_CTL_APPLY_H
#define VFIO_AP_TOOLS_CTL_APPLY_H

#include <stdbool.h>

#include "ap_matrix.h"
#include "ctl.h"
#include "ctl_host.h"

enum ctl_edit_op {
	CTL_EDIT_SET,	/* replace the lists given (has_*) */
	CTL_EDIT_ADD,	/* assign */
	CTL_EDIT_DEL,	/* unassign */
};

struct ctl_edit {
	const char *cmd;		/* "define", "modify", ... for messages */
	char uuid[MDEV_UUID_LEN + 1];
	bool define;			/* a new definition */
	int start;			/* -1 keep, 0 manual, 1 auto */
	bool live;			/* apply to the running device (ap_config) */
	bool dry_run;
	enum ctl_edit_op op;
	struct ap_matrix ids;		/* the IDs given */
	const char *from;		/* define --from: an export of the source */
	bool has_apm, has_aqm, has_adm;	/* CTL_EDIT_SET: which lists were given */
};

/*
 * Carry out @e on the host @ch: check, report, then (unless dry run)
 * change. Prints what it did (text or JSON per ctx->json) and returns the
 * exit code.
 */
int ctl_apply(const struct ctl_ctx *ctx, const struct ctl_host *ch, const struct ctl_edit *e);

/*
 * Parse the command line of define, modify, assign or unassign (e->cmd
 * names which; e->op and e->define must be set) into @e. Prints @usage for
 * --help and sets *help. Returns 0, or the exit code after printing one
 * line.
 */
int ctl_edit_parse(struct ctl_ctx *ctx, int argc, char *argv[], const char *usage,
		   struct ctl_edit *e, bool *help);

/*
 * The whole of define, modify, assign and unassign: parse the command line
 * into @e (as ctl_edit_parse()), read the host and ctl_apply(). Returns the
 * exit code.
 */
int ctl_edit_run(struct ctl_ctx *ctx, int argc, char *argv[], const char *usage,
		 struct ctl_edit *e);

#endif /* VFIO_AP_TOOLS_CTL_APPLY_H */
