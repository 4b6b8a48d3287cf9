// SPDX-License-Identifier: GPL-2.0-only
/*
 * The FUSE side: resolve a path below the mount point to a node of the
 * simulated sysfs tree, list directories, run show()/store().
 *
 * Nothing is cached: every lookup is computed from the model, so a change
 * (a mask write, a control command) is visible at once, and a 256 x 256
 * host costs no memory per queue.
 */
#define FUSE_USE_VERSION 35
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attrs.h"

static struct sim *fs_sim(void)
{
	return fuse_get_context()->private_data;
}

/* ------------------------------------------------------------ the tree */

struct subdir {
	const char *name;
	enum sim_dir dir;
	/* NULL: always there; else only while the module that makes it is loaded */
	bool (*visible)(const struct sim *s);
};

static bool vfio_loaded(const struct sim *s)
{
	return s->mod_vfio_ap;
}

static bool mdev_loaded(const struct sim *s)
{
	return s->mod_mdev;
}

static const struct subdir root_dirs[] = { { "bus", D_BUS },	     { "class", D_CLASS },
					   { "devices", D_DEVICES }, { "module", D_MODULE },
					   { "kernel", D_KERNEL },   { NULL } };
static const struct subdir bus_dirs[] = { { "ap", D_BUS_AP },
					  { "matrix", D_BUS_MATRIX, vfio_loaded },
					  { "mdev", D_BUS_MDEV, mdev_loaded },
					  { NULL } };
static const struct subdir bus_ap_dirs[] = { { "devices", D_AP_DEVICES },
					     { "drivers", D_AP_DRIVERS },
					     { NULL } };
static const struct subdir bus_matrix_dirs[] = { { "devices", D_MATRIX_DEVICES },
						 { "drivers", D_MATRIX_DRIVERS },
						 { NULL } };
static const struct subdir matrix_drivers_dirs[] = { { "vfio_ap", D_MATRIX_DRV }, { NULL } };
static const struct subdir bus_mdev_dirs[] = { { "devices", D_MDEV_DEVICES },
					       { "drivers", D_MDEV_DRIVERS },
					       { NULL } };
static const struct subdir mdev_drivers_dirs[] = { { "vfio_ap_mdev", D_MDEV_DRV }, { NULL } };
static const struct subdir class_dirs[] = { { "mdev_bus", D_CLASS_MDEV_BUS, mdev_loaded },
					    { NULL } };
static const struct subdir devices_dirs[] = { { "ap", D_DEV_AP },
					      { "vfio_ap", D_DEV_VFIO_AP, vfio_loaded },
					      { NULL } };
static const struct subdir vfio_ap_dirs[] = { { "matrix", D_MATRIX }, { NULL } };
static const struct subdir matrix_dirs[] = { { "mdev_supported_types", D_TYPES }, { NULL } };
static const struct subdir types_dirs[] = { { "vfio_ap-passthrough", D_TYPE }, { NULL } };
static const struct subdir type_dirs[] = { { "devices", D_TYPE_DEVICES }, { NULL } };
static const struct subdir mod_dirs[] = { { "parameters", D_MOD_PARAMS }, { NULL } };
static const struct subdir kernel_dirs[] = { { "iommu_groups", D_IOMMU_GROUPS }, { NULL } };
static const struct subdir iommu_group_dirs[] = { { "devices", D_IOMMU_GROUP_DEVICES }, { NULL } };

struct dirdesc {
	const struct subdir *subdirs;
	const struct sim_attr *attrs;
};

