/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vfio_ap mdevctl callout: what its parts share.
 */
#ifndef VFIO_AP_TOOLS_CALLOUT_H
#define VFIO_AP_TOOLS_CALLOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Exit codes; documented in vfio-ap-callout(8), EXIT STATUS. */
enum callout_exit {
	CO_OK = 0,
	CO_ERROR = 1,		/* system error, lock timeout, vfio_ap not loaded */
	CO_NOT_MINE = 2,	/* another mdev type: mdevctl tries the next callout */
	CO_USAGE = 3,		/* bad command line */
	CO_REFUSED = 4,		/* the checks found problems */
	CO_INVALID = 5,		/* malformed JSON on stdin */
};

/* default wait for the AP configuration lock, seconds */
#define CO_LOCK_TIMEOUT_DEFAULT 90
#define CO_LOCK_TIMEOUT_ENV "VFIO_AP_LOCK_TIMEOUT"

struct callout {
	const char *type;
	const char *event;
	const char *action;
	const char *state;
	char uuid[40];		/* lower-case */
	const char *parent;
	pid_t owner;		/* mdevctl: the lock is taken for this PID */
	unsigned int lock_timeout_ms;
	char *input;		/* stdin, NUL-terminated (NULL when not read) */
	size_t input_len;
};

/* One line on stderr. */
void co_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Take / release the AP configuration lock for co->owner; CO_* codes. */
int co_lock(const struct callout *co, bool *taken);
void co_unlock(const struct callout *co);

/* The event handlers; each returns a CO_* exit code. */
int co_pre(struct callout *co);
int co_live(struct callout *co);

#endif /* VFIO_AP_TOOLS_CALLOUT_H */
