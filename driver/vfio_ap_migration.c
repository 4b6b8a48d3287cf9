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
 * guest through SIE interpretation, so the arcs between RUNNING,
 * RUNNING_P2P and STOP change nothing but the state; STOP -> STOP_COPY
 * takes the snapshot, RESUMING -> STOP validates and installs it.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */

#define pr_fmt(fmt) "vfio_ap: " fmt

#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
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
 * Log a migration failure of @matrix_mdev once, naming the device, and keep
 * the first one of the current state change.
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
	dev_err(mdev_dev(matrix_mdev->mdev), "migration: %pV\n", &vaf);
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

	mutex_lock(&migf->lock);
	if (migf->disabled) {
		mutex_unlock(&migf->lock);
		return -ENODEV;
	}
	if (migf->busy) {
		mutex_unlock(&migf->lock);
		return -EBUSY;
	}
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

/**
 * vfio_ap_mig_resume_write_iter() - append to the incoming stream
 * @migf: the resume file
 * @from: the bytes
 *
 * The header is validated as soon as it is complete; more bytes than it
 * announces are refused.
 *
 * Return: bytes taken, or -ENODEV once disabled, -EBUSY while another
 * write copies, -EINVAL/-EPROTONOSUPPORT for a refused stream, -EFAULT.
 */
