/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Userspace stand-in for the kernel's <linux/compiler.h>: __maybe_unused
 * (the shared case table vfio_ap_mig_cases.h marks its tables with it).
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef VFIO_AP_SHIM_LINUX_COMPILER_H
#define VFIO_AP_SHIM_LINUX_COMPILER_H

#define __maybe_unused __attribute__((__unused__))

#endif /* VFIO_AP_SHIM_LINUX_COMPILER_H */
