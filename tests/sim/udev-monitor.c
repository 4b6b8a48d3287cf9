// SPDX-License-Identifier: GPL-2.0-only
/*
 * udev-monitor [-s udev|kernel] [-m SUBSYSTEM[:DEVTYPE]]... [-n COUNT] [-t SECONDS]
 *
 * A libudev monitor for the simulator's tests: opens
 * udev_monitor_new_from_netlink(SOURCE) (default "udev"), prints "ready"
 * once it receives, then one line per event:
 *
 *   ACTION DEVPATH KEY=VALUE...   (every property but ACTION, DEVPATH,
 *                                  SEQNUM and USEC_INITIALIZED, sorted)
 *
 * plus "devtype=..." and "driver=..." as libudev's getters see them. Exits 0
 * after COUNT events (default: never), 1 when SECONDS (default 10) pass
 * without an event, 2 on a usage or setup error.
 */
#include <libudev.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void print_event(struct udev_device *d)
{
	struct udev_list_entry *l;
	char *props[128];
	size_t n = 0;

	printf("%s %s", udev_device_get_action(d) ?: "-", udev_device_get_devpath(d) ?: "-");
	udev_list_entry_foreach(l, udev_device_get_properties_list_entry(d)) {
		const char *k = udev_list_entry_get_name(l), *v = udev_list_entry_get_value(l);
		size_t len;

		if (!strcmp(k, "ACTION") || !strcmp(k, "DEVPATH") || !strcmp(k, "SEQNUM") ||
		    !strcmp(k, "USEC_INITIALIZED") || n == 128)
			continue;
		len = strlen(k) + strlen(v ?: "") + 2;
		props[n] = malloc(len);
		if (!props[n])
			continue;
		snprintf(props[n], len, "%s=%s", k, v ?: "");
		/* one line per event: a value's newline (APMASK=) becomes "\n" */
		for (char *p = props[n]; (p = strchr(p, '\n'));)
			*p = ' ';
		n++;
	}
	qsort(props, n, sizeof(props[0]), cmp);
	for (size_t i = 0; i < n; i++) {
		printf(" %s", props[i]);
		free(props[i]);
	}
	printf(" devtype=%s driver=%s seqnum=%s\n", udev_device_get_devtype(d) ?: "-",
	       udev_device_get_driver(d) ?: "-", udev_device_get_seqnum(d) ? "yes" : "no");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *source = "udev";
	long count = -1, timeout = 10;
	struct udev_monitor *mon;
	struct udev *udev;
	int opt;

	udev = udev_new();
	if (!udev) {
		fprintf(stderr, "udev-monitor: udev_new failed\n");
		return 2;
	}
	/* the source must be known before the filters: read the options twice */
	while ((opt = getopt(argc, argv, "s:m:n:t:")) != -1) {
		if (opt == 's')
			source = optarg;
		else if (opt == 'n')
			count = atol(optarg);
		else if (opt == 't')
			timeout = atol(optarg);
		else if (opt != 'm') {
			fprintf(stderr,
				"usage: udev-monitor [-s udev|kernel] [-m SUBSYSTEM[:DEVTYPE]]... "
				"[-n COUNT] [-t SECONDS]\n");
			return 2;
		}
	}
	mon = udev_monitor_new_from_netlink(udev, source);
	if (!mon) {
		fprintf(stderr, "udev-monitor: cannot open a \"%s\" monitor\n", source);
		return 2;
	}
	optind = 1;
	while ((opt = getopt(argc, argv, "s:m:n:t:")) != -1) {
		char *sub, *dt;

		if (opt != 'm')
			continue;
		sub = strdup(optarg);
		dt = sub ? strchr(sub, ':') : NULL;
		if (dt)
			*dt++ = '\0';
		if (!sub || udev_monitor_filter_add_match_subsystem_devtype(mon, sub, dt) < 0) {
			fprintf(stderr, "udev-monitor: bad filter %s\n", optarg);
			return 2;
		}
		free(sub);
	}
	if (udev_monitor_enable_receiving(mon) < 0) {
		fprintf(stderr, "udev-monitor: cannot receive\n");
		return 2;
	}
	printf("ready\n");
	fflush(stdout);
	while (count) {
		struct pollfd p = { .fd = udev_monitor_get_fd(mon), .events = POLLIN };
		struct udev_device *d;
		int rc = poll(&p, 1, (int)(timeout * 1000));

		if (rc == 0) {
			fprintf(stderr, "udev-monitor: no event for %ld s\n", timeout);
			return 1;
		}
		if (rc < 0)
			continue;
		d = udev_monitor_receive_device(mon);
		if (!d)
			continue;
		print_event(d);
		udev_device_unref(d);
		if (count > 0)
			count--;
	}
	udev_monitor_unref(mon);
	udev_unref(udev);
	return 0;
}
