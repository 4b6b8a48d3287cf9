// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: every refusal at the write that completes the stream (vfio_ap_migration_refuse):
 * each stream defect, each guest-view case and each rule of the shared
 * table (vfio_ap_mig_cases.h), with the device left in RESUMING, and
 * each refusal logged once per data file.
 *
 * Included at the end of vfio_ap_migration_kunit.c, whose fakes and
 * helpers it uses; its own suite shares their init and exit.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */

static void kt_fix_crc(u8 *buf, size_t len)
{
	put_unaligned_be32(0, buf + VFIO_AP_MIG_OFF_CRC);
	put_unaligned_be32(~crc32_le(~0U, buf, len), buf + VFIO_AP_MIG_OFF_CRC);
}

static void kt_view_desc(const struct vfio_ap_mig_view_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kt_view, vfio_ap_mig_view_cases, kt_view_desc);

/* rule 1 of the shared table: the destination guest view differs, refused at the write */
static void vfio_ap_mig_test_view_refusal(struct kunit *test)
{
	const struct vfio_ap_mig_view_case *c = test->param_value;
	u8 *buf;
	struct ap_matrix_mdev *dst;
	struct ap_matrix *v;
	enum kt_where where;
	size_t len;

	buf = kt_source_buf(test, &len);
	dst = kt_dest(test);
	v = &dst->shadow_apcb;
	switch (c->setup) {
	case VFIO_AP_MIG_CASE_DST_EMPTY:
		bitmap_zero(v->apm, AP_DEVICES);
		bitmap_zero(v->aqm, AP_DOMAINS);
		bitmap_zero(v->adm, AP_DOMAINS);
		break;
	case VFIO_AP_MIG_CASE_DST_NO_ADAPTER5:
		clear_bit_inv(5, v->apm);
		break;
	case VFIO_AP_MIG_CASE_DST_ADAPTER7:
		set_bit_inv(7, v->apm);
		break;
	case VFIO_AP_MIG_CASE_DST_DOMAIN12:
		set_bit_inv(0x12, v->aqm);
		break;
	case VFIO_AP_MIG_CASE_DST_NO_CDOM10:
		clear_bit_inv(0x10, v->adm);
		break;
	case VFIO_AP_MIG_CASE_DST_CDOM11:
		set_bit_inv(0x11, v->adm);
		break;
	case VFIO_AP_MIG_CASE_DST_ADAPTERS_ONLY:
		bitmap_zero(v->aqm, AP_DOMAINS);
		break;
	case VFIO_AP_MIG_CASE_DST_DOMAINS_ONLY:
		bitmap_zero(v->apm, AP_DEVICES);
		break;
	}
	dst->matrix = *v;
	KUNIT_EXPECT_EQ(test, kt_resume_at(test, dst, buf, len, len, &where), c->err);
	KUNIT_EXPECT_EQ(test, where, KT_AT_WRITE);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(kt_msg(dst), c->msg), "message: %s", kt_msg(dst));
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

/* the second half of entry 2 (05.0010): reserved byte 19 */
static void kt_m_reserved2(u8 *b, size_t *len)
{
	b[VFIO_AP_MIG_HDR_LEN + 2 * VFIO_AP_MIG_ENTRY_LEN + 19] = 1;
	kt_fix_crc(b, *len);
}

static void kt_m_irq2(u8 *b, size_t *len)
{
	b[VFIO_AP_MIG_HDR_LEN + VFIO_AP_MIG_ENT_OFF_IRQ] = 2;
	kt_fix_crc(b, *len);
}

static void kt_m_isc8(u8 *b, size_t *len)
{
	u8 *e = b + VFIO_AP_MIG_HDR_LEN + VFIO_AP_MIG_ENTRY_LEN;

	e[VFIO_AP_MIG_ENT_OFF_IRQ] = 1;
	e[VFIO_AP_MIG_ENT_OFF_ISC] = 8;
	put_unaligned_be64(0x1000, e + VFIO_AP_MIG_ENT_OFF_NIB);
	kt_fix_crc(b, *len);
}

static void kt_m_no_nib(u8 *b, size_t *len)
{
	b[VFIO_AP_MIG_HDR_LEN + 3 * VFIO_AP_MIG_ENTRY_LEN + VFIO_AP_MIG_ENT_OFF_IRQ] = 1;
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
	{ "entry-reserved-2-not-zero", -EINVAL, "reserved byte at offset 147", kt_m_reserved2 },
	{ "irq-not-0-or-1", -EINVAL, "bad interrupt registration: irq 2", kt_m_irq2 },
	{ "irq-isc-8", -EINVAL, "isc 8", kt_m_isc8 },
	{ "irq-on-without-nib", -EINVAL, "nib 0x0", kt_m_no_nib },
};

static void kt_stream_desc(const struct kt_stream_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kt_stream, kt_stream_cases, kt_stream_desc);

