/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The AP configuration lock shared with the s390-tools AP tools (ap-check,
 * chzdev ap): the file /run/lock/s390apconfig.lock holding the decimal PID
 * of the process the lock belongs to.
 *
 * Taking it: write the PID to a temporary file in the same directory and
 * link() it to the lock name, which is atomic and fails with EEXIST while
 * someone holds the lock. A lock whose PID no longer exists (or that holds
 * no PID and is older than two minutes) is stale and is removed; removal
 * is serialised with flock() on the directory, so that two waiters never
 * remove a fresh lock that a third one just took.
 *
 * An mdevctl callout takes the lock for mdevctl's PID (getppid()) in its
 * "pre" call and releases it in "post", so it is held across mdevctl's own
 * sysfs writes.
 */
#ifndef VFIO_AP_TOOLS_AP_LOCK_H
#define VFIO_AP_TOOLS_AP_LOCK_H

#include <sys/types.h>

#define AP_LOCK_PATH "/run/lock/s390apconfig.lock"
/* a lock file without a PID is stale after this long */
#define AP_LOCK_NOPID_STALE_SEC 120

enum ap_lock_result {
	AP_LOCK_TAKEN = 0,	/* created for @owner */
	AP_LOCK_ALREADY = 1,	/* @owner holds it already */
};

/*
 * Take the lock at @path (NULL: AP_LOCK_PATH) for @owner, waiting up to
 * @timeout_ms. Returns AP_LOCK_TAKEN, AP_LOCK_ALREADY, -ETIMEDOUT (then
 * *holder, when not NULL, is the PID that holds it, 0 if unknown) or
 * another -errno (e.g. the directory is missing or not writable).
 */
int ap_lock_acquire(const char *path, pid_t owner, unsigned int timeout_ms, pid_t *holder);

/*
 * Release the lock if @owner holds it. Returns 0, -ENOENT (no lock), -EPERM
 * (another PID holds it; it is left alone, *holder says which) or -errno.
 */
int ap_lock_release(const char *path, pid_t owner, pid_t *holder);

/* The PID in the lock file: 0 (and *pid set), -ENOENT, -EINVAL (no PID). */
int ap_lock_holder(const char *path, pid_t *pid);

#endif /* VFIO_AP_TOOLS_AP_LOCK_H */
