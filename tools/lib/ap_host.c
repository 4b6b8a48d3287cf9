// SPDX-License-Identifier: GPL-2.0-only
/*
 * Read the host's AP resources from sysfs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>


#include "ap_host.h"

/* the largest sysfs attribute we read (a full "matrix" is 65536 x 8 bytes) */
#define SYSFS_ATTR_MAX (AP_MASK_BITS * AP_MASK_BITS * 8 + 1)

static void __attribute__((format(printf, 3, 4)))
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/*
 * Read a whole sysfs attribute into a malloc'ed, NUL-terminated buffer.
 * Returns 0 or -errno.
 */
static int read_attr_alloc_at(int dfd, const char *path, char **out)
{
	size_t cap = 4096, len = 0, want;
	char *buf, *nb;
	ssize_t n;
	int fd;

	fd = openat(dfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (len + 1 == cap) {
			if (cap >= SYSFS_ATTR_MAX) {
				free(buf);
				close(fd);
				return -EFBIG;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		want = cap - 1 - len;
		n = read(fd, buf + len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int rc = -errno;

			free(buf);
			close(fd);
			return rc;
		}
		if (!n)
			break;
		len += (size_t)n;
		/*
		 * sysfs hands over a whole attribute in one read(): a short
		 * read is the end, and a second read() for the 0 would cost
		 * one more kernel (or FUSE) round trip per attribute.
		 */
		if ((size_t)n < want)
			break;
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	return 0;
}

static int read_attr_alloc(const char *path, char **out)
{
	return read_attr_alloc_at(AT_FDCWD, path, out);
}

/*
 * Read a short attribute @path (relative to the directory @dfd, or
 * AT_FDCWD) into @buf, without the trailing newline.
 */
static int read_attr_at(int dfd, const char *path, char *buf, size_t len)
{
	char *data;
	size_t n;
	int rc;

	rc = read_attr_alloc_at(dfd, path, &data);
	if (rc)
		return rc;
	n = strlen(data);
	while (n && (data[n - 1] == '\n' || data[n - 1] == ' '))
		data[--n] = '\0';
	if (n >= len) {
		free(data);
		return -EOVERFLOW;
	}
	memcpy(buf, data, n + 1);
	free(data);
	return 0;
}

static int read_attr(const char *path, char *buf, size_t len)
{
	return read_attr_at(AT_FDCWD, path, buf, len);
}

/*
 * The bus attributes are opened relative to the bus directory: one path
 * walk for all of them (on FUSE, as in the AP host simulator, every path
 * component of an open is a lookup round trip).
 */
static int read_bus_mask(int bus, const char *name, struct ap_mask *m)
{
	char buf[128];
	int rc;

	rc = read_attr_at(bus, name, buf, sizeof(buf));
	if (rc)
		return rc;
	return ap_mask_parse(buf, m, NULL);
}

static int read_bus_uint(int bus, const char *name, unsigned int *v)
{
	char buf[32], *end;
	long val;
	int rc;

	rc = read_attr_at(bus, name, buf, sizeof(buf));
	if (rc)
		return rc;
	errno = 0;
	val = strtol(buf, &end, 10);
	if (errno || end == buf || *end || val < 0 || val > AP_MAX_ID)
		return -EINVAL;
	*v = (unsigned int)val;
	return 0;
}

static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' ' || p[n] == '\n'))
			return true;
		p += n;
	}
	return false;
}

