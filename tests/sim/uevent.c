// SPDX-License-Identifier: GPL-2.0-only
/*
 * uevents of the simulated host. After every change (a sysfs store, a
 * control command) the device set is compared with the one of the last
 * change, and the difference goes out as the uevents 6.12 sends for it:
 * add/remove/bind/unbind of cards, queues and mdevs (drivers/base/core.c
 * device_add/device_del, drivers/base/dd.c:481 KOBJ_BIND, dd.c:1379
 * KOBJ_UNBIND), change with CONFIG=/ONLINE= (ap_bus.c:714-734, ap_card.c:169,
 * zcrypt_card.c:81,104, zcrypt_queue.c:73), APMASK=/AQMASK= (ap_bus.c:736-752),
 * BINDINGS=complete (ap_bus.c:704-712, 787-803) and MDEV_STATE= on the
 * matrix device (mdev/mdev_core.c:84,106).
 *
 * How they reach a libudev monitor without a kernel or udevd of our own
 * (apsim-run gives the simulator its own network namespace, which it owns):
 *
 *  - "kernel" source, netlink group 1: the message goes to the kernel's
 *    uevent socket of this network namespace (portid 0), which re-broadcasts
 *    it to group 1 with portid 0 and a SEQNUM of its own
 *    (lib/kobject_uevent.c uevent_net_rcv_skb/uevent_net_broadcast, the
 *    uevent injection made for containers; needs CAP_SYS_ADMIN in the user
 *    namespace owning the network namespace). libudev accepts it: portid 0,
 *    sender uid 0.
 *  - "udev" source, netlink group 2: the same properties in libudev's own
 *    framing (the "libudev" header with the magic and the subsystem/devtype
 *    hashes its BPF filter matches), as udevd would pass the event on after
 *    its rules, with USEC_INITIALIZED added. libudev takes group-2 messages
 *    from any sender with uid 0.
 *
 * Never enable this in the host's own network namespace: every udev there
 * would see the simulated devices.
 */
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <linux/netlink.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

#define UEV_BUF 2048 /* UEVENT_BUFFER_SIZE (include/linux/kobject.h) */
#define UDEV_MAGIC 0xfeedcafeu

struct uev {
	char head[256]; /* "action@devpath" */
	char subsys[16];
	char devtype[16];
	char props[UEV_BUF];
	size_t n;
};

__attribute__((format(printf, 2, 3))) static void uev_add(struct uev *u, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(u->props + u->n, sizeof(u->props) - u->n, fmt, ap);
	va_end(ap);
	if (n >= 0 && u->n + (size_t)n + 1 < sizeof(u->props))
		u->n += (size_t)n + 1;
}

/* kobject_uevent_env(): ACTION, DEVPATH, SUBSYSTEM come first */
static void uev_init(struct uev *u, const char *action, const char *devpath, const char *subsys)
{
	u->n = 0;
	u->devtype[0] = '\0';
	snprintf(u->head, sizeof(u->head), "%s@%s", action, devpath);
	snprintf(u->subsys, sizeof(u->subsys), "%s", subsys);
	uev_add(u, "ACTION=%s", action);
	uev_add(u, "DEVPATH=%s", devpath);
	uev_add(u, "SUBSYSTEM=%s", subsys);
}

static void uev_devtype(struct uev *u, const char *devtype)
{
	snprintf(u->devtype, sizeof(u->devtype), "%s", devtype);
	uev_add(u, "DEVTYPE=%s", devtype);
}

/* MurmurHash2, 32 bit, seed 0: libudev's string_hash32() for its filters */
static uint32_t murmur2(const char *str)
{
	const uint32_t m = 0x5bd1e995;
	size_t len = strlen(str);
	const unsigned char *p = (const unsigned char *)str;
	uint32_t h = (uint32_t)len;

	for (; len >= 4; len -= 4, p += 4) {
		uint32_t k = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
			     (uint32_t)p[3] << 24;

		k *= m;
		k ^= k >> 24;
		k *= m;
		h = h * m ^ k;
	}
	switch (len) {
	case 3:
		h ^= (uint32_t)p[2] << 16;
		/* fall through */
	case 2:
		h ^= (uint32_t)p[1] << 8;
		/* fall through */
	case 1:
		h ^= p[0];
		h *= m;
	}
	h ^= h >> 13;
	h *= m;
	h ^= h >> 15;
	return h;
}

