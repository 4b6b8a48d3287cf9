// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: the AP configuration lock file (in a temporary directory).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ap_lock.h"
#include "tap.h"

static void write_lock(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* A PID that is not running: a child that has been reaped. */
static pid_t dead_pid(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return pid;
}

static int count_entries(const char *dir)
{
	char cmd[512];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", dir);
	p = popen(cmd, "r");
	if (p) {
		if (fscanf(p, "%d", &n) != 1)
			n = -1;
		pclose(p);
	}
	return n;
}

int main(void)
{
	char dir[] = "/tmp/test-ap-lock-XXXXXX", path[256], buf[64];
	pid_t me = getpid(), holder, other;
	struct timeval t0, t1;
	long ms;
	int rc;

	if (!mkdtemp(dir)) {
		tap_skip("mkdtemp failed", "all");
		return tap_done();
	}
	snprintf(path, sizeof(path), "%s/s390apconfig.lock", dir);

	tap_is_int(ap_lock_holder(path, &holder), -ENOENT, "no lock: holder -ENOENT");
	tap_is_int(ap_lock_acquire(path, me, 0, NULL), AP_LOCK_TAKEN, "acquire: taken");
	tap_is_int(ap_lock_holder(path, &holder), 0, "holder readable");
	tap_is_int(holder, me, "the lock holds the owner's PID");
	tap_is_int(count_entries(dir), 1, "no temporary file left behind");
	tap_is_int(ap_lock_acquire(path, me, 0, NULL), AP_LOCK_ALREADY,
		   "acquire by the same owner: already held");

	/* held by a live PID (our parent, the test driver): timeout */
	other = getppid();
	gettimeofday(&t0, NULL);
	rc = ap_lock_acquire(path, other, 300, &holder);
	gettimeofday(&t1, NULL);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_usec - t0.tv_usec) / 1000;
	tap_is_int(rc, -ETIMEDOUT, "held by a live PID: -ETIMEDOUT");
	tap_is_int(holder, me, "timeout reports the holder");
	tap_ok(ms >= 300 && ms < 3000, "the wait is bounded (%ld ms for 300 ms)", ms);
	tap_is_int(ap_lock_release(path, other, &holder), -EPERM,
		   "release by another PID: -EPERM");
	tap_is_int(ap_lock_holder(path, &holder), 0, "... and the lock stays");
	tap_is_int(ap_lock_release(path, me, NULL), 0, "release by the owner");
	tap_is_int(ap_lock_holder(path, &holder), -ENOENT, "released: gone");
	tap_is_int(ap_lock_release(path, me, NULL), -ENOENT, "release without a lock: -ENOENT");

	/* stale: the PID is gone */
	other = dead_pid();
	snprintf(buf, sizeof(buf), "%d\n", (int)other);
	write_lock(path, buf);
	tap_is_int(ap_lock_acquire(path, me, 0, NULL), AP_LOCK_TAKEN,
		   "stale lock of a dead PID is recovered");
	ap_lock_holder(path, &holder);
	tap_is_int(holder, me, "recovered lock holds the new owner");
	ap_lock_release(path, me, NULL);

	/* no PID: respected while fresh, stale when old */
	write_lock(path, "");
	tap_is_int(ap_lock_acquire(path, me, 100, NULL), -ETIMEDOUT, "fresh empty lock is respected");
	{
		struct timespec ts[2] = { { time(NULL) - 600, 0 }, { time(NULL) - 600, 0 } };

		utimensat(0, path, ts, 0);
	}
	tap_is_int(ap_lock_acquire(path, me, 100, NULL), AP_LOCK_TAKEN,
		   "empty lock older than two minutes is stale");
	ap_lock_release(path, me, NULL);
	write_lock(path, "garbage\n");
	tap_is_int(ap_lock_holder(path, &holder), -EINVAL, "garbage: no PID");
	unlink(path);

	/* many processes at once: each gets it exactly once, never two together */
	{
		char cnt[256];
		int i, status, ok_all = 1;
		pid_t kids[8];

		snprintf(cnt, sizeof(cnt), "%s/inside", dir);
		for (i = 0; i < 8; i++) {
			kids[i] = fork();
			if (kids[i] == 0) {
				pid_t self = getpid();
				int bad = 0;

				if (ap_lock_acquire(path, self, 10000, NULL) != AP_LOCK_TAKEN)
					_exit(2);
				/* the critical section: nobody else may be in here */
				if (mkdir(cnt, 0700))
					bad = 1;
				usleep(5000);
				rmdir(cnt);
				ap_lock_release(path, self, NULL);
				_exit(bad);
			}
		}
		for (i = 0; i < 8; i++) {
			waitpid(kids[i], &status, 0);
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				ok_all = 0;
		}
		tap_ok(ok_all, "8 processes: each took the lock, never two at once");
		tap_is_int(ap_lock_holder(path, &holder), -ENOENT, "8 processes: lock gone");
	}

	tap_is_int(ap_lock_acquire("/nonexistent-dir/x.lock", me, 0, NULL), -ENOENT,
		   "missing directory: -ENOENT");
	rmdir(dir);
	return tap_done();
}
