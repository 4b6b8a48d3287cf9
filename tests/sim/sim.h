/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * apsim: the simulated s390 AP host (Linux 6.12 AP bus + vfio_ap).
 *
 * The model is independent of tools/lib on purpose: it is the oracle the
 * userspace code is tested against, so it must not share its parsers.
 */
#ifndef APSIM_SIM_H
#define APSIM_SIM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_IDS 256

/* 256-bit mask; ID 0 is the most significant bit of w[0] (like set_bit_inv). */
struct sim_mask {
	uint64_t w[4];
};

static inline uint64_t sim_bit(unsigned int id)
{
	return UINT64_C(1) << (63 - (id & 63));
}

static inline void sim_set(struct sim_mask *m, unsigned int id)
{
	m->w[(id >> 6) & 3] |= sim_bit(id);
}

static inline void sim_clr(struct sim_mask *m, unsigned int id)
{
	m->w[(id >> 6) & 3] &= ~sim_bit(id);
}

static inline bool sim_test(const struct sim_mask *m, unsigned int id)
{
	return id < SIM_IDS && (m->w[id >> 6] & sim_bit(id));
}

bool sim_mask_empty(const struct sim_mask *m);
bool sim_mask_eq(const struct sim_mask *a, const struct sim_mask *b);
bool sim_mask_and(struct sim_mask *d, const struct sim_mask *a, const struct sim_mask *b);
bool sim_mask_andnot(struct sim_mask *d, const struct sim_mask *a, const struct sim_mask *b);
bool sim_mask_intersects(const struct sim_mask *a, const struct sim_mask *b);
void sim_mask_fill(struct sim_mask *m);
/* "0x" + 64 lower-case hex digits, no newline; @buf must hold 67 bytes */
void sim_mask_hex(const struct sim_mask *m, char *buf);

/* ---- the kernel's parsers (parse.c) ---- */
int sim_kstrtoul(const char *s, unsigned int base, unsigned long *res);
unsigned long sim_simple_strtoul(const char *s, char **end, unsigned int base);
int sim_hex2bitmap(const char *str, struct sim_mask *m);
int sim_modify_bitmap(const char *str, struct sim_mask *m);
int sim_parse_bitmap_str(const char *str, const struct sim_mask *cur, struct sim_mask *out);
bool sim_uuid_valid(const char *s);
/* "%i" / "%d" like the kernel's sscanf: optional '-' only, wraps to int */
int sim_scan_int(const char *s, int *val);
int sim_scan_d(const char *s, int *val);
/* ID list "3,5-7,0x10" for host files (not a kernel format) */
int sim_idlist_parse(const char *s, struct sim_mask *m);

/* ---- TAPQ GR2 hwinfo fields (bit 0 = MSB) ---- */
#define HW_APSC (UINT64_C(1) << 63)
#define HW_MEX4K (UINT64_C(1) << 62)
#define HW_CRT4K (UINT64_C(1) << 61)
#define HW_CCA (UINT64_C(1) << 60)
#define HW_ACCEL (UINT64_C(1) << 59)
#define HW_EP11 (UINT64_C(1) << 58)
#define HW_APXA (UINT64_C(1) << 57)
#define HW_SLCF (UINT64_C(1) << 56)
#define HW_CLASS_SHIFT 48
#define HW_BS_SHIFT 46
#define HW_AT_SHIFT 24
#define HW_ND_SHIFT 16
#define HW_ML_SHIFT 8
#define HW_QD_SHIFT 0

/* ap_bus.h:183: what the card keeps of TAPQ GR2 (fac bits 16-31 go) */
#define TAPQ_CARD_HWINFO_MASK UINT64_C(0xFFFF0000FFFF0F0F)

#define AP_TYPE_CEX4 10
#define AP_TYPE_CEX8 14

static inline unsigned int hw_at(uint64_t hw)
{
	return (hw >> HW_AT_SHIFT) & 0xff;
}

static inline uint32_t hw_fac(uint64_t hw)
{
	return (uint32_t)(hw >> 32);
}

/* QCI feature flags, as printed by /sys/bus/ap/features */
#define QCI_APSC 0x1
#define QCI_APXA 0x2
#define QCI_QACT 0x4
#define QCI_RC8A 0x8
#define QCI_APSB 0x10

struct sim_card {
	bool present; /* the adapter exists (card device when its type is usable) */
	bool config; /* in the host's AP configuration (QCI APM) */
	bool chkstop;
	bool online; /* cex4card "online" as last written */
	/* the card's TAPQ GR2 when its device was made, TAPQ_CARD_HWINFO_MASK'ed */
	uint64_t hwinfo;
	uint64_t tapq; /* what TAPQ answers now (the queues' ap_functions) */
	unsigned int compat_type; /* type a raw type > 14 maps to under QACT */
	struct sim_mask q_offline; /* queues (by APQI) set offline via cex4queue */
	/* dev->driver is NULL although the bus would bind it (unbind store) */
	struct sim_mask q_unbound;
	bool unbound; /* the card, from cex4card */
	/* ap_queue dev_state UNINITIATED: counters read "-" (ap_queue.c:535-552) */
	struct sim_mask q_uninit;
	/* the queues' driver_override (sim.driver_override only): "" unset */
	char q_ovr[SIM_IDS][32];
	/*
	 * 1 + enum sim_qdrv: the driver a queue stays bound to after a
	 * driver_override store (which does not reprobe) until it is unbound;
	 * 0: the bus decides
	 */
	uint8_t q_pin[SIM_IDS];
};

