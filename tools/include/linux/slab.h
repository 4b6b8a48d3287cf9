/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the kernel's <linux/slab.h>: kvzalloc() and
 * kvfree() on the C library's calloc() and free(). The GFP flags mean
 * nothing here.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef VFIO_AP_SHIM_LINUX_SLAB_H
#define VFIO_AP_SHIM_LINUX_SLAB_H

#include <stdlib.h>

#define GFP_KERNEL 0U
#define GFP_KERNEL_ACCOUNT 0U

static inline void *kvzalloc(size_t size, unsigned int flags)
{
	(void)flags;
	return calloc(1, size ? size : 1);
}

static inline void kvfree(const void *p)
{
	free((void *)p);
}

#endif /* VFIO_AP_SHIM_LINUX_SLAB_H */
