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
 * Lock order: vfio_ap_migration.lock, then a file's own lock, then
 * matrix_dev->mdevs_lock. The writer that completes a resume stream holds
 * its file's lock while it verifies the stream against the destination
 * (under mdevs_lock), so that disabling the file, which close and reset do
 * before the mdev can go away, waits for it. No lock is held across
 * copy_to_user() or copy_from_user().
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
struct vfio_ap_queue;
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
 * @matrix_mdev: resume: the destination mdev, for the verdict of the write
 *		that completes the stream; NULL once disabled
 * @verdict:	resume: 0, or the errno the completing write refused the
 *		stream with (every later write returns it)
 * @logged:	lines logged for this file (refusals are logged once per file)
 * @msg:	resume: the first refusal of the stream, as logged
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
	struct ap_matrix_mdev *matrix_mdev;
	int verdict;
	u32 logged;
	char msg[192];
	char name[40];
};

/**
 * struct vfio_ap_mig_hw_ops - the seam to the AP instructions and KVM
 * @tapq: test an AP queue (TAPQ with the T bit): store its 64-bit GR2
 *	  hardware information in @hwinfo; 0, -ENODEV if the queue is not
 *	  available, -EIO for any other response code
 * @is_se_guest: true if this Linux runs as a Secure Execution guest
 * @irq_disable: disable @q's interrupts as a guest's PQAP(AQIC) with IR
 *	  off does (AQIC, GISC unregistered, indicator page unpinned; its
 *	  saved_isc and saved_iova reset); 0 or -errno. mdevs_lock held.
 * @irq_enable: enable @q's interrupts with guest ISC @isc and indicator
 *	  @nib as a guest's PQAP(AQIC) with IR on does (indicator page pinned,
 *	  GISC registered, AQIC; saved_isc and saved_iova set); 0 or -errno.
 *	  mdevs_lock held.
 * @irq_kick: set the indicator byte at @nib and the GISA's pending bit for
 *	  @isc, so that the guest's AP bus looks at its queues. mdevs_lock held.
 *
 * The real operations issue the instructions (vfio_ap_ops.c); KUnit
 * replaces them with fakes, since QEMU's TCG emulates neither the AP
 * instructions nor SIE.
 */
struct vfio_ap_mig_hw_ops {
	int (*tapq)(u16 apqn, u64 *hwinfo);
	bool (*is_se_guest)(void);
	int (*irq_disable)(struct vfio_ap_queue *q);
	int (*irq_enable)(struct vfio_ap_queue *q, u8 isc, u64 nib);
	void (*irq_kick)(struct ap_matrix_mdev *matrix_mdev, u8 isc, u64 nib);
};

/**
 * struct vfio_ap_mig_saved_irq - one queue's interrupt registration,
 *	saved at STOP (source) or taken from the stream (destination)
 * @apqn: the queue
 * @isc: guest interruption subclass
 * @nib: guest address of the notification indicator byte
 */
struct vfio_ap_mig_saved_irq {
	u64 nib;
	u16 apqn;
	u8 isc;
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
 * @irqs:	the interrupt registrations to enable when the device returns
 *		to RUNNING, ascending by APQN: saved (and disabled) when the
 *		device entered STOP, or the source's after RESUMING -> STOP
 * @nr_irqs:	how many
 * @last_err:	the first failure of the last state change or write that
 *		failed (logged as well, rate-limited; kept for the KUnit suite
 *		and crash dumps)
 */
struct vfio_ap_migration {
	struct mutex lock;	/* protects the members below */
	enum vfio_device_mig_state state;
	struct vfio_ap_mig_file *save;
	struct vfio_ap_mig_file *resume;
	const struct vfio_ap_mig_hw_ops *hw;
	struct vfio_ap_mig_saved_irq *irqs;
	u32 nr_irqs;
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
