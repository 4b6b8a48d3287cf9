// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: interrupt quiesce and restore (vfio_ap_migration_irq), observed
 * through the hardware seam.
 *
 * Included at the end of vfio_ap_migration_kunit.c, whose fakes and
 * helpers it uses; its own suite shares their init and exit.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */

/* a queue of @m bound to vfio_ap, with a registration if @isc is not VFIO_AP_ISC_INVALID */
static struct vfio_ap_queue *kt_queue(struct kunit *test, struct ap_matrix_mdev *m, u16 apqn,
				      u8 isc, u64 nib)
{
	struct kt_env *env = test->priv;
	struct vfio_ap_queue *q;

	KUNIT_ASSERT_LT(test, env->nr_queues, KT_MAX_QUEUES);
	q = kzalloc_obj(*q, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, q);
	q->apqn = apqn;
	q->matrix_mdev = m;
	q->saved_isc = isc;
	q->saved_iova = isc == VFIO_AP_ISC_INVALID ? 0 : nib;
	mutex_lock(&env->md->mdevs_lock);
	hash_add(m->qtable.queues, &q->mdev_qnode, apqn);
	mutex_unlock(&env->md->mdevs_lock);
	env->queues[env->nr_queues++] = q;
	return q;
}

/* the four queues of the source guest; 03.0011 and 05.0010 with interrupts on */
#define KT_NIB_A	0x10000ULL
#define KT_NIB_B	0x2345678ULL

static void kt_queues(struct kunit *test, struct ap_matrix_mdev *m, bool registered)
{
	kt_queue(test, m, 0x0310, VFIO_AP_ISC_INVALID, 0);
	kt_queue(test, m, 0x0311, registered ? 3 : VFIO_AP_ISC_INVALID, KT_NIB_A);
	kt_queue(test, m, 0x0510, registered ? 6 : VFIO_AP_ISC_INVALID, KT_NIB_B);
	kt_queue(test, m, 0x0511, VFIO_AP_ISC_INVALID, 0);
}

static int kt_count_calls(char op)
{
	struct kt_env *env = kt_env();
	int i, n = 0;

	for (i = 0; i < env->nr_calls; i++)
		n += env->calls[i].op == op;
	return n;
}

static bool kt_has_call(char op, u16 apqn, u8 isc, u64 nib)
{
	struct kt_env *env = kt_env();
	int i;

	for (i = 0; i < env->nr_calls; i++)
		if (env->calls[i].op == op && env->calls[i].apqn == apqn &&
		    env->calls[i].isc == isc && env->calls[i].nib == nib)
			return true;
	return false;
}

/* entering STOP disables each registered queue's interrupts, RUNNING restores and kicks */
static void vfio_ap_mig_test_stop_quiesces(struct kunit *test)
{
	struct ap_matrix_mdev *src = kt_source(test);
	struct kt_env *env = test->priv;

	kt_queues(test, src, true);
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_RUNNING_P2P));
	KUNIT_EXPECT_EQ(test, env->nr_calls, 0);
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_STOP));
	KUNIT_EXPECT_EQ(test, kt_count_calls('d'), 2);
	KUNIT_EXPECT_TRUE(test, kt_has_call('d', 0x0311, 3, KT_NIB_A));
	KUNIT_EXPECT_TRUE(test, kt_has_call('d', 0x0510, 6, KT_NIB_B));
	KUNIT_EXPECT_EQ(test, env->queues[1]->saved_isc, VFIO_AP_ISC_INVALID);
	KUNIT_EXPECT_EQ(test, kt_count_calls('e'), 0);
	KUNIT_EXPECT_EQ(test, kt_count_calls('k'), 0);
	/* the source resumes (a failed migration): the same registrations, and a kick each */
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_RUNNING));
	KUNIT_EXPECT_EQ(test, kt_count_calls('e'), 2);
	KUNIT_EXPECT_TRUE(test, kt_has_call('e', 0x0311, 3, KT_NIB_A));
	KUNIT_EXPECT_TRUE(test, kt_has_call('e', 0x0510, 6, KT_NIB_B));
	KUNIT_EXPECT_TRUE(test, kt_has_call('k', 0xffff, 3, KT_NIB_A));
	KUNIT_EXPECT_TRUE(test, kt_has_call('k', 0xffff, 6, KT_NIB_B));
	KUNIT_EXPECT_EQ(test, env->queues[1]->saved_isc, 3);
	KUNIT_EXPECT_EQ(test, env->queues[2]->saved_iova, KT_NIB_B);
	KUNIT_EXPECT_EQ(test, src->mig.nr_irqs, 0);
}

