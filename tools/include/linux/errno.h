/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the kernel's <linux/errno.h>: the UAPI header of
 * the same name has every errno value the migration core uses. (glibc's
 * <errno.h> includes <linux/errno.h> itself, hence include_next.)
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef VFIO_AP_SHIM_LINUX_ERRNO_H
#define VFIO_AP_SHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#endif /* VFIO_AP_SHIM_LINUX_ERRNO_H */
