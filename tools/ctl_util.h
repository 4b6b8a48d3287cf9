/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl: helpers the subcommands share (argument checks, UUIDs,
 * errno to exit code).
 */
#ifndef VFIO_AP_TOOLS_CTL_UTIL_H
#define VFIO_AP_TOOLS_CTL_UTIL_H

#include <stdbool.h>

#include "ap_mask.h"
#include "ctl.h"

#define CTL_UUID_LEN 37

/*
 * The error for an option getopt_long() refused: @c is what it returned,
 * '?' (unknown option) or ':' (missing argument; the optstring must start
 * with ':'). Prints one line naming the option; returns CTL_EXIT_USAGE.
 */
int ctl_bad_option(const struct ctl_ctx *ctx, const char *cmd, int c, int argc, char *argv[]);

/*
 * Parse the options of a command that takes only -j/--json and -h/--help:
 * -j sets ctx->json; -h prints @usage to stdout, sets *help and returns
 * CTL_EXIT_OK. Returns 0 with optind at the first operand, or the exit code
 * after printing one line.
 */
int ctl_json_opts(struct ctl_ctx *ctx, const char *cmd, const char *usage, int argc, char *argv[],
		  bool *help);

/* "vfio-ap-ctl: CMD: <message>" and CTL_EXIT_USAGE. */
int ctl_usage_err(const struct ctl_ctx *ctx, const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Validate a UUID (8-4-4-4-12 hex) and write it in lower case to @out. 0 or -EINVAL. */
int ctl_uuid_parse(const char *s, char out[CTL_UUID_LEN]);
/* A new random (version 4) UUID. 0 or -errno. */
int ctl_uuid_generate(char out[CTL_UUID_LEN]);

/*
 * Parse an ID-list option value into @m, OR-ing it in (options may repeat).
 * On error prints "CMD: invalid --OPT 'VALUE': reason" and returns
 * CTL_EXIT_USAGE; 0 on success.
 */
int ctl_idlist_opt(const struct ctl_ctx *ctx, const char *cmd, const char *opt, const char *val,
		   unsigned int max_id, struct ap_mask *m);

/* Map a -errno from a library call to an exit code. */
int ctl_errno_exit(int err);

#endif /* VFIO_AP_TOOLS_CTL_UTIL_H */