/* the stream carries each queue's registration as STOP saved it */
static void vfio_ap_mig_test_stream_carries_irqs(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *src = kt_source(test);
	struct vfio_ap_mig_config cfg;
	struct vfio_ap_mig_irq irq;
	ssize_t len;
	u32 i, on = 0;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	kt_queues(test, src, true);
	len = kt_save(test, src, buf, KT_BUF);
	KUNIT_ASSERT_EQ(test, vfio_ap_mig_stream_parse(buf, len, &cfg, NULL), 0);
	for (i = 0; i < cfg.num_queues; i++) {
		u16 apqn = vfio_ap_mig_config_apqn(&cfg, i);

		vfio_ap_mig_config_irq(&cfg, i, &irq);
		if (apqn == 0x0311) {
			KUNIT_EXPECT_TRUE(test, irq.enabled && irq.isc == 3 && irq.nib == KT_NIB_A);
			on++;
		} else if (apqn == 0x0510) {
			KUNIT_EXPECT_TRUE(test, irq.enabled && irq.isc == 6 && irq.nib == KT_NIB_B);
			on++;
		} else {
			KUNIT_EXPECT_FALSE(test, irq.enabled);
		}
	}
	KUNIT_EXPECT_EQ(test, on, 2);
	/* and the snapshot disabled nothing more than STOP did */
	KUNIT_EXPECT_EQ(test, kt_count_calls('d'), 2);
}

/* the destination enables the source's registrations at STOP -> RUNNING, then kicks */
static void vfio_ap_mig_test_dest_restores_irqs(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *src = kt_source(test), *dst;
	struct kt_env *env = test->priv;
	ssize_t len;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	kt_queues(test, src, true);
	len = kt_save(test, src, buf, KT_BUF);
	KUNIT_ASSERT_GT(test, len, 0);
	dst = kt_dest(test);
	kt_queues(test, dst, false);
	env->nr_calls = 0;
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, len), 0);
	/* nothing enabled while stopped */
	KUNIT_EXPECT_EQ(test, env->nr_calls, 0);
	KUNIT_EXPECT_EQ(test, dst->mig.nr_irqs, 2);
	KUNIT_EXPECT_NULL(test, kt_set_state(test, dst, VFIO_DEVICE_STATE_RUNNING));
	KUNIT_EXPECT_EQ(test, kt_count_calls('e'), 2);
	KUNIT_EXPECT_TRUE(test, kt_has_call('e', 0x0311, 3, KT_NIB_A));
	KUNIT_EXPECT_TRUE(test, kt_has_call('e', 0x0510, 6, KT_NIB_B));
	KUNIT_EXPECT_EQ(test, kt_count_calls('k'), 2);
	/* enable before kick, for each registration */
	for (i = 1; i < env->nr_calls; i++)
		if (env->calls[i].op == 'k')
			KUNIT_EXPECT_EQ(test, env->calls[i - 1].op, 'e');
	KUNIT_EXPECT_EQ(test, env->queues[4 + 1]->saved_isc, 3);
	KUNIT_EXPECT_EQ(test, env->queues[4 + 2]->saved_iova, KT_NIB_B);
}