static const struct dirdesc dirs[] = {
	[D_ROOT] = { root_dirs, NULL },
	[D_BUS] = { bus_dirs, NULL },
	[D_BUS_AP] = { bus_ap_dirs, sim_bus_ap_attrs },
	[D_AP_DEVICES] = { NULL, NULL },
	[D_AP_DRIVERS] = { NULL, NULL },
	[D_AP_DRV] = { NULL, sim_ap_drv_attrs },
	[D_BUS_MATRIX] = { bus_matrix_dirs, sim_bus_common_attrs },
	[D_MATRIX_DEVICES] = { NULL, NULL },
	[D_MATRIX_DRIVERS] = { matrix_drivers_dirs, NULL },
	[D_MATRIX_DRV] = { NULL, sim_drv_attrs },
	[D_BUS_MDEV] = { bus_mdev_dirs, sim_bus_common_attrs },
	[D_MDEV_DEVICES] = { NULL, NULL },
	[D_MDEV_DRIVERS] = { mdev_drivers_dirs, NULL },
	[D_MDEV_DRV] = { NULL, sim_drv_attrs },
	[D_CLASS] = { class_dirs, NULL },
	[D_CLASS_MDEV_BUS] = { NULL, NULL },
	[D_DEVICES] = { devices_dirs, NULL },
	[D_DEV_AP] = { NULL, sim_uevent_only_attrs },
	[D_CARD] = { NULL, sim_card_attrs },
	[D_QUEUE] = { NULL, sim_queue_attrs },
	[D_DEV_VFIO_AP] = { vfio_ap_dirs, sim_uevent_only_attrs },
	[D_MATRIX] = { matrix_dirs, sim_matrix_attrs },
	[D_TYPES] = { types_dirs, NULL },
	[D_TYPE] = { type_dirs, sim_type_attrs },
	[D_TYPE_DEVICES] = { NULL, NULL },
	[D_MDEV] = { NULL, sim_mdev_attrs },
	[D_MODULE] = { NULL, NULL },
	[D_MOD] = { mod_dirs, sim_mod_attrs },
	[D_MOD_PARAMS] = { NULL, sim_mod_param_attrs },
	[D_KERNEL] = { kernel_dirs, NULL },
	[D_IOMMU_GROUPS] = { NULL, NULL },
	[D_IOMMU_GROUP] = { iommu_group_dirs, NULL },
	[D_IOMMU_GROUP_DEVICES] = { NULL, NULL },
};

/* exactly @digits lower-case hex digits */
static int parse_hex(const char *s, size_t digits, int *val)
{
	int v = 0;

	for (size_t i = 0; i < digits; i++) {
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return -1;
		v = v * 16 + (isdigit((unsigned char)s[i]) ? s[i] - '0' : s[i] - 'a' + 10);
	}
	*val = v;
	return 0;
}

static bool parse_card(const char *name, int *card)
{
	return !strncmp(name, "card", 4) && strlen(name) == 6 && !parse_hex(name + 4, 2, card);
}

static bool parse_apqn(const char *name, int *card, int *dom)
{
	return strlen(name) == 7 && name[2] == '.' && !parse_hex(name, 2, card) &&
	       !parse_hex(name + 3, 4, dom) && *dom < SIM_IDS;
}

static bool card_exists(const struct sim *s, int card)
{
	return card >= 0 && card < SIM_IDS && sim_card_type(s, (unsigned int)card);
}

static bool card_bound(const struct sim *s, int card)
{
	return sim_card_bound(s, (unsigned int)card);
}

static enum sim_qdrv queue_drv(const struct sim *s, int card, int dom)
{
	return sim_queue_driver(s, (unsigned int)card, (unsigned int)dom);
}

/* the AP drivers of the modules loaded */
static bool ap_driver_loaded(const struct sim *s, int i)
{
	return i == 2 ? s->mod_vfio_ap : s->mod_zcrypt;
}

static bool module_loaded(const struct sim *s, int i)
{
	return i == 0 || (i == 1 && s->mod_zcrypt) || (i == 2 && s->mod_vfio_ap) ||
	       (i == 3 && s->mod_mdev);
}