struct udev_hdr {
	char prefix[8];
	uint32_t magic, header_size, properties_off, properties_len;
	uint32_t subsystem_hash, devtype_hash, tag_bloom_hi, tag_bloom_lo;
};

/* what came back on group 1: the kernel's SEQNUM for our message, or 0 */
static unsigned long long read_back(struct sim *s, const struct uev *u)
{
	unsigned long long seq = 0;
	char buf[UEV_BUF + 64];

	for (;;) {
		struct sockaddr_nl from;
		socklen_t fl = sizeof(from);
		ssize_t n = recvfrom(s->uev_fd, buf, sizeof(buf) - 1, MSG_DONTWAIT,
				     (struct sockaddr *)&from, &fl);
		size_t hl = strlen(u->head) + 1;

		if (n < 0)
			break;
		buf[n] = '\0';
		if (from.nl_groups == 0 && (size_t)n >= sizeof(struct nlmsghdr)) {
			const struct nlmsghdr *h = (const void *)buf;
			const struct nlmsgerr *e = NLMSG_DATA(h);

			if (h->nlmsg_type == NLMSG_ERROR && e->error && !s->uev_inject_failed) {
				sim_log(s, "uevent: the kernel refused the injected uevent: %s",
					strerror(-e->error));
				s->uev_inject_failed = true;
			}
			continue;
		}
		if ((size_t)n > hl + u->n && !memcmp(buf, u->head, hl) &&
		    !memcmp(buf + hl, u->props, u->n) && !strncmp(buf + hl + u->n, "SEQNUM=", 7))
			seq = strtoull(buf + hl + u->n + 7, NULL, 10);
	}
	return seq;
}

static void uev_send(struct sim *s, struct uev *u)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct sockaddr_nl udev = { .nl_family = AF_NETLINK, .nl_groups = 2 };
	char msg[NLMSG_HDRLEN + sizeof(u->head) + UEV_BUF];
	struct nlmsghdr *h = (void *)msg;
	size_t hl = strlen(u->head) + 1;
	unsigned long long seq = 0;
	struct udev_hdr uh;
	struct timespec ts;
	struct iovec iov[2];
	struct msghdr mh = { .msg_name = &udev, .msg_namelen = sizeof(udev), .msg_iov = iov };

	if (s->uev_fd < 0)
		return;
	s->uev_sent++;
	/* group 1 through the kernel's socket of this netns */
	memset(h, 0, NLMSG_HDRLEN);
	h->nlmsg_len = (uint32_t)(NLMSG_HDRLEN + hl + u->n);
	h->nlmsg_type = NLMSG_MIN_TYPE;
	h->nlmsg_flags = NLM_F_REQUEST;
	h->nlmsg_seq = (uint32_t)s->uev_sent;
	memcpy(msg + NLMSG_HDRLEN, u->head, hl);
	memcpy(msg + NLMSG_HDRLEN + hl, u->props, u->n);
	if (sendto(s->uev_fd, msg, h->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) <
		    0 &&
	    !s->uev_inject_failed) {
		sim_log(s, "uevent: cannot inject into the kernel: %s", strerror(errno));
		s->uev_inject_failed = true;
	}
	seq = read_back(s, u);
	if (!seq)
		seq = ++s->uev_own_seq;
	/* group 2 in libudev's framing, as udevd would pass it on */
	uev_add(u, "SEQNUM=%llu", seq);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uev_add(u, "USEC_INITIALIZED=%llu",
		(unsigned long long)ts.tv_sec * 1000000ULL + (unsigned long long)ts.tv_nsec / 1000);
	memset(&uh, 0, sizeof(uh));
	memcpy(uh.prefix, "libudev", 8);
	uh.magic = htobe32(UDEV_MAGIC);
	uh.header_size = sizeof(uh);
	uh.properties_off = sizeof(uh);
	uh.properties_len = (uint32_t)u->n;
	uh.subsystem_hash = htobe32(murmur2(u->subsys));
	if (u->devtype[0])
		uh.devtype_hash = htobe32(murmur2(u->devtype));
	iov[0].iov_base = &uh;
	iov[0].iov_len = sizeof(uh);
	iov[1].iov_base = u->props;
	iov[1].iov_len = u->n;
	mh.msg_iovlen = 2;
	if (sendmsg(s->uev_fd, &mh, 0) < 0 && errno != ECONNREFUSED && !s->uev_udev_failed) {
		sim_log(s, "uevent: cannot send to netlink group 2: %s", strerror(errno));
		s->uev_udev_failed = true;
	}
	/* the kernel socket ignores group-2 framing; drop what came back */
	read_back(s, u);
}