static int read_bus(struct ap_host *h, unsigned int parts, char *err, size_t errlen)
{
	int rc, bus;

	h->max_adapter_id = AP_MAX_ID;
	h->max_domain_id = AP_MAX_ID;
	bus = open(AP_SYSFS_BUS, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (bus < 0)
		return 0;
	h->ap_bus = true;
	rc = read_bus_mask(bus, "apmask", &h->apmask);
	if (!rc)
		rc = read_bus_mask(bus, "aqmask", &h->aqmask);
	if (rc) {
		set_err(err, errlen, "cannot read %s/apmask and aqmask: %s", AP_SYSFS_BUS,
			strerror(-rc));
		close(bus);
		return rc;
	}
	/* "not supported" without QCI: then there is no host configuration info */
	h->have_qci = !(parts & AP_HOST_NO_QCI) &&
		      !read_bus_mask(bus, "ap_adapter_mask", &h->adapter_mask) &&
		      !read_bus_mask(bus, "ap_usage_domain_mask", &h->usage_domain_mask) &&
		      !read_bus_mask(bus, "ap_control_domain_mask", &h->control_domain_mask);
	if (!h->have_qci) {
		ap_mask_zero(&h->adapter_mask);
		ap_mask_zero(&h->usage_domain_mask);
		ap_mask_zero(&h->control_domain_mask);
	}
	if (read_bus_uint(bus, "ap_max_adapter_id", &h->max_adapter_id))
		h->max_adapter_id = AP_MAX_ID;
	if (read_bus_uint(bus, "ap_max_domain_id", &h->max_domain_id))
		h->max_domain_id = AP_MAX_ID;
	if ((parts & AP_HOST_NO_FEATURES) ||
	    read_attr_at(bus, "features", h->features, sizeof(h->features)))
		h->features[0] = '\0';
	close(bus);
	return 0;
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *nv;

	if (n < *cap)
		return 0;
	*cap = *cap ? *cap * 2 : 64;
	nv = realloc(*v, *cap * size);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	return 0;
}

/* An integer attribute of @dir, or -1 when missing or not a number. */
static int dir_attr_int(const char *dir, const char *name)
{
	char path[600], buf[32], *end;
	long val;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (read_attr(path, buf, sizeof(buf)))
		return -1;
	errno = 0;
	val = strtol(buf, &end, 10);
	if (errno || end == buf || *end || val < 0 || val > INT_MAX)
		return -1;
	return (int)val;
}

/* One queue from its sysfs directory @dir named @name ("AA.DDDD"). */
/* A card's attributes from its directory @dir (named "cardXX"). */
static int parse_card(const char *dir, const char *sysname, struct ap_card *c)
{
	char path[600], buf[64], *end;
	unsigned int id;

	if (strlen(sysname) != 6)
		return -EINVAL;
	id = (unsigned int)strtoul(sysname + 4, &end, 16);
	if (*end || id > AP_MAX_ID)
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	c->id = id;
	snprintf(path, sizeof(path), "%s/type", dir);
	if (!read_attr(path, buf, sizeof(buf)))
		snprintf(c->type, sizeof(c->type), "%.*s", (int)sizeof(c->type) - 1, buf);
	c->hwtype = dir_attr_int(dir, "hwtype");
	c->raw_hwtype = dir_attr_int(dir, "raw_hwtype");
	snprintf(path, sizeof(path), "%s/ap_functions", dir);
	if (!read_attr(path, buf, sizeof(buf)))
		c->ap_functions = (uint32_t)strtoul(buf, &end, 16);
	c->depth = dir_attr_int(dir, "depth");
	c->max_msg_size = (unsigned int)dir_attr_int(dir, "max_msg_size");
	c->online = dir_attr_int(dir, "online");
	c->config = dir_attr_int(dir, "config");
	c->chkstop = dir_attr_int(dir, "chkstop");
	snprintf(path, sizeof(path), "%s/serialnr", dir);
	if (!read_attr(path, buf, sizeof(buf)))
		snprintf(c->serialnr, sizeof(c->serialnr), "%.*s", (int)sizeof(c->serialnr) - 1, buf);
	return 0;
}

enum ap_queue_driver ap_queue_driver_kind(const char *name)
{
	if (!*name)
		return AP_QDRV_NONE;
	if (!strcmp(name, "vfio_ap"))
		return AP_QDRV_VFIO_AP;
	/* zcrypt's queue driver, the only one with AP_DRIVER_FLAG_DEFAULT */
	if (!strncmp(name, "cex", 3))
		return AP_QDRV_DEFAULT;
	return AP_QDRV_OTHER;
}

static int parse_queue(const char *dir, const char *name, struct ap_queue *q, char *drvname,
		       size_t drvlen)
{
	char path[600], link[256], st[32];
	const char *drv;
	unsigned int a, d;
	ssize_t n;
	char tail;

	if (strlen(name) != 7 || sscanf(name, "%2x.%4x%c", &a, &d, &tail) != 2 ||
	    a > AP_MAX_ID || d > AP_MAX_ID)
		return -EINVAL;
	memset(q, 0, sizeof(*q));
	q->adapter = a;
	q->domain = d;
	snprintf(path, sizeof(path), "%s/driver", dir);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0 && errno == ENOENT && access(dir, F_OK))
		return -ENOENT;		/* not even the queue */
	if (drvname && drvlen)
		drvname[0] = '\0';
	if (n <= 0) {
		q->driver = AP_QDRV_NONE;
	} else {
		link[n] = '\0';
		drv = strrchr(link, '/');
		drv = drv ? drv + 1 : link;
		if (drvname)
			snprintf(drvname, drvlen, "%s", drv);
		q->driver = ap_queue_driver_kind(drv);
	}
	q->online = dir_attr_int(dir, "online");
	q->config = dir_attr_int(dir, "config");
	q->chkstop = dir_attr_int(dir, "chkstop");
	snprintf(path, sizeof(path), "%s/status", dir);
	if (q->driver != AP_QDRV_VFIO_AP || read_attr(path, st, sizeof(st)))
		q->status = AP_QSTAT_NONE;	/* only vfio_ap-bound queues have one */
	else if (!strcmp(st, "in use"))
		q->status = AP_QSTAT_IN_USE;
	else if (!strcmp(st, "assigned"))
		q->status = AP_QSTAT_ASSIGNED;
	else if (!strcmp(st, "unassigned"))
		q->status = AP_QSTAT_UNASSIGNED;
	else
		q->status = AP_QSTAT_UNKNOWN;
	return 0;
}