static void mklink(struct sim_node *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mklink(struct sim_node *n, const char *fmt, ...)
{
	va_list ap;

	n->kind = NK_LINK;
	va_start(ap, fmt);
	vsnprintf(n->link, sizeof(n->link), fmt, ap);
	va_end(ap);
}

static void dev_path(char *buf, size_t len, int card, int dom)
{
	if (dom < 0)
		snprintf(buf, len, "devices/ap/card%02x", card);
	else
		snprintf(buf, len, "devices/ap/card%02x/%02x.%04x", card, card, dom);
}

/*
 * Children that are not in the static tables: devices, driver links,
 * symlinks of a device. Returns true and fills @c when @name exists.
 */
static bool lookup_dynamic(const struct sim *s, const struct sim_node *p, const char *name,
			   struct sim_node *c)
{
	char path[64];
	int card, dom;

	*c = *p;
	c->attr = NULL;
	switch (p->dir) {
	case D_AP_DEVICES:
		if (parse_card(name, &card) && card_exists(s, card)) {
			dev_path(path, sizeof(path), card, -1);
			mklink(c, "../../../%s", path);
			return true;
		}
		if (parse_apqn(name, &card, &dom) && sim_queue_exists(s, card, dom)) {
			dev_path(path, sizeof(path), card, dom);
			mklink(c, "../../../%s", path);
			return true;
		}
		return false;
	case D_AP_DRIVERS:
		for (int i = 0; i < 3; i++) {
			if (!strcmp(name, sim_ap_drivers[i]) && ap_driver_loaded(s, i)) {
				c->kind = NK_DIR;
				c->dir = D_AP_DRV;
				c->drv = i;
				return true;
			}
		}
		return false;
	case D_AP_DRV:
		/* the driver's module link (drivers/base/module.c module_add_driver) */
		if (!strcmp(name, "module")) {
			mklink(c, "../../../../module/%s", p->drv == 2 ? "vfio_ap" : "zcrypt_cex4");
			return true;
		}
		if (p->drv == 0 && parse_card(name, &card) && card_exists(s, card) &&
		    card_bound(s, card)) {
			dev_path(path, sizeof(path), card, -1);
			mklink(c, "../../../../%s", path);
			return true;
		}
		if (p->drv > 0 && parse_apqn(name, &card, &dom) &&
		    queue_drv(s, card, dom) == (p->drv == 1 ? QDRV_CEX4QUEUE : QDRV_VFIO_AP)) {
			dev_path(path, sizeof(path), card, dom);
			mklink(c, "../../../../%s", path);
			return true;
		}
		return false;
	case D_DEV_AP:
		if (parse_card(name, &card) && card_exists(s, card)) {
			c->kind = NK_DIR;
			c->dir = D_CARD;
			c->card = card;
			return true;
		}
		return false;
	case D_CARD:
		if (!strcmp(name, "subsystem")) {
			mklink(c, "../../../bus/ap");
			return true;
		}
		if (!strcmp(name, "driver") && card_bound(s, p->card)) {
			mklink(c, "../../../bus/ap/drivers/cex4card");
			return true;
		}
		if (parse_apqn(name, &card, &dom) && card == p->card &&
		    sim_queue_exists(s, card, dom)) {
			c->kind = NK_DIR;
			c->dir = D_QUEUE;
			c->dom = dom;
			return true;
		}
		return false;
	case D_QUEUE:
		if (!strcmp(name, "subsystem")) {
			mklink(c, "../../../../bus/ap");
			return true;
		}
		if (!strcmp(name, "driver") && queue_drv(s, p->card, p->dom) != QDRV_NONE) {
			mklink(c, "../../../../bus/ap/drivers/%s",
			       queue_drv(s, p->card, p->dom) == QDRV_VFIO_AP ? "vfio_ap" :
									       "cex4queue");
			return true;
		}
		return false;
	case D_MATRIX_DEVICES:
		if (!strcmp(name, "matrix")) {
			mklink(c, "../../../devices/vfio_ap/matrix");
			return true;
		}
		return false;
	case D_MATRIX_DRV:
		if (!strcmp(name, "matrix")) {
			mklink(c, "../../../../devices/vfio_ap/matrix");
			return true;
		}
		if (!strcmp(name, "module")) {
			mklink(c, "../../../../module/vfio_ap");
			return true;
		}
		return false;
	case D_CLASS_MDEV_BUS:
		if (!strcmp(name, "matrix") && s->mod_vfio_ap) {
			mklink(c, "../../devices/vfio_ap/matrix");
			return true;
		}
		return false;
	case D_MATRIX:
		if (!strcmp(name, "subsystem")) {
			mklink(c, "../../../bus/matrix");
			return true;
		}
		if (!strcmp(name, "driver")) {
			mklink(c, "../../../bus/matrix/drivers/vfio_ap");
			return true;
		}
		c->mdev = sim_mdev_find(s, name);
		if (c->mdev) {
			c->kind = NK_DIR;
			c->dir = D_MDEV;
			return true;
		}
		return false;
	case D_TYPE_DEVICES:
		if (sim_mdev_find(s, name)) {
			mklink(c, "../../../%s", name);
			return true;
		}
		return false;
	case D_MDEV_DEVICES:
		if (sim_mdev_find(s, name)) {
			mklink(c, "../../../devices/vfio_ap/matrix/%s", name);
			return true;
		}
		return false;
	case D_MDEV_DRV:
		if (sim_mdev_find(s, name)) {
			mklink(c, "../../../../devices/vfio_ap/matrix/%s", name);
			return true;
		}
		if (!strcmp(name, "module") && s->mod_vfio_ap) {
			mklink(c, "../../../../module/vfio_ap");
			return true;
		}
		return false;
	case D_MDEV:
		if (!strcmp(name, "subsystem")) {
			mklink(c, "../../../../bus/mdev");
			return true;
		}
		if (!strcmp(name, "driver")) {
			mklink(c, "../../../../bus/mdev/drivers/vfio_ap_mdev");
			return true;
		}
		if (!strcmp(name, "mdev_type")) {
			mklink(c, "../mdev_supported_types/vfio_ap-passthrough");
			return true;
		}
		if (!strcmp(name, "iommu_group")) {
			mklink(c, "../../../../kernel/iommu_groups/%u", p->mdev->iommu_group);
			return true;
		}
		return false;
	case D_IOMMU_GROUPS: {
		char *end;
		unsigned long g = strtoul(name, &end, 10);

		/* the decimal ID as the kernel prints it, nothing else */
		if (!isdigit((unsigned char)name[0]) || *end || (name[0] == '0' && name[1]) ||
		    g > 0xffffffffUL)
			return false;
		c->mdev = sim_mdev_by_group(s, (unsigned int)g);
		if (!c->mdev)
			return false;
		c->kind = NK_DIR;
		c->dir = D_IOMMU_GROUP;
		return true;
	}
	case D_IOMMU_GROUP_DEVICES:
		if (!strcmp(name, p->mdev->uuid)) {
			mklink(c, "../../../../devices/vfio_ap/matrix/%s", name);
			return true;
		}
		return false;
	case D_MODULE:
		for (int i = 0; i < SIM_NR_MODULES; i++) {
			if (!strcmp(name, sim_modules[i]) && module_loaded(s, i)) {
				c->kind = NK_DIR;
				c->dir = D_MOD;
				c->drv = i;
				return true;
			}
		}
		return false;
	default:
		return false;
	}
}

static bool lookup(const struct sim *s, const struct sim_node *p, const char *name,
		   struct sim_node *c)
{
	const struct dirdesc *d = &dirs[p->dir];

	for (const struct subdir *sd = d->subdirs; sd && sd->name; sd++) {
		if (!strcmp(sd->name, name) && (!sd->visible || sd->visible(s))) {
			*c = *p;
			c->kind = NK_DIR;
			c->dir = sd->dir;
			c->attr = NULL;
			return true;
		}
	}
	for (const struct sim_attr *a = d->attrs; a && a->name; a++) {
		if (!strcmp(a->name, name) && (!a->visible || a->visible(s, p))) {
			*c = *p;
			c->kind = NK_FILE;
			c->attr = a;
			return true;
		}
	}
	return lookup_dynamic(s, p, name, c);
}

static int resolve(const struct sim *s, const char *path, struct sim_node *n)
{
	char comp[256];

	memset(n, 0, sizeof(*n));
	n->kind = NK_DIR;
	n->dir = D_ROOT;
	n->card = n->dom = -1;
	while (*path) {
		size_t len;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		len = strcspn(path, "/");
		if (len >= sizeof(comp))
			return -ENAMETOOLONG;
		if (n->kind != NK_DIR)
			return -ENOTDIR;
		memcpy(comp, path, len);
		comp[len] = '\0';
		path += len;
		if (!lookup(s, n, comp, n))
			return -ENOENT;
	}
	return 0;
}

/* ------------------------------------------------------------ listing */

typedef int (*emit_fn)(void *ctx, const char *name, enum sim_kind kind);

static int list_dynamic(const struct sim *s, const struct sim_node *p, emit_fn emit, void *ctx)
{
	static const char *const links[] = { "subsystem", "driver", "mdev_type", "module",
					     "iommu_group" };
	struct sim_node c;
	char name[64];
	int rc = 0;

	switch (p->dir) {
	case D_AP_DEVICES:
	case D_AP_DRV:
	case D_DEV_AP:
		if (p->dir == D_AP_DRV)
			rc = emit(ctx, "module", NK_LINK);
		for (int a = 0; a < SIM_IDS && !rc; a++) {
			if (!card_exists(s, a))
				continue;
			snprintf(name, sizeof(name), "card%02x", a);
			if (lookup_dynamic(s, p, name, &c))
				rc = emit(ctx, name, c.kind);
			if (p->dir == D_DEV_AP)
				continue;
			for (int q = 0; q < SIM_IDS && !rc; q++) {
				if (!sim_queue_exists(s, (unsigned int)a, (unsigned int)q))
					continue;
				snprintf(name, sizeof(name), "%02x.%04x", a, q);
				if (lookup_dynamic(s, p, name, &c))
					rc = emit(ctx, name, c.kind);
			}
		}
		return rc;
	case D_AP_DRIVERS:
		for (int i = 0; i < 3 && !rc; i++)
			if (ap_driver_loaded(s, i))
				rc = emit(ctx, sim_ap_drivers[i], NK_DIR);
		return rc;
	case D_CARD:
		for (int q = 0; q < SIM_IDS && !rc; q++) {
			if (!sim_queue_exists(s, (unsigned int)p->card, (unsigned int)q))
				continue;
			snprintf(name, sizeof(name), "%02x.%04x", p->card, q);
			rc = emit(ctx, name, NK_DIR);
		}
		break;
	case D_MATRIX:
	case D_TYPE_DEVICES:
	case D_MDEV_DEVICES:
	case D_MDEV_DRV:
		for (struct sim_mdev *m = s->mdevs; m && !rc; m = m->next)
			rc = emit(ctx, m->uuid, p->dir == D_MATRIX ? NK_DIR : NK_LINK);
		break;
	case D_IOMMU_GROUPS:
		for (struct sim_mdev *m = s->mdevs; m && !rc; m = m->next) {
			snprintf(name, sizeof(name), "%u", m->iommu_group);
			rc = emit(ctx, name, NK_DIR);
		}
		return rc;
	case D_IOMMU_GROUP_DEVICES:
		return emit(ctx, p->mdev->uuid, NK_LINK);
	case D_MATRIX_DRV:
		rc = emit(ctx, "module", NK_LINK);
		/* fall through */
	case D_MATRIX_DEVICES:
	case D_CLASS_MDEV_BUS:
		return rc ?: (s->mod_vfio_ap ? emit(ctx, "matrix", NK_LINK) : 0);
	case D_MODULE:
		for (int i = 0; i < SIM_NR_MODULES && !rc; i++)
			if (module_loaded(s, i))
				rc = emit(ctx, sim_modules[i], NK_DIR);
		return rc;
	default:
		break;
	}
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]) && !rc; i++)
		if (lookup_dynamic(s, p, links[i], &c))
			rc = emit(ctx, links[i], NK_LINK);
	return rc;
}

