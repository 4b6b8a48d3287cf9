// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vfio_ap live migration.
 *
 * QEMU's TCG emulates no AP instructions, so vfio_ap's module init stops
 * with -ENODEV and no matrix device exists. Each test builds a fake one:
 * a matrix_dev with a chosen host AP configuration (QCI masks), fake
 * ap_matrix_mdevs, ap_perms for host ownership, and a fake TAPQ behind the
 * vfio_ap_mig_hw_ops seam. Everything else - the state machine, the files,
 * the stream core, the rules and the ap_config install path - is the real
 * code. The suite skips itself if a real matrix device is present.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */

#include <kunit/test.h>
#include <kunit/test-bug.h>
#include <linux/crc32.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/uio.h>

#include "vfio_ap_private.h"

/* a CEX8 in CCA mode: APSC, CCA, APXA, native class, type 14, ml 3, qd 7 */
#define KT_HW_BASE	0x928000000e550307ULL
#define KT_MAX_FAKES	4

struct kt_hw_override {
	u16 apqn;
	u64 hwinfo;
};

struct kt_env {
	struct ap_matrix_dev *saved_matrix_dev;
	struct ap_matrix_dev *md;
	struct ap_perms saved_perms;
	struct ap_matrix_mdev *mdevs[KT_MAX_FAKES];
	struct mdev_device *mdev_devs[KT_MAX_FAKES];
	int nr_mdevs;
	bool se_guest;
	struct kt_hw_override hw[8];
	int nr_hw;
	struct file *files[8];
	int nr_files;
};

static struct kt_env *kt_env(void)
{
	return kunit_get_current_test()->priv;
}

static int kt_tapq(u16 apqn, u64 *hwinfo)
{
	struct kt_env *env = kt_env();
	int i;

	if (!test_bit_inv(apqn >> 8, (unsigned long *)env->md->info.apm) ||
	    !test_bit_inv(apqn & 0xff, (unsigned long *)env->md->info.aqm))
		return -ENODEV;
	for (i = 0; i < env->nr_hw; i++) {
		if (env->hw[i].apqn == apqn) {
			*hwinfo = env->hw[i].hwinfo;
			return 0;
		}
	}
	*hwinfo = KT_HW_BASE;
	return 0;
}

static bool kt_is_se_guest(void)
{
	return kt_env()->se_guest;
}

static const struct vfio_ap_mig_hw_ops kt_hw_ops = {
	.tapq = kt_tapq,
	.is_se_guest = kt_is_se_guest,
};

/* ---------------------------------------------------------------- setup */

static void kt_set(unsigned int *mask, unsigned long id)
{
	set_bit_inv(id, (unsigned long *)mask);
}

/* host configuration: adapters 3, 5, 7; domains 0x10, 0x11, 0x12; control domains 0x10, 0x11 */
static void kt_host_default(struct ap_matrix_dev *md)
{
	memset(md->info.apm, 0, sizeof(md->info.apm));
	memset(md->info.aqm, 0, sizeof(md->info.aqm));
	memset(md->info.adm, 0, sizeof(md->info.adm));
	kt_set(md->info.apm, 3);
	kt_set(md->info.apm, 5);
	kt_set(md->info.apm, 7);
	kt_set(md->info.aqm, 0x10);
	kt_set(md->info.aqm, 0x11);
	kt_set(md->info.aqm, 0x12);
	kt_set(md->info.adm, 0x10);
	kt_set(md->info.adm, 0x11);
}

static int kt_init(struct kunit *test)
{
	struct kt_env *env;

	if (matrix_dev)
		kunit_skip(test, "a real vfio_ap matrix device exists; not faking one");

	env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env);
	test->priv = env;

	env->md = kunit_kzalloc(test, sizeof(*env->md), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env->md);
	INIT_LIST_HEAD(&env->md->mdev_list);
	mutex_init(&env->md->mdevs_lock);
	mutex_init(&env->md->guests_lock);
	env->md->info.apxa = 1;
	env->md->info.na = 255;
	env->md->info.nd = 255;
	kt_host_default(env->md);

	mutex_lock(&ap_attr_mutex);
	env->saved_perms = ap_perms;
	memset(&ap_perms, 0, sizeof(ap_perms));
	mutex_unlock(&ap_attr_mutex);

	env->saved_matrix_dev = matrix_dev;
	matrix_dev = env->md;
	return 0;
}

static void kt_exit(struct kunit *test)
{
	struct kt_env *env = test->priv;
	int i;

	if (!env)
		return;
	for (i = 0; i < env->nr_mdevs; i++) {
		vfio_ap_mig_close(env->mdevs[i]);
		if (!list_empty(&env->mdevs[i]->node))
			list_del(&env->mdevs[i]->node);
		kfree(env->mdevs[i]);
		kfree(env->mdev_devs[i]);
	}
	for (i = 0; i < env->nr_files; i++)
		fput(env->files[i]);
	matrix_dev = env->saved_matrix_dev;
	mutex_lock(&ap_attr_mutex);
	ap_perms = env->saved_perms;
	mutex_unlock(&ap_attr_mutex);
}

/* a fake mdev; @listed: assigned on this host (in matrix_dev->mdev_list) */
static struct ap_matrix_mdev *kt_mdev(struct kunit *test, const char *name, bool listed)
{
	struct kt_env *env = test->priv;
	struct ap_matrix_mdev *m;
	struct mdev_device *mdev;

