/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal TAP producer for the unit tests (Automake's tap-driver.sh
 * reads it). Every check is one numbered TAP result.
 */
#ifndef VFIO_AP_TOOLS_TAP_H
#define VFIO_AP_TOOLS_TAP_H

#include <stdbool.h>
#include <stdint.h>

bool tap_ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool tap_is_int(long long got, long long want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool tap_is_str(const char *got, const char *want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tap_skip(const char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print the plan and return the exit code for main(). */
int tap_done(void);

#endif
