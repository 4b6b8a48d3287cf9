// SPDX-License-Identifier: GPL-2.0-only
/*
 * apsim - a FUSE file system that looks like /sys of a Linux 6.12 s390 host
 * with the AP bus, zcrypt and vfio_ap loaded. Meant to be mounted over /sys
 * in a private mount namespace (see apsim-run).
 */
#define FUSE_USE_VERSION 35
#include <errno.h>
#include <fuse.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

enum { EXIT_SYS = 1, EXIT_USAGE = 2, EXIT_BADHOST = 5 };

static void usage(FILE *f)
{
	fprintf(f, "Usage: apsim [OPTIONS] --host FILE MOUNTPOINT\n"
		   "       apsim --check FILE\n"
		   "       apsim ctl [--socket PATH] COMMAND [ARG...]\n"
		   "\n"
		   "Serve a simulated Linux 6.12 s390 AP host (AP bus, zcrypt, vfio_ap) as a\n"
		   "sysfs tree at MOUNTPOINT (normally /sys inside a private mount namespace;\n"
		   "tests/sim/apsim-run does that).\n"
		   "\n"
		   "Options:\n"
		   "  -H, --host FILE      host description (JSON, see tests/sim/README)\n"
		   "  -c, --control PATH   listen for control commands on this unix socket\n"
		   "  -s, --state FILE     keep masks, cards and mdevs in FILE across runs\n"
		   "  -p, --pidfile FILE   write the daemon's pid to FILE\n"
		   "  -l, --log FILE       the simulator's own log (default: stderr)\n"
		   "  -u, --uevents        send uevents (netlink groups 1 and 2); only in a\n"
		   "                       network namespace of its own (apsim-run does that)\n"
		   "  -f, --foreground     do not detach once mounted\n"
		   "  -d, --debug          FUSE debug output (implies -f)\n"
		   "      --check FILE     only validate a host description and exit\n"
		   "  -h, --help           this text\n"
		   "\n"
		   "Control commands (apsim ctl, socket from --socket or $APSIM_CTL):\n"
		   "  card ID config|chkstop|online 0|1   card ID hwinfo HEX\n"
		   "  card ID add [HEX]   card ID remove   domain|control-domain ID add|remove\n"
		   "  mdev UUID guest 0|1   module vfio_ap|zcrypt_cex4 load|unload\n"
		   "  show (the host, one fact per line)   stats   ping\n"
		   "\n"
		   "Exit status: 0 ok, 1 system error (mount failed), 2 usage error,\n"
		   "5 invalid host description or state file.\n");
}

static int ctl_main(int argc, char **argv)
{
	const char *sock = getenv("APSIM_CTL");
	int i = 1;

	if (argc > 2 && !strcmp(argv[1], "--socket")) {
		sock = argv[2];
		i = 3;
	}
	if (!sock || !*sock || i >= argc) {
		fprintf(stderr, "apsim ctl: need a command and --socket PATH or $APSIM_CTL\n");
		return EXIT_USAGE;
	}
	return sim_ctl_client(sock, argc - i, argv + i);
}

/*
 * apsim-run's network namespace is new: bring its loopback up so that
 * commands inside can still talk to 127.0.0.1 (nothing else is reachable).
 */
static void loopback_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (!ioctl(fd, SIOCGIFFLAGS, &ifr) && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr))
			fprintf(stderr, "apsim: cannot bring lo up: %s\n", strerror(errno));
	}
	close(fd);
}

static int write_pidfile(const char *file)
{
	FILE *f = fopen(file, "w");

	if (!f)
		return -errno;
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f) ? -errno : 0;
}

/*
 * Mount: with allow_other, so that processes of other users in the namespace
 * can read it like sysfs; without it if the mount refuses the option (an
 * unprivileged mount through fusermount3 without user_allow_other).
 */
static struct fuse *mount_fs(struct sim *s, const char *mnt, bool debug)
{
	static const char *const opts[] = {
		"-ofsname=apsim,subtype=apsim,default_permissions,allow_other",
		"-ofsname=apsim,subtype=apsim,default_permissions",
	};

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
		struct fuse *f = NULL;

