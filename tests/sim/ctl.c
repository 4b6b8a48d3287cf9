// SPDX-License-Identifier: GPL-2.0-only
/*
 * The control interface: a unix stream socket outside /sys through which a
 * test changes the simulated host while it runs (what firmware, an operator
 * on the HMC or a guest would do). One request line, one reply line:
 * "ok[ TEXT]" or "error: TEXT". Commands are listed in README.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sim.h"

#define CTL_LINE 512
/* "show" answers with the whole host: 256 cards and a few hundred mdevs */
#define CTL_REPLY (256 * 1024)

__attribute__((format(printf, 4, 5))) static int fail(char *reply, size_t len, int err,
						      const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(reply, len, "error: ");

	va_start(ap, fmt);
	vsnprintf(reply + n, len - (size_t)n, fmt, ap);
	va_end(ap);
	return err;
}

static int parse_id(const char *s, unsigned int *id)
{
	unsigned long v;

	if (!s || sim_kstrtoul(s, 0, &v) || v >= SIM_IDS)
		return -EINVAL;
	*id = (unsigned int)v;
	return 0;
}

static int parse_bool(const char *s, bool *b)
{
	if (s && (!strcmp(s, "0") || !strcmp(s, "1"))) {
		*b = s[0] == '1';
		return 0;
	}
	return -EINVAL;
}

static int card_cmd(struct sim *s, char **av, int ac, char *reply, size_t len)
{
	unsigned int id;
	unsigned long hw;
	struct sim_card *c;
	bool b;

	if (ac < 3 || parse_id(av[1], &id))
		return fail(reply, len, -EINVAL,
			    "usage: card ID config|chkstop|online 0|1, "
			    "card ID hwinfo HEX, card ID add [HEX], card ID remove");
	c = &s->card[id];
	if (!strcmp(av[2], "add")) {
		if (c->present)
			return fail(reply, len, -EEXIST, "adapter %u exists", id);
		hw = HW_APSC | HW_MEX4K | HW_CRT4K | HW_CCA |
		     ((s->qci_flags & QCI_APXA) ? HW_APXA : 0) |
		     ((uint64_t)AP_TYPE_CEX8 << HW_AT_SHIFT) | ((uint64_t)s->nd << HW_ND_SHIFT) | 7;
		if (ac > 3 && sim_kstrtoul(av[3], 16, &hw))
			return fail(reply, len, -EINVAL, "bad hwinfo \"%s\"", av[3]);
		memset(c, 0, sizeof(*c));
		c->present = c->config = c->online = true;
		c->tapq = hw;
		c->hwinfo = hw & TAPQ_CARD_HWINFO_MASK;
		c->compat_type = AP_TYPE_CEX8;
		return 0;
	}
	if (!c->present)
		return fail(reply, len, -ENODEV, "no adapter %u", id);
	if (!strcmp(av[2], "remove")) {
		c->present = false;
		return 0;
	}
	if (ac != 4)
		return fail(reply, len, -EINVAL, "card %s needs one value", av[2]);
	if (!strcmp(av[2], "hwinfo")) {
		if (sim_kstrtoul(av[3], 16, &hw))
			return fail(reply, len, -EINVAL, "bad hwinfo \"%s\"", av[3]);
		/*
		 * The next scan re-creates card and queues only for a new type or
		 * new (masked) facilities, else the card keeps what it had
		 * (ap_bus.c:2106-2121); the queues' ap_functions is a live TAPQ.
		 */
		c->tapq = hw;
		if (hw_at(hw) != hw_at(c->hwinfo) ||
		    hw_fac(hw & TAPQ_CARD_HWINFO_MASK) != hw_fac(c->hwinfo)) {
			c->hwinfo = hw & TAPQ_CARD_HWINFO_MASK;
			c->online = true;
			c->unbound = false;
			memset(&c->q_offline, 0, sizeof(c->q_offline));
			memset(&c->q_unbound, 0, sizeof(c->q_unbound));
		}
		return 0;
	}
	if (parse_bool(av[3], &b))
		return fail(reply, len, -EINVAL, "\"%s\" is not 0 or 1", av[3]);
	if (!strcmp(av[2], "config"))
		c->config = b;
	else if (!strcmp(av[2], "chkstop"))
		c->chkstop = b;
	else if (!strcmp(av[2], "online")) {
		/* like the sysfs store (zcrypt_card.c:66-104): the queues follow */
		if (b && (!c->config || c->chkstop))
			return fail(reply, len, -ENODEV,
				    "adapter %u is deconfigured or check-stopped", id);
		c->online = b;
		memset(&c->q_offline, b ? 0 : 0xff, sizeof(c->q_offline));
	} else
		return fail(reply, len, -EINVAL, "unknown card property \"%s\"", av[2]);
	return 0;
}

static int domain_cmd(struct sim *s, char **av, int ac, char *reply, size_t len)
{
	struct sim_mask *m = !strcmp(av[0], "domain") ? &s->usage : &s->control;
	unsigned int id;

	if (ac != 3 || parse_id(av[1], &id) || (strcmp(av[2], "add") && strcmp(av[2], "remove")))
		return fail(reply, len, -EINVAL, "usage: %s ID add|remove", av[0]);
	if (av[2][0] == 'a')
		sim_set(m, id);
	else
		sim_clr(m, id);
	return 0;
}

