// SPDX-License-Identifier: GPL-2.0
/*
 * Tiny /init for the s390x boot test: mount /proc, /sys and /dev, load
 * each module named on the kernel command line (modules=a.ko,b.ko) from
 * /lib/modules, print one "LOAD <name> <errno>" line per module and power
 * off. Built with s390x-linux-gnu-gcc -static.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

static void load(const char *name)
{
	char path[256];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/lib/modules/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		err = errno;
	else if (syscall(SYS_finit_module, fd, "", 0))
		err = errno;
	if (fd >= 0)
		close(fd);
	printf("LOAD %s %d (%s)\n", name, err, strerror(err));
	fflush(stdout);
}

int main(void)
{
	char buf[4096], *p, *tok;
	ssize_t n;
	int fd;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);

	fd = open("/proc/cmdline", O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	buf[n > 0 ? n : 0] = '\0';
	p = strstr(buf, "modules=");
	if (p) {
		p += strlen("modules=");
		p[strcspn(p, " \n")] = '\0';
		for (tok = strtok(p, ","); tok; tok = strtok(NULL, ","))
			load(tok);
	}
	printf("INIT DONE\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
