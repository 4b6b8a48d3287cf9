/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where mdevctl looks for callouts, and whether s390-tools' ap-check, the
 * other callout for vfio_ap-passthrough devices, is installed there too
 * (mdevctl uses only the first callout that claims a device type).
 */
#ifndef VFIO_AP_TOOLS_AP_CALLOUTS_H
#define VFIO_AP_TOOLS_AP_CALLOUTS_H

#include <stdbool.h>
#include <stddef.h>

/* mdevctl >= 1.3.0 searches the first, then the second; 1.2.0 only the second */
#define MDEVCTL_CALLOUTS_LIB "/usr/lib/mdevctl/scripts.d/callouts"
#define MDEVCTL_CALLOUTS_ETC "/etc/mdevctl.d/scripts.d/callouts"

/*
 * Is s390-tools' ap-check installed in one of mdevctl's callout
 * directories (as "ap-check" or its 1.2.0 wrapper "ap-check.sh")? Writes
 * the first path found to @path.
 */
bool ap_callouts_have_ap_check(char *path, size_t len);

#endif /* VFIO_AP_TOOLS_AP_CALLOUTS_H */