static int mdev_cmd(struct sim *s, char **av, int ac, char *reply, size_t len)
{
	struct sim_mdev *m;
	bool b;

	if (ac != 4 || strcmp(av[2], "guest") || parse_bool(av[3], &b))
		return fail(reply, len, -EINVAL, "usage: mdev UUID guest 0|1");
	m = sim_mdev_find(s, av[1]);
	if (!m)
		return fail(reply, len, -ENODEV, "no mdev %s", av[1]);
	m->guest = b;
	/* QEMU closed the device: a remove waiting for it goes on */
	if (!b)
		pthread_cond_broadcast(&s->released);
	return 0;
}

/* modprobe / rmmod: "module vfio_ap|zcrypt_cex4 load|unload" */
static int module_cmd(struct sim *s, char **av, int ac, char *reply, size_t len)
{
	int rc;

	if (ac != 3 || (strcmp(av[2], "load") && strcmp(av[2], "unload")))
		return fail(reply, len, -EINVAL, "usage: module vfio_ap|zcrypt_cex4 load|unload");
	rc = sim_module_load(s, av[1], !strcmp(av[2], "load"));
	if (rc == -ENOENT && strcmp(av[1], "vfio_ap") && strcmp(av[1], "zcrypt_cex4"))
		return fail(reply, len, rc, "no module \"%s\" (vfio_ap, zcrypt_cex4)", av[1]);
	if (rc == -EEXIST)
		return fail(reply, len, rc, "module %s is already loaded", av[1]);
	if (rc == -ENOENT)
		return fail(reply, len, rc, "module %s is not loaded", av[1]);
	if (rc == -EBUSY)
		return fail(reply, len, rc, "module %s is in use (a guest holds an mdev)", av[1]);
	return rc;
}

/* "stats": what the simulator counted, one "NAME VALUE" line each */
static int stats_cmd(const struct sim *s, char *reply, size_t len)
{
	snprintf(reply + strlen(reply), len - strlen(reply),
		 "\noverruns %llu\noopses %llu\nuevents %llu\nremoves_waiting %u", s->overruns,
		 s->oopses, s->uev_sent, s->removes_waiting);
	return 0;
}

__attribute__((format(printf, 3, 4))) static void add(char *reply, size_t len, const char *fmt, ...)
{
	size_t n = strlen(reply);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(reply + n, len - n, fmt, ap);
	va_end(ap);
}

/* "show": the host as the control interface sees it, one fact per line */
static int show_cmd(const struct sim *s, char *reply, size_t len)
{
	static const char *const modes[] = { "none", "cca", "accel", "ep11" };
	char a[67], q[67], d[67];

	sim_mask_hex(&s->apmask, a);
	sim_mask_hex(&s->aqmask, q);
	add(reply, len, "\napmask %s\naqmask %s", a, q);
	sim_mask_hex(&s->usage, a);
	sim_mask_hex(&s->control, q);
	add(reply, len, "\nusage_domains %s\ncontrol_domains %s", a, q);
	for (unsigned int id = 0; id < SIM_IDS; id++) {
		const struct sim_card *c = &s->card[id];
		uint64_t hw = c->hwinfo;
		int mode = hw & HW_CCA ? 1 : hw & HW_ACCEL ? 2 : hw & HW_EP11 ? 3 : 0;

		if (!c->present)
			continue;
		add(reply, len,
		    "\ncard %02x raw_type %u type %u mode %s config %d chkstop %d online %d "
		    "hwinfo 0x%016llx",
		    id, hw_at(hw), sim_card_type(s, id), modes[mode], c->config, c->chkstop,
		    c->online, (unsigned long long)c->tapq);
	}
	for (const struct sim_mdev *m = s->mdevs; m; m = m->next) {
		sim_mask_hex(&m->apm, a);
		sim_mask_hex(&m->aqm, q);
		sim_mask_hex(&m->adm, d);
		add(reply, len, "\nmdev %s guest %d ap_config %s,%s,%s", m->uuid, m->guest, a, q,
		    d);
	}
	return 0;
}

