/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated sysfs tree: directory kinds, nodes and attribute tables
 * (attrs.c holds the show/store functions, fs.c walks paths and talks FUSE).
 */
#ifndef APSIM_ATTRS_H
#define APSIM_ATTRS_H

#include <stdarg.h>
#include <sys/types.h>

#include "sim.h"

/* sysfs never returns more than a page from one show() */
#define SIM_PAGE 4096

enum sim_dir {
	D_ROOT,
	D_BUS,
	D_BUS_AP,
	D_AP_DEVICES,
	D_AP_DRIVERS,
	D_AP_DRV, /* node.drv: 0 cex4card, 1 cex4queue, 2 vfio_ap */
	D_BUS_MATRIX,
	D_MATRIX_DEVICES,
	D_MATRIX_DRIVERS,
	D_MATRIX_DRV,
	D_BUS_MDEV,
	D_MDEV_DEVICES,
	D_MDEV_DRIVERS,
	D_MDEV_DRV,
	D_CLASS,
	D_CLASS_MDEV_BUS,
	D_DEVICES,
	D_DEV_AP,
	D_CARD,
	D_QUEUE,
	D_DEV_VFIO_AP,
	D_MATRIX,
	D_TYPES,
	D_TYPE,
	D_TYPE_DEVICES,
	D_MDEV,
	D_MODULE,
	D_MOD, /* node.drv: index into the module table */
	D_MOD_PARAMS,
	D_KERNEL,
	D_IOMMU_GROUPS,
	D_IOMMU_GROUP, /* node.mdev: the group's one device */
	D_IOMMU_GROUP_DEVICES,
};

struct sim_buf {
	char b[SIM_PAGE + 1];
	size_t n;
	bool first; /* the read at offset 0: the one that runs the kernel's show() */
};

__attribute__((format(printf, 2, 3))) void sbuf_printf(struct sim_buf *sb, const char *fmt, ...);

struct sim_node;

struct sim_attr {
	const char *name;
	mode_t mode;
	int (*show)(struct sim *s, const struct sim_node *n, struct sim_buf *sb);
	/* @buf is NUL-terminated, @len bytes were written */
	int (*store)(struct sim *s, const struct sim_node *n, const char *buf, size_t len);
	/* NULL: always there */
	bool (*visible)(const struct sim *s, const struct sim_node *n);
};

enum sim_kind { NK_DIR, NK_FILE, NK_LINK };

struct sim_node {
	enum sim_kind kind;
	enum sim_dir dir; /* NK_DIR: this directory; else the containing one */
	int card, dom, drv;
	struct sim_mdev *mdev;
	const struct sim_attr *attr;
	char link[128];
};

/* attribute tables, NULL-name terminated */
extern const struct sim_attr sim_bus_ap_attrs[];
extern const struct sim_attr sim_bus_common_attrs[];
extern const struct sim_attr sim_drv_attrs[];
extern const struct sim_attr sim_ap_drv_attrs[];
extern const struct sim_attr sim_uevent_only_attrs[];
extern const struct sim_attr sim_card_attrs[];
extern const struct sim_attr sim_queue_attrs[];
extern const struct sim_attr sim_matrix_attrs[];
extern const struct sim_attr sim_type_attrs[];
extern const struct sim_attr sim_mdev_attrs[];
extern const struct sim_attr sim_mod_attrs[];
extern const struct sim_attr sim_mod_param_attrs[];

extern const char *const sim_ap_drivers[3];
extern const char *const sim_modules[];
#define SIM_NR_MODULES 4

#endif