static int list(const struct sim *s, const struct sim_node *p, emit_fn emit, void *ctx)
{
	const struct dirdesc *d = &dirs[p->dir];
	int rc = 0;

	for (const struct subdir *sd = d->subdirs; sd && sd->name && !rc; sd++)
		if (!sd->visible || sd->visible(s))
			rc = emit(ctx, sd->name, NK_DIR);
	for (const struct sim_attr *a = d->attrs; a && a->name && !rc; a++)
		if (!a->visible || a->visible(s, p))
			rc = emit(ctx, a->name, NK_FILE);
	return rc ?: list_dynamic(s, p, emit, ctx);
}

/* ------------------------------------------------------------ FUSE ops */

static void fill_stat(const struct sim *s, const struct sim_node *n, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_uid = getuid();
	st->st_gid = getgid();
	st->st_atime = st->st_mtime = st->st_ctime = s->mount_time;
	switch (n->kind) {
	case NK_DIR:
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
		break;
	case NK_FILE:
		st->st_mode = S_IFREG | n->attr->mode;
		st->st_nlink = 1;
		st->st_size = SIM_PAGE;
		break;
	case NK_LINK:
		st->st_mode = S_IFLNK | 0777;
		st->st_nlink = 1;
		st->st_size = (off_t)strlen(n->link);
		break;
	}
}