/*
 * The queues of one card: its "AA.DDDD" child directories. They are read
 * directly rather than as 65536 libudev devices, each of which costs ~70
 * system calls to resolve (measured on the AP host simulator, 256x256).
 */
static int read_card_queues(struct ap_host *h, const char *carddir, size_t *qcap)
{
	char path[512];
	struct dirent *de;
	DIR *d;
	int rc = 0;

	if (strlen(carddir) > 400)
		return -ENAMETOOLONG;
	d = opendir(carddir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (strlen(de->d_name) != 7 || de->d_name[2] != '.')
			continue;
		rc = grow((void **)&h->queues, qcap, h->n_queues, sizeof(*h->queues));
		if (rc)
			break;
		snprintf(path, sizeof(path), "%s/%s", carddir, de->d_name);
		if (!parse_queue(path, de->d_name, &h->queues[h->n_queues], NULL, 0))
			h->n_queues++;
	}
	closedir(d);
	return rc;
}


static int cmp_card(const void *a, const void *b)
{
	const struct ap_card *x = a, *y = b;

	return (int)x->id - (int)y->id;
}

static int cmp_queue(const void *a, const void *b)
{
	const struct ap_queue *x = a, *y = b;

	return (int)(x->adapter << 8 | x->domain) - (int)(y->adapter << 8 | y->domain);
}

static int cmp_mdev(const void *a, const void *b)
{
	const struct ap_mdev *x = a, *y = b;

	return strcmp(x->uuid, y->uuid);
}

/*
 * The cards are the "cardXX" directories of /sys/devices/ap, read with one
 * readdir() rather than a libudev enumeration of the ap bus, which lists
 * all 65792 entries of /sys/bus/ap/devices and resolves each card's links
 * (measured on the AP host simulator, 256x256).
 */
static int read_devices(struct ap_host *h, unsigned int parts)
{
	size_t ccap = 0, qcap = 0;
	char dir[300];
	struct dirent *de;
	DIR *d;
	int rc = 0;

	d = opendir(AP_SYSFS_DEVICES);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "card", 4) || strlen(de->d_name) != 6)
			continue;
		snprintf(dir, sizeof(dir), AP_SYSFS_DEVICES "/%s", de->d_name);
		if (parts & AP_HOST_CARDS) {
			rc = grow((void **)&h->cards, &ccap, h->n_cards, sizeof(*h->cards));
			if (!rc && !parse_card(dir, de->d_name, &h->cards[h->n_cards]))
				h->n_cards++;
		}
		if (!rc && (parts & AP_HOST_QUEUES))
			rc = read_card_queues(h, dir, &qcap);
		if (rc)
			break;
	}
	closedir(d);
	if (h->n_cards)
		qsort(h->cards, h->n_cards, sizeof(*h->cards), cmp_card);
	if (h->n_queues)
		qsort(h->queues, h->n_queues, sizeof(*h->queues), cmp_queue);
	return rc;
}

