/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the kernel's <linux/types.h>, for the migration
 * core in driver/ (vfio_ap_mig_stream.c, vfio_ap_mig_rules.c), which is
 * plain kernel C. tools/include/ comes first on the userspace include path
 * only; the kernel build never sees it.
 *
 * The UAPI header of the same name (__u8 ... __be64) is included first, so
 * that system headers that include <linux/types.h> still get it.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef VFIO_AP_SHIM_LINUX_TYPES_H
#define VFIO_AP_SHIM_LINUX_TYPES_H

#include_next <linux/types.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

#endif /* VFIO_AP_SHIM_LINUX_TYPES_H */