int sim_uevent_open(struct sim *s)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	s->uev_fd = fd;
	return 0;
}

void sim_uevent_close(struct sim *s)
{
	if (s->uev_fd >= 0)
		close(s->uev_fd);
	s->uev_fd = -1;
}

/* ------------------------------------------------------------ the events */

static const char *mode_of(uint64_t hw)
{
	/* ap_uevent(): accel before cca before ep11 (ap_bus.c:671-690) */
	return (hw & HW_ACCEL) ? "accel" : (hw & HW_CCA) ? "cca" : (hw & HW_EP11) ? "ep11" : NULL;
}

static const char *qdrv_name(unsigned int d)
{
	return d == QDRV_CEX4QUEUE ? "cex4queue" : d == QDRV_VFIO_AP ? "vfio_ap" : NULL;
}

/*
 * dev_uevent() (drivers/base/core.c:2719-2780) + ap_uevent() (ap_bus.c:650-695):
 * DEVTYPE, DRIVER (not on unbind: dd.c clears dev->driver first), then the
 * bus's DEV_TYPE/MODALIAS (cards only; MODALIAS zapped on unbind,
 * lib/kobject_uevent.c:596) and MODE.
 */
static void ap_dev_event_env(struct sim *s, const char *action, unsigned int a, int q,
			     unsigned int type, uint64_t hw, const char *drv,
			     const char *const *env)
{
	struct uev u;
	char path[64];
	const char *mode = mode_of(hw);

	if (q < 0)
		snprintf(path, sizeof(path), "/devices/ap/card%02x", a);
	else
		snprintf(path, sizeof(path), "/devices/ap/card%02x/%02x.%04x", a, a, q);
	uev_init(&u, action, path, "ap");
	for (; env && *env; env++)
		uev_add(&u, "%s", *env);
	uev_devtype(&u, q < 0 ? "ap_card" : "ap_queue");
	if (drv && strcmp(action, "unbind"))
		uev_add(&u, "DRIVER=%s", drv);
	if (q < 0) {
		uev_add(&u, "DEV_TYPE=%04X", type);
		if (strcmp(action, "unbind"))
			uev_add(&u, "MODALIAS=ap:t%02X", type);
	}
	if (mode)
		uev_add(&u, "MODE=%s", mode);
	uev_send(s, &u);
}

static void ap_dev_event(struct sim *s, const char *action, unsigned int a, int q,
			 unsigned int type, uint64_t hw, const char *drv, const char *extra)
{
	const char *env[] = { extra, NULL };

	ap_dev_event_env(s, action, a, q, type, hw, drv, env);
}

static void bus_event(struct sim *s, const char *extra, const char *extra2)
{
	struct uev u;

	uev_init(&u, "change", "/devices/ap", "ap");
	uev_add(&u, "%s", extra);
	if (extra2)
		uev_add(&u, "%s", extra2);
	uev_send(s, &u);
}

