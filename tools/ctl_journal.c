// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: the journal of a definition change (undefine + define).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "ctl_journal.h"
#include "ctl_mdevctl.h"
#include "mdev_config.h"

const char *ctl_journal_dir(void)
{
	const char *d = getenv("VFIO_AP_CTL_JOURNAL_DIR");

	return d && *d ? d : CTL_JOURNAL_DIR;
}

void ctl_test_pause(const char *step)
{
	const char *want = getenv("VFIO_AP_CTL_TEST_PAUSE");

	if (!want || strcmp(want, step))
		return;
	fprintf(stderr, "vfio-ap-ctl: test pause at %s (PID %d)\n", step, (int)getpid());
	fflush(stderr);
	for (;;)
		pause();
}

/* mkdir -p for the journal directory (0700: it holds copies of /etc). */
static int make_dir(const char *dir)
{
	char buf[PATH_MAX], *p;

	if (snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0700) && errno != EEXIST)
		return -errno;
	return 0;
}

/* Write @doc to a new file in @dir and rename it to @path, keeping it open and locked. */
static int write_locked(const char *dir, const char *path, json_t *doc, int *out)
{
	char tmp[PATH_MAX];
	int fd, dfd, rc = 0;

	if (snprintf(tmp, sizeof(tmp), "%s/.journal.XXXXXX", dir) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	/* not inherited by mdevctl: the lock must go with this process */
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (json_dumpfd(doc, fd, JSON_INDENT(2) | JSON_PRESERVE_ORDER) || write(fd, "\n", 1) != 1)
		rc = -EIO;
	if (!rc && (fsync(fd) || flock(fd, LOCK_EX) || rename(tmp, path)))
		rc = -errno;
	if (rc) {
		unlink(tmp);
		close(fd);
		return rc;
	}
	/* the rename itself must be on disk before the undefine */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	*out = fd;
	return 0;
}

int ctl_journal_begin(const char *uuid, const char *new_config, bool live, struct ctl_journal *j,
		      char *err, size_t errlen)
{
	const char *dir = ctl_journal_dir();
	char defpath[PATH_MAX];
	json_t *old, *nw, *doc;
	json_error_t jerr;
	int fd, rc;

	memset(j, 0, sizeof(*j));
	j->fd = -1;
	snprintf(defpath, sizeof(defpath), "%s/%s", MDEVCTL_MATRIX_DIR, uuid);
	if (snprintf(j->path, sizeof(j->path), "%s/%s.json", dir, uuid) >= (int)sizeof(j->path)) {
		snprintf(err, errlen, "journal path too long");
		return -ENAMETOOLONG;
	}
	rc = make_dir(dir);
	if (rc) {
		snprintf(err, errlen, "cannot create the journal directory %s: %s", dir,
			 strerror(-rc));
		return rc;
	}
	/* a journal of this device: another change runs, or one was left unfinished */
	fd = open(j->path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		rc = flock(fd, LOCK_EX | LOCK_NB) ? -EBUSY : -EEXIST;
		close(fd);
		snprintf(err, errlen,
			 rc == -EBUSY ? "another vfio-ap-ctl is changing this definition now (%s)" :
					"an earlier change of this definition is not finished (%s)",
			 j->path);
		return rc;
	}
	old = json_load_file(defpath, JSON_REJECT_DUPLICATES, &jerr);
	if (!old) {
		snprintf(err, errlen, "cannot read the definition %s: %s", defpath, jerr.text);
		return -EINVAL;
	}
	nw = json_loads(new_config, 0, NULL);
	doc = json_pack("{s:s, s:s, s:i, s:b, s:O, s:o?}", "uuid", uuid, "parent", VFIO_AP_PARENT,
			"pid", (int)getpid(), "live", live, "old", old, "new", nw);
	if (!doc) {
		json_decref(old);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	rc = ctl_mdevctl_jsonfile(old, j->old, sizeof(j->old));
	json_decref(old);
	if (rc) {
		json_decref(doc);
		snprintf(err, errlen, "cannot save the old definition: %s", strerror(-rc));
		return rc;
	}
	rc = write_locked(dir, j->path, doc, &j->fd);
	json_decref(doc);
	if (rc) {
		unlink(j->old);
		snprintf(err, errlen, "cannot write the journal %s: %s", j->path, strerror(-rc));
		return rc;
	}
	return 0;
}

bool ctl_journal_definition_gone(const char *uuid)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", MDEVCTL_MATRIX_DIR, uuid);
	return stat(path, &st) && errno == ENOENT;
}

void ctl_journal_end(struct ctl_journal *j)
{
	if (j->fd < 0)
		return;
	unlink(j->path);
	unlink(j->old);
	close(j->fd);
	j->fd = -1;
}

void ctl_journal_keep(struct ctl_journal *j)
{
	if (j->fd < 0)
		return;
	unlink(j->old);
	close(j->fd);
	j->fd = -1;
}

/* The matrix and start mode of a config object; -EINVAL when it is not one. */
static int config_of(json_t *o, struct ap_matrix *m, bool *autostart)
{
	struct mdev_config cfg;
	char *text;
	int rc;

	text = o ? json_dumps(o, JSON_COMPACT) : NULL;
	if (!text)
		return -EINVAL;
	rc = mdev_config_parse(text, strlen(text), &cfg, NULL, 0);
	free(text);
	if (rc)
		return rc;
	rc = mdev_config_attr_error(&cfg, NULL, 0);
	if (!rc) {
		mdev_config_matrix(&cfg, m);
		*autostart = cfg.autostart;
	}
	mdev_config_free(&cfg);
	return rc;
}

static bool same_config(json_t *o, const struct ap_matrix *m, bool autostart)
{
	struct ap_matrix x;
	bool a;

	return !config_of(o, &x, &a) && a == autostart && ap_matrix_equal(&x, m);
}

/* mdevctl define @uuid from the config object @old. 0 or the first line of its error. */
static int define_old(const char *uuid, json_t *old, char *err, size_t errlen)
{
	char file[PATH_MAX];
	struct ctl_mdevctl_result r;
	int rc;
	const char *v[] = { "define", "-u", uuid, "-p", VFIO_AP_PARENT, "--jsonfile", file, NULL };

	rc = ctl_mdevctl_jsonfile(old, file, sizeof(file));
	if (rc) {
		snprintf(err, errlen, "cannot write a temporary config file: %s", strerror(-rc));
		return rc;
	}
	rc = ctl_mdevctl_run(v, &r);
	unlink(file);
	if (rc) {
		snprintf(err, errlen, "cannot run %s: %s", ctl_mdevctl_path(), strerror(-rc));
		return rc;
	}
	if (r.status) {
		snprintf(err, errlen, "mdevctl define failed (exit status %d)%s%.*s", r.status,
			 r.err && *r.err ? ": " : "", (int)strcspn(r.err ? r.err : "", "\n"),
			 r.err ? r.err : "");
		rc = -EIO;
	}
	ctl_mdevctl_result_free(&r);
	return rc;
}

/* Finish the change of one journal file @path (open and locked as @fd). */
static void recover_one(const struct ctl_ctx *ctx, const char *cmd, const char *path, int fd)
{
	json_t *doc, *old, *nw;
	const char *uuid, *live_note;
	char defpath[PATH_MAX], err[512];
	struct mdev_config cur;
	json_error_t jerr;

	doc = json_loadfd(fd, 0, &jerr);
	uuid = doc ? json_string_value(json_object_get(doc, "uuid")) : NULL;
	old = doc ? json_object_get(doc, "old") : NULL;
	nw = doc ? json_object_get(doc, "new") : NULL;
	if (!uuid || !mdev_uuid_valid(uuid) || !json_is_object(old)) {
		ctl_err(ctx, "%s: warning: %s is not a journal of vfio-ap-ctl; left as it is", cmd,
			path);
		json_decref(doc);
		return;
	}
	live_note = json_is_true(json_object_get(doc, "live")) ?
			    " (the running device had already been changed with --live: it keeps "
			    "the new matrix until it is stopped)" :
			    "";
	snprintf(defpath, sizeof(defpath), "%s/%s", MDEVCTL_MATRIX_DIR, uuid);
	if (ctl_journal_definition_gone(uuid)) {
		if (define_old(uuid, old, err, sizeof(err))) {
			ctl_err(ctx,
				"%s: %s: a definition change was interrupted and the definition is gone; "
				"it could not be put back (%s); the old definition is kept in %s",
				cmd, uuid, err, path);
			json_decref(doc);
			return;
		}
		ctl_err(ctx,
			"%s: %s: a definition change was interrupted; the old definition was put back%s",
			cmd, uuid, live_note);
	} else if (!mdev_config_load(defpath, &cur, NULL, 0)) {
		struct ap_matrix m;

		mdev_config_matrix(&cur, &m);
		if (same_config(nw, &m, cur.autostart))
			ctl_err(ctx,
				"%s: %s: an interrupted definition change had been made in full",
				cmd, uuid);
		else if (same_config(old, &m, cur.autostart))
			ctl_err(ctx,
				"%s: %s: an interrupted definition change had not been made; the old definition is in place%s",
				cmd, uuid, live_note);
		else
			ctl_err(ctx,
				"%s: %s: a definition change was interrupted; the definition has been changed since and is left as it is",
				cmd, uuid);
		mdev_config_free(&cur);
	} else {
		ctl_err(ctx,
			"%s: %s: a definition change was interrupted; the definition cannot be read now and is left as it is",
			cmd, uuid);
	}
	unlink(path);
	json_decref(doc);
}

void ctl_journal_recover(const struct ctl_ctx *ctx, const char *cmd)
{
	const char *dir = ctl_journal_dir();
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int fd;

	d = opendir(dir);
	if (!d)
		return; /* none (or not ours to read: not root) */
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (n != MDEV_UUID_LEN + 5 || strcmp(de->d_name + MDEV_UUID_LEN, ".json"))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= (int)sizeof(path))
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		/* held: its process is still at work */
		if (!flock(fd, LOCK_EX | LOCK_NB))
			recover_one(ctx, cmd, path, fd);
		close(fd);
	}
	closedir(d);
}