	KUNIT_ASSERT_LT(test, env->nr_mdevs, KT_MAX_FAKES);
	m = kzalloc_obj(*m, GFP_KERNEL);
	mdev = kzalloc_obj(*mdev, GFP_KERNEL);
	if (!m || !mdev) {
		kfree(m);
		kfree(mdev);
		KUNIT_FAIL_AND_ABORT(test, "out of memory");
	}
	mdev->dev.init_name = name;
	m->mdev = mdev;
	m->matrix.apm_max = 255;
	m->matrix.aqm_max = 255;
	m->matrix.adm_max = 255;
	m->shadow_apcb = m->matrix;
	hash_init(m->qtable.queues);
	INIT_LIST_HEAD(&m->node);
	vfio_ap_mig_init(m, &kt_hw_ops);
	env->mdevs[env->nr_mdevs] = m;
	env->mdev_devs[env->nr_mdevs++] = mdev;
	if (listed) {
		mutex_lock(&env->md->guests_lock);
		list_add(&m->node, &env->md->mdev_list);
		mutex_unlock(&env->md->guests_lock);
	}
	return m;
}

/* assign adapters @apids x domains @apqis and control domains @cdoms (-1 ends) */
static void kt_assign(struct ap_matrix *mx, const int *apids, const int *apqis, const int *cdoms)
{
	for (; *apids >= 0; apids++)
		set_bit_inv(*apids, mx->apm);
	for (; *apqis >= 0; apqis++)
		set_bit_inv(*apqis, mx->aqm);
	for (; *cdoms >= 0; cdoms++)
		set_bit_inv(*cdoms, mx->adm);
}

static const int kt_src_apids[] = { 3, 5, -1 };
static const int kt_src_apqis[] = { 0x10, 0x11, -1 };
static const int kt_src_cdoms[] = { 0x10, -1 };

/* the source guest: 03.0010 03.0011 05.0010 05.0011, control domain 0x10 */
static struct ap_matrix_mdev *kt_source(struct kunit *test)
{
	struct ap_matrix_mdev *m = kt_mdev(test, "src-mdev", false);

	kt_assign(&m->matrix, kt_src_apids, kt_src_apqis, kt_src_cdoms);
	kt_assign(&m->shadow_apcb, kt_src_apids, kt_src_apqis, kt_src_cdoms);
	return m;
}

static bool kt_matrix_equal(const struct ap_matrix *a, const struct ap_matrix *b)
{
	return bitmap_equal(a->apm, b->apm, AP_DEVICES) &&
	       bitmap_equal(a->aqm, b->aqm, AP_DOMAINS) &&
	       bitmap_equal(a->adm, b->adm, AP_DOMAINS);
}

static void kt_keep_file(struct kunit *test, struct file *f)
{
	struct kt_env *env = test->priv;

	if (!f || IS_ERR(f))
		return;
	KUNIT_ASSERT_LT(test, env->nr_files, (int)ARRAY_SIZE(env->files));
	env->files[env->nr_files++] = f;
}

static struct file *kt_set_state(struct kunit *test, struct ap_matrix_mdev *m,
				 enum vfio_device_mig_state state)
{
	struct file *f = m->vdev.mig_ops->migration_set_state(&m->vdev, state);

	kt_keep_file(test, f);
	return f;
}

static enum vfio_device_mig_state kt_state(struct ap_matrix_mdev *m)
{
	enum vfio_device_mig_state state = VFIO_DEVICE_STATE_ERROR;

	m->vdev.mig_ops->migration_get_state(&m->vdev, &state);
	return state;
}

/* read up to @len bytes of a save file into @out (kernel memory) */
static ssize_t kt_read(struct file *f, void *out, size_t len)
{
	struct kvec kv = { .iov_base = out, .iov_len = len };
	struct iov_iter it;

	iov_iter_kvec(&it, ITER_DEST, &kv, 1, len);
	return vfio_ap_mig_save_read_iter(f->private_data, &it);
}

/* write @len bytes of @data to a resume file */
static ssize_t kt_write(struct file *f, const void *data, size_t len)
{
	struct kvec kv = { .iov_base = (void *)data, .iov_len = len };
	struct iov_iter it;

	iov_iter_kvec(&it, ITER_SOURCE, &kv, 1, len);
	return vfio_ap_mig_resume_write_iter(f->private_data, &it);
}

/* read the whole save file in @chunk byte reads into @out; returns bytes or -errno */
static ssize_t kt_read_all(struct kunit *test, struct file *f, u8 *out, size_t cap, size_t chunk)
{
	size_t total = 0;
	ssize_t n;

	for (;;) {
		if (total >= cap)
			return -E2BIG;
		n = kt_read(f, out + total, min(chunk, cap - total));
		if (n <= 0)
			break;
		total += n;
	}
	return n < 0 ? n : (ssize_t)total;
}

/* write @len bytes of @data to the resume file in @chunk byte writes; 0 or -errno */
static int kt_write_all(struct kunit *test, struct file *f, const u8 *data, size_t len,
			size_t chunk)
{
	size_t done = 0;
	ssize_t ret;

	while (done < len) {
		ret = kt_write(f, data + done, min(chunk, len - done));
		if (ret < 0)
			return ret;
		if (ret == 0)
			return -EIO;
		done += ret;
	}
	return 0;
}

/* save @src: STOP -> STOP_COPY, read everything; returns the stream length */
static ssize_t kt_save(struct kunit *test, struct ap_matrix_mdev *src, u8 *out, size_t cap)
{
	struct file *f;

	KUNIT_ASSERT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_STOP));
	f = kt_set_state(test, src, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	return kt_read_all(test, f, out, cap, 4096);
}