static void mdev_event(struct sim *s, const char *action, const char *uuid, bool bound)
{
	struct uev u;
	char path[96];

	snprintf(path, sizeof(path), "/devices/vfio_ap/matrix/%s", uuid);
	uev_init(&u, action, path, "mdev");
	if (bound && strcmp(action, "unbind"))
		uev_add(&u, "DRIVER=vfio_ap_mdev");
	uev_send(s, &u);
}

static void matrix_event_env(struct sim *s, const char *action, const char *const *env)
{
	struct uev u;

	uev_init(&u, action, "/devices/vfio_ap/matrix", "matrix");
	for (; env && *env; env++)
		uev_add(&u, "%s", *env);
	if (strcmp(action, "unbind") && strcmp(action, "add") && strcmp(action, "remove"))
		uev_add(&u, "DRIVER=vfio_ap");
	uev_send(s, &u);
}

void sim_uevent_matrix(struct sim *s, const char *action, const char *extra)
{
	const char *env[] = { extra, NULL };

	matrix_event_env(s, action, env);
}

/* kobject_actions[] (lib/kobject_uevent.c:45-54) */
static const char *const actions[] = { "add",	 "remove",  "change", "move",
				       "online", "offline", "bind",   "unbind" };

static bool alnum_word(const char *w)
{
	if (!*w)
		return false;
	for (; *w; w++)
		if (!isalnum((unsigned char)*w))
			return false;
	return true;
}

/*
 * A write to a device's uevent file: kobject_synth_uevent()
 * (lib/kobject_uevent.c:191-229): "ACTION" sends the device's event with
 * SYNTH_UUID=0, "ACTION UUID [KEY=VALUE...]" with SYNTH_UUID=UUID and
 * SYNTH_ARG_KEY=VALUE; anything else is EINVAL.
 */
int sim_uevent_synth(struct sim *s, const struct sim_devref *d, const char *buf, size_t len)
{
	char copy[512], *args, *save = NULL, *t;
	char env[8][96];
	const char *envp[9];
	const char *action = NULL;
	unsigned int ne = 0;

	if (len && (buf[len - 1] == '\n' || buf[len - 1] == '\0'))
		len--;
	if (!len || len >= sizeof(copy))
		return -EINVAL;
	memcpy(copy, buf, len);
	copy[len] = '\0';
	args = strchr(copy, ' ');
	if (args)
		*args++ = '\0';
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(copy, actions[i]))
			action = actions[i];
	if (!action)
		return -EINVAL;
	if (!args) {
		snprintf(env[ne++], sizeof(env[0]), "SYNTH_UUID=0");
	} else {
		t = strtok_r(args, " ", &save);
		if (!t || !sim_uuid_valid(t) || strlen(t) != 36)
			return -EINVAL;
		snprintf(env[ne++], sizeof(env[0]), "SYNTH_UUID=%s", t);
		while ((t = strtok_r(NULL, " ", &save)) && ne < 8) {
			char *eq = strchr(t, '=');

			if (!eq)
				return -EINVAL;
			*eq = '\0';
			if (!alnum_word(t) || !alnum_word(eq + 1))
				return -EINVAL;
			snprintf(env[ne++], sizeof(env[0]), "SYNTH_ARG_%s=%s", t, eq + 1);
		}
	}
	for (unsigned int i = 0; i < ne; i++)
		envp[i] = env[i];
	envp[ne] = NULL;
	if (s->uev_fd < 0)
		return 0;
	switch (d->kind) {
	case SIM_DEV_CARD:
	case SIM_DEV_QUEUE: {
		unsigned int a = (unsigned int)d->card;
		enum sim_qdrv qd = d->kind == SIM_DEV_QUEUE ?
					   sim_queue_driver(s, a, (unsigned int)d->dom) :
					   QDRV_NONE;
		const char *drv = d->kind == SIM_DEV_CARD ?
					  (sim_card_bound(s, a) ? "cex4card" : NULL) :
					  qdrv_name(qd);

		ap_dev_event_env(s, action, a, d->kind == SIM_DEV_QUEUE ? d->dom : -1,
				 sim_card_type(s, a), s->card[a].hwinfo, drv, envp);
		break;
	}
	case SIM_DEV_MATRIX:
		matrix_event_env(s, action, envp);
		break;
	case SIM_DEV_MDEV:
	case SIM_DEV_OTHER: {
		struct uev u;
		char path[128];

		if (d->kind == SIM_DEV_MDEV)
			snprintf(path, sizeof(path), "/devices/vfio_ap/matrix/%s", d->name);
		uev_init(&u, action, d->kind == SIM_DEV_MDEV ? path : d->name,
			 d->kind == SIM_DEV_MDEV ? "mdev" : d->subsystem);
		for (unsigned int i = 0; i < ne; i++)
			uev_add(&u, "%s", env[i]);
		if (d->kind == SIM_DEV_MDEV && strcmp(action, "unbind"))
			uev_add(&u, "DRIVER=vfio_ap_mdev");
		uev_send(s, &u);
		break;
	}
	default: /* a root device without bus or class: dev_uevent_filter drops it */
		break;
	}
	return 0;
}