/* Runs one command line; @reply gets the answer without newline. */
int sim_ctl_exec(struct sim *s, char *line, char *reply, size_t len)
{
	char *av[8], *save = NULL, *t;
	int ac = 0, rc;

	for (t = strtok_r(line, " \t\r\n", &save); t && ac < 8;
	     t = strtok_r(NULL, " \t\r\n", &save))
		av[ac++] = t;
	if (!ac)
		return fail(reply, len, -EINVAL, "empty command");
	snprintf(reply, len, "ok");
	pthread_mutex_lock(&s->lock);
	if (!strcmp(av[0], "card"))
		rc = card_cmd(s, av, ac, reply, len);
	else if (!strcmp(av[0], "domain") || !strcmp(av[0], "control-domain"))
		rc = domain_cmd(s, av, ac, reply, len);
	else if (!strcmp(av[0], "mdev"))
		rc = mdev_cmd(s, av, ac, reply, len);
	else if (!strcmp(av[0], "module"))
		rc = module_cmd(s, av, ac, reply, len);
	else if (!strcmp(av[0], "stats"))
		rc = ac == 1 ? stats_cmd(s, reply, len) :
			       fail(reply, len, -EINVAL, "stats takes no arguments");
	else if (!strcmp(av[0], "ping"))
		rc = 0;
	else if (!strcmp(av[0], "show"))
		rc = ac == 1 ? show_cmd(s, reply, len) :
			       fail(reply, len, -EINVAL, "show takes no arguments");
	else
		rc = fail(reply, len, -EINVAL, "unknown command \"%s\"", av[0]);
	if (!rc && strcmp(av[0], "show") && strcmp(av[0], "ping") && strcmp(av[0], "stats")) {
		s->scans++;
		sim_changed(s);
	}
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static void *ctl_thread(void *arg)
{
	struct sim *s = arg;

	for (;;) {
		char line[CTL_LINE], *reply;
		ssize_t n, got = 0;
		int fd;

		/* only the wait for a client may be cancelled, never a command */
		pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
		fd = accept(s->ctl_fd, NULL, NULL);
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			break;
		}
		while (got < (ssize_t)sizeof(line) - 1 &&
		       (n = read(fd, line + got, sizeof(line) - 1 - (size_t)got)) > 0) {
			got += n;
			if (memchr(line, '\n', (size_t)got))
				break;
		}
		line[got] = '\0';
		reply = calloc(1, CTL_REPLY);
		if (reply) {
			sim_ctl_exec(s, line, reply, CTL_REPLY - 1);
			strcat(reply, "\n");
			if (write(fd, reply, strlen(reply)) < 0)
				perror("apsim: control reply");
			free(reply);
		}
		close(fd);
	}
	return NULL;
}

int sim_ctl_start(struct sim *s, const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "control socket path too long: %s", path);
		return -ENAMETOOLONG;
	}
	strcpy(sa.sun_path, path);
	s->ctl_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->ctl_fd < 0)
		goto fail;
	unlink(path);
	if (bind(s->ctl_fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(s->ctl_fd, 8))
		goto fail;
	snprintf(s->ctl_path, sizeof(s->ctl_path), "%s", path);
	return 0;
fail:
	snprintf(err, errlen, "control socket %s: %s", path, strerror(errno));
	if (s->ctl_fd >= 0)
		close(s->ctl_fd);
	s->ctl_fd = -1;
	return -errno;
}

/* after a fork (daemon mode): serve the socket bound by sim_ctl_start() */
int sim_ctl_run(struct sim *s)
{
	if (s->ctl_fd < 0)
		return 0;
	if (pthread_create(&s->ctl_thread, NULL, ctl_thread, s))
		return -EAGAIN;
	s->ctl_running = true;
	return 0;
}

void sim_ctl_stop(struct sim *s)
{
	if (s->ctl_fd >= 0 && !s->ctl_running) {
		close(s->ctl_fd);
		unlink(s->ctl_path);
		s->ctl_fd = -1;
	}
	if (!s->ctl_running)
		return;
	shutdown(s->ctl_fd, SHUT_RDWR);
	pthread_cancel(s->ctl_thread);
	pthread_join(s->ctl_thread, NULL);
	close(s->ctl_fd);
	unlink(s->ctl_path);
	s->ctl_running = false;
}

/* apsim ctl: send argv as one line, print the reply; 0 ok, 1 error, 2 no daemon */
int sim_ctl_client(const char *path, int argc, char **argv)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char line[CTL_LINE] = "", *reply;
	ssize_t n, got = 0;
	int fd, rc;

	for (int i = 0; i < argc; i++) {
		if (strlen(line) + strlen(argv[i]) + 2 >= sizeof(line)) {
			fprintf(stderr, "apsim ctl: command too long\n");
			return 2;
		}
		strcat(line, argv[i]);
		strcat(line, i + 1 < argc ? " " : "\n");
	}
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "apsim ctl: socket path too long: %s\n", path);
		return 2;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "apsim ctl: cannot reach the simulator at %s: %s\n", path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return 2;
	}
	if (write(fd, line, strlen(line)) != (ssize_t)strlen(line)) {
		fprintf(stderr, "apsim ctl: write: %s\n", strerror(errno));
		close(fd);
		return 2;
	}
	reply = calloc(1, CTL_REPLY);
	if (!reply) {
		close(fd);
		return 2;
	}
	while (got < CTL_REPLY - 1 && (n = read(fd, reply + got, CTL_REPLY - 1 - (size_t)got)) > 0)
		got += n;
	reply[got] = '\0';
	close(fd);
	if (!strncmp(reply, "ok", 2)) {
		/* "ok" alone, or "ok" and the lines of an answer */
		fputs(reply[2] == '\n' ? reply + 3 : "", stdout);
		rc = 0;
	} else {
		fprintf(stderr, "apsim ctl: %s", got ? reply : "no reply\n");
		rc = 1;
	}
	free(reply);
	return rc;
}
