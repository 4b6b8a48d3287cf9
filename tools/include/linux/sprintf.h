/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the kernel's <linux/sprintf.h>: snprintf() from
 * the C library.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef VFIO_AP_SHIM_LINUX_SPRINTF_H
#define VFIO_AP_SHIM_LINUX_SPRINTF_H

#include <stdio.h>

#endif /* VFIO_AP_SHIM_LINUX_SPRINTF_H */