static int fs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	struct sim *s = fs_sim();
	struct sim_node n;
	int rc;

	pthread_mutex_lock(&s->lock);
	rc = resolve(s, path, &n);
	if (!rc)
		fill_stat(s, &n, st);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

static int fs_readlink(const char *path, char *buf, size_t size)
{
	struct sim *s = fs_sim();
	struct sim_node n;
	int rc;

	pthread_mutex_lock(&s->lock);
	rc = resolve(s, path, &n);
	if (!rc && n.kind != NK_LINK)
		rc = -EINVAL;
	if (!rc)
		snprintf(buf, size, "%s", n.link);
	pthread_mutex_unlock(&s->lock);
	return rc;
}

struct fill_ctx {
	void *buf;
	fuse_fill_dir_t filler;
};

static int fill_one(void *ctx, const char *name, enum sim_kind kind)
{
	struct fill_ctx *fc = ctx;
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_mode = kind == NK_DIR ? S_IFDIR : kind == NK_LINK ? S_IFLNK : S_IFREG;
	return fc->filler(fc->buf, name, &st, 0, 0) ? -ENOMEM : 0;
}

static int fs_readdir(const char *path, void *buf, fuse_fill_dir_t filler, off_t off,
		      struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	struct sim *s = fs_sim();
	struct fill_ctx fc = { buf, filler };
	struct sim_node n;
	int rc;

	pthread_mutex_lock(&s->lock);
	rc = resolve(s, path, &n);
	if (!rc && n.kind != NK_DIR)
		rc = -ENOTDIR;
	if (!rc)
		rc = fill_one(&fc, ".", NK_DIR) ?: fill_one(&fc, "..", NK_DIR);
	if (!rc)
		rc = list(s, &n, fill_one, &fc);
	pthread_mutex_unlock(&s->lock);
	/* a full buffer is not an error for the listing as a whole */
	return rc == -ENOMEM ? 0 : rc;
}

