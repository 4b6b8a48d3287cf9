// SPDX-License-Identifier: GPL-2.0-only
/*
 * sysfs-write [-n] FILE STRING: open FILE write-only and write STRING (plus a
 * newline unless -n) with one write(2), as "echo STRING > FILE" does. Prints
 * "ok", or the errno name of the failing open/write (EINVAL, ENODEV, ...),
 * on stdout; exit 0 for ok, 1 for an errno, 2 for a usage error. Lets the
 * simulator tests check the exact errno a store returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
	int err;
	const char *name;
} names[] = {
	{ EINVAL, "EINVAL" },	      { ENODEV, "ENODEV" }, { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
	{ EADDRINUSE, "EADDRINUSE" }, { EBUSY, "EBUSY" },   { EEXIST, "EEXIST" },
	{ ERANGE, "ERANGE" },	      { EACCES, "EACCES" }, { ENOENT, "ENOENT" },
	{ EUSERS, "EUSERS" },	      { E2BIG, "E2BIG" },   { EIO, "EIO" },
	{ EPERM, "EPERM" },	      { EISDIR, "EISDIR" }, { ENOTDIR, "ENOTDIR" },
};

static void report(int err)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].err == err) {
			puts(names[i].name);
			return;
		}
	}
	printf("errno %d\n", err);
}

int main(int argc, char **argv)
{
	int newline = 1, fd, i = 1;
	size_t len;
	ssize_t n;
	char *buf;

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		newline = 0;
		i++;
	}
	if (argc - i != 2) {
		fprintf(stderr, "usage: sysfs-write [-n] FILE STRING\n");
		return 2;
	}
	len = strlen(argv[i + 1]);
	buf = malloc(len + 2);
	if (!buf)
		return 2;
	memcpy(buf, argv[i + 1], len);
	if (newline)
		buf[len++] = '\n';
	fd = open(argv[i], O_WRONLY | O_TRUNC);
	if (fd < 0) {
		report(errno);
		free(buf);
		return 1;
	}
	n = write(fd, buf, len);
	if (n < 0)
		report(errno);
	else if ((size_t)n != len)
		printf("short write %zd of %zu\n", n, len);
	else
		puts("ok");
	close(fd);
	free(buf);
	return n < 0 || (size_t)n != len;
}