/* resume @data into @dst; returns the errno of the first failure, 0 */
static int kt_resume(struct kunit *test, struct ap_matrix_mdev *dst, const u8 *data, size_t len,
		     size_t chunk)
{
	struct file *f;
	int ret;

	KUNIT_ASSERT_NULL(test, kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP));
	f = kt_set_state(test, dst, VFIO_DEVICE_STATE_RESUMING);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	ret = kt_write_all(test, f, data, len, chunk);
	f = kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP);
	if (!ret && IS_ERR(f))
		ret = PTR_ERR(f);
	if (ret)
		KUNIT_EXPECT_EQ(test, kt_state(dst), VFIO_DEVICE_STATE_ERROR);
	else
		KUNIT_EXPECT_EQ(test, kt_state(dst), VFIO_DEVICE_STATE_STOP);
	return ret;
}

/* a valid stream of the default source, in @buf; returns its length */
static size_t kt_source_stream(struct kunit *test, u8 *buf, size_t cap)
{
	struct ap_matrix_mdev *src = kt_source(test);
	ssize_t len = kt_save(test, src, buf, cap);

	KUNIT_ASSERT_GT(test, len, 0);
	return len;
}

static void kt_fix_crc(u8 *buf, size_t len)
{
	put_unaligned_be32(0, buf + VFIO_AP_MIG_OFF_CRC);
	put_unaligned_be32(~crc32_le(~0U, buf, len), buf + VFIO_AP_MIG_OFF_CRC);
}

#define KT_BUF 4096

/* scratch for reads and writes whose data does not matter */
static u8 kt_scratch[64];

/* ----------------------------------------------------------------- tests */

static void vfio_ap_mig_test_init_sets_ops(struct kunit *test)
{
	struct ap_matrix_mdev *m = kt_mdev(test, "mdev0", true);

	KUNIT_EXPECT_NOT_NULL(test, m->vdev.mig_ops);
	KUNIT_EXPECT_EQ(test, m->vdev.migration_flags,
			VFIO_MIGRATION_STOP_COPY | VFIO_MIGRATION_P2P);
	KUNIT_EXPECT_EQ(test, kt_state(m), VFIO_DEVICE_STATE_RUNNING);
}

static const u32 kt_states[] = {
	VFIO_DEVICE_STATE_RUNNING, VFIO_DEVICE_STATE_RUNNING_P2P, VFIO_DEVICE_STATE_STOP,
	VFIO_DEVICE_STATE_STOP_COPY, VFIO_DEVICE_STATE_RESUMING,
};

static const char * const kt_state_names[] = {
	[VFIO_DEVICE_STATE_ERROR] = "ERROR",
	[VFIO_DEVICE_STATE_STOP] = "STOP",
	[VFIO_DEVICE_STATE_RUNNING] = "RUNNING",
	[VFIO_DEVICE_STATE_STOP_COPY] = "STOP_COPY",
	[VFIO_DEVICE_STATE_RESUMING] = "RESUMING",
	[VFIO_DEVICE_STATE_RUNNING_P2P] = "RUNNING_P2P",
	[VFIO_DEVICE_STATE_PRE_COPY] = "PRE_COPY",
	[VFIO_DEVICE_STATE_PRE_COPY_P2P] = "PRE_COPY_P2P",
};

static const char *kt_name(u32 state)
{
	return state < ARRAY_SIZE(kt_state_names) ? kt_state_names[state] : "INVALID";
}

struct kt_arc {
	u32 from;
	u32 to;
};

#define NR_LEGAL (ARRAY_SIZE(kt_states) * ARRAY_SIZE(kt_states))

static const void *kt_legal_gen(const void *prev, char *desc)
{
	static struct kt_arc arcs[NR_LEGAL];
	const struct kt_arc *p = prev;
	size_t i = p ? p - arcs + 1 : 0;

	if (i >= NR_LEGAL)
		return NULL;
	arcs[i].from = kt_states[i / ARRAY_SIZE(kt_states)];
	arcs[i].to = kt_states[i % ARRAY_SIZE(kt_states)];
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s -> %s", kt_name(arcs[i].from),
		 kt_name(arcs[i].to));
	return &arcs[i];
}

/* bring a fresh mdev @m from RUNNING to @state; returns its data file, if any */
static struct file *kt_goto(struct kunit *test, struct ap_matrix_mdev *m, u32 state)
{
	struct file *f = kt_set_state(test, m, state);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "RUNNING -> %s failed: %pe", kt_name(state), f);
	KUNIT_ASSERT_EQ(test, kt_state(m), state);
	return f;
}

/* an empty, valid stream: an mdev with nothing assigned migrates too */
static size_t kt_empty_stream(u8 *buf)
{
	struct vfio_ap_mig_mask none = { 0 };

	return vfio_ap_mig_stream_build(&none, &none, &none, NULL, NULL, buf, KT_BUF);
}

