/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the kernel's <linux/string.h>: memcpy(),
 * memset(), memcmp() from the C library.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef VFIO_AP_SHIM_LINUX_STRING_H
#define VFIO_AP_SHIM_LINUX_STRING_H

#include <string.h>

#endif /* VFIO_AP_SHIM_LINUX_STRING_H */