/*
 * The length of the text vfio_ap_mdev_matrix_show() prints for @apm x @aqm:
 * "AA.DDDD\n" per APQN, else "AA.\n" per adapter or ".DDDD\n" per domain.
 * sysfs cuts an attribute at PAGE_SIZE - 1 bytes (6.12 even writes past
 * the page: reading such an attribute is harmful, not only useless).
 */
static bool matrix_text_fits(const struct ap_mask *apm, const struct ap_mask *aqm)
{
	unsigned long na = ap_mask_weight(apm), nq = ap_mask_weight(aqm), len;
	long page = sysconf(_SC_PAGESIZE);

	if (na && nq)
		len = 8 * na * nq;
	else
		len = na ? 4 * na : 6 * nq;
	return len < (unsigned long)(page > 0 ? page : 4096);
}

int ap_apqn_dir_scan(const char *dir, struct ap_apqn_set *set)
{
	struct dirent *de;
	unsigned int a, d;
	char tail;
	DIR *dp;

	dp = opendir(dir);
	if (!dp)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dp))) {
		if (strlen(de->d_name) != 7 ||
		    sscanf(de->d_name, "%2x.%4x%c", &a, &d, &tail) != 2 || a > AP_MAX_ID ||
		    d > AP_MAX_ID)
			continue;
		ap_mask_set(&set->row[a], d);
		ap_mask_set(&set->apm, a);
		ap_mask_set(&set->aqm, d);
	}
	closedir(dp);
	return 0;
}

int ap_apqn_subdirs_scan(const char *dir, bool (*want)(const char *name),
			 struct ap_apqn_set *set)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *dp;
	int rc = 0;

	dp = opendir(dir);
	if (!dp)
		return errno == ENOENT ? 0 : -errno;
	while (!rc && (de = readdir(dp))) {
		if (de->d_name[0] == '.' || !want(de->d_name))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >= sizeof(path))
			rc = -ENAMETOOLONG;
		else
			rc = ap_apqn_dir_scan(path, set);
	}
	closedir(dp);
	return rc;
}

bool ap_queue_driver_default(const char *name)
{
	/* the zcrypt queue drivers: cex4queue (and older cexNqueue) */
	return ap_queue_driver_kind(name) == AP_QDRV_DEFAULT && strstr(name, "queue");
}

/* The APQNs bound to vfio_ap: one readdir of its driver directory. */
static int read_vfio_bound(struct ap_apqn_set **out)
{
	struct ap_apqn_set *set;
	int rc;

	set = malloc(sizeof(*set));
	if (!set)
		return -ENOMEM;
	ap_apqn_set_zero(set);
	rc = ap_apqn_dir_scan(AP_SYSFS_BUS "/drivers/vfio_ap", set);
	if (rc) {
		free(set);
		return rc;
	}
	*out = set;
	return 0;
}

/*
 * The guest's control domains, as 6.12's vfio_ap_mdev_filter_cdoms(): the
 * assigned ones the host's configuration (QCI ADM) has. guest_matrix does
 * not show them, so they are always computed; without QCI the host's ADM
 * is unknown and the assigned ones are taken.
 */
static void guest_cdoms(const struct ap_host *h, const struct ap_matrix *assigned,
			struct ap_matrix *g)
{
	g->adm = assigned->adm;
	if (h && h->have_qci)
		ap_mask_and(&g->adm, &g->adm, &h->control_domain_mask);
}

/*
 * What the guest of an mdev gets, computed as 6.12's
 * vfio_ap_mdev_filter_matrix() does: the assigned adapters and domains the
 * host's configuration (QCI) has, less every adapter with a queue in that
 * matrix that is not bound to vfio_ap (the architecture cannot leave out
 * one APQN, so the kernel leaves out its adapter). The kernel's further
 * condition, the queue's last reset response, is not in sysfs.
 */
static void guest_filter(const struct ap_host *h, const struct ap_apqn_set *bound,
			 const struct ap_matrix *assigned, struct ap_matrix *g)
{
	int a, d;

	*g = *assigned;
	if (h->have_qci) {
		ap_mask_and(&g->apm, &g->apm, &h->adapter_mask);
		ap_mask_and(&g->aqm, &g->aqm, &h->usage_domain_mask);
	}
	ap_mask_for_each(a, &g->apm) {
		ap_mask_for_each(d, &g->aqm) {
			if (!ap_apqn_set_test(bound, (unsigned int)a, (unsigned int)d)) {
				ap_mask_clear_bit(&g->apm, (unsigned int)a);
				break;
			}
		}
	}
	guest_cdoms(h, assigned, g);
}

