// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

static struct {
	unsigned int run;
	unsigned int failed;
} tap;

static bool __attribute__((format(printf, 3, 0)))
result(bool cond, const char *directive, const char *fmt, va_list ap)
{
	tap.run++;
	if (!cond)
		tap.failed++;
	printf("%sok %u - ", cond ? "" : "not ", tap.run);
	vprintf(fmt, ap);
	if (directive)
		printf(" # %s", directive);
	putchar('\n');
	fflush(stdout);
	return cond;
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	result(cond, NULL, fmt, ap);
	va_end(ap);
	return cond;
}

bool tap_is_int(long long got, long long want, const char *fmt, ...)
{
	va_list ap;
	bool ok = got == want;

	va_start(ap, fmt);
	result(ok, NULL, fmt, ap);
	va_end(ap);
	if (!ok)
		printf("#   got %lld, want %lld\n", got, want);
	return ok;
}

bool tap_is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	bool ok = got && want && !strcmp(got, want);

	va_start(ap, fmt);
	result(ok, NULL, fmt, ap);
	va_end(ap);
	if (!ok)
		printf("#   got '%s', want '%s'\n", got ? got : "(null)", want ? want : "(null)");
	return ok;
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void tap_skip(const char *why, const char *fmt, ...)
{
	char directive[256];
	va_list ap;

	snprintf(directive, sizeof(directive), "SKIP %s", why);
	va_start(ap, fmt);
	tap.run++;
	printf("ok %u - ", tap.run);
	vprintf(fmt, ap);
	printf(" # %s\n", directive);
	va_end(ap);
}

int tap_done(void)
{
	printf("1..%u\n", tap.run);
	return tap.failed ? 1 : 0;
}