static void vfio_ap_mig_test_legal_arc(struct kunit *test)
{
	const struct kt_arc *arc = test->param_value;
	struct ap_matrix_mdev *m = kt_mdev(test, "mdev0", true);
	struct file *from_file, *f;
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	bool wants_file;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	from_file = kt_goto(test, m, arc->from);
	if (arc->from == VFIO_DEVICE_STATE_RESUMING) {
		len = kt_empty_stream(buf);
		KUNIT_ASSERT_EQ(test, kt_write_all(test, from_file, buf, len, len), 0);
	}

	f = kt_set_state(test, m, arc->to);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "%s -> %s: %pe (%s)", kt_name(arc->from),
			       kt_name(arc->to), f, m->mig.last_err);
	KUNIT_EXPECT_EQ(test, kt_state(m), arc->to);

	wants_file = arc->from != arc->to && (arc->to == VFIO_DEVICE_STATE_STOP_COPY ||
					      arc->to == VFIO_DEVICE_STATE_RESUMING);
	KUNIT_EXPECT_EQ_MSG(test, !!f, wants_file, "data file returned or not");

	/* a data file of a state that was left is dead */
	if (from_file && arc->from != arc->to) {
		if (arc->from == VFIO_DEVICE_STATE_STOP_COPY)
			KUNIT_EXPECT_EQ(test, kt_read(from_file, kt_scratch, 1), -ENODEV);
		else
			KUNIT_EXPECT_EQ(test, kt_write(from_file, kt_scratch, 1), -ENODEV);
	}
}

static const u32 kt_bad_targets[] = {
	VFIO_DEVICE_STATE_ERROR, VFIO_DEVICE_STATE_PRE_COPY, VFIO_DEVICE_STATE_PRE_COPY_P2P,
	VFIO_DEVICE_STATE_PRE_COPY_P2P + 1, 1000,
};

#define NR_ILLEGAL (ARRAY_SIZE(kt_states) * ARRAY_SIZE(kt_bad_targets))

static const void *kt_illegal_gen(const void *prev, char *desc)
{
	static struct kt_arc arcs[NR_ILLEGAL];
	const struct kt_arc *p = prev;
	size_t i = p ? p - arcs + 1 : 0;

	if (i >= NR_ILLEGAL)
		return NULL;
	arcs[i].from = kt_states[i / ARRAY_SIZE(kt_bad_targets)];
	arcs[i].to = kt_bad_targets[i % ARRAY_SIZE(kt_bad_targets)];
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s -> %s(%u)", kt_name(arcs[i].from),
		 kt_name(arcs[i].to), arcs[i].to);
	return &arcs[i];
}

/* a target the device does not support: -EINVAL, state and files unchanged */
static void vfio_ap_mig_test_illegal_arc(struct kunit *test)
{
	const struct kt_arc *arc = test->param_value;
	struct ap_matrix_mdev *m = kt_mdev(test, "mdev0", true);
	struct file *from_file, *f;

	from_file = kt_goto(test, m, arc->from);
	f = kt_set_state(test, m, arc->to);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(f), -EINVAL);
	KUNIT_EXPECT_EQ(test, kt_state(m), arc->from);
	if (from_file && arc->from == VFIO_DEVICE_STATE_STOP_COPY)
		KUNIT_EXPECT_GT(test, kt_read(from_file, kt_scratch, 1), 0);
}

#define NR_FROM_ERROR ARRAY_SIZE(kt_states)

static const void *kt_from_error_gen(const void *prev, char *desc)
{
	const u32 *p = prev;
	size_t i = p ? p - kt_states + 1 : 0;

	if (i >= NR_FROM_ERROR)
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "ERROR -> %s", kt_name(kt_states[i]));
	return &kt_states[i];
}

/* a failed arc leaves ERROR, which only VFIO_DEVICE_RESET leaves */
static void vfio_ap_mig_test_from_error(struct kunit *test)
{
	const u32 *to = test->param_value;
	struct ap_matrix_mdev *m = kt_mdev(test, "mdev0", true);
	struct file *f;

	kt_goto(test, m, VFIO_DEVICE_STATE_RESUMING);
	/* nothing written: RESUMING -> STOP fails */
	f = kt_set_state(test, m, VFIO_DEVICE_STATE_STOP);
	KUNIT_ASSERT_TRUE(test, IS_ERR(f));
	KUNIT_ASSERT_EQ(test, kt_state(m), VFIO_DEVICE_STATE_ERROR);

	f = kt_set_state(test, m, *to);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(f), -EINVAL);
	KUNIT_EXPECT_EQ(test, kt_state(m), VFIO_DEVICE_STATE_ERROR);

	vfio_ap_mig_reset(m);
	KUNIT_EXPECT_EQ(test, kt_state(m), VFIO_DEVICE_STATE_RUNNING);
}

static void vfio_ap_mig_test_p2p_arcs(struct kunit *test)
{
	struct ap_matrix_mdev *m = kt_mdev(test, "mdev0", true);
	static const u32 path[] = {
		VFIO_DEVICE_STATE_RUNNING_P2P, VFIO_DEVICE_STATE_RUNNING,
		VFIO_DEVICE_STATE_RUNNING_P2P, VFIO_DEVICE_STATE_STOP,
		VFIO_DEVICE_STATE_RUNNING_P2P, VFIO_DEVICE_STATE_STOP,
		VFIO_DEVICE_STATE_RUNNING,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(path); i++) {
		KUNIT_EXPECT_NULL(test, kt_set_state(test, m, path[i]));
		KUNIT_EXPECT_EQ(test, kt_state(m), path[i]);
	}
}

static void vfio_ap_mig_test_reset_to_running(struct kunit *test)
{
	struct ap_matrix_mdev *m = kt_source(test);
	struct file *f;

	kt_set_state(test, m, VFIO_DEVICE_STATE_STOP);
	f = kt_set_state(test, m, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	vfio_ap_mig_reset(m);
	KUNIT_EXPECT_EQ(test, kt_state(m), VFIO_DEVICE_STATE_RUNNING);
	KUNIT_EXPECT_NULL(test, m->mig.save);
}

static void vfio_ap_mig_test_roundtrip_empty_dest(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *src, *dst;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = kt_source_stream(test, buf, KT_BUF);
	KUNIT_EXPECT_EQ(test, len, 64 + 4 * 16);
	src = test->priv ? kt_env()->mdevs[0] : NULL;

	dst = kt_mdev(test, "dst-mdev", true);
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, len), 0);
	KUNIT_EXPECT_TRUE_MSG(test, kt_matrix_equal(&dst->matrix, &src->matrix),
			      "source configuration installed");
}