/* What the guest of @m gets: guest_matrix when it fits in a page, else computed. */
static int read_guest(const char *dir, const struct ap_host *h, struct ap_apqn_set **bound,
		      struct ap_mdev *m)
{
	struct ap_mask apm = m->matrix.apm, aqm = m->matrix.aqm;
	char path[512], *text;
	const char *why;
	int rc;

	if (h && h->have_qci) {
		ap_mask_and(&apm, &apm, &h->adapter_mask);
		ap_mask_and(&aqm, &aqm, &h->usage_domain_mask);
	}
	if (matrix_text_fits(&apm, &aqm)) {
		snprintf(path, sizeof(path), "%s/guest_matrix", dir);
		if (read_attr_alloc(path, &text))
			return 0;
		m->has_guest_matrix = !ap_matrix_parse_apqns(text, &m->guest, &why);
		free(text);
		guest_cdoms(h, &m->matrix, &m->guest);
		return 0;
	}
	if (!h)
		return 0;	/* no host to compute it from: unknown */
	if (!*bound) {
		rc = read_vfio_bound(bound);
		if (rc)
			return rc == -ENOMEM ? rc : 0;	/* the driver cannot be listed: unknown */
	}
	guest_filter(h, *bound, &m->matrix, &m->guest);
	m->has_guest_matrix = true;
	m->guest_computed = true;
	return 0;
}

int ap_card_read(unsigned int id, struct ap_card *c)
{
	char dir[64], name[8];
	struct stat st;

	if (id > AP_MAX_ID)
		return -EINVAL;
	snprintf(name, sizeof(name), "card%02x", id);
	snprintf(dir, sizeof(dir), AP_SYSFS_DEVICES "/%s", name);
	if (stat(dir, &st))
		return -errno;
	return parse_card(dir, name, c);
}

int ap_queue_read(unsigned int adapter, unsigned int domain, struct ap_queue *q, char *drv,
		  size_t drvlen)
{
	char dir[64], name[8];

	if (adapter > AP_MAX_ID || domain > AP_MAX_ID)
		return -EINVAL;
	snprintf(name, sizeof(name), "%02x.%04x", adapter, domain);
	snprintf(dir, sizeof(dir), AP_SYSFS_DEVICES "/card%02x/%s", adapter, name);
	return parse_queue(dir, name, q, drv, drvlen);
}

/*
 * Fill @m from the attributes under @dir (an mdev's sysfs directory); with
 * @h (the host, its bus masks read) also the guest matrix (read_guest()).
 * -EOVERFLOW: the mdev has no ap_config and its matrix text fills a page,
 * so it may be cut.
 */
static int read_mdev_dir(const char *dir, const char *uuid, const struct ap_host *h,
			 struct ap_apqn_set **bound, struct ap_mdev *m)
{
	char path[512], *text;
	const char *why;
	long page;
	int rc;

	memset(m, 0, sizeof(*m));
	snprintf(m->uuid, sizeof(m->uuid), "%s", uuid);
	snprintf(path, sizeof(path), "%s/ap_config", dir);
	rc = read_attr_alloc(path, &text);
	if (!rc) {
		m->has_ap_config = true;
		rc = ap_config_parse(text, &m->matrix, &why);
		free(text);
		if (rc)
			return rc;
	} else {
		snprintf(path, sizeof(path), "%s/matrix", dir);
		rc = read_attr_alloc(path, &text);
		if (rc)
			return rc;
		/* without ap_config only the text is there: refuse it when it may be cut */
		page = sysconf(_SC_PAGESIZE);
		if (strlen(text) + 1 >= (size_t)(page > 0 ? page : 4096)) {
			free(text);
			return -EOVERFLOW;
		}
		rc = ap_matrix_parse_apqns(text, &m->matrix, &why);
		free(text);
		if (rc)
			return rc;
		snprintf(path, sizeof(path), "%s/control_domains", dir);
		rc = read_attr_alloc(path, &text);
		if (rc)
			return rc;
		rc = ap_matrix_parse_control(text, &m->matrix.adm, &why);
		free(text);
		if (rc)
			return rc;
	}
	return bound ? read_guest(dir, h, bound, m) : 0;
}

