// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for vfio_ap live migration.
 *
 * QEMU's TCG emulates no AP instructions, so vfio_ap's module init stops
 * with -ENODEV and no matrix device exists. Each test builds a fake one:
 * a matrix_dev with a chosen host AP configuration (QCI masks), fake
 * ap_matrix_mdevs, ap_perms for host ownership, and a fake TAPQ behind the
 * vfio_ap_mig_hw_ops seam. Everything else - the state machine, the files,
 * the stream core and the rules - is the real code. The compatibility
 * cases are the table the userspace check is tested with
 * (vfio_ap_mig_cases.h). The suite skips itself if a real matrix device is
 * present.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */

#include <kunit/device.h>
#include <kunit/test.h>
#include <kunit/test-bug.h>
#include <linux/crc32.h>
#include <linux/delay.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "vfio_ap_private.h"
#include "vfio_ap_mig_cases.h"

#define KT_HW_BASE	VFIO_AP_MIG_CASE_HW_BASE

/*
 * The arguments of a KUnit parameter generator. Mainline passes the test
 * first; the 6.12 backport defines the older (prev, desc) form.
 */
#ifndef VFIO_AP_KUNIT_GEN_ARGS
#define VFIO_AP_KUNIT_GEN_ARGS struct kunit *test, const void *prev, char *desc
#endif

#define KT_MAX_FAKES	4

struct kt_hw_override {
	u16 apqn;
	u64 hwinfo;
};

/* one call through the interrupt seam */
struct kt_irq_call {
	char op;	/* 'd'isable, 'e'nable, 'k'ick */
	u16 apqn;	/* 0xffff for a kick */
	u8 isc;
	u64 nib;
};

#define KT_MAX_QUEUES	8
#define KT_MAX_CALLS	32

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
	struct vfio_ap_queue *queues[KT_MAX_QUEUES];
	int nr_queues;
	struct kt_irq_call calls[KT_MAX_CALLS];
	int nr_calls;
	int irq_enable_err;
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

static int kt_tapq_priv(void *priv, u16 apqn, u64 *hwinfo)
{
	return kt_tapq(apqn, hwinfo);
}

static bool kt_is_se_guest(void)
{
	return kt_env()->se_guest;
}

static void kt_call(char op, u16 apqn, u8 isc, u64 nib)
{
	struct kt_env *env = kt_env();

	lockdep_assert_held(&env->md->mdevs_lock);
	if (env->nr_calls < KT_MAX_CALLS)
		env->calls[env->nr_calls++] = (struct kt_irq_call){ op, apqn, isc, nib };
}

/* as vfio_ap_irq_disable(): the registration is gone afterwards */
static int kt_irq_disable(struct vfio_ap_queue *q)
{
	kt_call('d', q->apqn, q->saved_isc, q->saved_iova);
	q->saved_isc = VFIO_AP_ISC_INVALID;
	q->saved_iova = 0;
	return 0;
}

/* as vfio_ap_irq_enable(): pinned, GISC registered, AQIC done */
static int kt_irq_enable(struct vfio_ap_queue *q, u8 isc, u64 nib)
{
	struct kt_env *env = kt_env();

	kt_call('e', q->apqn, isc, nib);
	if (env->irq_enable_err)
		return env->irq_enable_err;
	q->saved_isc = isc;
	q->saved_iova = nib;
	return 0;
}

static void kt_irq_kick(struct ap_matrix_mdev *matrix_mdev, u8 isc, u64 nib)
{
	kt_call('k', 0xffff, isc, nib);
}