/* a refused stream restores nothing: QEMU's recovery is a reset */
static void vfio_ap_mig_test_refused_restores_nothing(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct ap_matrix_mdev *src = kt_source(test), *dst;
	struct kt_env *env = test->priv;
	ssize_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	kt_queues(test, src, true);
	len = kt_save(test, src, buf, KT_BUF);
	dst = kt_dest(test);
	clear_bit_inv(0x10, dst->shadow_apcb.adm);
	env->nr_calls = 0;
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, len), -ENODEV);
	vfio_ap_mig_reset(dst);
	KUNIT_EXPECT_NULL(test, kt_set_state(test, dst, VFIO_DEVICE_STATE_RUNNING));
	KUNIT_EXPECT_EQ(test, env->nr_calls, 0);
	KUNIT_EXPECT_EQ(test, dst->mig.nr_irqs, 0);
}

/* an enable that fails is logged, not kicked, and does not fail the arc */
static void vfio_ap_mig_test_restore_enable_fails(struct kunit *test)
{
	struct ap_matrix_mdev *src = kt_source(test);
	struct kt_env *env = test->priv;

	kt_queues(test, src, true);
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_STOP));
	env->irq_enable_err = -EIO;
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_RUNNING));
	KUNIT_EXPECT_EQ(test, kt_state(src), VFIO_DEVICE_STATE_RUNNING);
	KUNIT_EXPECT_EQ(test, kt_count_calls('e'), 2);
	KUNIT_EXPECT_EQ(test, kt_count_calls('k'), 0);
}

/* a queue unbound while stopped: its registration is skipped, the others restored */
static void vfio_ap_mig_test_restore_queue_gone(struct kunit *test)
{
	struct ap_matrix_mdev *src = kt_source(test);
	struct kt_env *env = test->priv;

	kt_queues(test, src, true);
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_STOP));
	mutex_lock(&env->md->mdevs_lock);
	hash_del(&env->queues[1]->mdev_qnode);
	mutex_unlock(&env->md->mdevs_lock);
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_RUNNING));
	KUNIT_EXPECT_EQ(test, kt_count_calls('e'), 1);
	KUNIT_EXPECT_TRUE(test, kt_has_call('e', 0x0510, 6, KT_NIB_B));
	KUNIT_EXPECT_EQ(test, kt_count_calls('k'), 1);
}

/* a reset in STOP forgets the saved registrations (the reset cleared the queues) */
static void vfio_ap_mig_test_reset_forgets_irqs(struct kunit *test)
{
	struct ap_matrix_mdev *src = kt_source(test);
	struct kt_env *env = test->priv;

	kt_queues(test, src, true);
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_STOP));
	KUNIT_EXPECT_EQ(test, src->mig.nr_irqs, 2);
	vfio_ap_mig_reset(src);
	KUNIT_EXPECT_EQ(test, src->mig.nr_irqs, 0);
	env->nr_calls = 0;
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_STOP));
	KUNIT_EXPECT_NULL(test, kt_set_state(test, src, VFIO_DEVICE_STATE_RUNNING));
	KUNIT_EXPECT_EQ(test, kt_count_calls('e'), 0);
}

static struct kunit_case vfio_ap_mig_irq_cases[] = {
	KUNIT_CASE(vfio_ap_mig_test_stop_quiesces),
	KUNIT_CASE(vfio_ap_mig_test_stream_carries_irqs),
	KUNIT_CASE(vfio_ap_mig_test_dest_restores_irqs),
	KUNIT_CASE(vfio_ap_mig_test_refused_restores_nothing),
	KUNIT_CASE(vfio_ap_mig_test_restore_enable_fails),
	KUNIT_CASE(vfio_ap_mig_test_restore_queue_gone),
	KUNIT_CASE(vfio_ap_mig_test_reset_forgets_irqs),
	{}
};

static struct kunit_suite vfio_ap_mig_irq_suite = {
	.name = "vfio_ap_migration_irq",
	.init = kt_init,
	.exit = kt_exit,
	.test_cases = vfio_ap_mig_irq_cases,
};

kunit_test_suite(vfio_ap_mig_irq_suite);