static void vfio_ap_mig_test_roundtrip_equal_dest(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *dst;
	struct ap_matrix before;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = kt_source_stream(test, buf, KT_BUF);
	dst = kt_mdev(test, "dst-mdev", true);
	kt_assign(&dst->matrix, kt_src_apids, kt_src_apqis, kt_src_cdoms);
	before = dst->matrix;
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, 100), 0);
	KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&dst->matrix, &before));
}

static void vfio_ap_mig_test_differing_dest(struct kunit *test)
{
	static const int apids[] = { 3, -1 }, apqis[] = { 0x10, 0x11, -1 }, cdoms[] = { 0x10, -1 };
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *dst;
	struct ap_matrix before;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = kt_source_stream(test, buf, KT_BUF);
	dst = kt_mdev(test, "dst-mdev", true);
	kt_assign(&dst->matrix, apids, apqis, cdoms);
	before = dst->matrix;
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, len), -ENODEV);
	KUNIT_EXPECT_TRUE_MSG(test, kt_matrix_equal(&dst->matrix, &before), "left unchanged");
	KUNIT_EXPECT_NOT_NULL(test, strstr(dst->mig.last_err, "05.0010"));
}

struct kt_host_case {
	const char *name;
	int err;
	const char *msg;
};

static const struct kt_host_case kt_host_cases[] = {
	{ "apqn-missing-on-host", -ENODEV, "05.00" },
	{ "apqn-host-owned", -EADDRNOTAVAIL, "03.0011" },
	{ "apqn-in-other-mdev", -EADDRINUSE, "another mdev" },
	{ "cdom-missing-on-host", -ENODEV, "control domain" },
};

static void kt_host_desc(const struct kt_host_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kt_host, kt_host_cases, kt_host_desc);

static void vfio_ap_mig_test_host_refusal(struct kunit *test)
{
	static const int o_apids[] = { 5, -1 }, o_apqis[] = { 0x11, -1 }, none[] = { -1 };
	const struct kt_host_case *c = test->param_value;
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct kt_env *env = test->priv;
	struct ap_matrix_mdev *dst, *other;
	struct ap_matrix before;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = kt_source_stream(test, buf, KT_BUF);
	dst = kt_mdev(test, "dst-mdev", true);
	before = dst->matrix;

	if (c->err == -ENODEV && strstr(c->name, "apqn")) {
		clear_bit_inv(5, (unsigned long *)env->md->info.apm);
	} else if (c->err == -ENODEV) {
		clear_bit_inv(0x10, (unsigned long *)env->md->info.adm);
	} else if (c->err == -EADDRNOTAVAIL) {
		mutex_lock(&ap_attr_mutex);
		set_bit_inv(3, ap_perms.apm);
		set_bit_inv(0x11, ap_perms.aqm);
		mutex_unlock(&ap_attr_mutex);
	} else {
		other = kt_mdev(test, "other-mdev", true);
		kt_assign(&other->matrix, o_apids, o_apqis, none);
	}

	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, len), c->err);
	KUNIT_EXPECT_TRUE_MSG(test, kt_matrix_equal(&dst->matrix, &before), "left unchanged");
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(dst->mig.last_err, c->msg), "message: %s",
				  dst->mig.last_err);
}

/* a corruption of a valid 4-queue stream, the errno it must give and a word of its message */
struct kt_stream_case {
	const char *name;
	int err;
	const char *msg;
	void (*mangle)(u8 *buf, size_t *len);
};

static void kt_m_magic(u8 *b, size_t *len)
{
	put_unaligned_be32(0x12345678, b);
	kt_fix_crc(b, *len);
}

static void kt_m_version(u8 *b, size_t *len)
{
	put_unaligned_be16(2, b + VFIO_AP_MIG_OFF_VERSION);
	kt_fix_crc(b, *len);
}

static void kt_m_flags(u8 *b, size_t *len)
{
	put_unaligned_be32(0x100, b + VFIO_AP_MIG_OFF_FLAGS);
	kt_fix_crc(b, *len);
}

static void kt_m_crc(u8 *b, size_t *len)
{
	b[VFIO_AP_MIG_HDR_LEN + VFIO_AP_MIG_ENT_OFF_HWINFO] ^= 0x40;
}

static void kt_m_truncated(u8 *b, size_t *len)
{
	*len -= 8;
}

static void kt_m_overlong(u8 *b, size_t *len)
{
	*len += 16;
}

/* entries: 0300010 0300011 0500010 0500011 */
static void kt_swap_entries(u8 *b, int i, int j)
{
	u8 t[VFIO_AP_MIG_ENTRY_LEN];
	u8 *ei = b + VFIO_AP_MIG_HDR_LEN + i * VFIO_AP_MIG_ENTRY_LEN;
	u8 *ej = b + VFIO_AP_MIG_HDR_LEN + j * VFIO_AP_MIG_ENTRY_LEN;

	memcpy(t, ei, sizeof(t));
	memcpy(ei, ej, sizeof(t));
	memcpy(ej, t, sizeof(t));
}

static void kt_m_unsorted(u8 *b, size_t *len)
{
	kt_swap_entries(b, 1, 2);
	kt_fix_crc(b, *len);
}

