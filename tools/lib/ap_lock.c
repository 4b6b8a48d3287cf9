// SPDX-License-Identifier: GPL-2.0-only
/*
 * The s390 AP configuration lock file.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ap_lock.h"

int ap_lock_holder(const char *path, pid_t *pid)
{
	char buf[32], *end;
	ssize_t n;
	long v;
	int fd;

	fd = open(path ? path : AP_LOCK_PATH, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EINVAL;
	buf[n] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n') || v <= 0 || v > INT_MAX)
		return -EINVAL;
	*pid = (pid_t)v;
	return 0;
}

static int dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		snprintf(dir, len, ".");
		return 0;
	}
	if ((size_t)(slash - path) + 1 > len)
		return -ENAMETOOLONG;
	if (slash == path) {
		snprintf(dir, len, "/");
		return 0;
	}
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return 0;
}

/* Is the lock as it is now stale? Sets *seen to the PID read (0 if none). */
static bool is_stale(const char *path, pid_t *seen)
{
	struct stat st;
	pid_t pid;
	int rc;

	*seen = 0;
	rc = ap_lock_holder(path, &pid);
	if (rc == -ENOENT)
		return false;
	if (rc) {
		/* no PID (yet?): stale only when old */
		if (lstat(path, &st))
			return false;
		return time(NULL) - st.st_mtime > AP_LOCK_NOPID_STALE_SEC;
	}
	*seen = pid;
	return kill(pid, 0) < 0 && errno == ESRCH;
}

/* Remove a stale lock, under flock() on the directory: 1 removed, 0 not stale, -errno. */
static int remove_stale(const char *path, const char *dir)
{
	pid_t first, again;
	int dfd, rc = 0;

	if (!is_stale(path, &first))
		return 0;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	if (flock(dfd, LOCK_EX) < 0) {
		rc = -errno;
		close(dfd);
		return rc;
	}
	/* still the same stale lock? (nobody can replace it without removing it) */
	if (is_stale(path, &again) && again == first) {
		if (!unlink(path))
			rc = 1;
		else if (errno != ENOENT)
			rc = -errno;
	}
	flock(dfd, LOCK_UN);
	close(dfd);
	return rc;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static unsigned long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}

int ap_lock_acquire(const char *path, pid_t owner, unsigned int timeout_ms, pid_t *holder)
{
	unsigned long long deadline = now_ms() + timeout_ms;
	unsigned int seed = (unsigned int)getpid() ^ (unsigned int)now_ms();
	char dir[PATH_MAX], tmp[PATH_MAX + 32], num[24];
	pid_t pid;
	int fd, rc, len;

	if (!path)
		path = AP_LOCK_PATH;
	if (holder)
		*holder = 0;
	rc = dir_of(path, dir, sizeof(dir));
	if (rc)
		return rc;
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	len = snprintf(num, sizeof(num), "%d\n", (int)owner);
	if (write(fd, num, (size_t)len) != len) {
		rc = errno ? -errno : -EIO;
		close(fd);
		unlink(tmp);
		return rc;
	}
	fchmod(fd, 0644);
	close(fd);

	for (;;) {
		if (link(tmp, path) == 0) {
			rc = AP_LOCK_TAKEN;
			break;
		}
		if (errno != EEXIST) {
			rc = -errno;
			break;
		}
		if (!ap_lock_holder(path, &pid) && pid == owner) {
			rc = AP_LOCK_ALREADY;
			break;
		}
		rc = remove_stale(path, dir);
		if (rc > 0)
			continue;	/* try again at once */
		if (rc)
			break;
		if (now_ms() >= deadline) {
			if (holder && !ap_lock_holder(path, &pid))
				*holder = pid;
			rc = -ETIMEDOUT;
			break;
		}
		/* 20..39 ms, randomised so that waiters do not march in step */
		sleep_ms(20 + (unsigned int)(rand_r(&seed) % 20));
	}
	unlink(tmp);
	return rc;
}

int ap_lock_release(const char *path, pid_t owner, pid_t *holder)
{
	pid_t pid;
	int rc;

	if (!path)
		path = AP_LOCK_PATH;
	rc = ap_lock_holder(path, &pid);
	if (rc)
		return rc == -EINVAL ? -EPERM : rc;
	if (pid != owner) {
		if (holder)
			*holder = pid;
		return -EPERM;
	}
	if (unlink(path) < 0)
		return -errno;
	return 0;
}
