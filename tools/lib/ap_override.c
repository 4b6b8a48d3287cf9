// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host ownership through the AP queues' driver_override (Linux 6.19+).
 *
 * On 6.19 and later, ap_owned_by_def_drv() (drivers/s390/crypto/ap_bus.c)
 * asks a queue with driver_override set whether it is bound to a default
 * driver, and looks at apmask/aqmask only for the others. The attribute
 * prints its value and a newline, or only the newline when unset
 * (ap_queue.c driver_override_show()); 6.12's queues do not have it.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ap_host.h"

static bool mask_full(const struct ap_mask *m)
{
	return ap_mask_weight(m) == AP_MASK_BITS;
}

/*
 * Read the attribute @name of the directory @dfd into @buf without the
 * trailing newline. -ENOENT when the attribute does not exist.
 */
static int read_small_at(int dfd, const char *name, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	do
		n = read(fd, buf, len - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

/*
 * The driver_override of queue @a.@d, relative to its card's directory
 * @cardfd: 1 set, and *released tells whether the queue is bound to
 * anything but a default driver (@elsewhere: it is known to be, from a
 * driver's listing); 0 unset; -ENOENT no such queue; -ENOTSUP the queue
 * has no driver_override (6.12); or another -errno.
 */
static int queue_override(int cardfd, unsigned int a, unsigned int d, bool elsewhere,
			  bool *released)
{
	char name[32], val[256], link[256];
	const char *drv;
	ssize_t n;
	int rc;

	snprintf(name, sizeof(name), "%02x.%04x/driver_override", a, d);
	rc = read_small_at(cardfd, name, val, sizeof(val));
	if (rc == -ENOENT) {
		snprintf(name, sizeof(name), "%02x.%04x", a, d);
		return faccessat(cardfd, name, F_OK, 0) ? -ENOENT : -ENOTSUP;
	}
	if (rc || !val[0])
		return rc;
	if (elsewhere) {
		*released = true;
		return 1;
	}
	snprintf(name, sizeof(name), "%02x.%04x/driver", a, d);
	n = readlinkat(cardfd, name, link, sizeof(link) - 1);
	if (n < 0) {
		*released = true; /* bound to no driver */
		return 1;
	}
	link[n] = '\0';
	drv = strrchr(link, '/');
	*released = ap_queue_driver_kind(drv ? drv + 1 : link) != AP_QDRV_DEFAULT;
	return 1;
}

static bool is_card_dir(const char *name)
{
	return strlen(name) == 6 && !strncmp(name, "card", 4);
}

/*
 * Does the first queue that exists have a driver_override? 1 yes, 0 no,
 * -ENOENT there is no queue, another -errno.
 */
static int probe_first_queue(void)
{
	struct dirent *de, *qe;
	char path[300];
	unsigned int a, d;
	bool released;
	DIR *dp, *cp;
	char tail;
	int rc = -ENOENT;

	dp = opendir(AP_SYSFS_DEVICES);
	if (!dp)
		return -errno;
	while ((de = readdir(dp))) {
		if (!is_card_dir(de->d_name))
			continue;
		snprintf(path, sizeof(path), AP_SYSFS_DEVICES "/%s", de->d_name);
		cp = opendir(path);
		if (!cp)
			continue;
		while ((qe = readdir(cp))) {
			if (strlen(qe->d_name) != 7 ||
			    sscanf(qe->d_name, "%2x.%4x%c", &a, &d, &tail) != 2 || a > AP_MAX_ID ||
			    d > AP_MAX_ID)
				continue;
			rc = queue_override(dirfd(cp), a, d, false, &released);
			if (rc == -ENOENT)
				continue; /* gone since the listing */
			break;
		}
		closedir(cp);
		if (qe)
			break;
	}
	closedir(dp);
	if (rc == -ENOTSUP)
		return 0;
	return rc < 0 ? rc : 1;
}

/* Does /sys/bus/ap/bindings ("BOUND/QUEUES") say that every queue device has a driver? */
static bool all_bound(void)
{
	unsigned int bound, total;
	char buf[64];

	return !read_small_at(AT_FDCWD, AP_SYSFS_BUS "/bindings", buf, sizeof(buf)) &&
	       sscanf(buf, "%u/%u", &bound, &total) == 2 && bound == total;
}

/* a queue driver that is not a default one (vfio_ap); not a card driver */
static bool other_queue_driver(const char *name)
{
	return !ap_queue_driver_default(name) && !strstr(name, "card");
}

/* The candidates for ap_host_read_overrides(h, NULL). */
static int unbound_queues(struct ap_apqn_set *set)
{
	struct ap_apqn_set *dflt;
	unsigned int a;
	int rc;

	dflt = malloc(sizeof(*dflt));
	if (!dflt)
		return -ENOMEM;
	ap_apqn_set_zero(dflt);
	rc = ap_apqn_subdirs_scan(AP_SYSFS_DEVICES, is_card_dir, set);
	if (!rc)
		rc = ap_apqn_subdirs_scan(AP_SYSFS_BUS "/drivers", ap_queue_driver_default, dflt);
	if (!rc)
		for (a = 0; a < AP_MASK_BITS; a++)
			ap_mask_andnot(&set->row[a], &set->row[a], &dflt->row[a]);
	free(dflt);
	return rc;
}

int ap_host_read_overrides(struct ap_host *h, const struct ap_apqn_set *which)
{
	struct ap_apqn_set *cand = NULL, *rel = NULL;
	bool released, elsewhere = false;
	struct ap_mask as;
	size_t n = 0;
	int a, d, rc = 0;

	free(h->released);
	h->released = NULL;
	h->n_released = 0;
	h->driver_override = -1;
	/* no override can be set while a mask is in use (ap_queue.c driver_override_store()) */
	if (!h->ap_bus || !mask_full(&h->apmask) || !mask_full(&h->aqmask))
		return 0;
	if (!which) {
		/* 6.12 has none: one queue tells */
		rc = probe_first_queue();
		if (rc <= 0) {
			h->driver_override = rc ? -1 : 0;
			return rc == -ENOENT ? 0 : rc; /* -ENOENT: no queue at all */
		}
		h->driver_override = 1;
		cand = malloc(sizeof(*cand));
		if (!cand)
			return -ENOMEM;
		ap_apqn_set_zero(cand);
		/*
		 * every queue bound: the candidates are in the listings of the
		 * drivers other than the default ones; else every card's
		 * queues less the default drivers'
		 */
		elsewhere = all_bound();
		if (elsewhere)
			rc = ap_apqn_subdirs_scan(AP_SYSFS_BUS "/drivers", other_queue_driver,
						  cand);
		else
			rc = unbound_queues(cand);
		if (rc)
			goto out;
		which = cand;
	}
	ap_mask_and(&as, &which->apm, &h->apmask);
	ap_mask_for_each(a, &as) {
		char card[32];
		int cfd;

		snprintf(card, sizeof(card), AP_SYSFS_DEVICES "/card%02x", a);
		cfd = open(card, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (cfd < 0 && errno == ENOENT)
			continue; /* no such card: its queues are the masks' */
		if (cfd < 0) {
			rc = -errno;
			goto out;
		}
		ap_mask_for_each(d, &which->row[a]) {
			if (!ap_mask_test(&h->aqmask, (unsigned int)d))
				continue;
			released = false;
			rc = queue_override(cfd, (unsigned int)a, (unsigned int)d, elsewhere,
					    &released);
			if (rc == -ENOENT) {
				rc = 0; /* no such queue: the masks decide */
				continue;
			}
			if (rc < 0)
				break;
			h->driver_override = 1;
			if (!rc || !released)
				continue;
			if (!rel) {
				rel = malloc(sizeof(*rel));
				if (!rel) {
					rc = -ENOMEM;
					break;
				}
				ap_apqn_set_zero(rel);
			}
			ap_mask_set(&rel->row[a], (unsigned int)d);
			ap_mask_set(&rel->apm, (unsigned int)a);
			ap_mask_set(&rel->aqm, (unsigned int)d);
			n++;
		}
		close(cfd);
		if (rc == -ENOTSUP) {
			/* 6.12: no queue has one */
			h->driver_override = 0;
			break;
		}
		if (rc < 0)
			goto out;
	}
	rc = 0;
out:
	free(cand);
	if (rc) {
		free(rel);
		return rc;
	}
	h->released = rel;
	h->n_released = n;
	return 0;
}
