/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the kernel's <linux/bitops.h>: hweight64().
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef VFIO_AP_SHIM_LINUX_BITOPS_H
#define VFIO_AP_SHIM_LINUX_BITOPS_H

#include <linux/types.h>

static inline unsigned int hweight64(u64 w)
{
	return (unsigned int)__builtin_popcountll(w);
}

#endif /* VFIO_AP_SHIM_LINUX_BITOPS_H */