static const struct vfio_ap_mig_hw_ops kt_hw_ops = {
	.tapq = kt_tapq,
	.is_se_guest = kt_is_se_guest,
	.irq_disable = kt_irq_disable,
	.irq_enable = kt_irq_enable,
	.irq_kick = kt_irq_kick,
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
	/* the queues first: their hash nodes point into the mdevs' tables */
	for (i = 0; i < env->nr_queues; i++) {
		hash_del(&env->queues[i]->mdev_qnode);
		kfree(env->queues[i]);
	}
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

/* what vfio_ap_mdev_init_dev() sets up, on a fake mdev called @name */
static void kt_mdev_fill(struct ap_matrix_mdev *m, struct mdev_device *mdev, const char *name)
{
	mdev->dev.init_name = name;
	m->mdev = mdev;
	m->matrix.apm_max = 255;
	m->matrix.aqm_max = 255;
	m->matrix.adm_max = 255;
	m->shadow_apcb = m->matrix;
	hash_init(m->qtable.queues);
	INIT_LIST_HEAD(&m->node);
	vfio_ap_mig_init(m, &kt_hw_ops);
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
	kt_mdev_fill(m, mdev, name);
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

/* a destination mdev configured like the source: same assignment, same guest view */
static struct ap_matrix_mdev *kt_dest(struct kunit *test)
{
	struct ap_matrix_mdev *m = kt_mdev(test, "dst-mdev", true);

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

/* where kt_resume() met its first failure */
enum kt_where { KT_OK, KT_AT_WRITE, KT_AT_STOP };

/*
 * Resume @data into @dst in @chunk byte writes, then RESUMING -> STOP;
 * returns the errno of the first failure, 0. A refused write must leave the
 * device in RESUMING with its matrix and guest view unchanged; then, as
 * QEMU does, the arc is not asked for.
 */
static int kt_resume_at(struct kunit *test, struct ap_matrix_mdev *dst, const u8 *data,
			size_t len, size_t chunk, enum kt_where *where)
{
	struct ap_matrix matrix = dst->matrix, shadow = dst->shadow_apcb;
	struct file *f;
	int ret;

	*where = KT_OK;
	KUNIT_ASSERT_NULL(test, kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP));
	f = kt_set_state(test, dst, VFIO_DEVICE_STATE_RESUMING);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	ret = kt_write_all(test, f, data, len, chunk);
	if (ret) {
		*where = KT_AT_WRITE;
		KUNIT_EXPECT_EQ(test, kt_state(dst), VFIO_DEVICE_STATE_RESUMING);
		KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&dst->matrix, &matrix));
		KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&dst->shadow_apcb, &shadow));
		/* refused for good: the same answer again */
		KUNIT_EXPECT_EQ(test, kt_write(f, data, 1), (ssize_t)ret);
		return ret;
	}
	f = kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP);
	ret = PTR_ERR_OR_ZERO(f);
	if (ret) {
		*where = KT_AT_STOP;
		KUNIT_EXPECT_EQ(test, kt_state(dst), VFIO_DEVICE_STATE_ERROR);
	} else {
		KUNIT_EXPECT_EQ(test, kt_state(dst), VFIO_DEVICE_STATE_STOP);
	}
	KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&dst->matrix, &matrix));
	KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&dst->shadow_apcb, &shadow));
	return ret;
}

static int kt_resume(struct kunit *test, struct ap_matrix_mdev *dst, const u8 *data, size_t len,
		     size_t chunk)
{
	enum kt_where where;

	return kt_resume_at(test, dst, data, len, chunk, &where);
}

/* the message of the last refusal on @dst: the resume file's, else the arc's */
static const char *kt_msg(struct ap_matrix_mdev *dst)
{
	struct kt_env *env = kt_env();
	int i;

	for (i = env->nr_files - 1; i >= 0; i--) {
		struct vfio_ap_mig_file *migf = env->files[i]->private_data;

		if (env->files[i]->f_op->write && migf->msg[0] &&
		    !strcmp(migf->name, dev_name(mdev_dev(dst->mdev))))
			return migf->msg;
	}
	return dst->mig.last_err;
}

/* a valid stream of the default source, in @buf; returns its length */
static size_t kt_source_stream(struct kunit *test, u8 *buf, size_t cap)
{
	struct ap_matrix_mdev *src = kt_source(test);
	ssize_t len = kt_save(test, src, buf, cap);

	KUNIT_ASSERT_GT(test, len, 0);
	return len;
}

#define KT_BUF 4096

/* a test buffer with the source guest's stream in it; @len: its length */
static u8 *kt_source_buf(struct kunit *test, size_t *len)
{
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	*len = kt_source_stream(test, buf, KT_BUF);
	return buf;
}

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

static const void *kt_legal_gen(VFIO_AP_KUNIT_GEN_ARGS)
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

	return vfio_ap_mig_stream_build(&none, &none, &none, NULL, NULL, NULL, buf, KT_BUF);
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

static const void *kt_illegal_gen(VFIO_AP_KUNIT_GEN_ARGS)
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

static const void *kt_from_error_gen(VFIO_AP_KUNIT_GEN_ARGS)
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