int ap_mdev_read(const char *uuid, struct ap_mdev *m)
{
	char dir[256], *text;
	const char *why;
	int rc, dfd;

	if (!mdev_uuid_valid(uuid))
		return -EINVAL;
	snprintf(dir, sizeof(dir), VFIO_AP_MATRIX_SYSFS "/%s", uuid);
	/* one path walk for the directory and its ap_config (on FUSE: round trips) */
	dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	rc = read_attr_alloc_at(dfd, "ap_config", &text);
	close(dfd);
	if (rc)
		return read_mdev_dir(dir, uuid, NULL, NULL, m);
	memset(m, 0, sizeof(*m));
	snprintf(m->uuid, sizeof(m->uuid), "%s", uuid);
	m->has_ap_config = true;
	rc = ap_config_parse(text, &m->matrix, &why);
	free(text);
	return rc;
}

/*
 * The vfio_ap mdevs are the UUID-named children of the matrix device. They
 * are listed with one readdir() of its directory rather than through a
 * libudev enumeration of the mdev bus, which resolves every device path
 * component by component: with 512 mdevs that is ~60000 system calls
 * against ~1000 (measured on the AP host simulator).
 */
static int read_mdevs(struct ap_host *h, bool guest, char *err, size_t errlen)
{
	struct ap_apqn_set *bound = NULL;
	char path[512];
	struct dirent *de;
	size_t cap = 0;
	DIR *d;
	int rc = 0;

	d = opendir(VFIO_AP_MATRIX_SYSFS);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (!mdev_uuid_valid(de->d_name))
			continue;
		if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
			continue;
		rc = grow((void **)&h->mdevs, &cap, h->n_mdevs, sizeof(*h->mdevs));
		if (rc)
			break;
		snprintf(path, sizeof(path), VFIO_AP_MATRIX_SYSFS "/%s", de->d_name);
		rc = read_mdev_dir(path, de->d_name, h, guest ? &bound : NULL,
				   &h->mdevs[h->n_mdevs]);
		if (!rc) {
			h->n_mdevs++;
		} else if (rc == -EOVERFLOW || rc == -ENOMEM) {
			set_err(err, errlen,
				rc == -ENOMEM ? "mdev %s: %s"
					      : "mdev %s: its matrix attribute fills a page and may be "
						"cut by the kernel (no ap_config to read instead)",
				de->d_name, strerror(-rc));
			break;
		} else {
			rc = 0;	/* an mdev that goes away while we read it is skipped */
		}
	}
	closedir(d);
	free(bound);
	if (!rc && h->n_mdevs)
		qsort(h->mdevs, h->n_mdevs, sizeof(*h->mdevs), cmp_mdev);
	return rc;
}

int ap_host_read_mdevs(struct ap_host *h, bool guest)
{
	return h->vfio_ap ? read_mdevs(h, guest, NULL, 0) : 0;
}

int ap_mdev_count(void)
{
	struct dirent *de;
	int n = 0;
	DIR *d;

	d = opendir(VFIO_AP_MATRIX_SYSFS);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d)))
		if (mdev_uuid_valid(de->d_name))
			n++;
	closedir(d);
	return n;
}

bool ap_apqns_unassigned(const struct ap_mask *apm, const struct ap_mask *aqm, unsigned int limit)
{
	char path[128], buf[32];
	int a, d;

	if ((unsigned long)ap_mask_weight(apm) * ap_mask_weight(aqm) > limit)
		return false;
	ap_mask_for_each(a, apm) {
		ap_mask_for_each(d, aqm) {
			snprintf(path, sizeof(path), AP_SYSFS_DEVICES "/card%02x/%02x.%04x/status", a,
				 a, d);
			/* no status: not bound to vfio_ap, or no such queue; who knows */
			if (read_attr(path, buf, sizeof(buf)) || strcmp(buf, "unassigned"))
				return false;
		}
	}
	return true;
}