/* ------------------------------------------------------------ the diff */

enum { SN_EXISTS = 1, SN_BOUND = 2, SN_CONFIG = 4, SN_ONLINE = 8 };

static void snap_take(const struct sim *s, struct sim_snap *sn)
{
	memset(sn->card, 0, sizeof(sn->card));
	memset(sn->qdrv, 0, sizeof(sn->qdrv));
	memset(sn->qon, 0, sizeof(sn->qon));
	for (unsigned int a = 0; a < SIM_IDS; a++) {
		const struct sim_card *c = &s->card[a];
		unsigned int t = sim_card_type(s, a);

		sn->type[a] = (uint8_t)t;
		sn->hw[a] = c->hwinfo;
		if (!t)
			continue;
		sn->card[a] = SN_EXISTS | (sim_card_bound(s, a) ? SN_BOUND : 0) |
			      (c->config ? SN_CONFIG : 0) | (c->online ? SN_ONLINE : 0);
		for (unsigned int q = 0; q < SIM_IDS; q++) {
			if (!sim_queue_exists(s, a, q))
				continue;
			sn->qdrv[a][q] = (uint8_t)(1 + sim_queue_driver(s, a, q));
			if (!sim_test(&c->q_offline, q))
				sim_set(&sn->qon[a], q);
		}
	}
	sn->apmask = s->apmask;
	sn->aqmask = s->aqmask;
	sim_qci_apm(s, &sn->qci_apm);
	sn->usage = s->usage;
	sn->control = s->control;
	sn->mod_vfio_ap = s->mod_vfio_ap;
	sn->mod_zcrypt = s->mod_zcrypt;
	sn->nr_mdevs = 0;
	for (const struct sim_mdev *m = s->mdevs; m; m = m->next) {
		if (sn->nr_mdevs == sn->cap_mdevs) {
			unsigned int cap = sn->cap_mdevs ? 2 * sn->cap_mdevs : 16;
			char(*p)[37] = realloc(sn->mdev, cap * sizeof(*p));

			if (!p)
				break;
			sn->mdev = p;
			sn->cap_mdevs = cap;
		}
		memcpy(sn->mdev[sn->nr_mdevs++], m->uuid, 37);
	}
	sn->valid = true;
}

static bool has_mdev(const struct sim_snap *sn, const char *uuid)
{
	for (unsigned int i = 0; i < sn->nr_mdevs; i++)
		if (!strcmp(sn->mdev[i], uuid))
			return true;
	return false;
}

static bool recreated(const struct sim_snap *o, const struct sim_snap *n, unsigned int a);