/* verify, never grant: an empty destination is refused at the write, told how to configure */
static void vfio_ap_mig_test_empty_dest_refused(struct kunit *test)
{
	u8 *buf;
	struct ap_matrix_mdev *dst;
	enum kt_where where;
	size_t len;

	buf = kt_source_buf(test, &len);
	KUNIT_EXPECT_EQ(test, len, 64 + 4 * VFIO_AP_MIG_ENTRY_LEN);
	dst = kt_mdev(test, "dst-mdev", true);
	KUNIT_EXPECT_EQ(test, kt_resume_at(test, dst, buf, len, len, &where), -ENODEV);
	KUNIT_EXPECT_EQ(test, where, KT_AT_WRITE);
	KUNIT_EXPECT_TRUE(test, bitmap_empty(dst->matrix.apm, AP_DEVICES));
	KUNIT_EXPECT_TRUE(test, bitmap_empty(dst->matrix.adm, AP_DOMAINS));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(kt_msg(dst), "must be configured"), "%s",
				  kt_msg(dst));
	KUNIT_EXPECT_NOT_NULL(test, strstr(kt_msg(dst), "export --format=mdevctl"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(kt_msg(dst), "define --from"));
}

static void vfio_ap_mig_test_roundtrip_equal_dest(struct kunit *test)
{
	u8 *buf;
	struct ap_matrix_mdev *dst;
	struct ap_matrix before;
	size_t len;

	buf = kt_source_buf(test, &len);
	dst = kt_dest(test);
	before = dst->matrix;
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, 100), 0);
	KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&dst->matrix, &before));
}

/*
 * A crafted stream naming free queues (07.0012) and a control domain of
 * another guest (0x11) into an empty destination: nothing is granted.
 */
static void vfio_ap_mig_test_crafted_grants_nothing(struct kunit *test)
{
	static const int apids[] = { 3, 7, -1 }, apqis[] = { 0x12, -1 }, cdoms[] = { 0x11, -1 };
	static const int o_apids[] = { 5, -1 }, o_apqis[] = { 0x10, -1 }, o_cdoms[] = { 0x11, -1 };
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct vfio_ap_mig_mask apm = { }, aqm = { }, adm = { };
	struct ap_matrix_mdev *dst, *other;
	struct ap_matrix other_before;
	enum kt_where where;
	ssize_t len;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	other = kt_mdev(test, "other-mdev", true);
	kt_assign(&other->matrix, o_apids, o_apqis, o_cdoms);
	kt_assign(&other->shadow_apcb, o_apids, o_apqis, o_cdoms);
	other_before = other->matrix;
	for (i = 0; apids[i] >= 0; i++)
		vfio_ap_mig_mask_set(&apm, apids[i]);
	vfio_ap_mig_mask_set(&aqm, apqis[0]);
	vfio_ap_mig_mask_set(&adm, cdoms[0]);
	len = vfio_ap_mig_stream_build(&apm, &aqm, &adm, kt_tapq_priv, NULL, NULL, buf, KT_BUF);
	KUNIT_ASSERT_GT(test, len, 0);

	dst = kt_mdev(test, "dst-mdev", true);
	KUNIT_EXPECT_EQ(test, kt_resume_at(test, dst, buf, len, 13, &where), -ENODEV);
	KUNIT_EXPECT_EQ(test, where, KT_AT_WRITE);
	KUNIT_EXPECT_TRUE(test, bitmap_empty(dst->matrix.apm, AP_DEVICES));
	KUNIT_EXPECT_TRUE(test, bitmap_empty(dst->matrix.aqm, AP_DOMAINS));
	KUNIT_EXPECT_TRUE(test, bitmap_empty(dst->matrix.adm, AP_DOMAINS));
	KUNIT_EXPECT_TRUE(test, bitmap_empty(dst->shadow_apcb.adm, AP_DOMAINS));
	KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&other->matrix, &other_before));
	/* QEMU's recovery: the arc fails, a reset returns to RUNNING with nothing granted */
	KUNIT_EXPECT_TRUE(test, IS_ERR(kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP)));
	vfio_ap_mig_reset(dst);
	KUNIT_EXPECT_EQ(test, kt_state(dst), VFIO_DEVICE_STATE_RUNNING);
	KUNIT_EXPECT_TRUE(test, bitmap_empty(dst->matrix.adm, AP_DOMAINS));
}

/* assigned like the source, but the kernel's filtering hides adapter 5 from the guest */
static void vfio_ap_mig_test_guest_view_mismatch(struct kunit *test)
{
	u8 *buf;
	struct ap_matrix_mdev *dst;
	size_t len;

	buf = kt_source_buf(test, &len);
	dst = kt_dest(test);
	clear_bit_inv(5, dst->shadow_apcb.apm);
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, len), -ENODEV);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(kt_msg(dst), "05.0010"), "%s", kt_msg(dst));
}