static void vfio_ap_mig_test_stream_refusal(struct kunit *test)
{
	const struct kt_stream_case *c = test->param_value;
	u8 *buf;
	struct ap_matrix_mdev *dst;
	struct ap_matrix before;
	size_t len;

	buf = kt_source_buf(test, &len);
	c->mangle(buf, &len);
	dst = kt_dest(test);
	before = dst->matrix;
	KUNIT_EXPECT_EQ(test, kt_resume(test, dst, buf, len, len), c->err);
	KUNIT_EXPECT_TRUE(test, kt_matrix_equal(&dst->matrix, &before));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(kt_msg(dst), c->msg), "message: %s",
				  kt_msg(dst));
}

static void kt_rule_desc(const struct vfio_ap_mig_rule_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(kt_rule, vfio_ap_mig_rule_cases, kt_rule_desc);

static void vfio_ap_mig_test_rule(struct kunit *test)
{
	const struct vfio_ap_mig_rule_case *c = test->param_value;
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct kt_env *env = test->priv;
	struct ap_matrix_mdev *dst;
	enum kt_where where;
	size_t len;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* the source host: queue 05.0011 has the source value */
	env->hw[0] = (struct kt_hw_override){ .apqn = VFIO_AP_MIG_CASE_APQN, .hwinfo = c->src };
	env->nr_hw = 1;
	len = kt_source_stream(test, buf, KT_BUF);
	/* the destination host */
	env->hw[0].hwinfo = c->dst;

	dst = kt_dest(test);
	/* QEMU's chunking: its QEMUFile buffer, then the rest */
	err = kt_resume_at(test, dst, buf, len, 32, &where);
	KUNIT_EXPECT_EQ(test, err, c->err);
	if (c->err) {
		/* refused at the write that completes the stream: QEMU's load fails */
		KUNIT_EXPECT_EQ(test, where, KT_AT_WRITE);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(kt_msg(dst), c->msg),
					  "message: %s", kt_msg(dst));
		KUNIT_EXPECT_NOT_NULL(test, strstr(kt_msg(dst), "05.0011"));
	}
}

/* a refused stream is logged once per file, however often it is written */
static void vfio_ap_mig_test_refusal_logged_once(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, KT_BUF, GFP_KERNEL);
	struct vfio_ap_mig_file *migf;
	struct ap_matrix_mdev *dst;
	struct file *f;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	dst = kt_dest(test);
	kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP);
	f = kt_set_state(test, dst, VFIO_DEVICE_STATE_RESUMING);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	migf = f->private_data;
	memset(buf, 0xa5, VFIO_AP_MIG_HDR_LEN);
	for (i = 0; i < 50; i++)
		KUNIT_EXPECT_EQ(test, kt_write(f, buf, VFIO_AP_MIG_HDR_LEN), -EINVAL);
	KUNIT_EXPECT_EQ(test, migf->logged, 1);
	KUNIT_EXPECT_NOT_NULL(test, strstr(migf->msg, "magic"));
}

/* a stream refused by several rules: one line per rule, once, then nothing more */
static void vfio_ap_mig_test_rules_logged_once(struct kunit *test)
{
	u8 *buf;
	struct vfio_ap_mig_file *migf;
	struct ap_matrix_mdev *dst;
	struct file *f;
	size_t len;
	int i;

	buf = kt_source_buf(test, &len);
	dst = kt_dest(test);
	/* two control domains wrong: missing 0x10, extra 0x11 */
	clear_bit_inv(0x10, dst->shadow_apcb.adm);
	set_bit_inv(0x11, dst->shadow_apcb.adm);
	kt_set_state(test, dst, VFIO_DEVICE_STATE_STOP);
	f = kt_set_state(test, dst, VFIO_DEVICE_STATE_RESUMING);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(f));
	migf = f->private_data;
	KUNIT_EXPECT_EQ(test, kt_write_all(test, f, buf, len, len), -ENODEV);
	for (i = 0; i < 20; i++)
		KUNIT_EXPECT_EQ(test, kt_write(f, buf, 1), -ENODEV);
	KUNIT_EXPECT_EQ(test, migf->logged, 2);
	KUNIT_EXPECT_EQ(test, kt_state(dst), VFIO_DEVICE_STATE_RESUMING);
}

static struct kunit_case vfio_ap_mig_refuse_cases[] = {
	KUNIT_CASE_PARAM(vfio_ap_mig_test_view_refusal, kt_view_gen_params),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_stream_refusal, kt_stream_gen_params),
	KUNIT_CASE_PARAM(vfio_ap_mig_test_rule, kt_rule_gen_params),
	KUNIT_CASE(vfio_ap_mig_test_refusal_logged_once),
	KUNIT_CASE(vfio_ap_mig_test_rules_logged_once),
	{}
};

static struct kunit_suite vfio_ap_mig_refuse_suite = {
	.name = "vfio_ap_migration_refuse",
	.init = kt_init,
	.exit = kt_exit,
	.test_cases = vfio_ap_mig_refuse_cases,
};

kunit_test_suite(vfio_ap_mig_refuse_suite);
