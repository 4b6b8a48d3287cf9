// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl monitor: AP bus and matrix device events as they happen,
 * from a libudev monitor ("udev" netlink source: the events after udevd
 * has processed them, as udevadm monitor --udev shows them), one line each.
 *
 * It ends cleanly, with exit 0, on SIGINT, SIGTERM or SIGHUP (a signalfd,
 * no handler and no global state) and when standard output is a pipe whose
 * reader has gone (poll() reports POLLERR on it, or a write fails with
 * EPIPE: SIGPIPE is blocked). Lines are written with write(2), one per
 * event, so a reader sees each as soon as it happens.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libudev.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "ctl.h"
#include "ctl_util.h"
#include "monitor_event.h"

static const char monitor_usage[] =
	"Usage: vfio-ap-ctl monitor [-j]\n"
	"\n"
	"Print the AP bus and matrix device events as they happen, one line each\n"
	"with a timestamp: cards and queues added, removed, configured,\n"
	"deconfigured, set online or offline, bound to and unbound from their\n"
	"drivers, AP bus mask changes, mdevs created and removed. It says on\n"
	"standard error when it listens, and ends with Ctrl-C (SIGINT), SIGTERM,\n"
	"or when the reader of its output goes away.\n"
	"\n"
	"Options:\n"
	"  -j, --json   one JSON object per line\n"
	"  -h, --help   print this help and exit\n";

enum mon_end { MON_GO_ON, MON_END_OK, MON_END_FAIL };

/* Write all of @buf to stdout. MON_END_OK when the reader has gone. */
static enum mon_end put(const struct ctl_ctx *ctx, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(STDOUT_FILENO, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE)
			return MON_END_OK;
		if (n < 0) {
			ctl_err(ctx, "monitor: cannot write standard output: %s", strerror(errno));
			return MON_END_FAIL;
		}
		buf += n;
		len -= (size_t)n;
	}
	return MON_GO_ON;
}

static enum mon_end drain(const struct ctl_ctx *ctx, struct udev_monitor *mon)
{
	char line[8192];

	for (;;) {
		struct udev_device *dev;
		struct timespec now;
		enum mon_end e;
		int n;

		errno = 0;
		dev = udev_monitor_receive_device(mon);
		if (!dev && errno == ENOBUFS) {
			/* a burst larger than the socket buffer: the kernel dropped some */
			ctl_err(ctx, "monitor: events were lost (receive buffer overflow)");
			continue;
		}
		if (!dev)
			return MON_GO_ON; /* nothing more queued */
		clock_gettime(CLOCK_REALTIME, &now);
		n = monitor_event_format(dev, &now, ctx->json, line, sizeof(line));
		udev_device_unref(dev);
		if (n == -ENOSPC)
			continue; /* cannot happen with the kernel's few short properties */
		if (n < 0) {
			ctl_err(ctx, "monitor: %s", strerror(-n));
			return MON_END_FAIL;
		}
		e = put(ctx, line, (size_t)n);
		if (e != MON_GO_ON)
			return e;
	}
}

static struct udev_monitor *open_monitor(const struct ctl_ctx *ctx, struct udev *udev)
{
	struct udev_monitor *mon = udev_monitor_new_from_netlink(udev, "udev");
	size_t i;

	if (!mon) {
		ctl_err(ctx, "monitor: cannot open a udev monitor: %s",
			strerror(errno ? errno : EIO));
		return NULL;
	}
	for (i = 0; monitor_subsystems[i]; i++) {
		if (udev_monitor_filter_add_match_subsystem_devtype(mon, monitor_subsystems[i],
								    NULL) < 0)
			goto fail;
	}
	/*
	 * A change of the bus masks on a big host is two events per queue:
	 * 65536 queues need far more than the default socket buffer (udevadm
	 * monitor asks for the same 128 MiB).
	 */
	udev_monitor_set_receive_buffer_size(mon, 128 * 1024 * 1024);
	if (udev_monitor_enable_receiving(mon) < 0)
		goto fail;
	return mon;
fail:
	ctl_err(ctx, "monitor: cannot receive udev events: %s", strerror(errno ? errno : EIO));
	udev_monitor_unref(mon);
	return NULL;
}

static int monitor_loop(const struct ctl_ctx *ctx, struct udev_monitor *mon, int sfd)
{
	struct pollfd p[3] = {
		{ .fd = udev_monitor_get_fd(mon), .events = POLLIN },
		{ .fd = sfd, .events = POLLIN },
		{ .fd = STDOUT_FILENO, .events = 0 }, /* POLLERR: a pipe without reader */
	};

	for (;;) {
		enum mon_end e;

		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			ctl_err(ctx, "monitor: poll: %s", strerror(errno));
			return CTL_EXIT_FAILURE;
		}
		if (p[0].revents) {
			e = drain(ctx, mon);
			if (e != MON_GO_ON)
				return e == MON_END_OK ? CTL_EXIT_OK : CTL_EXIT_FAILURE;
		}
		if (p[1].revents) {
			struct signalfd_siginfo si;

			/* taken, so that it is not delivered later */
			if (read(sfd, &si, sizeof(si)) < 0 && errno != EAGAIN)
				ctl_err(ctx, "monitor: signalfd: %s", strerror(errno));
			return CTL_EXIT_OK;
		}
		if (p[2].revents & (POLLERR | POLLHUP))
			return CTL_EXIT_OK;
	}
}

static int monitor_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	struct udev_monitor *mon;
	struct udev *udev;
	sigset_t sigs;
	bool help;
	int rc, sfd;

	rc = ctl_json_opts(ctx, "monitor", monitor_usage, argc, argv, &help);
	if (rc || help)
		return rc;
	if (optind < argc)
		return ctl_usage_err(ctx, "monitor", "unexpected argument '%s'", argv[optind]);
	/* nowhere to print to: say so now, not at the first event */
	if (fcntl(STDOUT_FILENO, F_GETFL) < 0) {
		ctl_err(ctx, "monitor: cannot write standard output: %s", strerror(errno));
		return CTL_EXIT_FAILURE;
	}
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	sigaddset(&sigs, SIGPIPE);
	/*
	 * Blocked until the process ends: a SIGPIPE left pending by a failed
	 * write would kill it if they were unblocked again.
	 */
	if (sigprocmask(SIG_BLOCK, &sigs, NULL)) {
		ctl_err(ctx, "monitor: %s", strerror(errno));
		return CTL_EXIT_FAILURE;
	}
	sigdelset(&sigs, SIGPIPE); /* blocked only: a write says EPIPE instead */
	sfd = signalfd(-1, &sigs, SFD_CLOEXEC);
	if (sfd < 0) {
		ctl_err(ctx, "monitor: signalfd: %s", strerror(errno));
		return CTL_EXIT_FAILURE;
	}
	rc = CTL_EXIT_FAILURE;
	udev = udev_new();
	if (!udev) {
		ctl_err(ctx, "monitor: cannot use libudev: %s", strerror(errno ? errno : ENOMEM));
		goto out;
	}
	mon = open_monitor(ctx, udev);
	if (mon) {
		fprintf(stderr, "%s: monitor: listening for AP bus and matrix device events\n",
			ctx->prog);
		rc = monitor_loop(ctx, mon, sfd);
		udev_monitor_unref(mon);
	}
	udev_unref(udev);
out:
	close(sfd);
	return rc;
}

const struct ctl_cmd ctl_cmd_monitor = {
	.name = "monitor",
	.run = monitor_run,
	.summary = "print AP bus and matrix device events as they happen",
};
