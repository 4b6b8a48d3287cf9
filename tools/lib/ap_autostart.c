// SPDX-License-Identifier: GPL-2.0-only
/*
 * The other auto-start definitions as conflict owners.
 *
 * A pre-define check of an auto-start device reads every definition of the
 * host (512 on a big one). Building a struct mdev_config through jansson
 * for each costs more than everything else the callout does, so the files
 * are first read with a small scanner that takes exactly the form mdevctl
 * writes: one object with the string members "mdev_type" and "start" and
 * an "attrs" array of {"assign_...": "<decimal>"} objects, no escapes,
 * every byte printable ASCII or JSON white space. Whatever it does not take
 * whole goes through mdev_config_load(), so the owners are the same as from
 * ap_autostart_owners() on the loaded set (tests/unit/test-ap-env.c holds
 * the two side by side).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ap_env.h"

/* larger files are read by mdev_config_load() */
#define SCAN_MAX 65536

struct owners {
	struct ap_owner *v;
	size_t n, cap;
};

static int owners_add(struct owners *o, const char *uuid, const struct ap_matrix *m)
{
	struct ap_owner *nv;

	if (o->n == o->cap) {
		size_t cap = o->cap ? 2 * o->cap : 64;

		nv = realloc(o->v, cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		o->v = nv;
		o->cap = cap;
	}
	snprintf(o->v[o->n].uuid, sizeof(o->v[o->n].uuid), "%s", uuid);
	o->v[o->n].m = *m;
	o->n++;
	return 0;
}

static int cmp_owner(const void *a, const void *b)
{
	const struct ap_owner *x = a, *y = b;

	return strcmp(x->uuid, y->uuid);
}

/* The one rule for both paths: which definitions are owners. */
static bool is_owner(const struct mdev_config *cfg, const char *uuid, const char *self)
{
	return cfg->autostart && !strcmp(cfg->mdev_type, VFIO_AP_MDEV_TYPE) &&
	       (!self || strcmp(uuid, self));
}

int ap_autostart_owners(const struct mdev_config_set *defs, const char *self,
			struct ap_owner **out, size_t *n)
{
	struct owners o = { 0 };
	struct ap_matrix m;
	size_t i;

	for (i = 0; i < defs->n; i++) {
		const struct mdev_config_entry *e = &defs->v[i];

		/* a definition mdevctl cannot read cannot be started either */
		if (e->err || !is_owner(&e->cfg, e->cfg.uuid, self))
			continue;
		mdev_config_matrix(&e->cfg, &m);
		if (owners_add(&o, e->cfg.uuid, &m)) {
			free(o.v);
			return -ENOMEM;
		}
	}
	*out = o.v;
	*n = o.n;
	return 0;
}

enum scan_result {
	SCAN_OWNER,	/* a valid auto-start vfio_ap definition; matrix set */
	SCAN_SKIP,	/* valid or not, it is no owner */
	SCAN_SLOW,	/* not the simple form: parse it fully */
};

struct scan {
	const char *p, *end;
};

static void ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static bool lit(struct scan *s, char c)
{
	ws(s);
	if (s->p < s->end && *s->p == c) {
		s->p++;
		return true;
	}
	return false;
}

/* A string of printable ASCII without escapes. */
static bool str(struct scan *s, const char **v, size_t *len)
{
	const char *q;

	ws(s);
	if (s->p >= s->end || *s->p != '"')
		return false;
	for (q = ++s->p; q < s->end && *q != '"'; q++)
		if (*q == '\\' || (unsigned char)*q < 0x20 || (unsigned char)*q >= 0x7f)
			return false;
	if (q >= s->end)
		return false;
	*v = s->p;
	*len = (size_t)(q - s->p);
	s->p = q + 1;
	return true;
}

static bool is(const char *v, size_t len, const char *word)
{
	return len == strlen(word) && !memcmp(v, word, len);
}

/* 0-255 in plain decimal ("0", "7", "255"; not "07", "+7", "0x7", "7\n") */
static bool plain_id(const char *v, size_t len, unsigned int *id)
{
	unsigned int x = 0;
	size_t i;

	if (!len || len > 3 || (len > 1 && v[0] == '0'))
		return false;
	for (i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return false;
		x = x * 10 + (unsigned int)(v[i] - '0');
	}
	*id = x;
	return x <= AP_MAX_ID;
}

static bool scan_attr(struct scan *s, struct ap_matrix *m)
{
	static const enum mdev_attr_op ops[] = {
		MDEV_ATTR_ASSIGN_ADAPTER,	 MDEV_ATTR_UNASSIGN_ADAPTER,
		MDEV_ATTR_ASSIGN_DOMAIN,	 MDEV_ATTR_UNASSIGN_DOMAIN,
		MDEV_ATTR_ASSIGN_CONTROL_DOMAIN, MDEV_ATTR_UNASSIGN_CONTROL_DOMAIN,
	};
	const char *k, *v;
	size_t klen, vlen, i;
	unsigned int id;

	if (!lit(s, '{') || !str(s, &k, &klen) || !lit(s, ':') || !str(s, &v, &vlen) ||
	    !lit(s, '}') || !plain_id(v, vlen, &id))
		return false;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (is(k, klen, mdev_attr_op_name(ops[i])))
			break;
	switch (i < sizeof(ops) / sizeof(ops[0]) ? ops[i] : MDEV_ATTR_UNKNOWN) {
	case MDEV_ATTR_ASSIGN_ADAPTER:
		ap_mask_set(&m->apm, id);
		return true;
	case MDEV_ATTR_UNASSIGN_ADAPTER:
		ap_mask_clear_bit(&m->apm, id);
		return true;
	case MDEV_ATTR_ASSIGN_DOMAIN:
		ap_mask_set(&m->aqm, id);
		return true;
	case MDEV_ATTR_UNASSIGN_DOMAIN:
		ap_mask_clear_bit(&m->aqm, id);
		return true;
	case MDEV_ATTR_ASSIGN_CONTROL_DOMAIN:
		ap_mask_set(&m->adm, id);
		return true;
	case MDEV_ATTR_UNASSIGN_CONTROL_DOMAIN:
		ap_mask_clear_bit(&m->adm, id);
		return true;
	default:
		/* ap_config, unknown keys: the full parser decides */
		return false;
	}
}

static bool scan_attrs(struct scan *s, struct ap_matrix *m)
{
	if (!lit(s, '['))
		return false;
	if (lit(s, ']'))
		return true;
	do {
		if (!scan_attr(s, m))
			return false;
	} while (lit(s, ','));
	return lit(s, ']');
}

static enum scan_result scan(const char *text, size_t len, struct ap_matrix *m)
{
	struct scan s = { text, text + len };
	bool have_type = false, have_start = false, have_attrs = false;
	const char *k, *v;
	size_t klen, vlen;

	ap_matrix_zero(m);
	if (!lit(&s, '{'))
		return SCAN_SLOW;
	do {
		if (!str(&s, &k, &klen) || !lit(&s, ':'))
			return SCAN_SLOW;
		if (is(k, klen, "mdev_type") && !have_type) {
			if (!str(&s, &v, &vlen))
				return SCAN_SLOW;
			/* valid or not, a definition of another type is no owner */
			if (!is(v, vlen, VFIO_AP_MDEV_TYPE))
				return SCAN_SKIP;
			have_type = true;
		} else if (is(k, klen, "start") && !have_start) {
			if (!str(&s, &v, &vlen))
				return SCAN_SLOW;
			/* valid or not, a manual definition is no owner */
			if (is(v, vlen, "manual"))
				return SCAN_SKIP;
			if (!is(v, vlen, "auto"))
				return SCAN_SLOW;
			have_start = true;
		} else if (is(k, klen, "attrs") && !have_attrs) {
			if (!scan_attrs(&s, m))
				return SCAN_SLOW;
			have_attrs = true;
		} else {
			return SCAN_SLOW;
		}
	} while (lit(&s, ','));
	if (!lit(&s, '}'))
		return SCAN_SLOW;
	ws(&s);
	if (s.p != s.end || !have_type || !have_start)
		return SCAN_SLOW;
	return SCAN_OWNER;
}

/* The full parser, for what the scanner does not take. */
static int load_slow(const char *dir, const char *name, const char *self, struct owners *o)
{
	char path[4096];
	struct mdev_config cfg;
	struct ap_matrix m;
	int rc = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (mdev_config_load(path, &cfg, NULL, 0))
		return 0;
	if (is_owner(&cfg, name, self)) {
		mdev_config_matrix(&cfg, &m);
		rc = owners_add(o, name, &m);
	}
	mdev_config_free(&cfg);
	return rc;
}

int ap_autostart_load(const char *dir, const char *self, struct ap_owner **out, size_t *n)
{
	struct owners o = { 0 };
	struct ap_matrix m;
	struct dirent *de;
	char *buf;
	ssize_t len;
	DIR *d;
	int rc = 0, fd;

	*out = NULL;
	*n = 0;
	if (!dir)
		dir = MDEVCTL_MATRIX_DIR;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	buf = malloc(SCAN_MAX);
	if (!buf) {
		closedir(d);
		return -ENOMEM;
	}
	while (!rc && (de = readdir(d))) {
		if (!mdev_uuid_valid(de->d_name) || (self && !strcmp(de->d_name, self)))
			continue;
		/* anything but a plain file (a link, unknown) goes the slow way */
		fd = de->d_type == DT_REG ? openat(dirfd(d), de->d_name, O_RDONLY | O_CLOEXEC) : -1;
		len = fd < 0 ? -1 : read(fd, buf, SCAN_MAX);
		if (fd >= 0)
			close(fd);
		/*
		 * A read of a regular file returns less than asked only at
		 * its end: one read() is the whole file when it is shorter
		 * than the buffer.
		 */
		if (len < 0 || len == SCAN_MAX) {
			rc = load_slow(dir, de->d_name, self, &o);
			continue;
		}
		switch (scan(buf, (size_t)len, &m)) {
		case SCAN_OWNER:
			rc = owners_add(&o, de->d_name, &m);
			break;
		case SCAN_SKIP:
			break;
		case SCAN_SLOW:
			rc = load_slow(dir, de->d_name, self, &o);
			break;
		}
	}
	closedir(d);
	free(buf);
	if (rc) {
		free(o.v);
		return rc;
	}
	/* in uuid order, as mdev_config_load_dir() gives them */
	if (o.n > 1)
		qsort(o.v, o.n, sizeof(*o.v), cmp_owner);
	*out = o.v;
	*n = o.n;
	return 0;
}
