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
 *
 * Even so, opening 512 files costs several times a whole exec of the
 * callout. So what was found is kept in a cache file, AP_AUTOSTART_CACHE,
 * one entry per definition with the stat data it was read with (inode,
 * size, mtime, ctime): a definition whose stat data still match is not read
 * again. As git does for its index, an entry whose ctime is less than
 * CACHE_RACY_S before the cache is written is not kept (a change within the
 * same timestamp tick could otherwise go unseen), and the cache is trusted
 * only when it is a regular file of this user that nobody else can write.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ap_env.h"

/* larger files are read by mdev_config_load() */
#define SCAN_MAX 65536

/* the cache: format version, the size it may have, the racy window */
#define CACHE_MAGIC "vfapAC01"
#define CACHE_MAX_ENTRIES 65536
#define CACHE_RACY_S 1

struct cache_entry {
	char name[MDEV_UUID_LEN + 1];
	uint8_t owner;		/* an auto-start vfio_ap definition */
	uint64_t ino, size;
	int64_t mtime_s, mtime_ns, ctime_s, ctime_ns;
	struct ap_matrix m;
};

struct cache_head {
	char magic[8];
	uint32_t entry_size;
	uint32_t n;
};

struct cache {
	struct cache_entry *v;	/* ascending by name */
	size_t n, cap;
};

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
	memcpy(o->v[o->n].uuid, uuid, MDEV_UUID_LEN);	/* a valid UUID */
	o->v[o->n].uuid[MDEV_UUID_LEN] = '\0';
	o->v[o->n].m = *m;
	o->n++;
	return 0;
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

/* The cache at @path, or an empty one when it is missing or not to be trusted. */
static void cache_load(const char *path, struct cache *c)
{
	struct cache_head head;
	struct stat st;
	size_t i, want;
	ssize_t n;
	int fd;

	memset(c, 0, sizeof(*c));
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 022) || read(fd, &head, sizeof(head)) != (ssize_t)sizeof(head) ||
	    memcmp(head.magic, CACHE_MAGIC, sizeof(head.magic)) ||
	    head.entry_size != sizeof(struct cache_entry) || head.n > CACHE_MAX_ENTRIES ||
	    (unsigned long long)st.st_size != sizeof(head) + (unsigned long long)head.n *
									 sizeof(struct cache_entry))
		goto out;
	want = head.n * sizeof(struct cache_entry);
	c->v = malloc(want ? want : 1);
	if (!c->v)
		goto out;
	n = read(fd, c->v, want);
	if (n != (ssize_t)want)
		goto bad;
	for (i = 0; i < head.n; i++) {
		c->v[i].name[MDEV_UUID_LEN] = '\0';
		if (i && strcmp(c->v[i - 1].name, c->v[i].name) >= 0)
			goto bad;
	}
	c->n = head.n;
	c->cap = head.n;
	goto out;
bad:
	free(c->v);
	c->v = NULL;
out:
	close(fd);
}

static bool same_stat(const struct cache_entry *e, const struct stat *st)
{
	return e->ino == (uint64_t)st->st_ino && e->size == (uint64_t)st->st_size &&
	       e->mtime_s == (int64_t)st->st_mtim.tv_sec &&
	       e->mtime_ns == (int64_t)st->st_mtim.tv_nsec &&
	       e->ctime_s == (int64_t)st->st_ctim.tv_sec &&
	       e->ctime_ns == (int64_t)st->st_ctim.tv_nsec;
}

static int cache_add(struct cache *c, const char *name, const struct stat *st, bool owner,
		     const struct ap_matrix *m)
{
	struct cache_entry *nv, *e;

	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;

		nv = realloc(c->v, cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		c->v = nv;
		c->cap = cap;
	}
	e = &c->v[c->n++];
	memset(e, 0, sizeof(*e));
	memcpy(e->name, name, MDEV_UUID_LEN);
	e->owner = owner;
	e->ino = (uint64_t)st->st_ino;
	e->size = (uint64_t)st->st_size;
	e->mtime_s = (int64_t)st->st_mtim.tv_sec;
	e->mtime_ns = (int64_t)st->st_mtim.tv_nsec;
	e->ctime_s = (int64_t)st->st_ctim.tv_sec;
	e->ctime_ns = (int64_t)st->st_ctim.tv_nsec;
	if (owner)
		e->m = *m;
	return 0;
}

/* Replace the cache at @path with @c (not the racily new entries); errors are ignored. */
static void cache_store(const char *path, struct cache *c)
{
	struct cache_head head;
	struct timespec now;
	char tmp[4096];
	size_t i, n = 0;
	bool ok;
	int fd;

	clock_gettime(CLOCK_REALTIME, &now);
	for (i = 0; i < c->n; i++)
		if (c->v[i].ctime_s + CACHE_RACY_S < (int64_t)now.tv_sec)
			c->v[n++] = c->v[i];
	/* c->v is in name order: it was built from the sorted directory entries */
	memcpy(head.magic, CACHE_MAGIC, sizeof(head.magic));
	head.entry_size = sizeof(struct cache_entry);
	head.n = (uint32_t)n;
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return;
	ok = write(fd, &head, sizeof(head)) == (ssize_t)sizeof(head) &&
	     write(fd, c->v, n * sizeof(*c->v)) == (ssize_t)(n * sizeof(*c->v));
	if (close(fd))
		ok = false;
	if (!ok || rename(tmp, path))
		unlink(tmp);
}

/*
 * Read and scan (or parse) one definition: is it an owner, and of what.
 * *keep is false when that depends on more than the file's contents (it
 * could not be read): then it is not cached.
 */
