/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl: what every subcommand shares.
 */
#ifndef VFIO_AP_TOOLS_CTL_H
#define VFIO_AP_TOOLS_CTL_H

#include <stdbool.h>

/* Exit codes; documented in vfio-ap-ctl(8), EXIT STATUS. */
enum ctl_exit {
	CTL_EXIT_OK = 0,		/* success; check: compatible */
	CTL_EXIT_FAILURE = 1,		/* system error: I/O, memory, mdevctl failed */
	CTL_EXIT_USAGE = 2,		/* bad command line */
	CTL_EXIT_NOT_FOUND = 3,		/* no such mdev, file or resource */
	CTL_EXIT_CONFLICT = 4,		/* conflict, or check: incompatible */
	CTL_EXIT_INVALID = 5,		/* malformed input data (stream, JSON, sysfs) */
	CTL_EXIT_NO_VFIO_AP = 6,	/* vfio_ap is not loaded on this host */
};

struct ctl_ctx {
	const char *prog;	/* "vfio-ap-ctl" */
	bool json;		/* -j/--json given before the subcommand */
};

struct ctl_cmd {
	const char *name;
	int (*run)(struct ctl_ctx *ctx, int argc, char *argv[]);
	const char *summary;	/* one line for the command list in --help */
};

/* One line on stderr: "vfio-ap-ctl: <message>". */
void ctl_err(const struct ctl_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The subcommands; each lives in its own cmd_*.c file. */
extern const struct ctl_cmd ctl_cmd_help;
extern const struct ctl_cmd ctl_cmd_list;
extern const struct ctl_cmd ctl_cmd_show;
extern const struct ctl_cmd ctl_cmd_host;
extern const struct ctl_cmd ctl_cmd_define;
extern const struct ctl_cmd ctl_cmd_modify;
extern const struct ctl_cmd ctl_cmd_assign;
extern const struct ctl_cmd ctl_cmd_unassign;
extern const struct ctl_cmd ctl_cmd_decode;
extern const struct ctl_cmd ctl_cmd_migration;
extern const struct ctl_cmd ctl_cmd_export;
extern const struct ctl_cmd ctl_cmd_check;
extern const struct ctl_cmd ctl_cmd_monitor;

#endif /* VFIO_AP_TOOLS_CTL_H */
