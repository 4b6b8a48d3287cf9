// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: QEMU's sequence through the VFIO core (vfio_ap_migration_vfio).
 *
 * Included at the end of vfio_ap_migration_kunit.c, whose fakes and
 * helpers it uses; its own suite shares their init and exit.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */

/* ------------------------------------------- through the VFIO core's ioctls */

/*
 * The way QEMU drives the device: a vfio_device with the driver's mig_ops,
 * registered with the VFIO core, opened through its character device
 * (/dev/vfio/devices/vfioN, bound to an iommufd), and driven with
 * VFIO_DEVICE_FEATURE ioctls whose arguments, like the data read from and
 * written to the data fd, live in real user memory (kunit_vm_mmap()). The
 * sequence and the chunking are hw/vfio/migration.c's. Only open_device
 * is a stub: vfio_ap's needs a KVM, which TCG cannot give.
 */
/* QEMUFile hands the data fd pieces of its buffer: whole, small, single bytes */
static const size_t kt_core_pieces[] = { 32768, 50, 1 };

static void kt_core_piece_desc(const size_t *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "writes of %zu", *p);
}

KUNIT_ARRAY_PARAM(kt_core_piece, kt_core_pieces, kt_core_piece_desc);

#if IS_ENABLED(CONFIG_VFIO_DEVICE_CDEV)

static int kt_vdev_init(struct vfio_device *vdev)
{
	struct ap_matrix_mdev *m = container_of(vdev, struct ap_matrix_mdev, vdev);
	struct mdev_device *mdev = kzalloc_obj(*mdev, GFP_KERNEL);

	if (!mdev)
		return -ENOMEM;
	kt_mdev_fill(m, mdev, "vfio-core-mdev");
	return 0;
}

static void kt_vdev_release(struct vfio_device *vdev)
{
	struct ap_matrix_mdev *m = container_of(vdev, struct ap_matrix_mdev, vdev);

	kfree(m->mdev);
}

static int kt_vdev_open(struct vfio_device *vdev)
{
	return 0;
}

/* as vfio_ap_mdev_close_device() */
static void kt_vdev_close(struct vfio_device *vdev)
{
	vfio_ap_mig_close(container_of(vdev, struct ap_matrix_mdev, vdev));
}

/* as vfio_ap_mdev_ioctl(): VFIO_DEVICE_RESET returns migration to RUNNING */
static long kt_vdev_ioctl(struct vfio_device *vdev, unsigned int cmd, unsigned long arg)
{
	if (cmd != VFIO_DEVICE_RESET)
		return -ENOTTY;
	vfio_ap_mig_reset(container_of(vdev, struct ap_matrix_mdev, vdev));
	return 0;
}

static void kt_vdev_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length)
{
}

static const struct vfio_device_ops kt_vdev_ops = {
	.name = "vfio_ap_mig_kunit",
	.init = kt_vdev_init,
	.release = kt_vdev_release,
	.open_device = kt_vdev_open,
	.close_device = kt_vdev_close,
	.ioctl = kt_vdev_ioctl,
	.dma_unmap = kt_vdev_dma_unmap,
	.bind_iommufd = vfio_iommufd_emulated_bind,
	.unbind_iommufd = vfio_iommufd_emulated_unbind,
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,
	.detach_ioas = vfio_iommufd_emulated_detach_ioas,
};

/* one device as QEMU holds it: registered, its cdev opened and bound */
struct kt_core_dev {
	struct ap_matrix_mdev *m;
	struct file *dev;
	bool registered;
};

struct kt_core {
	struct kunit *test;
	struct vfsmount *mnt;
	struct file *iommufd;
	int iommufd_fd;
	unsigned long ua;		/* user memory: ioctl arguments at 0, data at PAGE_SIZE */
	struct kt_core_dev src, dst;
};

#define KT_UA_PAGES	4
#define KT_UA_DATA(c)	((c)->ua + PAGE_SIZE)

static void kt_core_put(struct kt_core_dev *d)
{
	if (d->dev) {
		fput(d->dev);
		d->dev = NULL;
		flush_delayed_fput();
	}
	if (d->registered) {
		vfio_unregister_group_dev(&d->m->vdev);
		vfio_put_device(&d->m->vdev);
		d->registered = false;
	}
}

static void kt_core_exit(void *data)
{
	struct kt_core *c = data;

	kt_core_put(&c->src);
	kt_core_put(&c->dst);
	if (c->iommufd_fd >= 0)
		close_fd(c->iommufd_fd);
	flush_delayed_fput();
	if (c->mnt && !IS_ERR(c->mnt))
		mntput(c->mnt);
}

