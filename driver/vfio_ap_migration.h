/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VFIO migration support for the vfio_ap mediated device.
 *
 * Each ap_matrix_mdev embeds a struct vfio_ap_migration. The VFIO core
 * drives it through vfio_ap_mig_ops (see include/linux/vfio.h); the data
 * files it hands out own everything they touch, so a file that userspace
 * keeps open after the device moved on, was reset or closed can only get
 * -ENODEV, never reach freed device memory.
 *
 * Lock order: vfio_ap_migration.lock, then ap_attr_mutex, then
 * matrix_dev->guests_lock, kvm->lock, matrix_dev->mdevs_lock (the order of
 * Documentation/arch/s390/vfio-ap-locking.rst), then a file's own lock.
 * No lock is held across copy_to_user() or copy_from_user().
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef _VFIO_AP_MIGRATION_H_
#define _VFIO_AP_MIGRATION_H_

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/vfio.h>

#include "vfio_ap_mig_stream.h"
#include "vfio_ap_mig_rules.h"

struct ap_matrix_mdev;
struct file;

/**
 * struct vfio_ap_mig_file - one migration data file (save or resume)
 * @filp:	the anonymous file; its private_data points here
 * @lock:	protects the members below
 * @disabled:	the device left the state, was reset or closed: -ENODEV
 * @busy:	a reader or writer copies from/to user memory right now
 * @data:	save: the snapshot stream
 * @size:	save: its length
 * @pos:	save: bytes read so far
 * @parser:	resume: the incoming stream
 * @name:	device name for messages (the mdev may be gone)
 *
 * The file owns all of it: the device side only ever sets @disabled and
 * reads the parser under @lock, and the memory is freed when the last
 * reference to the file goes.
 */
struct vfio_ap_mig_file {
	struct file *filp;
	struct mutex lock;	/* protects the members below */
	bool disabled;
	bool busy;
	u8 *data;
	size_t size;
	size_t pos;
	struct vfio_ap_mig_parser parser;
	char name[40];
};

/**
 * struct vfio_ap_mig_hw_ops - the seam to the AP instructions
 * @tapq: test an AP queue (TAPQ with the T bit): store its 64-bit GR2
 *	  hardware information in @hwinfo; 0, -ENODEV if the queue is not
 *	  available, -EIO for any other response code
 * @is_se_guest: true if this Linux runs as a Secure Execution guest
 *
 * The real operations issue the instructions; KUnit replaces them with
 * fakes, since QEMU's TCG emulates no AP instructions.
 */
struct vfio_ap_mig_hw_ops {
	int (*tapq)(u16 apqn, u64 *hwinfo);
	bool (*is_se_guest)(void);
};

extern const struct vfio_ap_mig_hw_ops vfio_ap_mig_real_hw_ops;

/**
 * struct vfio_ap_migration - migration state of one matrix mdev
 * @lock:	serialises @state and the file pointers below; per mdev, so
 *		that migrating one guest never waits for another
 * @state:	current device state
 * @save:	the STOP_COPY data file, NULL outside STOP_COPY
 * @resume:	the RESUMING data file, NULL outside RESUMING
 * @hw:		the AP instruction seam
 * @last_err:	the first failure of the last state change that failed
 *		(logged as well; kept for the KUnit suite and crash dumps)
 */
struct vfio_ap_migration {
	struct mutex lock;	/* protects the members below */
	enum vfio_device_mig_state state;
	struct vfio_ap_mig_file *save;
	struct vfio_ap_mig_file *resume;
	const struct vfio_ap_mig_hw_ops *hw;
	char last_err[256];
};

/* called from vfio_ap_ops.c */
void vfio_ap_mig_init(struct ap_matrix_mdev *matrix_mdev,
		      const struct vfio_ap_mig_hw_ops *hw);
void vfio_ap_mig_reset(struct ap_matrix_mdev *matrix_mdev);
void vfio_ap_mig_close(struct ap_matrix_mdev *matrix_mdev);

/* internal, shared with the KUnit suite */
struct file *vfio_ap_mig_set_state(struct vfio_device *vdev,
				   enum vfio_device_mig_state new_state);
int vfio_ap_mig_get_state(struct vfio_device *vdev, enum vfio_device_mig_state *curr_state);
int vfio_ap_mig_get_data_size(struct vfio_device *vdev, unsigned long *stop_copy_length);
struct iov_iter;
ssize_t vfio_ap_mig_save_read_iter(struct vfio_ap_mig_file *migf, struct iov_iter *to);
ssize_t vfio_ap_mig_resume_write_iter(struct vfio_ap_mig_file *migf, struct iov_iter *from);
void vfio_ap_mig_mask_from_bitmap(struct vfio_ap_mig_mask *m, const unsigned long *bitmap);
void vfio_ap_mig_mask_to_bitmap(unsigned long *bitmap, const struct vfio_ap_mig_mask *m);

#endif /* _VFIO_AP_MIGRATION_H_ */