struct sim_mdev {
	char uuid[37]; /* lower case */
	struct sim_mask apm, aqm, adm;
	/* the shadow APCB: what the guest gets (guest_matrix), event-driven */
	struct sim_mask sh_apm, sh_aqm, sh_adm;
	bool guest; /* a KVM guest has the device open ("in use") */
	bool removing; /* a remove store waits for the guest to let go */
	/* its emulated IOMMU group (vfio_register_emulated_iommu_dev()) */
	unsigned int iommu_group;
	struct sim_mdev *next;
};

enum sim_qdrv { QDRV_NONE, QDRV_CEX4QUEUE, QDRV_VFIO_AP };

/* the device set at the last change, for the uevents (uevent.c) */
struct sim_snap {
	bool valid;
	uint8_t card[SIM_IDS]; /* SN_* bits */
	uint8_t type[SIM_IDS];
	uint64_t hw[SIM_IDS];
	uint8_t qdrv[SIM_IDS][SIM_IDS]; /* 0: no queue, else 1 + enum sim_qdrv */
	struct sim_mask qon[SIM_IDS]; /* zcrypt queue online */
	struct sim_mask apmask, aqmask;
	struct sim_mask qci_apm, usage, control;
	bool mod_vfio_ap, mod_zcrypt;
	char (*mdev)[37];
	unsigned int nr_mdevs, cap_mdevs;
};

struct sim {
	pthread_mutex_t lock;
	/* QCI */
	unsigned int qci_flags;
	unsigned int na, nd; /* max adapter / domain id from QCI */
	struct sim_mask usage; /* QCI AQM */
	struct sim_mask control; /* QCI ADM */
	struct sim_card card[SIM_IDS];
	/* AP bus */
	struct sim_mask apmask, aqmask;
	int ap_domain;
	int config_time;
	int poll_thread;
	unsigned long poll_timeout;
	unsigned long long scans;
	/* modules loaded (sysfs of a module that is not loaded is absent) */
	bool mod_vfio_ap, mod_zcrypt, mod_mdev;
	/*
	 * a Linux 6.19+ AP bus: the queues have driver_override (host file
	 * "driver_override": true); ap_driver_override_ctr
	 */
	bool driver_override;
	unsigned int n_overrides;
	/* vfio_ap */
	bool migratable;
	pthread_cond_t released; /* a guest let go of an mdev */
	unsigned int removes_waiting; /* remove stores blocked on a guest */
	/* the ap.apmask=/ap.aqmask= strings the host file imitates ("": unset) */
	char boot_apmask[256], boot_aqmask[256];
	/* what 6.12 would have got wrong, counted for the tests (ctl stats) */
	unsigned long long overruns; /* show() wrote past the page */
	unsigned long long oopses; /* the kernel would have crashed */
	struct sim_mdev *mdevs;
	unsigned int nr_mdevs;
	/* where state is kept across runs (NULL: nowhere) */
	char *state_file;
	long mount_time;
	/* uevents (uevent.c); uev_fd < 0: none are sent */
	int uev_fd;
	bool uev_inject_failed, uev_udev_failed;
	unsigned long long uev_sent, uev_own_seq;
	struct sim_snap *snap, *snap_next;
	bool bindings_rearmed;
	unsigned long long bindings_complete;
	/* the simulator's own log (--log FILE), NULL: stderr */
	char *log_file;
	/* the control socket */
	int ctl_fd;
	bool ctl_running;
	pthread_t ctl_thread;
	char ctl_path[108];
};

#define SIM_MAX_MDEVS 65536u

/* host.c: load a host description */
int sim_load_host(struct sim *s, const char *file, char *err, size_t errlen);
void sim_free(struct sim *s);
/* state.c: optional persistence of masks and mdevs */
int sim_state_load(struct sim *s, char *err, size_t errlen);
int sim_state_save(const struct sim *s);