static void read_one(DIR *d, const char *dir, const char *name, char *buf, bool *owner,
		     struct ap_matrix *m, bool *keep)
{
	struct mdev_config cfg;
	char path[4096];
	ssize_t len;
	int fd, rc;

	*owner = false;
	*keep = true;
	fd = openat(dirfd(d), name, O_RDONLY | O_CLOEXEC);
	len = fd < 0 ? -1 : read(fd, buf, SCAN_MAX);
	if (fd >= 0)
		close(fd);
	/*
	 * A read of a regular file returns less than asked only at its end:
	 * one read() is the whole file when it is shorter than the buffer.
	 */
	if (len >= 0 && len < SCAN_MAX) {
		switch (scan(buf, (size_t)len, m)) {
		case SCAN_OWNER:
			*owner = true;
			return;
		case SCAN_SKIP:
			return;
		case SCAN_SLOW:
			break;
		}
	}
	/* the full parser, for what the scanner does not take */
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	rc = mdev_config_load(path, &cfg, NULL, 0);
	if (rc) {
		/* not a valid definition: no owner; kept only when that is its text */
		*keep = rc == -EINVAL;
		return;
	}
	*owner = cfg.autostart && !strcmp(cfg.mdev_type, VFIO_AP_MDEV_TYPE);
	if (*owner)
		mdev_config_matrix(&cfg, m);
	mdev_config_free(&cfg);
}

/* A directory entry that may be a definition: a name of UUID length. */
struct dname {
	char name[MDEV_UUID_LEN + 1];
	unsigned char type;
};

static int cmp_dname(const void *a, const void *b)
{
	const struct dname *const *x = a, *const *y = b;

	return memcmp((*x)->name, (*y)->name, MDEV_UUID_LEN);
}

/*
 * The entries of @d named like UUIDs (*out, freed by the caller), and in
 * *sorted pointers to them in name order, so that they are matched with
 * the (sorted) cache in one pass and the owners come out in order.
 */
static int list_names(DIR *d, struct dname **out, struct dname ***sorted, size_t *n)
{
	struct dname *v = NULL, *nv, **p;
	struct dirent *de;
	size_t cap = 0, i;

	*n = 0;
	while ((de = readdir(d))) {
		if (strlen(de->d_name) != MDEV_UUID_LEN)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
		}
		memcpy(v[*n].name, de->d_name, MDEV_UUID_LEN + 1);
		v[*n].type = de->d_type;
		(*n)++;
	}
	p = malloc((*n ? *n : 1) * sizeof(*p));
	if (!p) {
		free(v);
		return -ENOMEM;
	}
	for (i = 0; i < *n; i++)
		p[i] = &v[i];
	if (*n > 1)
		qsort(p, *n, sizeof(*p), cmp_dname);
	*out = v;
	*sorted = p;
	return 0;
}

int ap_autostart_load_cached(const char *dir, const char *cache_path, const char *self,
			     struct ap_owner **out, size_t *n)
{
	struct cache old = { 0 }, cur = { 0 };
	struct owners o = { 0 };
	const struct cache_entry *hit;
	const struct ap_matrix *mp;
	struct dname *names = NULL, **sorted = NULL;
	size_t n_names = 0, i, j = 0;
	bool owner, keep, changed = false;
	struct ap_matrix m;
	struct stat st;
	char *buf;
	DIR *d;
	int rc;

	*out = NULL;
	*n = 0;
	if (!dir)
		dir = MDEVCTL_MATRIX_DIR;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	buf = malloc(SCAN_MAX);
	rc = buf ? list_names(d, &names, &sorted, &n_names) : -ENOMEM;
	if (!rc && cache_path)
		cache_load(cache_path, &old);
	for (i = 0; !rc && i < n_names; i++) {
		const char *name = sorted[i]->name;

		/* the cache is sorted too: one pass over both */
		while (j < old.n && memcmp(old.v[j].name, name, MDEV_UUID_LEN) < 0)
			j++;
		hit = j < old.n && !memcmp(old.v[j].name, name, MDEV_UUID_LEN) ? &old.v[j] : NULL;
		/* a name in the cache is a valid UUID (only those are kept) */
		if (!hit && !mdev_uuid_valid(name))
			continue;
		/* anything but a plain file (a link, unknown) is read, never cached */
		if (sorted[i]->type == DT_REG && cache_path &&
		    !fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) && S_ISREG(st.st_mode)) {
			if (hit && !same_stat(hit, &st))
				hit = NULL;
		} else {
			hit = NULL;
			st.st_mode = 0;
		}
		keep = true;
		if (hit) {
			owner = hit->owner;
			mp = &hit->m;
		} else {
			read_one(d, dir, name, buf, &owner, &m, &keep);
			mp = &m;
			changed = true;
		}
		if (keep && S_ISREG(st.st_mode))
			rc = cache_add(&cur, name, &st, owner, mp);
		if (!rc && owner && (!self || strcmp(name, self)))
			rc = owners_add(&o, name, mp);
	}
	closedir(d);
	free(buf);
	free(sorted);
	free(names);
	if (!rc && cache_path && (changed || cur.n != old.n))
		cache_store(cache_path, &cur);
	free(old.v);
	free(cur.v);
	if (rc) {
		free(o.v);
		return rc;
	}
	/* in uuid order (the names were sorted), as mdev_config_load_dir() gives them */
	*out = o.v;
	*n = o.n;
	return 0;
}

int ap_autostart_load(const char *dir, const char *self, struct ap_owner **out, size_t *n)
{
	/* the cache belongs to mdevctl's own directory only */
	return ap_autostart_load_cached(dir, dir ? NULL : AP_AUTOSTART_CACHE, self, out, n);
}