static void read_matrix_dev(struct ap_host *h, unsigned int parts)
{
	char buf[64], *end;
	struct stat st;

	h->available_instances = -1;
	if (!(parts & AP_HOST_VFIO_AP_KNOWN) &&
	    (stat(VFIO_AP_MATRIX_SYSFS, &st) || !S_ISDIR(st.st_mode)))
		return;
	h->vfio_ap = true;
	if (parts & AP_HOST_NO_FEATURES)
		return;
	if (!read_attr(VFIO_AP_MATRIX_SYSFS "/features", h->matrix_features,
		       sizeof(h->matrix_features))) {
		h->ap_config_supported = has_word(h->matrix_features, "ap_config");
		h->migratable = has_word(h->matrix_features, "migratable");
	}
	if (!read_attr(VFIO_AP_MATRIX_SYSFS "/mdev_supported_types/" VFIO_AP_MDEV_TYPE
					    "/available_instances",
		       buf, sizeof(buf))) {
		h->available_instances = strtol(buf, &end, 10);
		if (*end)
			h->available_instances = -1;
	}
}

int ap_host_read(struct ap_host *h, unsigned int parts, char *err, size_t errlen)
{
	int rc;

	memset(h, 0, sizeof(*h));
	h->driver_override = -1;
	rc = read_bus(h, parts, err, errlen);
	if (rc)
		goto fail;
	read_matrix_dev(h, parts);
	if (h->ap_bus && (parts & (AP_HOST_CARDS | AP_HOST_QUEUES))) {
		rc = read_devices(h, parts);
		if (rc) {
			set_err(err, errlen, "cannot list AP devices: %s", strerror(-rc));
			goto fail;
		}
	}
	if (h->vfio_ap && (parts & AP_HOST_MDEVS)) {
		rc = read_mdevs(h, parts & AP_HOST_GUEST_MATRIX, err, errlen);
		if (rc) {
			if (rc != -EOVERFLOW && rc != -ENOMEM)
				set_err(err, errlen, "cannot list vfio_ap mdevs: %s", strerror(-rc));
			goto fail;
		}
	}
	return 0;
fail:
	ap_host_free(h);
	return rc;
}

void ap_host_free(struct ap_host *h)
{
	free(h->cards);
	free(h->queues);
	free(h->mdevs);
	free(h->released);
	memset(h, 0, sizeof(*h));
}

const struct ap_mdev *ap_host_find_mdev(const struct ap_host *h, const char *uuid)
{
	size_t i;

	for (i = 0; i < h->n_mdevs; i++)
		if (!strcasecmp(h->mdevs[i].uuid, uuid))
			return &h->mdevs[i];
	return NULL;
}

int ap_owner_map_build(const struct ap_host *h, struct ap_owner_map **out)
{
	struct ap_owner_map *map;
	int a, d, shared = 0;
	size_t i;

	map = calloc(1, sizeof(*map));
	if (!map)
		return -ENOMEM;
	for (i = 0; i < h->n_mdevs && i < UINT16_MAX; i++) {
		const struct ap_matrix *m = &h->mdevs[i].matrix;

		ap_mask_for_each(a, &m->apm) {
			ap_mask_for_each(d, &m->aqm) {
				uint16_t *o = &map->owner[a << 8 | d];

				if (*o)
					shared++;
				else
					*o = (uint16_t)(i + 1);
			}
		}
	}
	*out = map;
	return shared;
}

int ap_host_owners(const struct ap_host *h, struct ap_owner **owners)
{
	struct ap_owner *o;
	size_t i;

	*owners = NULL;
	if (!h->n_mdevs)
		return 0;
	o = calloc(h->n_mdevs, sizeof(*o));
	if (!o)
		return -ENOMEM;
	for (i = 0; i < h->n_mdevs; i++) {
		memcpy(o[i].uuid, h->mdevs[i].uuid, sizeof(o[i].uuid));
		o[i].m = h->mdevs[i].matrix;
	}
	*owners = o;
	return 0;
}

int ap_host_persistent_masks(const struct ap_host *h, const char *rules_path,
			     struct ap_mask *apmask, struct ap_mask *aqmask)
{
	bool have_ap, have_aq;
	char *text;
	int rc;

	*apmask = h->apmask;
	*aqmask = h->aqmask;
	rc = read_attr_alloc(rules_path ? rules_path : AP_PERSISTENT_RULES, &text);
	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	rc = ap_persistent_masks_parse(text, apmask, &have_ap, aqmask, &have_aq);
	free(text);
	if (rc)
		return rc;
	if (!have_ap)
		*apmask = h->apmask;
	if (!have_aq)
		*aqmask = h->aqmask;
	return have_ap || have_aq;
}