static long kt_core_ioctl(struct kt_core *c, struct kt_core_dev *d, unsigned int cmd,
			  const void *arg, size_t len, void *out)
{
	long ret;

	if (copy_to_user((void __user *)c->ua, arg, len))
		return -EFAULT;
	ret = d->dev->f_op->unlocked_ioctl(d->dev, cmd, c->ua);
	if (out && copy_from_user(out, (void __user *)c->ua, len))
		return -EFAULT;
	return ret;
}

/* a registered, opened, iommufd-bound device configured like the default source */
static void kt_core_dev_new(struct kt_core *c, struct kt_core_dev *d, struct device *parent)
{
	struct kunit *test = c->test;
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	char path[64];
	int ret, tries;

	d->m = vfio_alloc_device(ap_matrix_mdev, vdev, parent, &kt_vdev_ops);
	KUNIT_ASSERT_FALSE(test, IS_ERR(d->m));
	kt_assign(&d->m->matrix, kt_src_apids, kt_src_apqis, kt_src_cdoms);
	kt_assign(&d->m->shadow_apcb, kt_src_apids, kt_src_apqis, kt_src_cdoms);
	ret = vfio_register_emulated_iommu_dev(&d->m->vdev);
	if (ret)
		vfio_put_device(&d->m->vdev);
	KUNIT_ASSERT_EQ(test, ret, 0);
	d->registered = true;

	snprintf(path, sizeof(path), "vfio/devices/%s", dev_name(&d->m->vdev.device));
	for (tries = 0; tries < 100; tries++) {
		d->dev = file_open_root_mnt(c->mnt, path, O_RDWR, 0);
		if (!IS_ERR(d->dev))
			break;
		msleep(20);
	}
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(d->dev), "open %s: %pe", path, d->dev);
	bind.iommufd = c->iommufd_fd;
	KUNIT_ASSERT_EQ(test, kt_core_ioctl(c, d, VFIO_DEVICE_BIND_IOMMUFD, &bind, sizeof(bind),
					    NULL), 0);
}

static struct kt_core *kt_core_new(struct kunit *test)
{
	struct file_system_type *fs = get_fs_type("devtmpfs");
	struct device *psrc, *pdst;
	struct kt_core *c;
	int tries;

	if (!fs)
		kunit_skip(test, "no devtmpfs");
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	c->test = test;
	c->iommufd_fd = -1;
	/* the parents first: KUnit releases them after kt_core_exit() put the devices */
	psrc = kunit_device_register(test, "vfio-ap-kt-src");
	pdst = kunit_device_register(test, "vfio-ap-kt-dst");
	KUNIT_ASSERT_FALSE(test, IS_ERR(psrc));
	KUNIT_ASSERT_FALSE(test, IS_ERR(pdst));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_core_exit, c), 0);
	c->mnt = vfs_kern_mount(fs, 0, "devtmpfs", NULL);
	module_put(fs->owner);	/* put_filesystem(), which modules cannot call */
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(c->mnt), "devtmpfs: %pe", c->mnt);
	c->ua = kunit_vm_mmap(test, NULL, 0, KT_UA_PAGES * PAGE_SIZE, PROT_READ | PROT_WRITE,
			      MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, c->ua, 0, "no user memory");
	for (tries = 0; tries < 100; tries++) {
		c->iommufd = file_open_root_mnt(c->mnt, "iommu", O_RDWR, 0);
		if (!IS_ERR(c->iommufd))
			break;
		msleep(20);
	}
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(c->iommufd), "open /dev/iommu: %pe", c->iommufd);
	c->iommufd_fd = get_unused_fd_flags(O_CLOEXEC);
	KUNIT_ASSERT_GE(test, c->iommufd_fd, 0);
	fd_install(c->iommufd_fd, c->iommufd);
	kt_core_dev_new(c, &c->src, psrc);
	kt_core_dev_new(c, &c->dst, pdst);
	return c;
}

/* VFIO_DEVICE_FEATURE SET MIG_DEVICE_STATE; the data fd (or -1) in *fd */
static long kt_core_set_state(struct kt_core *c, struct kt_core_dev *d, u32 state, int *fd)
{
	struct {
		struct vfio_device_feature f;
		struct vfio_device_feature_mig_state s;
	} a = {
		.f = { .argsz = sizeof(a), .flags = VFIO_DEVICE_FEATURE_SET |
				VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE },
		.s = { .device_state = state, .data_fd = -2 },
	};
	long ret = kt_core_ioctl(c, d, VFIO_DEVICE_FEATURE, &a, sizeof(a), &a);

	if (fd)
		*fd = a.s.data_fd;
	return ret;
}