static void queue_removed(struct sim *s, const struct sim_snap *o, unsigned int a, unsigned int q)
{
	const char *d = qdrv_name(o->qdrv[a][q] - 1u);

	if (d)
		ap_dev_event(s, "unbind", a, (int)q, o->type[a], o->hw[a], d, NULL);
	ap_dev_event(s, "remove", a, (int)q, o->type[a], o->hw[a], NULL, NULL);
}

static void card_diff(struct sim *s, const struct sim_snap *o, const struct sim_snap *n,
		      unsigned int a, bool *rebound)
{
	bool was = o->card[a] & SN_EXISTS, is = n->card[a] & SN_EXISTS;
	/* a new type or mode: the bus removes and re-creates the card (ap_bus.c:2106-2121) */
	bool recreate = recreated(o, n, a);
	char buf[32];

	if (was && (!is || recreate)) {
		for (unsigned int q = 0; q < SIM_IDS; q++)
			if (o->qdrv[a][q])
				queue_removed(s, o, a, q);
		if (o->card[a] & SN_BOUND)
			ap_dev_event(s, "unbind", a, -1, o->type[a], o->hw[a], "cex4card", NULL);
		ap_dev_event(s, "remove", a, -1, o->type[a], o->hw[a], NULL, NULL);
	}
	if (is && (!was || recreate)) {
		ap_dev_event(s, "add", a, -1, n->type[a], n->hw[a], NULL, NULL);
		if (n->card[a] & SN_BOUND) {
			ap_dev_event(s, "bind", a, -1, n->type[a], n->hw[a], "cex4card", NULL);
			*rebound = true;
		}
		for (unsigned int q = 0; q < SIM_IDS; q++) {
			const char *d = qdrv_name(n->qdrv[a][q] - 1u);

			if (!n->qdrv[a][q])
				continue;
			ap_dev_event(s, "add", a, (int)q, n->type[a], n->hw[a], NULL, NULL);
			if (d) {
				ap_dev_event(s, "bind", a, (int)q, n->type[a], n->hw[a], d, NULL);
				*rebound = true;
			}
		}
		return;
	}
	if (!is)
		return;
	if ((o->card[a] ^ n->card[a]) & SN_BOUND)
		ap_dev_event(s, (n->card[a] & SN_BOUND) ? "bind" : "unbind", a, -1, n->type[a],
			     n->hw[a], "cex4card", NULL);
	/* the same card: its queues come and go with the usage domains */
	for (unsigned int q = 0; q < SIM_IDS; q++) {
		unsigned int od = o->qdrv[a][q], nd = n->qdrv[a][q];

		if (od && !nd) {
			queue_removed(s, o, a, q);
		} else if (!od && nd) {
			ap_dev_event(s, "add", a, (int)q, n->type[a], n->hw[a], NULL, NULL);
			if (qdrv_name(nd - 1)) {
				ap_dev_event(s, "bind", a, (int)q, n->type[a], n->hw[a],
					     qdrv_name(nd - 1), NULL);
				*rebound = true;
			}
		} else if (od != nd) {
			/* device_reprobe(): release, then probe (ap_bus.c:866) */
			if (qdrv_name(od - 1))
				ap_dev_event(s, "unbind", a, (int)q, o->type[a], o->hw[a],
					     qdrv_name(od - 1), NULL);
			if (qdrv_name(nd - 1)) {
				ap_dev_event(s, "bind", a, (int)q, n->type[a], n->hw[a],
					     qdrv_name(nd - 1), NULL);
				*rebound = true;
			}
		}
	}
	if ((o->card[a] ^ n->card[a]) & SN_CONFIG) {
		snprintf(buf, sizeof(buf), "CONFIG=%d", !!(n->card[a] & SN_CONFIG));
		ap_dev_event(s, "change", a, -1, n->type[a], n->hw[a],
			     (n->card[a] & SN_BOUND) ? "cex4card" : NULL, buf);
		for (unsigned int q = 0; q < SIM_IDS; q++)
			if (o->qdrv[a][q] && n->qdrv[a][q])
				ap_dev_event(s, "change", a, (int)q, n->type[a], n->hw[a],
					     qdrv_name(n->qdrv[a][q] - 1u), buf);
	}
	if ((o->card[a] ^ n->card[a]) & SN_ONLINE) {
		snprintf(buf, sizeof(buf), "ONLINE=%d", !!(n->card[a] & SN_ONLINE));
		ap_dev_event(s, "change", a, -1, n->type[a], n->hw[a],
			     (n->card[a] & SN_BOUND) ? "cex4card" : NULL, buf);
	}
	/* zcrypt queue online: only queues driven by cex4queue have it */
	for (unsigned int q = 0; q < SIM_IDS; q++) {
		if (o->qdrv[a][q] != 1 + QDRV_CEX4QUEUE || n->qdrv[a][q] != 1 + QDRV_CEX4QUEUE ||
		    sim_test(&o->qon[a], q) == sim_test(&n->qon[a], q))
			continue;
		snprintf(buf, sizeof(buf), "ONLINE=%d", sim_test(&n->qon[a], q));
		ap_dev_event(s, "change", a, (int)q, n->type[a], n->hw[a], "cex4queue", buf);
	}
}

