// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulator's own log (apsim --log FILE): what a kernel would have put
 * in dmesg or done wrong, for tests to read (apsim-run exports the path as
 * APSIM_LOG). Without --log the lines go to stderr.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "sim.h"

void sim_log(const struct sim *s, const char *fmt, ...)
{
	FILE *f = s->log_file ? fopen(s->log_file, "a") : stderr;
	struct timespec ts;
	va_list ap;

	if (!f)
		return;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	fprintf(f, "[%5lld.%06ld] apsim: ", (long long)ts.tv_sec, ts.tv_nsec / 1000);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	if (f != stderr)
		fclose(f);
}
