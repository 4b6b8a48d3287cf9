// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests: host ownership with driver_override (Linux 6.19+) against a
 * fake sysfs tree. The test enters a private mount namespace (and a user
 * namespace when not root), mounts a tmpfs over /sys and writes there the
 * AP bus masks, the queue directories with their driver links and
 * driver_override attributes, and the driver directories, as 6.12 and
 * 7.3 show them. Then the library reads that tree as it reads a real one.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ap_env.h"
#include "ap_host.h"
#include "problem-lines.h"
#include "tap.h"

#define FULL "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f)) {
		printf("Bail out! cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static void mkdir_p(const char *path)
{
	char buf[256], *p;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST) {
		printf("Bail out! cannot create %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static void write_map(const char *file, const char *text)
{
	int fd = open(file, O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0)
			(void)0; /* the mount below tells whether it worked */
		close(fd);
	}
}

/*
 * A private /sys; false (with the reason in @why) where namespaces are not
 * allowed. *@all: every mount is private, not only /sys.
 */
static bool private_sys(bool *all, char *why, size_t len)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	char map[64];

	if (unshare(uid ? CLONE_NEWUSER | CLONE_NEWNS : CLONE_NEWNS)) {
		snprintf(why, len, "unshare: %s", strerror(errno));
		return false;
	}
	if (uid) {
		write_map("/proc/self/setgroups", "deny");
		snprintf(map, sizeof(map), "0 %u 1", (unsigned int)uid);
		write_map("/proc/self/uid_map", map);
		snprintf(map, sizeof(map), "0 %u 1", (unsigned int)gid);
		write_map("/proc/self/gid_map", map);
	}
	/* where / is no mount point (a chroot) this fails; /sys is made private then */
	*all = !mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	if (!*all && mount(NULL, "/sys", NULL, MS_REC | MS_PRIVATE, NULL)) {
		snprintf(why, len, "cannot make the mounts private: %s", strerror(errno));
		return false;
	}
	if (mount("tmpfs", "/sys", "tmpfs", 0, "mode=0755")) {
		snprintf(why, len, "cannot mount a tmpfs over /sys: %s", strerror(errno));
		return false;
	}
	return true;
}

/* An empty AP bus with the masks @apmask and @aqmask. */
static void fake_bus(const char *apmask, const char *aqmask)
{
	char buf[128];

	umount2("/sys", MNT_DETACH);
	if (mount("tmpfs", "/sys", "tmpfs", 0, "mode=0755")) {
		printf("Bail out! cannot mount a tmpfs over /sys: %s\n", strerror(errno));
		exit(1);
	}
	mkdir_p("/sys/bus/ap/drivers/cex4queue");
	mkdir_p("/sys/bus/ap/drivers/vfio_ap");
	mkdir_p("/sys/devices/ap");
	snprintf(buf, sizeof(buf), "%s\n", apmask);
	put("/sys/bus/ap/apmask", buf);
	snprintf(buf, sizeof(buf), "%s\n", aqmask);
	put("/sys/bus/ap/aqmask", buf);
}

/*
 * Queue @a.@d bound to @drv ("" none); @ovr: NULL no driver_override
 * attribute (6.12), else its value ("" unset: the kernel prints "\n").
 */
static void fake_queue(unsigned int a, unsigned int d, const char *drv, const char *ovr)
{
	char dir[128], path[192], target[192], buf[64];

	snprintf(dir, sizeof(dir), "/sys/devices/ap/card%02x/%02x.%04x", a, a, d);
	mkdir_p(dir);
	snprintf(path, sizeof(path), "%s/online", dir);
	put(path, "1\n");
	if (*drv) {
		snprintf(path, sizeof(path), "%s/driver", dir);
		snprintf(target, sizeof(target), "../../../../bus/ap/drivers/%s", drv);
		if (symlink(target, path))
			exit(1);
		snprintf(path, sizeof(path), "/sys/bus/ap/drivers/%s/%02x.%04x", drv, a, d);
		snprintf(target, sizeof(target), "../../../../devices/ap/card%02x/%02x.%04x", a, a,
			 d);
		if (symlink(target, path))
			exit(1);
	}
	if (ovr) {
		snprintf(path, sizeof(path), "%s/driver_override", dir);
		snprintf(buf, sizeof(buf), "%s\n", ovr);
		put(path, buf);
	}
}

static void read_host(struct ap_host *h)
{
	char err[256] = "";

	if (ap_host_read(h, AP_HOST_NO_FEATURES, err, sizeof(err))) {
		printf("Bail out! ap_host_read: %s\n", err);
		exit(1);
	}
}

/* Linux 6.12: no driver_override; the masks decide, as before. */
static void linux_6_12(void)
{
	struct ap_host h;

	fake_bus(FULL, FULL);
	fake_queue(3, 5, "cex4queue", NULL);
	fake_queue(3, 6, "cex4queue", NULL);
	fake_queue(4, 5, "", NULL);
	read_host(&h);
	tap_is_int(ap_host_read_overrides(&h, NULL), 0, "6.12: read the overrides");
	tap_is_int(h.driver_override, 0, "6.12: the queues have no driver_override");
	tap_ok(!h.released, "6.12: nothing released");
	tap_ok(ap_host_apqn_host_owned(&h, 3, 5) && ap_host_apqn_host_owned(&h, 4, 5) &&
		       ap_host_apqn_host_owned(&h, 9, 9),
	       "6.12: apmask x aqmask decides (bound, unbound, no queue)");
	ap_host_free(&h);
}

/*
 * 7.3 with the masks all ones (driver_override can be used), one queue of
 * each kind ap_owned_by_def_drv() tells apart.
 */
static void override_tree(void)
{
	fake_bus(FULL, FULL);
	fake_queue(3, 5, "cex4queue", ""); /* unset: the masks: host */
	fake_queue(3, 6, "vfio_ap", "vfio_ap"); /* given to vfio_ap */
	fake_queue(3, 7, "cex4queue", "vfio_ap"); /* set, not rebound yet: host */
	fake_queue(4, 5, "", "cex4queue"); /* set, bound to nothing: not host */
	fake_queue(4, 6, "", ""); /* unset, unbound: the masks: host */
}

static void linux_7_3(void)
{
	struct ap_apqn_set *which = calloc(1, sizeof(*which));
	struct ap_host h;

	if (!which)
		exit(1);
	override_tree();
	read_host(&h);
	tap_is_int(ap_host_read_overrides(&h, NULL), 0, "7.3: read the overrides");
	tap_is_int(h.driver_override, 1, "7.3: the queues have driver_override");
	tap_is_int((long long)h.n_released, 2, "7.3: two APQNs released");
	tap_ok(ap_host_apqn_host_owned(&h, 3, 5), "override unset, bound to cex4queue: host");
	tap_ok(!ap_host_apqn_host_owned(&h, 3, 6), "override vfio_ap, bound to vfio_ap: not host");
	tap_ok(ap_host_apqn_host_owned(&h, 3, 7),
	       "override vfio_ap, still bound to cex4queue: host (as the kernel decides)");
	tap_ok(!ap_host_apqn_host_owned(&h, 4, 5), "override set, bound to no driver: not host");
	tap_ok(ap_host_apqn_host_owned(&h, 4, 6), "override unset, unbound: host by the masks");
	tap_ok(ap_host_apqn_host_owned(&h, 5, 5), "no such queue: host by the masks");

	/* only the queues asked about are read */
	ap_apqn_set_zero(which);
	ap_mask_set(&which->row[3], 5);
	ap_mask_set(&which->row[3], 6);
	ap_mask_set(&which->apm, 3);
	ap_mask_set(&which->aqm, 5);
	ap_mask_set(&which->aqm, 6);
	tap_is_int(ap_host_read_overrides(&h, which), 0, "read the overrides of 03.0005-0006");
	tap_is_int((long long)h.n_released, 1, "... one released (03.0006)");
	tap_ok(ap_host_apqn_host_owned(&h, 4, 5), "... 04.0005 was not asked about: the masks");
	ap_host_free(&h);
	free(which);
}

/*
 * Every queue bound (/sys/bus/ap/bindings "N/N"): only the non-default
 * drivers' listings are read, not every card's.
 */
static void all_bound(void)
{
	struct ap_host h;

	fake_bus(FULL, FULL);
	fake_queue(3, 5, "cex4queue", "");
	fake_queue(3, 6, "vfio_ap", "vfio_ap");
	fake_queue(3, 7, "cex4queue", "vfio_ap");
	put("/sys/bus/ap/bindings", "3/3 (complete)\n");
	read_host(&h);
	tap_is_int(ap_host_read_overrides(&h, NULL), 0, "all bound: read the overrides");
	tap_is_int((long long)h.n_released, 1, "all bound: 03.0006 released");
	tap_ok(!ap_host_apqn_host_owned(&h, 3, 6) && ap_host_apqn_host_owned(&h, 3, 7) &&
		       ap_host_apqn_host_owned(&h, 3, 5),
	       "all bound: 03.0006 not host, 03.0005 and 03.0007 host");
	ap_host_free(&h);
	/* a queue vfio_ap has, on a kernel without driver_override: nothing released */
	fake_bus(FULL, FULL);
	fake_queue(3, 6, "vfio_ap", NULL);
	put("/sys/bus/ap/bindings", "1/1 (complete)\n");
	read_host(&h);
	tap_is_int(ap_host_read_overrides(&h, NULL), 0, "all bound, 6.12: read the overrides");
	tap_is_int(h.driver_override, 0, "all bound, 6.12: no driver_override");
	tap_ok(!h.released && ap_host_apqn_host_owned(&h, 3, 6),
	       "all bound, 6.12: the masks decide");
	ap_host_free(&h);
}

/* apmask in use: the kernel allows no override then, so none is read. */
static void masks_in_use(void)
{
	struct ap_host h;

	override_tree();
	put("/sys/bus/ap/apmask",
	    "0xefffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\n");
	read_host(&h);
	tap_is_int(ap_host_read_overrides(&h, NULL), 0, "masks in use: read the overrides");
	tap_is_int(h.driver_override, -1, "masks in use: driver_override not looked at");
	tap_ok(!h.released, "masks in use: nothing released");
	tap_ok(!ap_host_apqn_host_owned(&h, 3, 6) && !ap_host_apqn_host_owned(&h, 3, 5) &&
		       ap_host_apqn_host_owned(&h, 4, 5),
	       "masks in use: apmask x aqmask decides (adapter 03 is not in apmask)");
	ap_host_free(&h);
}

#define CFG(attrs) \
	"{\"mdev_type\":\"vfio_ap-passthrough\",\"start\":\"manual\",\"attrs\":[" attrs "]}"

/* The checks of the callout and the tool: released APQNs are not refused as host-owned. */
static void checks(void)
{
	static const char json[] = CFG("{\"assign_adapter\":\"3\"},{\"assign_domain\":\"5\"},"
				       "{\"assign_domain\":\"6\"},{\"assign_domain\":\"7\"}");
	struct ap_problems all = { 0 }, err = { 0 }, warn = { 0 };
	struct mdev_config cfg;
	struct ap_matrix m;
	struct ap_host h;
	struct ap_env env;
	char msg[256];

	override_tree();
	read_host(&h);
	if (mdev_config_parse(json, strlen(json), &cfg, msg, sizeof(msg))) {
		printf("Bail out! %s\n", msg);
		exit(1);
	}
	/* the callout: only the queues of the definition */
	tap_is_int(ap_env_read_overrides(&h, &cfg, NULL), 0, "callout: read the overrides");
	tap_is_int((long long)h.n_released, 1, "callout: 03.0006 released");
	tap_is_int(ap_env_build(&env, &h, AP_CHECK_START, false, NULL, NULL, msg, sizeof(msg)), 0,
		   "build the start environment");
	tap_ok(ap_check_config(&env.check, &cfg, &all, NULL) >= 0, "check the definition");
	tap_is_int(ap_problems_classify(AP_CHECK_START, &all, &err, &warn), 0, "classify");
	tap_is_str(
		lines(&err),
		"APQN 03.0005 is reserved for the host by the active AP bus masks (apmask/aqmask)|"
		"APQN 03.0007 is reserved for the host by the active AP bus masks (apmask/aqmask)",
		"start refuses 03.0005 and 03.0007, not 03.0006 (driver_override vfio_ap)");
	ap_problems_free(&all);
	ap_problems_free(&err);
	ap_problems_free(&warn);
	ap_env_free(&env);

	/* the tool: every queue not bound to a default driver; a matrix */
	tap_is_int(ap_host_read_overrides(&h, NULL), 0, "tool: read the overrides");
	ap_matrix_zero(&m);
	ap_mask_set(&m.apm, 4);
	ap_mask_set(&m.aqm, 5);
	ap_mask_set(&m.aqm, 6);
	tap_is_int(ap_env_build(&env, &h, AP_CHECK_START, false, NULL, NULL, msg, sizeof(msg)), 0,
		   "build the start environment");
	tap_ok(ap_check_matrix(&env.check, &m, &all) >= 0, "check adapter 04 x domains 05-06");
	tap_is_int(ap_problems_classify(AP_CHECK_START, &all, &err, &warn), 0, "classify");
	tap_is_str(
		lines(&err),
		"APQN 04.0006 is reserved for the host by the active AP bus masks (apmask/aqmask)",
		"start refuses 04.0006, not 04.0005 (driver_override set, unbound)");
	ap_problems_free(&all);
	ap_problems_free(&err);
	ap_problems_free(&warn);
	ap_env_free(&env);
	mdev_config_free(&cfg);
	ap_host_free(&h);
}

/*
 * An auto-start definition: without persistent masks the active state,
 * driver_override included, stands in for the next boot's; masks from
 * 41-ap.rules decide alone.
 */
static void persistent(bool all_private)
{
	struct ap_problems all = { 0 }, err = { 0 }, warn = { 0 };
	struct mdev_config_set none = { 0 };
	struct ap_matrix m;
	struct ap_host h;
	struct ap_env env;
	char msg[256];

	/* a private, empty /etc/udev/rules.d (the host's own stays untouched) */
	if (!all_private) {
		tap_skip("/ is not private here", "persistent: a mount could reach the host");
		return;
	}
	if (mount("tmpfs", "/etc/udev/rules.d", "tmpfs", 0, "mode=0755")) {
		tap_skip("no private /etc/udev/rules.d", "persistent: %s", strerror(errno));
		return;
	}
	override_tree();
	read_host(&h);
	tap_is_int(ap_host_read_overrides(&h, NULL), 0, "persistent: read the overrides");
	ap_matrix_zero(&m);
	ap_mask_set(&m.apm, 3);
	ap_mask_set(&m.aqm, 5);
	ap_mask_set(&m.aqm, 6);
	tap_is_int(ap_env_build(&env, &h, AP_CHECK_DEFINE, true, NULL, &none, msg, sizeof(msg)), 0,
		   "persistent, no rules file: build the define environment");
	tap_ok(ap_check_matrix(&env.check, &m, &all) >= 0, "check 03.0005-0006 for auto-start");
	tap_is_int(ap_problems_classify(AP_CHECK_DEFINE, &all, &err, &warn), 0, "classify");
	tap_is_str(lines(&err),
		   "APQN 03.0005 is reserved for the host by the AP bus masks (apmask/aqmask; no "
		   "persistent masks set)",
		   "no rules file: 03.0005 refused, 03.0006 (driver_override) not");
	ap_problems_free(&all);
	ap_problems_free(&err);
	ap_problems_free(&warn);
	ap_env_free(&env);

	put(AP_PERSISTENT_RULES, "ACTION==\"add\", SUBSYSTEM==\"ap\", KERNEL==\"ap0\", "
				 "ATTR{../../bus/ap/apmask}=\"" FULL "\"\n");
	tap_is_int(ap_env_build(&env, &h, AP_CHECK_DEFINE, true, NULL, &none, msg, sizeof(msg)), 0,
		   "persistent masks in the rules file: build the define environment");
	tap_ok(ap_check_matrix(&env.check, &m, &all) >= 0, "check 03.0005-0006 for auto-start");
	tap_is_int(ap_problems_classify(AP_CHECK_DEFINE, &all, &err, &warn), 0, "classify");
	tap_is_int((long long)err.n, 2,
		   "rules file masks: both refused (no persistent driver_override is read)");
	ap_problems_free(&all);
	ap_problems_free(&err);
	ap_problems_free(&warn);
	ap_env_free(&env);
	umount2("/etc/udev/rules.d", MNT_DETACH);
	ap_host_free(&h);
}

int main(void)
{
	bool all_private;
	char why[256];

	if (!private_sys(&all_private, why, sizeof(why))) {
		printf("1..0 # SKIP no private /sys for a fake sysfs tree (%s)\n", why);
		return 0;
	}
	linux_6_12();
	linux_7_3();
	all_bound();
	masks_in_use();
	checks();
	persistent(all_private);
	return tap_done();
}