static void vfio_ap_mig_test_write_1byte_chunks(struct kunit *test)
{
	u8 *buf;
	struct ap_matrix_mdev *dst;
	size_t len;

	buf = kt_source_buf(test, &len);
	dst = kt_dest(test);
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
	KUNIT_ASSERT_EQ(test, n, 64 + 4 * VFIO_AP_MIG_ENTRY_LEN);
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
	u8 *buf;
	struct ap_matrix_mdev *dst;
	struct ap_matrix before;
	size_t len;

	buf = kt_source_buf(test, &len);
	dst = kt_dest(test);
	before = dst->matrix;
	/* header and one entry of four */
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, 64 + VFIO_AP_MIG_ENTRY_LEN, 7), -EINVAL);
	KUNIT_EXPECT_EQ(test, kt_state(dst), VFIO_DEVICE_STATE_ERROR);
	KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&dst->matrix, &before));
	KUNIT_EXPECT_GT(test, len, 64 + VFIO_AP_MIG_ENTRY_LEN);
}

static void vfio_ap_mig_test_data_size(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *src = kt_source(test);
	unsigned long before, during, left;
	struct file *f;
	ssize_t n;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, src->vdev.mig_ops->migration_get_data_size(&src->vdev, &before), 0);
	kt_set_state(test, src, VFIO_DEVICE_STATE_STOP);
	f = kt_set_state(test, src, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	KUNIT_ASSERT_EQ(test, src->vdev.mig_ops->migration_get_data_size(&src->vdev, &during), 0);
	KUNIT_ASSERT_EQ(test, kt_read(f, buf, 13), 13);
	KUNIT_ASSERT_EQ(test, src->vdev.mig_ops->migration_get_data_size(&src->vdev, &left), 0);
	n = kt_read_all(test, f, buf + 13, KT_BUF - 13, 13);
	KUNIT_EXPECT_EQ(test, n + 13, (ssize_t)before);
	KUNIT_EXPECT_EQ(test, n + 13, (ssize_t)during);
	/* MIG_DATA_SIZE in STOP_COPY: the bytes still to read */
	KUNIT_EXPECT_EQ(test, left, during - 13);
	KUNIT_ASSERT_EQ(test, src->vdev.mig_ops->migration_get_data_size(&src->vdev, &left), 0);
	KUNIT_EXPECT_EQ(test, left, 0);
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
	/* not ERROR: QEMU would reset (zeroize) the queues of the guest that resumes */
	KUNIT_EXPECT_EQ(test, kt_state(src), VFIO_DEVICE_STATE_STOP);
	KUNIT_EXPECT_NULL(test, src->mig.save);
	/* and the source resumes */
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_RUNNING));
	KUNIT_EXPECT_EQ(test, kt_state(src), VFIO_DEVICE_STATE_RUNNING);
}

/* adapters without domains (or the reverse): no queue, said so, nothing migrates "empty" */
static void kt_one_sided(struct kunit *test, bool adapters)
{
	static const int none[] = { -1 };
	struct ap_matrix_mdev *src = kt_mdev(test, "src-mdev", false);
	struct file *f;

	if (adapters)
		kt_assign(&src->shadow_apcb, kt_src_apids, none, kt_src_cdoms);
	else
		kt_assign(&src->shadow_apcb, none, kt_src_apqis, kt_src_cdoms);
	src->matrix = src->shadow_apcb;
	kt_set_state(test, src, VFIO_DEVICE_STATE_STOP);
	f = kt_set_state(test, src, VFIO_DEVICE_STATE_STOP_COPY);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(f), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, kt_state(src), VFIO_DEVICE_STATE_STOP);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(src->mig.last_err, "so no queue"), "%s",
				  src->mig.last_err);
}

static void vfio_ap_mig_test_adapters_only_source(struct kunit *test)
{
	kt_one_sided(test, true);
}

static void vfio_ap_mig_test_domains_only_source(struct kunit *test)
{
	kt_one_sided(test, false);
}

/* accepted at the write, but the destination changed before RESUMING -> STOP: verified again */
static void vfio_ap_mig_test_recheck_at_stop(struct kunit *test)
{
	u8 *buf;
	struct ap_matrix_mdev *dst;
	struct file *f;
	size_t len;

	buf = kt_source_buf(test, &len);
	dst = kt_dest(test);
	kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP);
	f = kt_set_state(test, dst, VFIO_DEVICE_STATE_RESUMING);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	KUNIT_EXPECT_EQ(test, kt_write_all(test, f, buf, len, len), 0);
	/* the admin unassigns adapter 5 meanwhile */
	mutex_lock(&kt_env()->md->mdevs_lock);
	clear_bit_inv(5, dst->shadow_apcb.apm);
	mutex_unlock(&kt_env()->md->mdevs_lock);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP)),
			-ENODEV);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(dst->mig.last_err, "changed"), "%s",
				  dst->mig.last_err);
}

