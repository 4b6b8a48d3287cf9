/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * For the unit tests of the checks: all problem lines of a list joined
 * with '|', as one string to compare.
 */
#ifndef VFIO_AP_TOOLS_TEST_PROBLEM_LINES_H
#define VFIO_AP_TOOLS_TEST_PROBLEM_LINES_H

#include <stdio.h>
#include <string.h>

#include "ap_conflict.h"

static inline char *lines(const struct ap_problems *p)
{
	static char buf[8192];
	char line[256];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < p->n; i++) {
		if (ap_problem_format(&p->v[i], line, sizeof(line)) < 0)
			snprintf(line, sizeof(line), "<format error>");
		if (i)
			strncat(buf, "|", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, line, sizeof(buf) - strlen(buf) - 1);
	}
	return buf;
}

#endif