/* kernfs_fop_open(): reading needs show(), writing needs store() */
static int fs_open(const char *path, struct fuse_file_info *fi)
{
	struct sim *s = fs_sim();
	int acc = fi->flags & O_ACCMODE;
	struct sim_node n;
	int rc;

	pthread_mutex_lock(&s->lock);
	rc = resolve(s, path, &n);
	if (!rc && n.kind != NK_FILE)
		rc = n.kind == NK_DIR ? -EISDIR : -ELOOP;
	if (!rc && ((acc != O_WRONLY && !n.attr->show) || (acc != O_RDONLY && !n.attr->store)))
		rc = -EACCES;
	pthread_mutex_unlock(&s->lock);
	fi->direct_io = 1;
	return rc;
}

static int fs_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi)
{
	struct sim *s = fs_sim();
	struct sim_buf *sb;
	struct sim_node n;
	int rc;

	sb = calloc(1, sizeof(*sb));
	if (!sb)
		return -ENOMEM;
	pthread_mutex_lock(&s->lock);
	rc = resolve(s, path, &n);
	if (!rc && (n.kind != NK_FILE || !n.attr->show))
		rc = n.kind == NK_DIR ? -EISDIR : -EIO;
	/* kernfs runs show() once per open file, for the read at offset 0 */
	sb->first = off == 0;
	if (!rc)
		rc = n.attr->show(s, &n, sb);
	pthread_mutex_unlock(&s->lock);
	if (!rc) {
		size_t len = off < 0 || (size_t)off >= sb->n ? 0 : sb->n - (size_t)off;

		if (len > size)
			len = size;
		memcpy(buf, sb->b + off, len);
		rc = (int)len;
	}
	free(sb);
	return rc;
}