ssize_t vfio_ap_mig_resume_write_iter(struct vfio_ap_mig_file *migf, struct iov_iter *from)
{
	size_t len = iov_iter_count(from), done = 0, room, n, copied;
	char msg[160];
	int ret = 0;
	u8 *dst;

	mutex_lock(&migf->lock);
	if (migf->disabled) {
		mutex_unlock(&migf->lock);
		return -ENODEV;
	}
	if (migf->busy) {
		mutex_unlock(&migf->lock);
		return -EBUSY;
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

	migf->busy = false;
	if (ret && ret != -EFAULT && ret != -ENODEV) {
		vfio_ap_mig_stream_format(vfio_ap_mig_parser_status(&migf->parser), msg,
					  sizeof(msg));
		pr_err("%s: migration stream refused: %s\n", migf->name, msg);
	}
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
};

static int vfio_ap_mig_get_hwinfo(void *priv, u16 apqn, u64 *hwinfo)
{
	const struct vfio_ap_mig_hw_ctx *ctx = priv;

	return ctx->hw->tapq(apqn, hwinfo);
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
	struct vfio_ap_mig_hw_ctx ctx = { .hw = mig->hw };
	struct vfio_ap_mig_mask apm, aqm, adm;
	struct vfio_ap_mig_file *migf;
	size_t size;
	ssize_t len;

	mutex_lock(&matrix_dev->mdevs_lock);
	size = vfio_ap_mig_stream_size(vfio_ap_mig_guest_masks(matrix_mdev, &apm, &aqm, &adm));
	mutex_unlock(&matrix_dev->mdevs_lock);

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
	len = vfio_ap_mig_stream_build(&apm, &aqm, &adm, vfio_ap_mig_get_hwinfo, &ctx,
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
	matrix_mdev->mig.resume = migf;
	get_file(migf->filp);
	return migf->filp;
}

struct vfio_ap_mig_dest_ctx {
	struct ap_matrix_mdev *matrix_mdev;
	const struct vfio_ap_mig_hw_ops *hw;
};

static bool vfio_ap_mig_in_other_mdev(void *priv, u16 apqn)
{
	struct vfio_ap_mig_dest_ctx *ctx = priv;
	struct ap_matrix_mdev *other;

	lockdep_assert_held(&matrix_dev->guests_lock);
	lockdep_assert_held(&matrix_dev->mdevs_lock);

	list_for_each_entry(other, &matrix_dev->mdev_list, node) {
		if (other == ctx->matrix_mdev)
			continue;
		if (test_bit_inv(apqn >> 8, other->matrix.apm) &&
		    test_bit_inv(apqn & 0xff, other->matrix.aqm))
			return true;
	}
	return false;
}

static int vfio_ap_mig_dest_hwinfo(void *priv, u16 apqn, u64 *hwinfo)
{
	struct vfio_ap_mig_dest_ctx *ctx = priv;

	return ctx->hw->tapq(apqn, hwinfo);
}

static void vfio_ap_mig_log_result(struct ap_matrix_mdev *matrix_mdev,
				   const struct vfio_ap_mig_result *r)
{
	char msg[160];

	vfio_ap_mig_result_format(r, msg, sizeof(msg));
	if (r->err)
		vfio_ap_mig_fail(matrix_mdev, "refused: %s", msg);
	else
		dev_info(mdev_dev(matrix_mdev->mdev), "migration: %s\n", msg);
}

/**
 * vfio_ap_mig_check_dest() - may @matrix_mdev take configuration @src?
 * @matrix_mdev: the destination mdev
 * @src: the validated source stream
 * @empty: set to true if the destination has nothing assigned (adopt @src)
 *
 * Logs one message per failed rule.
 *
 * Return: 0 or the errno of the first refusal.
 */
static int vfio_ap_mig_check_dest(struct ap_matrix_mdev *matrix_mdev,
				  const struct vfio_ap_mig_config *src, bool *empty)
{
	struct vfio_ap_mig_dest_ctx ctx = {
		.matrix_mdev = matrix_mdev,
		.hw = matrix_mdev->mig.hw,
	};
	struct vfio_ap_mig_result *res;
	struct vfio_ap_mig_report rep = { 0 };
	struct vfio_ap_mig_dest dst = { 0 };
	u32 i;

	res = kcalloc(VFIO_AP_MIG_MAX_RESULTS, sizeof(*res), GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	rep.res = res;
	rep.cap = VFIO_AP_MIG_MAX_RESULTS;

	mutex_lock(&ap_attr_mutex);
	mutex_lock(&matrix_dev->guests_lock);
	mutex_lock(&matrix_dev->mdevs_lock);

	vfio_ap_mig_mask_from_bitmap(&dst.apm, matrix_mdev->matrix.apm);
	vfio_ap_mig_mask_from_bitmap(&dst.aqm, matrix_mdev->matrix.aqm);
	vfio_ap_mig_mask_from_bitmap(&dst.adm, matrix_mdev->matrix.adm);
	vfio_ap_mig_mask_from_bitmap(&dst.host_apm, (unsigned long *)matrix_dev->info.apm);
	vfio_ap_mig_mask_from_bitmap(&dst.host_aqm, (unsigned long *)matrix_dev->info.aqm);
	vfio_ap_mig_mask_from_bitmap(&dst.host_adm, (unsigned long *)matrix_dev->info.adm);
	/* host-owned: adapter in apmask AND domain in aqmask, as the AP bus has it */
	vfio_ap_mig_mask_from_bitmap(&dst.apmask, ap_perms.apm);
	vfio_ap_mig_mask_from_bitmap(&dst.aqmask, ap_perms.aqm);
	dst.in_other_mdev = vfio_ap_mig_in_other_mdev;
	dst.get_hwinfo = vfio_ap_mig_dest_hwinfo;
	dst.priv = &ctx;
	*empty = vfio_ap_mig_dest_is_empty(&dst);

	vfio_ap_mig_check(src, &dst, &rep);

	mutex_unlock(&matrix_dev->mdevs_lock);
	mutex_unlock(&matrix_dev->guests_lock);
	mutex_unlock(&ap_attr_mutex);

	for (i = 0; i < rep.count; i++)
		vfio_ap_mig_log_result(matrix_mdev, &res[i]);
	if (rep.total > rep.count)
		dev_err(mdev_dev(matrix_mdev->mdev), "migration: %u more rule results not shown\n",
			rep.total - rep.count);
	kfree(res);

	return rep.err;
}

static int vfio_ap_mig_install(struct ap_matrix_mdev *matrix_mdev,
			       const struct vfio_ap_mig_config *src)
{
	struct ap_matrix m_new;
	int ret;

	memset(&m_new, 0, sizeof(m_new));
	vfio_ap_mig_mask_to_bitmap(m_new.apm, &src->apm);
	vfio_ap_mig_mask_to_bitmap(m_new.aqm, &src->aqm);
	vfio_ap_mig_mask_to_bitmap(m_new.adm, &src->adm);

	ret = vfio_ap_mdev_install_config(matrix_mdev, &m_new);
	if (ret)
		vfio_ap_mig_fail(matrix_mdev,
				 "installing the source AP configuration failed: %pe",
				 ERR_PTR(ret));
	return ret;
}

/* RESUMING -> STOP: the stream must be complete and acceptable */
static int vfio_ap_mig_finish_resume(struct ap_matrix_mdev *matrix_mdev)
{
	struct vfio_ap_mig_file *migf = matrix_mdev->mig.resume;
	struct vfio_ap_mig_config src;
	char msg[160];
	bool empty;
	int ret;

	matrix_mdev->mig.resume = NULL;

	mutex_lock(&migf->lock);
	migf->disabled = true;
	if (migf->busy) {
		mutex_unlock(&migf->lock);
		vfio_ap_mig_fail(matrix_mdev, "RESUMING -> STOP while a write is in progress");
		ret = -EBUSY;
		goto out;
	}
	mutex_unlock(&migf->lock);

	/* disabled: no writer can touch the parser any more */
	ret = vfio_ap_mig_parser_finish(&migf->parser, &src);
	if (ret) {
		vfio_ap_mig_stream_format(vfio_ap_mig_parser_status(&migf->parser), msg,
					  sizeof(msg));
		vfio_ap_mig_fail(matrix_mdev, "incomplete or invalid stream: %s", msg);
		goto out;
	}

	ret = vfio_ap_mig_check_dest(matrix_mdev, &src, &empty);
	if (!ret && empty)
		ret = vfio_ap_mig_install(matrix_mdev, &src);
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

	if ((cur == VFIO_DEVICE_STATE_RUNNING && next == VFIO_DEVICE_STATE_RUNNING_P2P) ||
	    (cur == VFIO_DEVICE_STATE_RUNNING_P2P && next == VFIO_DEVICE_STATE_RUNNING) ||
	    (cur == VFIO_DEVICE_STATE_RUNNING_P2P && next == VFIO_DEVICE_STATE_STOP) ||
	    (cur == VFIO_DEVICE_STATE_STOP && next == VFIO_DEVICE_STATE_RUNNING_P2P))
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
		/* immutable once built */
		*stop_copy_length = mig->save->size;
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