/* bytes after an accepted stream: refused as too long, logged once */
static void vfio_ap_mig_test_bytes_after_accepted(struct kunit *test)
{
	u8 *buf;
	struct ap_matrix_mdev *dst;
	struct file *f;
	size_t len;

	buf = kt_source_buf(test, &len);
	dst = kt_dest(test);
	kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP);
	f = kt_set_state(test, dst, VFIO_DEVICE_STATE_RESUMING);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	KUNIT_EXPECT_EQ(test, kt_write_all(test, f, buf, len, len), 0);
	KUNIT_EXPECT_EQ(test, kt_write(f, buf, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, kt_write(f, buf, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, ((struct vfio_ap_mig_file *)f->private_data)->logged, 1);
	KUNIT_EXPECT_NOT_NULL(test, strstr(((struct vfio_ap_mig_file *)f->private_data)->msg,
					   "long"));
}

/* the source goes back to RUNNING after the destination refused (QEMU's failed migration) */
static void vfio_ap_mig_test_refused_source_resumes(struct kunit *test)
{
	u8 *buf;
	struct ap_matrix_mdev *src, *dst;
	size_t len;

	buf = kt_source_buf(test, &len);
	src = kt_env()->mdevs[0];
	dst = kt_mdev(test, "dst-mdev", true);
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, len), -ENODEV);
	/* save cleanup, then the source VM continues */
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_STOP));
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_RUNNING));
	KUNIT_EXPECT_EQ(test, kt_state(src), VFIO_DEVICE_STATE_RUNNING);
}

static const size_t kt_chunks[] = { 1, 7, 16, 63, 64, 65, 4096, 32768, 1 << 20 };

static void kt_chunk_desc(const size_t *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chunk %zu", *c);
}

KUNIT_ARRAY_PARAM(kt_chunk, kt_chunks, kt_chunk_desc);

/* save in QEMU's read size and resume in chunks of the parameter: same bytes, accepted */
static void vfio_ap_mig_test_chunked_roundtrip(struct kunit *test)
{
	const size_t *chunk = test->param_value;
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *src = kt_source(test), *dst;
	unsigned long size;
	ssize_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, src->vdev.mig_ops->migration_get_data_size(&src->vdev, &size), 0);
	/* QEMU: data_buffer_size = min(1 MiB, stop_copy_size) */
	len = kt_save(test, src, buf, KT_BUF);
	KUNIT_ASSERT_EQ(test, len, (ssize_t)size);
	dst = kt_dest(test);
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, *chunk), 0);
	KUNIT_EXPECT_NULL(test, kt_set_state(test, dst, VFIO_DEVICE_STATE_RUNNING));
}

static struct kunit_case vfio_ap_mig_test_cases[] = {
	KUNIT_CASE(vfio_ap_mig_test_init_sets_ops),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_legal_arc, kt_legal_gen),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_illegal_arc, kt_illegal_gen),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_from_error, kt_from_error_gen),
	KUNIT_CASE(vfio_ap_mig_test_p2p_arcs),
	KUNIT_CASE(vfio_ap_mig_test_reset_to_running),
	KUNIT_CASE(vfio_ap_mig_test_empty_dest_refused),
	KUNIT_CASE(vfio_ap_mig_test_roundtrip_equal_dest),
	KUNIT_CASE(vfio_ap_mig_test_crafted_grants_nothing),
	KUNIT_CASE(vfio_ap_mig_test_guest_view_mismatch),
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
	KUNIT_CASE(vfio_ap_mig_test_adapters_only_source),
	KUNIT_CASE(vfio_ap_mig_test_domains_only_source),
	KUNIT_CASE(vfio_ap_mig_test_refused_source_resumes),
	KUNIT_CASE(vfio_ap_mig_test_recheck_at_stop),
	KUNIT_CASE(vfio_ap_mig_test_bytes_after_accepted),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_chunked_roundtrip, kt_chunk_gen_params),
	{}
};

static struct kunit_suite vfio_ap_mig_test_suite = {
	.name = "vfio_ap_migration",
	.init = kt_init,
	.exit = kt_exit,
	.test_cases = vfio_ap_mig_test_cases,
};

kunit_test_suite(vfio_ap_mig_test_suite);

#include "vfio_ap_migration_kunit_refuse.c"
#include "vfio_ap_migration_kunit_irq.c"
#include "vfio_ap_migration_kunit_vfio.c"