static u32 kt_core_get_state(struct kt_core *c, struct kt_core_dev *d)
{
	struct {
		struct vfio_device_feature f;
		struct vfio_device_feature_mig_state s;
	} a = {
		.f = { .argsz = sizeof(a), .flags = VFIO_DEVICE_FEATURE_GET |
				VFIO_DEVICE_FEATURE_MIG_DEVICE_STATE },
	};

	if (kt_core_ioctl(c, d, VFIO_DEVICE_FEATURE, &a, sizeof(a), &a))
		return 1000;
	return a.s.device_state;
}

static u64 kt_core_data_size(struct kt_core *c, struct kt_core_dev *d)
{
	struct {
		struct vfio_device_feature f;
		struct vfio_device_feature_mig_data_size s;
	} a = {
		.f = { .argsz = sizeof(a), .flags = VFIO_DEVICE_FEATURE_GET |
				VFIO_DEVICE_FEATURE_MIG_DATA_SIZE },
	};

	if (kt_core_ioctl(c, d, VFIO_DEVICE_FEATURE, &a, sizeof(a), &a))
		return 0;
	return a.s.stop_copy_length;
}

/* the source side of QEMU: stop, query the size, STOP_COPY, read until 0; the stream in @out */
static ssize_t kt_core_save(struct kt_core *c, u8 *out, size_t cap)
{
	struct kunit *test = c->test;
	size_t total = 0, chunk;
	struct file *f;
	ssize_t n;
	int fd;

	/* vfio_vmstate_change_prepare(), vfio_vmstate_change() */
	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->src, VFIO_DEVICE_STATE_RUNNING_P2P, &fd), 0);
	KUNIT_EXPECT_EQ(test, fd, -1);
	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->src, VFIO_DEVICE_STATE_STOP, NULL), 0);
	/* vfio_save_setup(): data_buffer_size = min(1 MiB, stop_copy_size) */
	chunk = min_t(u64, SZ_1M, kt_core_data_size(c, &c->src));
	KUNIT_EXPECT_GT(test, chunk, 0);
	chunk = min_t(size_t, chunk, (KT_UA_PAGES - 1) * PAGE_SIZE);
	/* vfio_save_complete_precopy() */
	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->src, VFIO_DEVICE_STATE_STOP_COPY, &fd), 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	f = fget(fd);
	KUNIT_ASSERT_NOT_NULL(test, f);
	for (;;) {
		n = vfs_read(f, (char __user *)KT_UA_DATA(c), chunk, NULL);
		if (n <= 0 || total + n > cap)
			break;
		KUNIT_ASSERT_EQ(test, copy_from_user(out + total, (void __user *)KT_UA_DATA(c), n),
				0);
		total += n;
	}
	KUNIT_EXPECT_EQ(test, n, 0);
	/* vfio_save_cleanup(): STOP, close the data fd */
	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->src, VFIO_DEVICE_STATE_STOP, NULL), 0);
	KUNIT_EXPECT_EQ(test, vfs_read(f, (char __user *)KT_UA_DATA(c), 1, NULL), -ENODEV);
	fput(f);
	close_fd(fd);
	flush_delayed_fput();
	return n < 0 ? n : (ssize_t)total;
}

/* a test buffer with what the source saved through the VFIO core; @len: its length */
static u8 *kt_core_saved(struct kt_core *c, ssize_t *len)
{
	u8 *buf = kunit_kzalloc(c->test, KT_BUF, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(c->test, buf);
	*len = kt_core_save(c, buf, KT_BUF);
	KUNIT_ASSERT_GT(c->test, *len, 0);
	return buf;
}

/* the destination side: RESUMING, write in @piece byte writes; the first write error */
static int kt_core_load(struct kt_core *c, const u8 *data, size_t len, size_t piece,
			struct file **keep)
{
	struct kunit *test = c->test;
	size_t done = 0, n;
	struct file *f;
	ssize_t ret = 0;
	int fd;

	/* vfio_load_setup() */
	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->dst, VFIO_DEVICE_STATE_RESUMING, &fd), 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	f = fget(fd);
	KUNIT_ASSERT_NOT_NULL(test, f);
	/* vfio_load_state(): qemu_file_get_to_fd() */
	while (done < len) {
		n = min(piece, len - done);
		KUNIT_ASSERT_EQ(test,
				copy_to_user((void __user *)KT_UA_DATA(c), data + done, n), 0);
		ret = vfs_write(f, (const char __user *)KT_UA_DATA(c), n, NULL);
		if (ret <= 0)
			break;
		done += ret;
	}
	/* vfio_load_cleanup() closes the data fd while still in RESUMING */
	close_fd(fd);
	if (keep)
		*keep = f;
	else
		fput(f);
	flush_delayed_fput();
	return ret < 0 ? ret : 0;
}