		if (!fuse_opt_add_arg(&args, "apsim") && !fuse_opt_add_arg(&args, opts[i]) &&
		    (!debug || !fuse_opt_add_arg(&args, "-d")))
			f = fuse_new(&args, &sim_fs_ops, sizeof(sim_fs_ops), s);
		fuse_opt_free_args(&args);
		if (!f)
			return NULL;
		if (!fuse_mount(f, mnt))
			return f;
		fuse_destroy(f);
	}
	fprintf(stderr, "apsim: cannot mount on %s\n", mnt);
	return NULL;
}

static int serve(struct sim *s, const char *mnt, bool fg, bool debug, const char *pidfile)
{
	struct fuse_session *se;
	struct fuse *f;
	int rc = EXIT_SYS;

	f = mount_fs(s, mnt, debug);
	if (!f)
		return EXIT_SYS;
	se = fuse_get_session(f);
	if (fuse_set_signal_handlers(se))
		goto out_unmount;
	if (fuse_daemonize(fg || debug))
		goto out_signals;
	if (pidfile && write_pidfile(pidfile))
		fprintf(stderr, "apsim: cannot write %s\n", pidfile);
	if (sim_ctl_run(s)) {
		fprintf(stderr, "apsim: cannot start the control thread\n");
		goto out_signals;
	}
	/*
	 * Several threads: a remove store may wait for a guest to let go
	 * (like the kernel's) while other requests are served. The model is
	 * behind s->lock, so the threads take turns anyway.
	 */
	{
		struct fuse_loop_config cfg = { .clone_fd = 0, .max_idle_threads = 4 };

		rc = fuse_loop_mt(f, &cfg) < 0 ? EXIT_SYS : 0;
	}
	sim_ctl_stop(s);
out_signals:
	fuse_remove_signal_handlers(se);
out_unmount:
	fuse_unmount(f);
	fuse_destroy(f);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "control", required_argument, NULL, 'c' },
		{ "state", required_argument, NULL, 's' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "log", required_argument, NULL, 'l' },
		{ "uevents", no_argument, NULL, 'u' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "debug", no_argument, NULL, 'd' },
		{ "check", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *host = NULL, *control = NULL, *pidfile = NULL, *check = NULL;
	bool fg = false, debug = false, uevents = false;
	struct sim s;
	char err[512];
	int c, rc;

	if (argc > 1 && !strcmp(argv[1], "ctl"))
		return ctl_main(argc - 1, argv + 1);
	memset(&s, 0, sizeof(s));
	s.ctl_fd = -1;
	s.uev_fd = -1;
	while ((c = getopt_long(argc, argv, "H:c:s:p:l:ufdh", opts, NULL)) != -1) {
		switch (c) {
		case 'H':
			host = optarg;
			break;
		case 'c':
			control = optarg;
			break;
		case 's':
			free(s.state_file);
			s.state_file = strdup(optarg);
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'l':
			free(s.log_file);
			s.log_file = strdup(optarg);
			break;
		case 'u':
			uevents = true;
			break;
		case 'f':
			fg = true;
			break;
		case 'd':
			debug = true;
			break;
		case 'C':
			check = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (check) {
		rc = sim_load_host(&s, check, err, sizeof(err));
		if (rc)
			fprintf(stderr, "apsim: %s\n", err);
		sim_free(&s);
		return rc ? EXIT_BADHOST : 0;
	}
	if (!host || optind != argc - 1) {
		fprintf(stderr, "apsim: need --host FILE and one MOUNTPOINT (see --help)\n");
		free(s.state_file);
		free(s.log_file);
		return EXIT_USAGE;
	}
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.released, NULL);
	s.mount_time = (long)time(NULL);
	rc = sim_load_host(&s, host, err, sizeof(err));
	if (!rc)
		rc = sim_state_load(&s, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "apsim: %s\n", err);
		sim_free(&s);
		return EXIT_BADHOST;
	}
	rc = sim_uevent_init(&s);
	if (!rc && uevents) {
		loopback_up();
		rc = sim_uevent_open(&s);
	}
	if (rc) {
		fprintf(stderr, "apsim: cannot open the uevent socket: %s\n", strerror(-rc));
		sim_free(&s);
		return EXIT_SYS;
	}
	if (control && sim_ctl_start(&s, control, err, sizeof(err))) {
		fprintf(stderr, "apsim: %s\n", err);
		sim_free(&s);
		return EXIT_SYS;
	}
	rc = serve(&s, argv[optind], fg, debug, pidfile);
	sim_ctl_stop(&s);
	sim_free(&s);
	return rc;
}