static void kt_m_duplicate(u8 *b, size_t *len)
{
	put_unaligned_be16(0x0310, b + VFIO_AP_MIG_HDR_LEN + VFIO_AP_MIG_ENTRY_LEN);
	kt_fix_crc(b, *len);
}

static void kt_m_not_cross(u8 *b, size_t *len)
{
	/* 03.0010 03.0011 05.0010 05.0012 */
	put_unaligned_be16(0x0512, b + VFIO_AP_MIG_HDR_LEN + 3 * VFIO_AP_MIG_ENTRY_LEN);
	kt_fix_crc(b, *len);
}

static void kt_m_count(u8 *b, size_t *len)
{
	put_unaligned_be32(VFIO_AP_MIG_MAX_QUEUES + 1, b + VFIO_AP_MIG_OFF_NUM_QUEUES);
	kt_fix_crc(b, *len);
}

static void kt_m_reserved(u8 *b, size_t *len)
{
	b[VFIO_AP_MIG_OFF_RESERVED + 3] = 1;
	kt_fix_crc(b, *len);
}

static const struct kt_stream_case kt_stream_cases[] = {
	{ "bad-magic", -EINVAL, "magic", kt_m_magic },
	{ "bad-version", -EPROTONOSUPPORT, "version", kt_m_version },
	{ "bad-flags", -EPROTONOSUPPORT, "flags", kt_m_flags },
	{ "bad-crc", -EINVAL, "CRC", kt_m_crc },
	{ "truncated", -EINVAL, "short", kt_m_truncated },
	{ "over-long", -EINVAL, "long", kt_m_overlong },
	{ "unsorted", -EINVAL, "ascending", kt_m_unsorted },
	{ "duplicate", -EINVAL, "duplicate", kt_m_duplicate },
	{ "not-cross-product", -EINVAL, "cross product", kt_m_not_cross },
	{ "count-over-cap", -EINVAL, "cap", kt_m_count },
	{ "reserved-not-zero", -EINVAL, "reserved", kt_m_reserved },
};

static void kt_stream_desc(const struct kt_stream_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kt_stream, kt_stream_cases, kt_stream_desc);

static void vfio_ap_mig_test_stream_refusal(struct kunit *test)
{
	const struct kt_stream_case *c = test->param_value;
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *dst;
	struct ap_matrix before;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = kt_source_stream(test, buf, KT_BUF);
	c->mangle(buf, &len);
	dst = kt_mdev(test, "dst-mdev", true);
	before = dst->matrix;
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, len), c->err);
	KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&dst->matrix, &before));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(dst->mig.last_err, c->msg), "message: %s",
				  dst->mig.last_err);
}

/* a rule of section 4.2: source hwinfo, destination hwinfo, errno, message word */
struct kt_rule_case {
	const char *name;
	u64 src;
	u64 dst;
	int err;
	const char *msg;
};

#define KT_BIT(n)	(1ULL << (63 - (n)))

static const struct kt_rule_case kt_rule_cases[] = {
	{ "apsc", KT_HW_BASE, KT_HW_BASE & ~KT_BIT(0), -EOPNOTSUPP, "APSC" },
	{ "ap4km", KT_HW_BASE | KT_BIT(1), KT_HW_BASE, -EOPNOTSUPP, "AP4KM" },
	{ "ap4kc", KT_HW_BASE, KT_HW_BASE | KT_BIT(2), -EOPNOTSUPP, "AP4KC" },
	{ "cca", KT_HW_BASE, (KT_HW_BASE & ~KT_BIT(3)) | KT_BIT(5), -EOPNOTSUPP, "CCA" },
	{ "accel", KT_HW_BASE | KT_BIT(4), KT_HW_BASE, -EOPNOTSUPP, "ccelerator" },
	{ "ep11", KT_HW_BASE, KT_HW_BASE | KT_BIT(5), -EOPNOTSUPP, "EP11" },
	{ "apxa", KT_HW_BASE, KT_HW_BASE & ~KT_BIT(6), -EOPNOTSUPP, "APXA" },
	{ "slcf", KT_HW_BASE | KT_BIT(7), KT_HW_BASE, -EOPNOTSUPP, "SLCF" },
	{ "class-native-to-stateless", KT_HW_BASE, (KT_HW_BASE & ~KT_BIT(8)) | KT_BIT(9),
	  -EOPNOTSUPP, "class" },
	{ "bind-source", KT_HW_BASE | KT_BIT(17), KT_HW_BASE, -EOPNOTSUPP, "bind" },
	{ "bind-dest", KT_HW_BASE, KT_HW_BASE | KT_BIT(16), -EOPNOTSUPP, "bind" },
	{ "ap-type-older", KT_HW_BASE, (KT_HW_BASE & ~(0xffULL << 24)) | (13ULL << 24),
	  -EOPNOTSUPP, "AP type" },
	{ "max-msg-smaller", KT_HW_BASE, (KT_HW_BASE & ~(0xfULL << 8)) | (2ULL << 8),
	  -EOPNOTSUPP, "message" },
	{ "ap-type-newer-ok", KT_HW_BASE, KT_HW_BASE + (1ULL << 24), 0, "" },
	{ "queue-depth-info-only", KT_HW_BASE, KT_HW_BASE - 1, 0, "" },
	{ "class-stateless-to-native-ok", (KT_HW_BASE & ~KT_BIT(8)) | KT_BIT(9), KT_HW_BASE,
	  0, "" },
};

static void kt_rule_desc(const struct kt_rule_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kt_rule, kt_rule_cases, kt_rule_desc);