/*
 * kernfs_fop_write_iter() + sysfs_kf_write(): one write(2) is one store()
 * of at most PAGE_SIZE bytes (sysfs sets no atomic_write_len, so kernfs cuts
 * the write there and write(2) returns the short count; fs/kernfs/file.c:318-323)
 */
static int fs_write(const char *path, const char *data, size_t size, off_t off,
		    struct fuse_file_info *fi)
{
	struct sim *s = fs_sim();
	char buf[SIM_PAGE + 1];
	struct sim_node n;
	int rc;

	if (size > SIM_PAGE)
		size = SIM_PAGE;
	if (!size)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	pthread_mutex_lock(&s->lock);
	rc = resolve(s, path, &n);
	if (!rc && (n.kind != NK_FILE || !n.attr->store))
		rc = -EIO;
	if (!rc)
		rc = n.attr->store(s, &n, buf, size);
	if (!rc)
		sim_changed(s);
	pthread_mutex_unlock(&s->lock);
	return rc ? rc : (int)size;
}

/* "echo x > attr" opens with O_TRUNC: sysfs ignores the size change */
static int fs_truncate(const char *path, off_t size, struct fuse_file_info *fi)
{
	struct sim *s = fs_sim();
	struct sim_node n;
	int rc;

	pthread_mutex_lock(&s->lock);
	rc = resolve(s, path, &n);
	if (!rc && n.kind == NK_DIR)
		rc = -EISDIR;
	pthread_mutex_unlock(&s->lock);
	return rc;
}

/* sysfs has no create(): the VFS answers EACCES */
static int fs_create(const char *path, mode_t mode, struct fuse_file_info *fi)
{
	struct sim *s = fs_sim();
	struct sim_node n;
	int rc;

	pthread_mutex_lock(&s->lock);
	rc = resolve(s, path, &n);
	pthread_mutex_unlock(&s->lock);
	if (!rc)
		return fs_open(path, fi);
	return rc == -ENOENT ? -EACCES : rc;
}

static void *fs_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
	/*
	 * Plain READDIR: the d_type we give is all find(1) and libudev need;
	 * READDIRPLUS would cost one lookup per entry (a million on big-256).
	 */
	conn->want &= ~(unsigned int)(FUSE_CAP_READDIRPLUS | FUSE_CAP_READDIRPLUS_AUTO);
	/*
	 * Names are looked up every time (a card, an mdev, a status file may
	 * come and go at any moment), but what a name refers to never changes
	 * its mode or size, so attributes may be cached: that saves a GETATTR
	 * per fstat() and per directory of a path walk (default_permissions).
	 */
	cfg->entry_timeout = 0;
	cfg->negative_timeout = 0;
	cfg->attr_timeout = 3600;
	cfg->direct_io = 1;
	cfg->use_ino = 0;
	return fuse_get_context()->private_data;
}

const struct fuse_operations sim_fs_ops = {
	.init = fs_init,
	.getattr = fs_getattr,
	.readlink = fs_readlink,
	.readdir = fs_readdir,
	.open = fs_open,
	.read = fs_read,
	.write = fs_write,
	.truncate = fs_truncate,
	.create = fs_create,
};
