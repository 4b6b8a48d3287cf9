/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl: which libvirt guest uses a matrix device, from the status
 * XML that libvirtd's QEMU driver keeps for every running guest
 * (/run/libvirt/qemu/NAME.xml), read as plain files: no libvirt
 * connection, no libvirt library.
 */
#ifndef VFIO_AP_TOOLS_CTL_LIBVIRT_H
#define VFIO_AP_TOOLS_CTL_LIBVIRT_H

#include <stddef.h>

#define CTL_LIBVIRT_RUNDIR "/run/libvirt/qemu"
/* overrides CTL_LIBVIRT_RUNDIR (documented in vfio-ap-ctl(8), ENVIRONMENT) */
#define CTL_LIBVIRT_RUNDIR_ENV "VFIO_AP_CTL_LIBVIRT_DIR"

/* One mdev a running guest has as a <hostdev type='mdev'>. */
struct ctl_guest {
	char uuid[37]; /* lower case */
	char *name; /* the guest's <name> */
};

/*
 * Read every *.xml in @dir (NULL: $VFIO_AP_CTL_LIBVIRT_DIR or
 * CTL_LIBVIRT_RUNDIR). A missing directory is no guest (0); a file that is
 * not a domain status is skipped. Returns 0 or -errno; free with
 * ctl_libvirt_guests_free().
 */
int ctl_libvirt_guests(const char *dir, struct ctl_guest **v, size_t *n);
void ctl_libvirt_guests_free(struct ctl_guest *v, size_t n);

/* The name of the guest that has mdev @uuid, or NULL. */
const char *ctl_libvirt_guest_of(const struct ctl_guest *v, size_t n, const char *uuid);

/*
 * The guests of one status XML document @xml (NUL-terminated): appends
 * one entry per mdev hostdev to *@v. Returns the number added or -errno.
 */
int ctl_libvirt_parse(const char *xml, struct ctl_guest **v, size_t *n);

#endif /* VFIO_AP_TOOLS_CTL_LIBVIRT_H */