static void vfio_ap_mig_test_rule(struct kunit *test)
{
	const struct kt_rule_case *c = test->param_value;
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct kt_env *env = test->priv;
	struct ap_matrix_mdev *dst;
	struct ap_matrix before;
	size_t len;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* the source host: queue 05.0011 has the source value */
	env->hw[0] = (struct kt_hw_override){ .apqn = 0x0511, .hwinfo = c->src };
	env->nr_hw = 1;
	len = kt_source_stream(test, buf, KT_BUF);
	/* the destination host */
	env->hw[0].hwinfo = c->dst;

	dst = kt_mdev(test, "dst-mdev", true);
	before = dst->matrix;
	err = kt_resume(test, dst, buf, len, len);
	KUNIT_EXPECT_EQ(test, err, c->err);
	if (c->err) {
		KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&dst->matrix, &before));
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(dst->mig.last_err, c->msg),
					  "message: %s", dst->mig.last_err);
		KUNIT_EXPECT_NOT_NULL(test, strstr(dst->mig.last_err, "05.0011"));
	}
}

static void vfio_ap_mig_test_write_1byte_chunks(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *dst;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = kt_source_stream(test, buf, KT_BUF);
	dst = kt_mdev(test, "dst-mdev", true);
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, 1), 0);
	KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&dst->matrix, &kt_env()->mdevs[0]->matrix));
}

static void vfio_ap_mig_test_read_1byte_chunks(struct kunit *test)
{
	u8 *a = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	u8 *b = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *src = kt_source(test);
	struct file *f;
	ssize_t n;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	kt_set_state(test, src, VFIO_DEVICE_STATE_STOP);
	f = kt_set_state(test, src, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	n = kt_read_all(test, f, a, KT_BUF, 1);
	KUNIT_ASSERT_EQ(test, n, 64 + 4 * 16);
	KUNIT_EXPECT_EQ(test, vfio_ap_mig_stream_parse(a, n, &(struct vfio_ap_mig_config){},
						       NULL), 0);
	/* at the end: 0, repeatedly */
	KUNIT_EXPECT_EQ(test, kt_read(f, kt_scratch, 16), 0);
	KUNIT_EXPECT_EQ(test, kt_read(f, kt_scratch, 16), 0);
}

/* a second writer while the first is inside copy_from_user() */
static void vfio_ap_mig_test_concurrent_writer(struct kunit *test)
{
	struct ap_matrix_mdev *dst = kt_mdev(test, "dst-mdev", true);
	struct vfio_ap_mig_file *migf;
	struct file *f;

	kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP);
	f = kt_set_state(test, dst, VFIO_DEVICE_STATE_RESUMING);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	migf = f->private_data;

	/* the state a writer leaves while it copies with the lock dropped */
	mutex_lock(&migf->lock);
	migf->busy = true;
	mutex_unlock(&migf->lock);
	KUNIT_EXPECT_EQ(test, kt_write(f, kt_scratch, 1), -EBUSY);
	/* and RESUMING -> STOP then may not take the half-written stream */
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP)),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, kt_state(dst), VFIO_DEVICE_STATE_ERROR);
	mutex_lock(&migf->lock);
	migf->busy = false;
	mutex_unlock(&migf->lock);
	KUNIT_EXPECT_EQ(test, kt_write(f, kt_scratch, 1), -ENODEV);
}

enum kt_stale_how { KT_STALE_LEFT, KT_STALE_RESET, KT_STALE_CLOSED };

static void kt_stale(struct kunit *test, enum kt_stale_how how)
{
	struct ap_matrix_mdev *src = kt_source(test);
	struct ap_matrix_mdev *dst = kt_mdev(test, "dst-mdev", true);
	struct file *save, *resume;
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	kt_set_state(test, src, VFIO_DEVICE_STATE_STOP);
	save = kt_set_state(test, src, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(save));
	kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP);
	resume = kt_set_state(test, dst, VFIO_DEVICE_STATE_RESUMING);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(resume));
	len = kt_empty_stream(buf);
	KUNIT_ASSERT_EQ(test, kt_write_all(test, resume, buf, len, len), 0);

	switch (how) {
	case KT_STALE_LEFT:
		KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_STOP));
		KUNIT_EXPECT_NULL(test, kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP));
		break;
	case KT_STALE_RESET:
		vfio_ap_mig_reset(src);
		vfio_ap_mig_reset(dst);
		break;
	case KT_STALE_CLOSED:
		vfio_ap_mig_close(src);
		vfio_ap_mig_close(dst);
		break;
	}
	/* the files are still open (the test holds them): dead, no crash */
	KUNIT_EXPECT_EQ(test, kt_read(save, kt_scratch, 16), -ENODEV);
	KUNIT_EXPECT_EQ(test, kt_write(resume, kt_scratch, 16),
			-ENODEV);
	KUNIT_EXPECT_NULL(test, src->mig.save);
	KUNIT_EXPECT_NULL(test, dst->mig.resume);
}

static void vfio_ap_mig_test_stale_after_leaving(struct kunit *test)
{
	kt_stale(test, KT_STALE_LEFT);
}

static void vfio_ap_mig_test_stale_after_reset(struct kunit *test)
{
	kt_stale(test, KT_STALE_RESET);
}

static void vfio_ap_mig_test_stale_after_close(struct kunit *test)
{
	kt_stale(test, KT_STALE_CLOSED);
}