static void vfio_ap_mig_test_core_get_migration(struct kunit *test)
{
	struct kt_core *c = kt_core_new(test);
	struct {
		struct vfio_device_feature f;
		struct vfio_device_feature_migration m;
	} a = {
		.f = { .argsz = sizeof(a), .flags = VFIO_DEVICE_FEATURE_GET |
				VFIO_DEVICE_FEATURE_MIGRATION },
	};

	KUNIT_EXPECT_EQ(test, kt_core_ioctl(c, &c->src, VFIO_DEVICE_FEATURE, &a, sizeof(a), &a), 0);
	KUNIT_EXPECT_EQ(test, a.m.flags, (u64)(VFIO_MIGRATION_STOP_COPY | VFIO_MIGRATION_P2P));
	KUNIT_EXPECT_EQ(test, kt_core_get_state(c, &c->src), VFIO_DEVICE_STATE_RUNNING);
	KUNIT_EXPECT_EQ(test, kt_core_data_size(c, &c->src), 64 + 4 * VFIO_AP_MIG_ENTRY_LEN);
	/* PRE_COPY is not offered: the core refuses it */
	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->src, VFIO_DEVICE_STATE_PRE_COPY, NULL),
			-EINVAL);
}

/* QEMU's whole sequence: save on the source, load on the destination, start it */
static void vfio_ap_mig_test_core_qemu_sequence(struct kunit *test)
{
	const size_t *piece = test->param_value;
	struct kt_core *c = kt_core_new(test);
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	ssize_t len;
	int fd;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = kt_core_save(c, buf, KT_BUF);
	KUNIT_ASSERT_EQ(test, len, 64 + 4 * VFIO_AP_MIG_ENTRY_LEN);
	KUNIT_EXPECT_EQ(test, vfio_ap_mig_stream_parse(buf, len, &(struct vfio_ap_mig_config){},
						       NULL), 0);
	KUNIT_EXPECT_EQ(test, kt_core_load(c, buf, len, *piece, NULL), 0);
	KUNIT_EXPECT_EQ(test, kt_core_get_state(c, &c->dst), VFIO_DEVICE_STATE_RESUMING);
	/* the VM starts: vfio_vmstate_change_prepare() RUNNING_P2P, then RUNNING */
	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->dst, VFIO_DEVICE_STATE_RUNNING_P2P, &fd), 0);
	KUNIT_EXPECT_EQ(test, fd, -1);
	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->dst, VFIO_DEVICE_STATE_RUNNING, NULL), 0);
	KUNIT_EXPECT_EQ(test, kt_core_get_state(c, &c->dst), VFIO_DEVICE_STATE_RUNNING);
}

/* a refused stream: the write fails, the destination stays in RESUMING, the source resumes */
static void vfio_ap_mig_test_core_refused(struct kunit *test)
{
	struct kt_core *c = kt_core_new(test);
	u8 *buf;
	ssize_t len;

	buf = kt_core_saved(c, &len);
	/* the destination's guest would see control domain 0x11 too */
	set_bit_inv(0x11, c->dst.m->shadow_apcb.adm);
	KUNIT_EXPECT_EQ(test, kt_core_load(c, buf, len, 32768, NULL), -ENODEV);
	KUNIT_EXPECT_EQ(test, kt_core_get_state(c, &c->dst), VFIO_DEVICE_STATE_RESUMING);
	/* the migration failed: QEMU's notifier returns the source to RUNNING */
	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->src, VFIO_DEVICE_STATE_RUNNING, NULL), 0);
	KUNIT_EXPECT_EQ(test, kt_core_get_state(c, &c->src), VFIO_DEVICE_STATE_RUNNING);
}

/* QEMU's recovery: an arc fails, the device goes to ERROR, VFIO_DEVICE_RESET brings RUNNING */
static void vfio_ap_mig_test_core_reset_recovery(struct kunit *test)
{
	struct kt_core *c = kt_core_new(test);
	u8 *buf;
	ssize_t len;

	buf = kt_core_saved(c, &len);
	/* an incomplete stream: every write is taken, the arc fails */
	KUNIT_EXPECT_EQ(test, kt_core_load(c, buf, len - 1, 64, NULL), 0);
	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->dst, VFIO_DEVICE_STATE_RUNNING_P2P, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kt_core_get_state(c, &c->dst), VFIO_DEVICE_STATE_ERROR);
	/* vfio_migration_set_state_or_reset() */
	KUNIT_EXPECT_EQ(test, c->dst.dev->f_op->unlocked_ioctl(c->dst.dev, VFIO_DEVICE_RESET, 0),
			0);
	KUNIT_EXPECT_EQ(test, kt_core_get_state(c, &c->dst), VFIO_DEVICE_STATE_RUNNING);
}

