// SPDX-License-Identifier: GPL-2.0-only
/*
 * Other callouts in mdevctl's callout directories.
 */
#include <stdio.h>
#include <unistd.h>

#include "ap_callouts.h"

bool ap_callouts_have_ap_check(char *path, size_t len)
{
	static const char *const where[] = {
		MDEVCTL_CALLOUTS_LIB "/ap-check",
		MDEVCTL_CALLOUTS_LIB "/ap-check.sh",
		MDEVCTL_CALLOUTS_ETC "/ap-check",
		MDEVCTL_CALLOUTS_ETC "/ap-check.sh",
	};
	size_t i;

	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		if (!access(where[i], X_OK)) {
			snprintf(path, len, "%s", where[i]);
			return true;
		}
	}
	return false;
}