static void vfio_ap_mig_test_incomplete_stream(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *dst;
	struct ap_matrix before;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = kt_source_stream(test, buf, KT_BUF);
	dst = kt_mdev(test, "dst-mdev", true);
	before = dst->matrix;
	/* header and one entry of four */
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, 64 + 16, 7), -EINVAL);
	KUNIT_EXPECT_EQ(test, kt_state(dst), VFIO_DEVICE_STATE_ERROR);
	KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&dst->matrix, &before));
	KUNIT_EXPECT_GT(test, len, 64 + 16);
}

static void vfio_ap_mig_test_data_size(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *src = kt_source(test);
	unsigned long before, during;
	struct file *f;
	ssize_t n;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, src->vdev.mig_ops->migration_get_data_size(&src->vdev, &before), 0);
	kt_set_state(test, src, VFIO_DEVICE_STATE_STOP);
	f = kt_set_state(test, src, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	KUNIT_ASSERT_EQ(test, src->vdev.mig_ops->migration_get_data_size(&src->vdev, &during), 0);
	n = kt_read_all(test, f, buf, KT_BUF, 13);
	KUNIT_EXPECT_EQ(test, n, (ssize_t)before);
	KUNIT_EXPECT_EQ(test, n, (ssize_t)during);
}

static void vfio_ap_mig_test_espipe(struct kunit *test)
{
	struct ap_matrix_mdev *src = kt_source(test);
	struct ap_matrix_mdev *dst = kt_mdev(test, "dst-mdev", true);
	struct file *save, *resume;
	loff_t pos = 0;

	kt_set_state(test, src, VFIO_DEVICE_STATE_STOP);
	save = kt_set_state(test, src, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(save));
	kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP);
	resume = kt_set_state(test, dst, VFIO_DEVICE_STATE_RESUMING);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(resume));
	/* refused before the buffer is looked at */
	KUNIT_EXPECT_EQ(test, save->f_op->read(save, NULL, 1, &pos), -ESPIPE);
	KUNIT_EXPECT_EQ(test, resume->f_op->write(resume, NULL, 1, &pos), -ESPIPE);
	KUNIT_EXPECT_NULL(test, save->f_op->write);
	KUNIT_EXPECT_NULL(test, resume->f_op->read);
	KUNIT_EXPECT_TRUE(test, save->f_mode & FMODE_STREAM);
	KUNIT_EXPECT_FALSE(test, save->f_mode & FMODE_LSEEK);
}

static void vfio_ap_mig_test_se_guest(struct kunit *test)
{
	struct ap_matrix_mdev *m = kt_mdev(test, "mdev0", true);

	kt_env()->se_guest = true;
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(kt_set_state(test, m, VFIO_DEVICE_STATE_STOP)),
			-EPERM);
	KUNIT_EXPECT_EQ(test, kt_state(m), VFIO_DEVICE_STATE_RUNNING);
	KUNIT_EXPECT_NOT_NULL(test, strstr(m->mig.last_err, "Secure Execution"));
}

static void vfio_ap_mig_test_save_tapq_fails(struct kunit *test)
{
	struct ap_matrix_mdev *src = kt_source(test);

	/* adapter 5 vanished from the source host: TAPQ says not available */
	clear_bit_inv(5, (unsigned long *)kt_env()->md->info.apm);
	kt_set_state(test, src, VFIO_DEVICE_STATE_STOP);
	KUNIT_EXPECT_EQ(test,
			PTR_ERR_OR_ZERO(kt_set_state(test, src, VFIO_DEVICE_STATE_STOP_COPY)),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, kt_state(src), VFIO_DEVICE_STATE_ERROR);
	KUNIT_EXPECT_NULL(test, src->mig.save);
}

static struct kunit_case vfio_ap_mig_test_cases[] = {
	KUNIT_CASE(vfio_ap_mig_test_init_sets_ops),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_legal_arc, kt_legal_gen),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_illegal_arc, kt_illegal_gen),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_from_error, kt_from_error_gen),
	KUNIT_CASE(vfio_ap_mig_test_p2p_arcs),
	KUNIT_CASE(vfio_ap_mig_test_reset_to_running),
	KUNIT_CASE(vfio_ap_mig_test_roundtrip_empty_dest),
	KUNIT_CASE(vfio_ap_mig_test_roundtrip_equal_dest),
	KUNIT_CASE(vfio_ap_mig_test_differing_dest),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_host_refusal, kt_host_gen_params),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_stream_refusal, kt_stream_gen_params),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_rule, kt_rule_gen_params),
	KUNIT_CASE(vfio_ap_mig_test_write_1byte_chunks),
	KUNIT_CASE(vfio_ap_mig_test_read_1byte_chunks),
	KUNIT_CASE(vfio_ap_mig_test_concurrent_writer),
	KUNIT_CASE(vfio_ap_mig_test_stale_after_leaving),
	KUNIT_CASE(vfio_ap_mig_test_stale_after_reset),
	KUNIT_CASE(vfio_ap_mig_test_stale_after_close),
	KUNIT_CASE(vfio_ap_mig_test_incomplete_stream),
	KUNIT_CASE(vfio_ap_mig_test_data_size),
	KUNIT_CASE(vfio_ap_mig_test_espipe),
	KUNIT_CASE(vfio_ap_mig_test_se_guest),
	KUNIT_CASE(vfio_ap_mig_test_save_tapq_fails),
	{}
};

static struct kunit_suite vfio_ap_mig_test_suite = {
	.name = "vfio_ap_migration",
	.init = kt_init,
	.exit = kt_exit,
	.test_cases = vfio_ap_mig_test_cases,
};

kunit_test_suite(vfio_ap_mig_test_suite);