static void mask_event(struct sim *s, const char *name, const struct sim_mask *m)
{
	char buf[100];

	/* ap_bus.c:743-749: the kernel's text ends in a newline */
	snprintf(buf, sizeof(buf), "%s=0x%016llx%016llx%016llx%016llx\n", name,
		 (unsigned long long)m->w[0], (unsigned long long)m->w[1],
		 (unsigned long long)m->w[2], (unsigned long long)m->w[3]);
	bus_event(s, buf, NULL);
}

static bool recreated(const struct sim_snap *o, const struct sim_snap *n, unsigned int a)
{
	return (o->card[a] & SN_EXISTS) && (n->card[a] & SN_EXISTS) &&
	       (o->type[a] != n->type[a] || o->hw[a] != n->hw[a]);
}

/*
 * The driver core's and vfio_ap's callbacks for what changed, in the
 * kernel's order: on_config_changed for what left the host configuration,
 * the removes and probes of the bus scan, then on_scan_complete for what
 * came (ap_bus.c:2284-2306).
 */
static void callbacks(struct sim *s, const struct sim_snap *o, const struct sim_snap *n)
{
	struct sim_mask apm_del, aqm_del, adm_del, apm_add, aqm_add, adm_add;

	sim_mask_andnot(&apm_del, &o->qci_apm, &n->qci_apm);
	sim_mask_andnot(&aqm_del, &o->usage, &n->usage);
	sim_mask_andnot(&adm_del, &o->control, &n->control);
	sim_mask_andnot(&apm_add, &n->qci_apm, &o->qci_apm);
	sim_mask_andnot(&aqm_add, &n->usage, &o->usage);
	sim_mask_andnot(&adm_add, &n->control, &o->control);
	sim_on_cfg_removed(s, &apm_del, &aqm_del, &adm_del);
	for (unsigned int a = 0; a < SIM_IDS; a++) {
		bool re = recreated(o, n, a);

		if (!o->card[a] && !n->card[a])
			continue;
		for (unsigned int q = 0; q < SIM_IDS; q++) {
			unsigned int od = o->qdrv[a][q], nd = n->qdrv[a][q];
			bool gone = od && (!nd || re), fresh = nd && (!od || re);

			if (!gone && !fresh && od == nd)
				continue;
			if (od > 1 && (gone || od != nd))
				sim_on_queue_removed(s, a, q, (enum sim_qdrv)(od - 1));
			if (fresh)
				sim_on_queue_created(s, a, q);
			if (nd > 1 && (fresh || od != nd))
				sim_on_queue_probed(s, a, q, (enum sim_qdrv)(nd - 1), &apm_add,
						    &aqm_add);
		}
	}
	sim_on_scan_complete(s, &apm_add, &aqm_add, &adm_add);
}