/* a read into user memory that ends in an unmapped page: a short count, then the rest */
static void vfio_ap_mig_test_core_short_copy(struct kunit *test)
{
	struct kt_core *c = kt_core_new(test);
	unsigned long edge = c->ua + 2 * PAGE_SIZE;
	struct file *f;
	ssize_t n;
	int fd;

	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->src, VFIO_DEVICE_STATE_STOP, NULL), 0);
	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->src, VFIO_DEVICE_STATE_STOP_COPY, &fd), 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	f = fget(fd);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_EQ(test, vm_munmap(edge, PAGE_SIZE), 0);
	/* 100 bytes fit before the hole */
	n = vfs_read(f, (char __user *)(edge - 100), 192, NULL);
	KUNIT_EXPECT_EQ(test, n, 100);
	/* nothing fits: EFAULT, and the position did not move */
	KUNIT_EXPECT_EQ(test, vfs_read(f, (char __user *)edge, 16, NULL), -EFAULT);
	n = vfs_read(f, (char __user *)KT_UA_DATA(c), PAGE_SIZE, NULL);
	KUNIT_EXPECT_EQ(test, n, 64 + 4 * VFIO_AP_MIG_ENTRY_LEN - 100);
	fput(f);
	close_fd(fd);
	flush_delayed_fput();
}

/*
 * The data file outlives the device: closed, unregistered and freed, the
 * file that userspace still holds returns -ENODEV, and its release then
 * runs here (fput + flush_delayed_fput), under KASAN, touching no freed
 * device memory.
 */
static void vfio_ap_mig_test_core_release_after_device(struct kunit *test)
{
	struct kt_core *c = kt_core_new(test);
	u8 *buf;
	struct file *save, *resume;
	ssize_t len;
	int fd;

	buf = kt_core_saved(c, &len);
	KUNIT_EXPECT_EQ(test, kt_core_load(c, buf, len / 2, 64, &resume), 0);
	KUNIT_EXPECT_EQ(test, kt_core_set_state(c, &c->src, VFIO_DEVICE_STATE_STOP_COPY, &fd), 0);
	KUNIT_ASSERT_GE(test, fd, 0);
	save = fget(fd);
	close_fd(fd);
	KUNIT_ASSERT_NOT_NULL(test, save);

	/* QEMU exits: the devices are closed, unregistered and freed */
	kt_core_put(&c->src);
	kt_core_put(&c->dst);
	KUNIT_EXPECT_EQ(test, vfs_read(save, (char __user *)KT_UA_DATA(c), 16, NULL), -ENODEV);
	KUNIT_EXPECT_EQ(test, vfs_write(resume, (const char __user *)KT_UA_DATA(c), 16, NULL),
			-ENODEV);
	fput(save);
	fput(resume);
	flush_delayed_fput();
}

#else /* !CONFIG_VFIO_DEVICE_CDEV */

static void kt_core_skip(struct kunit *test)
{
	kunit_skip(test, "CONFIG_VFIO_DEVICE_CDEV is off: no VFIO cdev to drive");
}

#define vfio_ap_mig_test_core_get_migration		kt_core_skip
#define vfio_ap_mig_test_core_qemu_sequence		kt_core_skip
#define vfio_ap_mig_test_core_refused			kt_core_skip
#define vfio_ap_mig_test_core_reset_recovery		kt_core_skip
#define vfio_ap_mig_test_core_short_copy		kt_core_skip
#define vfio_ap_mig_test_core_release_after_device	kt_core_skip

#endif

static struct kunit_case vfio_ap_mig_vfio_cases[] = {
	KUNIT_CASE(vfio_ap_mig_test_core_get_migration),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_core_qemu_sequence, kt_core_piece_gen_params),
	KUNIT_CASE(vfio_ap_mig_test_core_refused),
	KUNIT_CASE(vfio_ap_mig_test_core_reset_recovery),
	KUNIT_CASE(vfio_ap_mig_test_core_short_copy),
	KUNIT_CASE(vfio_ap_mig_test_core_release_after_device),
	{}
};

static struct kunit_suite vfio_ap_mig_vfio_suite = {
	.name = "vfio_ap_migration_vfio",
	.init = kt_init,
	.exit = kt_exit,
	.test_cases = vfio_ap_mig_vfio_cases,
};

kunit_test_suite(vfio_ap_mig_vfio_suite);
