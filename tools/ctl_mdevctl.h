/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl: running mdevctl(8).
 *
 * The program is "mdevctl" from PATH unless the environment variable
 * VFIO_AP_CTL_MDEVCTL names another one (tests use it to point at a stub).
 */
#ifndef VFIO_AP_TOOLS_CTL_MDEVCTL_H
#define VFIO_AP_TOOLS_CTL_MDEVCTL_H

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>

struct ctl_mdevctl_result {
	int status;	/* exit status, or 128 + signal */
	char *out;	/* everything it wrote to stdout (NUL-terminated, owned) */
	char *err;	/* everything it wrote to stderr, trailing newlines removed */
};

/* The mdevctl program that will be run. */
const char *ctl_mdevctl_path(void);

/*
 * Run mdevctl with @args (NULL-terminated, without the program name).
 * Returns 0 when it ran (whatever its exit status: see res->status), or
 * -errno when it could not be started. Free the result with
 * ctl_mdevctl_result_free().
 */
int ctl_mdevctl_run(const char *const *args, struct ctl_mdevctl_result *res);
void ctl_mdevctl_result_free(struct ctl_mdevctl_result *res);

/*
 * Write @config as an mdevctl device config (the --jsonfile format) to a
 * new temporary file; its path goes to @path (PATH_MAX bytes). The caller
 * unlinks it. 0 or -errno.
 */
int ctl_mdevctl_jsonfile(json_t *config, char *path, size_t len);

/*
 * Can this mdevctl replace a definition in one "modify --jsonfile"
 * (mdevctl >= 1.3.0; 1.2.0 has only --addattr/--delattr)? Asks its
 * "modify --help". False when it cannot be run.
 */
bool ctl_mdevctl_can_modify_jsonfile(void);

/* Print "mdevctl ARG..." the way a shell would take it (for --dry-run). */
void ctl_mdevctl_print_cmdline(const char *const *args, FILE *fp);

#endif /* VFIO_AP_TOOLS_CTL_MDEVCTL_H */