static void matrix_events(struct sim *s, bool load)
{
	if (load) {
		sim_uevent_matrix(s, "add", NULL);
		sim_uevent_matrix(s, "bind", NULL);
	} else {
		sim_uevent_matrix(s, "unbind", NULL);
		sim_uevent_matrix(s, "remove", NULL);
	}
}

/* called with s->lock held after every change of the host */
void sim_uevent_sync(struct sim *s)
{
	struct sim_snap *o = s->snap, *n = s->snap_next;
	bool rebound = false;

	if (!o || !n)
		return;
	snap_take(s, n);
	if (o->valid) {
		callbacks(s, o, n);
		/* the callbacks reset zcrypt online states */
		snap_take(s, n);
	}
	if (!o->valid || s->uev_fd < 0) {
		s->snap = n;
		s->snap_next = o;
		return;
	}
	/* vfio_ap_init(): the matrix device first (vfio_ap_drv.c) */
	if (!o->mod_vfio_ap && n->mod_vfio_ap)
		matrix_events(s, true);
	/* vfio_ap_exit(): the mdevs and the parent go first */
	if (o->mod_vfio_ap && !n->mod_vfio_ap) {
		for (unsigned int i = 0; i < o->nr_mdevs; i++) {
			mdev_event(s, "unbind", o->mdev[i], true);
			mdev_event(s, "remove", o->mdev[i], false);
		}
		sim_uevent_matrix(s, "change", "MDEV_STATE=unregistered");
		o->nr_mdevs = 0;
	}
	for (unsigned int a = 0; a < SIM_IDS; a++)
		card_diff(s, o, n, a, &rebound);
	if (o->mod_vfio_ap && !n->mod_vfio_ap)
		matrix_events(s, false);
	if (!o->mod_vfio_ap && n->mod_vfio_ap)
		sim_uevent_matrix(s, "change", "MDEV_STATE=registered");
	for (unsigned int i = 0; i < o->nr_mdevs; i++) {
		if (has_mdev(n, o->mdev[i]))
			continue;
		mdev_event(s, "unbind", o->mdev[i], true);
		mdev_event(s, "remove", o->mdev[i], false);
	}
	for (unsigned int i = 0; i < n->nr_mdevs; i++) {
		if (has_mdev(o, n->mdev[i]))
			continue;
		mdev_event(s, "add", n->mdev[i], false);
		mdev_event(s, "bind", n->mdev[i], true);
	}
	if (!sim_mask_eq(&o->apmask, &n->apmask))
		mask_event(s, "APMASK", &n->apmask);
	if (!sim_mask_eq(&o->aqmask, &n->aqmask))
		mask_event(s, "AQMASK", &n->aqmask);
	/* a probe re-arms the completion (ap_bus.c:965); the scan sends it (787-803) */
	if (rebound)
		s->bindings_rearmed = true;
	if (s->bindings_rearmed) {
		unsigned int bound, total;

		sim_bindings(s, &bound, &total);
		if (bound == total) {
			char cnt[40];

			snprintf(cnt, sizeof(cnt), "COMPLETECOUNT=%llu", ++s->bindings_complete);
			bus_event(s, "BINDINGS=complete", cnt);
			s->bindings_rearmed = false;
		}
	}
	s->snap = n;
	s->snap_next = o;
}

int sim_uevent_init(struct sim *s)
{
	s->snap = calloc(1, sizeof(*s->snap));
	s->snap_next = calloc(1, sizeof(*s->snap_next));
	if (!s->snap || !s->snap_next)
		return -ENOMEM;
	snap_take(s, s->snap);
	return 0;
}

void sim_uevent_free(struct sim *s)
{
	for (int i = 0; i < 2; i++) {
		struct sim_snap *sn = i ? s->snap_next : s->snap;

		if (sn)
			free(sn->mdev);
		free(sn);
	}
	s->snap = s->snap_next = NULL;
	sim_uevent_close(s);
}

/* after every successful change: persist the state, run the callbacks, send the uevents */
void sim_changed(struct sim *s)
{
	sim_state_save(s);
	sim_uevent_sync(s);
}
