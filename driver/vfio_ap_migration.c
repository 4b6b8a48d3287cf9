// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO live migration of a vfio_ap mediated device.
 *
 * An AP queue keeps no state that could be moved: what migrates is the
 * guest's AP configuration (adapters, usage domains, control domains) and
 * the hardware information of each of its queues, so that the destination
 * can refuse a host whose cards would behave differently. The data is one
 * version 1 stream (vfio_ap_mig_stream.h); the compatibility verdict comes
 * from the rules shared with the userspace tool (vfio_ap_mig_rules.h).
 *
 * States: RUNNING, RUNNING_P2P, STOP, STOP_COPY, RESUMING and ERROR
 * (VFIO_MIGRATION_STOP_COPY | VFIO_MIGRATION_P2P). An AP device does no
 * DMA that could target another device and its queues are driven by the
 * guest through SIE interpretation; STOP -> STOP_COPY takes the snapshot.
 * The write that completes a resume stream verifies it against the
 * destination (verify, never grant: the destination mdev must already give
 * its guest the source guest's view) and fails with the rule's errno, so
 * that QEMU's load fails while the source can still resume; RESUMING ->
 * STOP verifies again.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */

#define pr_fmt(fmt) "vfio_ap: " fmt

#include <linux/anon_inodes.h>
#include <linux/bsearch.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sort.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <asm/facility.h>
#include <asm/uv.h>

#include "vfio_ap_private.h"

/* at most this many rule results are logged for one refused stream */
#define VFIO_AP_MIG_MAX_RESULTS	32

static const char *vfio_ap_mig_name(struct ap_matrix_mdev *matrix_mdev)
{
	return dev_name(mdev_dev(matrix_mdev->mdev));
}

/*
 * Log a migration failure of @matrix_mdev (rate-limited), naming the
 * device, and keep the first one of the current state change.
 */
static __printf(2, 3) void vfio_ap_mig_fail(struct ap_matrix_mdev *matrix_mdev,
					    const char *fmt, ...)
{
	struct vfio_ap_migration *mig = &matrix_mdev->mig;
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	dev_err_ratelimited(mdev_dev(matrix_mdev->mdev), "migration: %pV\n", &vaf);
	va_end(args);

	if (!mig->last_err[0]) {
		va_start(args, fmt);
		vsnprintf(mig->last_err, sizeof(mig->last_err), fmt, args);
		va_end(args);
	}
}

/* ---------------------------------------------------------------- seam */

static int vfio_ap_mig_real_tapq(u16 apqn, u64 *hwinfo)
{
	struct ap_tapq_hwinfo info = { .value = 0 };
	struct ap_queue_status status;

	status = ap_test_queue(AP_MKQID(apqn >> 8, apqn & 0xff), test_facility(15), &info);
	switch (status.response_code) {
	case AP_RESPONSE_NORMAL:
	case AP_RESPONSE_RESET_IN_PROGRESS:
	case AP_RESPONSE_BUSY:
		*hwinfo = info.value;
		return 0;
	case AP_RESPONSE_Q_NOT_AVAIL:
	case AP_RESPONSE_DECONFIGURED:
	case AP_RESPONSE_CHECKSTOPPED:
		return -ENODEV;
	default:
		return -EIO;
	}
}

static bool vfio_ap_mig_real_is_se_guest(void)
{
	return is_prot_virt_guest();
}

const struct vfio_ap_mig_hw_ops vfio_ap_mig_real_hw_ops = {
	.tapq = vfio_ap_mig_real_tapq,
	.is_se_guest = vfio_ap_mig_real_is_se_guest,
	.irq_disable = vfio_ap_mdev_irq_disable,
	.irq_enable = vfio_ap_mdev_irq_enable,
	.irq_kick = vfio_ap_mdev_irq_kick,
};

/* ------------------------------------------------------- mask helpers */

void vfio_ap_mig_mask_from_bitmap(struct vfio_ap_mig_mask *m, const unsigned long *bitmap)
{
	unsigned long id;

	memset(m, 0, sizeof(*m));
	for_each_set_bit_inv(id, bitmap, VFIO_AP_MIG_MAX_IDS)
		vfio_ap_mig_mask_set(m, id);
}

void vfio_ap_mig_mask_to_bitmap(unsigned long *bitmap, const struct vfio_ap_mig_mask *m)
{
	u32 id;

	bitmap_zero(bitmap, VFIO_AP_MIG_MAX_IDS);
	for (id = 0; id < VFIO_AP_MIG_MAX_IDS; id++)
		if (vfio_ap_mig_mask_test(m, id))
			set_bit_inv(id, bitmap);
}

/* ------------------------------------------- interrupts: quiesce, restore */

static int vfio_ap_mig_irq_cmp(const void *a, const void *b)
{
	const struct vfio_ap_mig_saved_irq *x = a, *y = b;

	return (int)x->apqn - (int)y->apqn;
}

static void vfio_ap_mig_irq_forget(struct vfio_ap_migration *mig)
{
	kvfree(mig->irqs);
	mig->irqs = NULL;
	mig->nr_irqs = 0;
}

static struct vfio_ap_queue *vfio_ap_mig_queue(struct ap_matrix_mdev *matrix_mdev, u16 apqn)
{
	struct vfio_ap_queue *q;

	lockdep_assert_held(&matrix_dev->mdevs_lock);
	hash_for_each_possible(matrix_mdev->qtable.queues, q, mdev_qnode, apqn)
		if (q->apqn == apqn)
			return q;
	return NULL;
}

/*
 * Entering STOP: save each queue's interrupt registration and disable the
 * queue's interrupts, so that nothing writes guest memory or raises an
 * interrupt while the device is stopped.
 */
static int vfio_ap_mig_irq_save(struct ap_matrix_mdev *matrix_mdev)
{
	struct vfio_ap_migration *mig = &matrix_mdev->mig;
	struct vfio_ap_mig_saved_irq *irqs;
	struct vfio_ap_queue *q;
	u32 n = 0, cap = 0;
	int bkt, ret;

	lockdep_assert_held(&mig->lock);
	vfio_ap_mig_irq_forget(mig);

	mutex_lock(&matrix_dev->mdevs_lock);
	hash_for_each(matrix_mdev->qtable.queues, bkt, q, mdev_qnode)
		if (q->saved_isc != VFIO_AP_ISC_INVALID)
			cap++;
	if (!cap)
		goto out;
	irqs = kvcalloc(cap, sizeof(*irqs), GFP_KERNEL_ACCOUNT);
	if (!irqs) {
		mutex_unlock(&matrix_dev->mdevs_lock);
		vfio_ap_mig_fail(matrix_mdev, "no memory to save %u interrupt registrations", cap);
		return -ENOMEM;
	}
	hash_for_each(matrix_mdev->qtable.queues, bkt, q, mdev_qnode) {
		if (q->saved_isc == VFIO_AP_ISC_INVALID || n == cap)
			continue;
		irqs[n].apqn = q->apqn;
		irqs[n].isc = q->saved_isc;
		irqs[n].nib = q->saved_iova;
		n++;
		ret = mig->hw->irq_disable(q);
		if (ret)
			dev_warn_ratelimited(mdev_dev(matrix_mdev->mdev),
					     "migration: APQN %02x.%04x: interrupts not disabled: %pe\n",
					     q->apqn >> 8, q->apqn & 0xff, ERR_PTR(ret));
	}
	sort(irqs, n, sizeof(*irqs), vfio_ap_mig_irq_cmp, NULL);
	mig->irqs = irqs;
	mig->nr_irqs = n;
out:
	mutex_unlock(&matrix_dev->mdevs_lock);
	return 0;
}

/*
 * Back to RUNNING: enable the saved (or the source's) registrations again,
 * pinning the indicator and registering the GISC as the guest's own AQIC
 * would, and kick the guest so that it collects the replies that arrived
 * meanwhile and requeues the requests whose replies are gone.
 */
static void vfio_ap_mig_irq_restore(struct ap_matrix_mdev *matrix_mdev)
{
	struct vfio_ap_migration *mig = &matrix_mdev->mig;
	struct vfio_ap_queue *q;
	u32 i;
	int ret;

	lockdep_assert_held(&mig->lock);
	if (!mig->nr_irqs)
		return;
	mutex_lock(&matrix_dev->mdevs_lock);
	for (i = 0; i < mig->nr_irqs; i++) {
		const struct vfio_ap_mig_saved_irq *r = &mig->irqs[i];

		q = vfio_ap_mig_queue(matrix_mdev, r->apqn);
		ret = q ? mig->hw->irq_enable(q, r->isc, r->nib) : -ENODEV;
		if (ret) {
			dev_warn_ratelimited(mdev_dev(matrix_mdev->mdev),
					     "migration: APQN %02x.%04x: interrupts (ISC %u) not enabled again: %pe\n",
					     r->apqn >> 8, r->apqn & 0xff, r->isc, ERR_PTR(ret));
			continue;
		}
		mig->hw->irq_kick(matrix_mdev, r->isc, r->nib);
	}
	mutex_unlock(&matrix_dev->mdevs_lock);
	vfio_ap_mig_irq_forget(mig);
}

/* the snapshot's view of the saved registrations (vfio_ap_mig_stream_build()) */
static int vfio_ap_mig_saved_irq(const struct vfio_ap_migration *mig, u16 apqn,
				 struct vfio_ap_mig_irq *irq)
{
	const struct vfio_ap_mig_saved_irq key = { .apqn = apqn }, *r;

	r = mig->nr_irqs ? bsearch(&key, mig->irqs, mig->nr_irqs, sizeof(*r),
				   vfio_ap_mig_irq_cmp) : NULL;
	if (r) {
		irq->enabled = true;
		irq->isc = r->isc;
		irq->nib = r->nib;
	}
	return 0;
}

/* RESUMING -> STOP: the source's registrations become the ones to restore */
static int vfio_ap_mig_irq_take(struct ap_matrix_mdev *matrix_mdev,
				const struct vfio_ap_mig_config *src)
{
	struct vfio_ap_migration *mig = &matrix_mdev->mig;
	struct vfio_ap_mig_saved_irq *irqs;
	struct vfio_ap_mig_irq irq;
	u32 i, n = 0;

	vfio_ap_mig_irq_forget(mig);
	for (i = 0; i < src->num_queues; i++) {
		vfio_ap_mig_config_irq(src, i, &irq);
		n += irq.enabled;
	}
	if (!n)
		return 0;
	irqs = kvcalloc(n, sizeof(*irqs), GFP_KERNEL_ACCOUNT);
	if (!irqs) {
		vfio_ap_mig_fail(matrix_mdev, "no memory for %u interrupt registrations", n);
		return -ENOMEM;
	}
	for (i = 0, n = 0; i < src->num_queues; i++) {
		vfio_ap_mig_config_irq(src, i, &irq);
		if (!irq.enabled)
			continue;
		/* the entries ascend, and so does this */
		irqs[n].apqn = vfio_ap_mig_config_apqn(src, i);
		irqs[n].isc = irq.isc;
		irqs[n].nib = irq.nib;
		n++;
	}
	mig->irqs = irqs;
	mig->nr_irqs = n;
	return 0;
}

/* ---------------------------------------------------------- the files */

static int vfio_ap_mig_file_release(struct inode *inode, struct file *filp)
{
	struct vfio_ap_mig_file *migf = filp->private_data;

	vfio_ap_mig_parser_release(&migf->parser);
	kvfree(migf->data);
	mutex_destroy(&migf->lock);
	kfree(migf);
	return 0;
}

/*
 * Take @migf->lock for a read or a write: -ENODEV (unlocked) once the file
 * is disabled, -EBUSY while another call copies.
 */
static int vfio_ap_mig_file_lock(struct vfio_ap_mig_file *migf)
{
	int ret = 0;

	mutex_lock(&migf->lock);
	if (migf->disabled)
		ret = -ENODEV;
	else if (migf->busy)
		ret = -EBUSY;
	if (ret)
		mutex_unlock(&migf->lock);
	return ret;
}

/**
 * vfio_ap_mig_save_read_iter() - read from the snapshot at the file position
 * @migf: the save file
 * @to: where to copy
 *
 * Return: bytes copied, 0 at the end, -ENODEV once disabled, -EBUSY while
 * another read copies, -EFAULT if nothing could be copied.
 */
ssize_t vfio_ap_mig_save_read_iter(struct vfio_ap_mig_file *migf, struct iov_iter *to)
{
	size_t pos, n;
	int ret;

	ret = vfio_ap_mig_file_lock(migf);
	if (ret)
		return ret;
	pos = migf->pos;
	n = min(iov_iter_count(to), migf->size - pos);
	if (!n) {
		mutex_unlock(&migf->lock);
		return 0;
	}
	migf->busy = true;
	mutex_unlock(&migf->lock);

	/* @data stays until the file is released, which cannot race a read */
	n = copy_to_iter(migf->data + pos, n, to);

	mutex_lock(&migf->lock);
	migf->busy = false;
	migf->pos += n;
	mutex_unlock(&migf->lock);

	return n ? n : -EFAULT;
}

static ssize_t vfio_ap_mig_save_read(struct file *filp, char __user *buf, size_t len,
				     loff_t *ppos)
{
	struct iov_iter iter;
	int ret;

	if (ppos)
		return -ESPIPE;
	ret = import_ubuf(ITER_DEST, buf, len, &iter);
	if (ret)
		return ret;
	return vfio_ap_mig_save_read_iter(filp->private_data, &iter);
}

static int vfio_ap_mig_resume_complete(struct vfio_ap_mig_file *migf);

/**
 * vfio_ap_mig_resume_write_iter() - append to the incoming stream
 * @migf: the resume file
 * @from: the bytes
 *
 * The header is validated as soon as it is complete; more bytes than it
 * announces are refused. The write that completes the stream validates the
 * rest and verifies it against the destination mdev, and fails with the
 * errno of the first refusing rule (the stream is then refused for good).
 *
 * Return: bytes taken, or -ENODEV once disabled, -EBUSY while another
 * write copies, -EINVAL/-EPROTONOSUPPORT for a malformed stream, -ENODEV or
 * -EOPNOTSUPP for one the destination cannot take, -EFAULT.
 */
ssize_t vfio_ap_mig_resume_write_iter(struct vfio_ap_mig_file *migf, struct iov_iter *from)
{
	size_t len = iov_iter_count(from), done = 0, room, n, copied;
	int ret = 0;
	u8 *dst;

	ret = vfio_ap_mig_file_lock(migf);
	if (ret)
		return ret;
	if (migf->verdict) {
		/* refused when it completed: the same answer, logged once */
		mutex_unlock(&migf->lock);
		return migf->verdict;
	}
	migf->busy = true;

	while (done < len) {
		dst = vfio_ap_mig_parser_next(&migf->parser, &room);
		if (!room) {
			/* error already recorded, or more than announced */
			ret = vfio_ap_mig_parser_commit(&migf->parser, len - done);
			if (!ret)
				ret = -EINVAL;
			break;
		}
		n = min(room, len - done);
		mutex_unlock(&migf->lock);
		/* the parser's buffer cannot move: only a busy writer feeds it */
		copied = copy_from_iter(dst, n, from);
		mutex_lock(&migf->lock);
		if (migf->disabled) {
			ret = -ENODEV;
			break;
		}
		if (copied) {
			ret = vfio_ap_mig_parser_commit(&migf->parser, copied);
			if (ret)
				break;
			done += copied;
		}
		if (copied < n) {
			ret = done ? 0 : -EFAULT;
			break;
		}
	}

	if (!ret && migf->parser.total && migf->parser.pos == migf->parser.total) {
		ret = vfio_ap_mig_resume_complete(migf);
	} else if (ret && ret != -EFAULT && ret != -ENODEV && !migf->logged) {
		migf->logged++;
		vfio_ap_mig_stream_format(vfio_ap_mig_parser_status(&migf->parser), migf->msg,
					  sizeof(migf->msg));
		pr_err_ratelimited("%s: migration stream refused: %s\n", migf->name, migf->msg);
	}
	migf->busy = false;
	mutex_unlock(&migf->lock);

	return ret ? ret : done;
}

static ssize_t vfio_ap_mig_resume_write(struct file *filp, const char __user *buf, size_t len,
					loff_t *ppos)
{
	struct iov_iter iter;
	int ret;

	if (ppos)
		return -ESPIPE;
	ret = import_ubuf(ITER_SOURCE, (void __user *)buf, len, &iter);
	if (ret)
		return ret;
	return vfio_ap_mig_resume_write_iter(filp->private_data, &iter);
}

static const struct file_operations vfio_ap_mig_save_fops = {
	.owner = THIS_MODULE,
	.read = vfio_ap_mig_save_read,
	.release = vfio_ap_mig_file_release,
};

static const struct file_operations vfio_ap_mig_resume_fops = {
	.owner = THIS_MODULE,
	.write = vfio_ap_mig_resume_write,
	.release = vfio_ap_mig_file_release,
};

static struct vfio_ap_mig_file *vfio_ap_mig_file_new(struct ap_matrix_mdev *matrix_mdev,
						     const struct file_operations *fops,
						     int flags)
{
	struct vfio_ap_mig_file *migf;
	struct file *filp;

	migf = kzalloc_obj(*migf, GFP_KERNEL_ACCOUNT);
	if (!migf)
		return ERR_PTR(-ENOMEM);
	mutex_init(&migf->lock);
	vfio_ap_mig_parser_init(&migf->parser);
	strscpy(migf->name, vfio_ap_mig_name(matrix_mdev), sizeof(migf->name));

	filp = anon_inode_getfile("vfio_ap_mig", fops, migf, flags);
	if (IS_ERR(filp)) {
		mutex_destroy(&migf->lock);
		kfree(migf);
		return ERR_CAST(filp);
	}
	stream_open(filp->f_inode, filp);
	migf->filp = filp;
	return migf;
}

/* Make @migf return -ENODEV from now on and drop the device's reference. */
static void vfio_ap_mig_file_disable(struct vfio_ap_mig_file *migf)
{
	mutex_lock(&migf->lock);
	migf->disabled = true;
	migf->matrix_mdev = NULL;
	mutex_unlock(&migf->lock);
	fput(migf->filp);
}

static void vfio_ap_mig_drop_files(struct vfio_ap_migration *mig)
{
	lockdep_assert_held(&mig->lock);

	if (mig->save) {
		vfio_ap_mig_file_disable(mig->save);
		mig->save = NULL;
	}
	if (mig->resume) {
		vfio_ap_mig_file_disable(mig->resume);
		mig->resume = NULL;
	}
}

/* ------------------------------------------------------------- saving */

struct vfio_ap_mig_hw_ctx {
	const struct vfio_ap_mig_hw_ops *hw;
	const struct vfio_ap_migration *mig;
};

static int vfio_ap_mig_get_hwinfo(void *priv, u16 apqn, u64 *hwinfo)
{
	const struct vfio_ap_mig_hw_ctx *ctx = priv;

	return ctx->hw->tapq(apqn, hwinfo);
}

static int vfio_ap_mig_get_irq(void *priv, u16 apqn, struct vfio_ap_mig_irq *irq)
{
	const struct vfio_ap_mig_hw_ctx *ctx = priv;

	return vfio_ap_mig_saved_irq(ctx->mig, apqn, irq);
}

/* the guest's matrix: what the guest sees now (the filtered shadow APCB) */
static u32 vfio_ap_mig_guest_masks(struct ap_matrix_mdev *matrix_mdev,
				   struct vfio_ap_mig_mask *apm, struct vfio_ap_mig_mask *aqm,
				   struct vfio_ap_mig_mask *adm)
{
	lockdep_assert_held(&matrix_dev->mdevs_lock);

	vfio_ap_mig_mask_from_bitmap(apm, matrix_mdev->shadow_apcb.apm);
	vfio_ap_mig_mask_from_bitmap(aqm, matrix_mdev->shadow_apcb.aqm);
	vfio_ap_mig_mask_from_bitmap(adm, matrix_mdev->shadow_apcb.adm);
	return vfio_ap_mig_mask_weight(apm) * vfio_ap_mig_mask_weight(aqm);
}

static struct file *vfio_ap_mig_stop_copy(struct ap_matrix_mdev *matrix_mdev)
{
	struct vfio_ap_migration *mig = &matrix_mdev->mig;
	struct vfio_ap_mig_hw_ctx ctx = { .hw = mig->hw, .mig = mig };
	struct vfio_ap_mig_mask apm, aqm, adm;
	struct vfio_ap_mig_file *migf;
	size_t size;
	ssize_t len;

	mutex_lock(&matrix_dev->mdevs_lock);
	size = vfio_ap_mig_stream_size(vfio_ap_mig_guest_masks(matrix_mdev, &apm, &aqm, &adm));
	mutex_unlock(&matrix_dev->mdevs_lock);

	/* adapters without domains, or the reverse: no queue the stream could carry */
	if (vfio_ap_mig_mask_empty(&apm) != vfio_ap_mig_mask_empty(&aqm)) {
		vfio_ap_mig_fail(matrix_mdev,
				 "the guest sees %u adapters and %u usage domains, so no queue: a stream cannot carry that; assign the missing %s or unassign the %s",
				 vfio_ap_mig_mask_weight(&apm), vfio_ap_mig_mask_weight(&aqm),
				 vfio_ap_mig_mask_empty(&apm) ? "adapters" : "domains",
				 vfio_ap_mig_mask_empty(&apm) ? "domains" : "adapters");
		return ERR_PTR(-EOPNOTSUPP);
	}

	migf = vfio_ap_mig_file_new(matrix_mdev, &vfio_ap_mig_save_fops, O_RDONLY);
	if (IS_ERR(migf)) {
		vfio_ap_mig_fail(matrix_mdev, "cannot create the save file: %pe", migf);
		return ERR_CAST(migf);
	}
	migf->data = kvzalloc(size, GFP_KERNEL_ACCOUNT);
	if (!migf->data) {
		vfio_ap_mig_fail(matrix_mdev, "no memory for a %zu byte snapshot", size);
		fput(migf->filp);
		return ERR_PTR(-ENOMEM);
	}
	len = vfio_ap_mig_stream_build(&apm, &aqm, &adm, vfio_ap_mig_get_hwinfo,
				       vfio_ap_mig_get_irq, &ctx,
				       migf->data, size);
	if (len < 0) {
		vfio_ap_mig_fail(matrix_mdev, "cannot snapshot the AP configuration: %pe",
				 ERR_PTR(len));
		fput(migf->filp);
		return ERR_PTR(len);
	}
	migf->size = len;

	mig->save = migf;
	get_file(migf->filp);
	return migf->filp;
}

/* ----------------------------------------------------------- resuming */

static struct file *vfio_ap_mig_start_resume(struct ap_matrix_mdev *matrix_mdev)
{
	struct vfio_ap_mig_file *migf;

	migf = vfio_ap_mig_file_new(matrix_mdev, &vfio_ap_mig_resume_fops, O_WRONLY);
	if (IS_ERR(migf)) {
		vfio_ap_mig_fail(matrix_mdev, "cannot create the resume file: %pe", migf);
		return ERR_CAST(migf);
	}
	migf->matrix_mdev = matrix_mdev;
	matrix_mdev->mig.resume = migf;
	get_file(migf->filp);
	return migf->filp;
}

/*
 * Verify @src against the guest view of @matrix_mdev (its filtered shadow
 * APCB) and the destination's queues: verify, never grant. The caller
 * holds mdevs_lock, so the view cannot change while it is compared.
 */
static int vfio_ap_mig_verify(struct ap_matrix_mdev *matrix_mdev,
			      const struct vfio_ap_mig_config *src,
			      struct vfio_ap_mig_report *rep)
{
	struct vfio_ap_mig_hw_ctx ctx = { .hw = matrix_mdev->mig.hw };
	struct vfio_ap_mig_dest dst = { 0 };

	lockdep_assert_held(&matrix_dev->mdevs_lock);

	vfio_ap_mig_mask_from_bitmap(&dst.apm, matrix_mdev->shadow_apcb.apm);
	vfio_ap_mig_mask_from_bitmap(&dst.aqm, matrix_mdev->shadow_apcb.aqm);
	vfio_ap_mig_mask_from_bitmap(&dst.adm, matrix_mdev->shadow_apcb.adm);
	dst.get_hwinfo = vfio_ap_mig_get_hwinfo;
	dst.priv = &ctx;
	return vfio_ap_mig_check(src, &dst, rep);
}

/*
 * Log the results of a refused stream, at most VFIO_AP_MIG_MAX_RESULTS
 * lines, once per file; keep the first refusal in @migf->msg.
 */
static void vfio_ap_mig_log_results(struct vfio_ap_mig_file *migf,
				    const struct vfio_ap_mig_report *rep)
{
	char msg[256];
	bool first = true;
	u32 i;

	if (migf->logged)
		return;
	for (i = 0; i < rep->count; i++) {
		if (!rep->res[i].err)
			continue;
		vfio_ap_mig_result_format(&rep->res[i], msg, sizeof(msg));
		if (first)
			strscpy(migf->msg, msg, sizeof(migf->msg));
		first = false;
		migf->logged++;
		pr_err_ratelimited("%s: migration stream refused (%s): %s\n", migf->name,
				   vfio_ap_mig_rule_name(rep->res[i].rule), msg);
	}
	if (rep->refused > rep->count) {
		migf->logged++;
		pr_err_ratelimited("%s: migration: %u more refusals not shown\n", migf->name,
				   rep->refused - rep->count);
	}
}

static struct vfio_ap_mig_result *vfio_ap_mig_alloc_results(struct vfio_ap_mig_report *rep)
{
	memset(rep, 0, sizeof(*rep));
	rep->res = kcalloc(VFIO_AP_MIG_MAX_RESULTS, sizeof(*rep->res), GFP_KERNEL);
	rep->cap = rep->res ? VFIO_AP_MIG_MAX_RESULTS : 0;
	return rep->res;
}

/*
 * The last byte of the stream has arrived (@migf->lock held, @migf busy):
 * validate the body and verify it against the destination, so that a
 * refusal fails this write and with it QEMU's load. Holding @migf->lock
 * keeps the mdev: disabling the file, which close and reset do first,
 * takes it too.
 */
static int vfio_ap_mig_resume_complete(struct vfio_ap_mig_file *migf)
{
	struct ap_matrix_mdev *matrix_mdev = migf->matrix_mdev;
	struct vfio_ap_mig_report rep;
	struct vfio_ap_mig_config src;
	int ret;

	lockdep_assert_held(&migf->lock);

	ret = vfio_ap_mig_parser_finish(&migf->parser, &src);
	if (ret) {
		if (!migf->logged) {
			migf->logged++;
			vfio_ap_mig_stream_format(vfio_ap_mig_parser_status(&migf->parser),
						  migf->msg, sizeof(migf->msg));
			pr_err_ratelimited("%s: migration stream refused: %s\n", migf->name,
					   migf->msg);
		}
		migf->verdict = ret;
		return ret;
	}
	if (!matrix_mdev)
		return -ENODEV;
	if (!vfio_ap_mig_alloc_results(&rep))
		return -ENOMEM;

	mutex_lock(&matrix_dev->mdevs_lock);
	ret = vfio_ap_mig_verify(matrix_mdev, &src, &rep);
	mutex_unlock(&matrix_dev->mdevs_lock);

	if (ret) {
		vfio_ap_mig_log_results(migf, &rep);
		migf->verdict = ret;
	}
	kfree(rep.res);
	return ret;
}

/*
 * RESUMING -> STOP: the stream must be complete and accepted, and is
 * verified again under mdevs_lock (the host may have changed since the
 * write that completed it).
 */
static int vfio_ap_mig_finish_resume(struct ap_matrix_mdev *matrix_mdev)
{
	struct vfio_ap_mig_file *migf = matrix_mdev->mig.resume;
	struct vfio_ap_mig_report rep;
	struct vfio_ap_mig_config src;
	char msg[160];
	int ret;

	matrix_mdev->mig.resume = NULL;

	mutex_lock(&migf->lock);
	migf->disabled = true;
	migf->matrix_mdev = NULL;
	if (migf->busy) {
		mutex_unlock(&migf->lock);
		vfio_ap_mig_fail(matrix_mdev, "RESUMING -> STOP while a write is in progress");
		ret = -EBUSY;
		goto out;
	}
	ret = migf->verdict;
	mutex_unlock(&migf->lock);
	if (ret) {
		vfio_ap_mig_fail(matrix_mdev, "the stream was refused: %s", migf->msg);
		goto out;
	}

	/* disabled: no writer can touch the parser any more */
	ret = vfio_ap_mig_parser_finish(&migf->parser, &src);
	if (ret) {
		vfio_ap_mig_stream_format(vfio_ap_mig_parser_status(&migf->parser), msg,
					  sizeof(msg));
		vfio_ap_mig_fail(matrix_mdev, "incomplete or invalid stream: %s", msg);
		goto out;
	}

	if (!vfio_ap_mig_alloc_results(&rep)) {
		ret = -ENOMEM;
		goto out;
	}
	mutex_lock(&matrix_dev->mdevs_lock);
	ret = vfio_ap_mig_verify(matrix_mdev, &src, &rep);
	mutex_unlock(&matrix_dev->mdevs_lock);
	if (ret) {
		vfio_ap_mig_log_results(migf, &rep);
		vfio_ap_mig_fail(matrix_mdev,
				 "the destination changed since the stream was accepted: %s",
				 migf->msg);
	} else {
		ret = vfio_ap_mig_irq_take(matrix_mdev, &src);
	}
	kfree(rep.res);
out:
	fput(migf->filp);
	return ret;
}

/* -------------------------------------------------------- the machine */

static struct file *vfio_ap_mig_step(struct ap_matrix_mdev *matrix_mdev,
				     enum vfio_device_mig_state cur,
				     enum vfio_device_mig_state next)
{
	struct vfio_ap_migration *mig = &matrix_mdev->mig;
	int ret;

	if (cur == VFIO_DEVICE_STATE_STOP && next == VFIO_DEVICE_STATE_STOP_COPY)
		return vfio_ap_mig_stop_copy(matrix_mdev);

	if (cur == VFIO_DEVICE_STATE_STOP && next == VFIO_DEVICE_STATE_RESUMING)
		return vfio_ap_mig_start_resume(matrix_mdev);

	if (cur == VFIO_DEVICE_STATE_STOP_COPY && next == VFIO_DEVICE_STATE_STOP) {
		vfio_ap_mig_drop_files(mig);
		return NULL;
	}

	if (cur == VFIO_DEVICE_STATE_RESUMING && next == VFIO_DEVICE_STATE_STOP) {
		ret = vfio_ap_mig_finish_resume(matrix_mdev);
		return ret ? ERR_PTR(ret) : NULL;
	}

	/* STOP quiesces: nothing may write guest memory or interrupt */
	if (cur == VFIO_DEVICE_STATE_RUNNING_P2P && next == VFIO_DEVICE_STATE_STOP) {
		ret = vfio_ap_mig_irq_save(matrix_mdev);
		return ret ? ERR_PTR(ret) : NULL;
	}

	if (cur == VFIO_DEVICE_STATE_STOP && next == VFIO_DEVICE_STATE_RUNNING_P2P) {
		vfio_ap_mig_irq_restore(matrix_mdev);
		return NULL;
	}

	/* the guest drives its queues through SIE: nothing else to do */
	if ((cur == VFIO_DEVICE_STATE_RUNNING && next == VFIO_DEVICE_STATE_RUNNING_P2P) ||
	    (cur == VFIO_DEVICE_STATE_RUNNING_P2P && next == VFIO_DEVICE_STATE_RUNNING))
		return NULL;

	vfio_ap_mig_fail(matrix_mdev, "no arc %u -> %u", cur, next);
	return ERR_PTR(-EINVAL);
}

struct file *vfio_ap_mig_set_state(struct vfio_device *vdev,
				   enum vfio_device_mig_state new_state)
{
	struct ap_matrix_mdev *matrix_mdev = container_of(vdev, struct ap_matrix_mdev, vdev);
	struct vfio_ap_migration *mig = &matrix_mdev->mig;
	enum vfio_device_mig_state next;
	struct file *res = NULL;
	int ret;

	mutex_lock(&mig->lock);
	mig->last_err[0] = '\0';
	if (new_state != VFIO_DEVICE_STATE_RUNNING && new_state != mig->state &&
	    mig->hw->is_se_guest()) {
		vfio_ap_mig_fail(matrix_mdev, "not allowed: the host is a Secure Execution guest");
		res = ERR_PTR(-EPERM);
		goto out;
	}

	if (mig->state == VFIO_DEVICE_STATE_ERROR && new_state != mig->state) {
		/* only VFIO_DEVICE_RESET leaves ERROR */
		vfio_ap_mig_fail(matrix_mdev,
				 "in ERROR: only a reset leaves it (asked for %u)", new_state);
		res = ERR_PTR(-EINVAL);
		goto out;
	}

	while (mig->state != new_state) {
		ret = vfio_mig_get_next_state(vdev, mig->state, new_state, &next);
		if (ret) {
			vfio_ap_mig_fail(matrix_mdev, "invalid transition %u -> %u",
					 mig->state, new_state);
			res = ERR_PTR(ret);
			break;
		}
		res = vfio_ap_mig_step(matrix_mdev, mig->state, next);
		if (IS_ERR(res)) {
			vfio_ap_mig_drop_files(mig);
			/*
			 * A failed snapshot leaves the device in STOP: ERROR
			 * would make QEMU reset (zeroize) the queues of a guest
			 * that is about to resume on the source.
			 */
			if (!(mig->state == VFIO_DEVICE_STATE_STOP &&
			      next == VFIO_DEVICE_STATE_STOP_COPY))
				mig->state = VFIO_DEVICE_STATE_ERROR;
			break;
		}
		mig->state = next;
		if (WARN_ON(res && next != new_state)) {
			fput(res);
			res = ERR_PTR(-EINVAL);
			vfio_ap_mig_drop_files(mig);
			mig->state = VFIO_DEVICE_STATE_ERROR;
			break;
		}
	}
out:
	mutex_unlock(&mig->lock);
	return res;
}

int vfio_ap_mig_get_state(struct vfio_device *vdev, enum vfio_device_mig_state *curr_state)
{
	struct ap_matrix_mdev *matrix_mdev = container_of(vdev, struct ap_matrix_mdev, vdev);

	mutex_lock(&matrix_mdev->mig.lock);
	*curr_state = matrix_mdev->mig.state;
	mutex_unlock(&matrix_mdev->mig.lock);
	return 0;
}

int vfio_ap_mig_get_data_size(struct vfio_device *vdev, unsigned long *stop_copy_length)
{
	struct ap_matrix_mdev *matrix_mdev = container_of(vdev, struct ap_matrix_mdev, vdev);
	struct vfio_ap_migration *mig = &matrix_mdev->mig;
	struct vfio_ap_mig_mask apm, aqm, adm;

	mutex_lock(&mig->lock);
	if (mig->save) {
		/* what is left to read: "required to complete stop copy" */
		mutex_lock(&mig->save->lock);
		*stop_copy_length = mig->save->size - mig->save->pos;
		mutex_unlock(&mig->save->lock);
	} else {
		mutex_lock(&matrix_dev->mdevs_lock);
		*stop_copy_length =
			vfio_ap_mig_stream_size(vfio_ap_mig_guest_masks(matrix_mdev, &apm,
									&aqm, &adm));
		mutex_unlock(&matrix_dev->mdevs_lock);
	}
	mutex_unlock(&mig->lock);
	return 0;
}

static const struct vfio_migration_ops vfio_ap_mig_ops = {
	.migration_set_state = vfio_ap_mig_set_state,
	.migration_get_state = vfio_ap_mig_get_state,
	.migration_get_data_size = vfio_ap_mig_get_data_size,
};

/**
 * vfio_ap_mig_init() - set up migration for a new matrix mdev
 * @matrix_mdev: the mdev, from its vfio_device init callback (before the
 *		 vfio_device is registered)
 * @hw: the AP instruction seam
 */
void vfio_ap_mig_init(struct ap_matrix_mdev *matrix_mdev, const struct vfio_ap_mig_hw_ops *hw)
{
	struct vfio_ap_migration *mig = &matrix_mdev->mig;

	mutex_init(&mig->lock);
	mig->state = VFIO_DEVICE_STATE_RUNNING;
	mig->save = NULL;
	mig->resume = NULL;
	mig->hw = hw;
	mig->irqs = NULL;
	mig->nr_irqs = 0;
	matrix_mdev->vdev.migration_flags = VFIO_MIGRATION_STOP_COPY | VFIO_MIGRATION_P2P;
	matrix_mdev->vdev.mig_ops = &vfio_ap_mig_ops;
}

/**
 * vfio_ap_mig_reset() - VFIO_DEVICE_RESET: back to RUNNING, files dropped
 * @matrix_mdev: the mdev
 */
void vfio_ap_mig_reset(struct ap_matrix_mdev *matrix_mdev)
{
	struct vfio_ap_migration *mig = &matrix_mdev->mig;

	mutex_lock(&mig->lock);
	vfio_ap_mig_drop_files(mig);
	/* the reset clears every queue's registration (vfio_ap_mdev_reset_queues) */
	vfio_ap_mig_irq_forget(mig);
	mig->state = VFIO_DEVICE_STATE_RUNNING;
	mutex_unlock(&mig->lock);
}

/**
 * vfio_ap_mig_close() - the device fd is closed: as a reset
 * @matrix_mdev: the mdev
 */
void vfio_ap_mig_close(struct ap_matrix_mdev *matrix_mdev)
{
	vfio_ap_mig_reset(matrix_mdev);
}