/* model.c: derived views, all called with s->lock held */
unsigned int sim_max_apid(const struct sim *s);
unsigned int sim_max_apqi(const struct sim *s);
unsigned int sim_bus_max_apid(const struct sim *s);
unsigned int sim_bus_max_apqi(const struct sim *s);
void sim_qci_apm(const struct sim *s, struct sim_mask *apm);
/* the card's device type (10..14) or 0 when no card device exists */
unsigned int sim_card_type(const struct sim *s, unsigned int apid);
bool sim_queue_exists(const struct sim *s, unsigned int apid, unsigned int apqi);
enum sim_qdrv sim_queue_driver(const struct sim *s, unsigned int apid, unsigned int apqi);
struct sim_mdev *sim_mdev_find(const struct sim *s, const char *uuid);
/* the mdev whose IOMMU group is @group, or NULL */
struct sim_mdev *sim_mdev_by_group(const struct sim *s, unsigned int group);
/* the mdev an APQN is assigned to, or NULL */
struct sim_mdev *sim_mdev_for_apqn(const struct sim *s, unsigned int apid, unsigned int apqi);
bool sim_card_bound(const struct sim *s, unsigned int apid);
/* the shadow APCB (vfio_ap_mdev_filter_matrix / _filter_cdoms) */
void sim_filter_matrix(const struct sim *s, struct sim_mdev *m);
void sim_filter_cdoms(const struct sim *s, struct sim_mdev *m);
bool sim_guest_has_apqn(const struct sim *s, const struct sim_mdev *m, unsigned int apid,
			unsigned int apqi);
/* driver core and vfio_ap callbacks, from the change diff (uevent.c) */
void sim_on_cfg_removed(struct sim *s, const struct sim_mask *apm, const struct sim_mask *aqm,
			const struct sim_mask *adm);
void sim_on_queue_removed(struct sim *s, unsigned int apid, unsigned int apqi, enum sim_qdrv drv);
void sim_on_queue_probed(struct sim *s, unsigned int apid, unsigned int apqi, enum sim_qdrv drv,
			 const struct sim_mask *apm_add, const struct sim_mask *aqm_add);
void sim_on_queue_created(struct sim *s, unsigned int apid, unsigned int apqi);
void sim_on_scan_complete(struct sim *s, const struct sim_mask *apm, const struct sim_mask *aqm,
			  const struct sim_mask *adm);
void sim_bindings(const struct sim *s, unsigned int *bound, unsigned int *total);

/* model.c: the stores, each returns 0 or -errno like the kernel */
int sim_store_apmask(struct sim *s, const char *buf, bool aq);
int sim_mdev_create(struct sim *s, const char *buf, size_t count);
int sim_mdev_remove(struct sim *s, struct sim_mdev *m);
enum sim_assign { AS_ADAPTER, AS_DOMAIN, AS_CONTROL };
int sim_mdev_assign(struct sim *s, struct sim_mdev *m, enum sim_assign what, bool assign,
		    const char *buf);
int sim_mdev_ap_config(struct sim *s, struct sim_mdev *m, const char *buf);
/* 6.19+: ap_queue.c driver_override_store() */
int sim_store_driver_override(struct sim *s, unsigned int apid, unsigned int apqi, const char *buf,
			      size_t len);
/* 6.19+ ap_owned_by_def_drv(); 6.12: apmask x aqmask */
bool sim_owned_by_def_drv(const struct sim *s, unsigned int apid, unsigned int apqi);
/* bus.c bind_store/unbind_store/drivers_probe_store; @drv: 0 cex4card, 1 cex4queue, 2 vfio_ap */
int sim_driver_bind(struct sim *s, int drv, const char *buf, bool bind);
int sim_drivers_probe(struct sim *s, const char *buf);
/* modprobe / rmmod of vfio_ap (which also loads mdev) or zcrypt_cex4 */
int sim_module_load(struct sim *s, const char *name, bool load);

/* uevent.c */
int sim_uevent_init(struct sim *s);
int sim_uevent_open(struct sim *s);
void sim_uevent_close(struct sim *s);
void sim_uevent_free(struct sim *s);
void sim_uevent_sync(struct sim *s);
void sim_uevent_matrix(struct sim *s, const char *action, const char *extra);
/* the kobject a uevent file belongs to */
enum sim_dev_kind {
	SIM_DEV_FILTERED,
	SIM_DEV_CARD,
	SIM_DEV_QUEUE,
	SIM_DEV_MATRIX,
	SIM_DEV_MDEV,
	SIM_DEV_OTHER
};
struct sim_devref {
	enum sim_dev_kind kind;
	int card, dom;
	const char *name; /* SIM_DEV_MDEV: the UUID; SIM_DEV_OTHER: the DEVPATH */
	const char *subsystem; /* SIM_DEV_OTHER */
};
int sim_uevent_synth(struct sim *s, const struct sim_devref *d, const char *buf, size_t len);

/* log.c: one line to the simulator's log */
__attribute__((format(printf, 2, 3))) void sim_log(const struct sim *s, const char *fmt, ...);
/* after every successful change: persist the state, send the uevents */
void sim_changed(struct sim *s);

/* fs.c */
struct fuse_operations;
extern const struct fuse_operations sim_fs_ops;

/* ctl.c: the control socket */
int sim_ctl_start(struct sim *s, const char *path, char *err, size_t errlen);
int sim_ctl_run(struct sim *s);
void sim_ctl_stop(struct sim *s);
int sim_ctl_exec(struct sim *s, char *line, char *reply, size_t len);
int sim_ctl_client(const char *path, int argc, char **argv);

#endif
