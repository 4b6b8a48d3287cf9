/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mdevctl definitions of vfio_ap mdevs: the JSON config mdevctl keeps in
 * /etc/mdevctl.d/<parent>/<uuid> and passes to callouts on stdin:
 *
 *   {"mdev_type": "vfio_ap-passthrough", "start": "auto"|"manual",
 *    "attrs": [{"assign_adapter": "3"}, {"assign_domain": "0x05"}, ...]}
 *
 * attrs is an ordered list of single-key objects with string values; mdevctl
 * writes each value to the mdev's sysfs attribute of that name, in order.
 * The parser keeps every attribute (with its parse result) so that a checker
 * can replay them in order as the kernel will.
 */
#ifndef VFIO_AP_TOOLS_MDEV_CONFIG_H
#define VFIO_AP_TOOLS_MDEV_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "ap_matrix.h"

#define VFIO_AP_MDEV_TYPE "vfio_ap-passthrough"
#define VFIO_AP_PARENT "matrix"
#define MDEVCTL_CONFIG_ROOT "/etc/mdevctl.d"
#define MDEVCTL_MATRIX_DIR MDEVCTL_CONFIG_ROOT "/" VFIO_AP_PARENT
/* lower-case canonical UUID, 36 characters */
#define MDEV_UUID_LEN 36

enum mdev_attr_op {
	MDEV_ATTR_ASSIGN_ADAPTER,
	MDEV_ATTR_UNASSIGN_ADAPTER,
	MDEV_ATTR_ASSIGN_DOMAIN,
	MDEV_ATTR_UNASSIGN_DOMAIN,
	MDEV_ATTR_ASSIGN_CONTROL_DOMAIN,
	MDEV_ATTR_UNASSIGN_CONTROL_DOMAIN,
	MDEV_ATTR_AP_CONFIG,
	MDEV_ATTR_UNKNOWN,	/* not a writable vfio_ap attribute */
};

struct mdev_attr {
	enum mdev_attr_op op;
	char *key;		/* as given */
	char *value;		/* as given */
	/*
	 * 0: value parsed; -EINVAL: malformed (the kernel's kstrtoul or
	 * ap_config parser refuses it); -ERANGE: a number above 255.
	 */
	int err;
	const char *why;	/* static reason when err != 0 */
	unsigned int id;	/* assign_* / unassign_* */
	struct ap_matrix cfg;	/* ap_config */
};

struct mdev_config {
	char uuid[MDEV_UUID_LEN + 1];	/* "" when not known (stdin) */
	char *mdev_type;
	bool autostart;			/* "start": "auto" */
	struct mdev_attr *attrs;
	size_t n_attrs;
};

/* Name of an attribute operation ("assign_adapter", ...). */
const char *mdev_attr_op_name(enum mdev_attr_op op);

/* Is @s a UUID as mdevctl and the kernel print it (36 chars, hex, 8-4-4-4-12)? */
bool mdev_uuid_valid(const char *s);

/*
 * Parse one config from @len bytes of JSON text. JSON-structure errors
 * (not JSON, not an object, mdev_type/start missing or of the wrong kind,
 * attrs not an array of single-key objects with string values) fail with
 * -EINVAL and one line in @err. Malformed attribute *values* do not fail:
 * they are recorded in mdev_attr.err for the checker to report.
 * On success the caller frees @cfg with mdev_config_free().
 */
int mdev_config_parse(const char *json, size_t len, struct mdev_config *cfg, char *err,
		      size_t errlen);
/*
 * The first attribute of @cfg that the kernel would refuse (a malformed
 * value such as "3,4", "abc" or "0x100", or a key that is no vfio_ap
 * attribute): -EINVAL and one line in @err naming it and its value; 0
 * when every attribute is valid.
 */
int mdev_config_attr_error(const struct mdev_config *cfg, char *err, size_t errlen);
/*
 * Read and parse a config file; uuid is taken from the file name. A file
 * with an attribute mdev_config_attr_error() names fails too (-EINVAL):
 * a definition is used, and rewritten, only when it can be read whole.
 */
int mdev_config_load(const char *path, struct mdev_config *cfg, char *err, size_t errlen);
void mdev_config_free(struct mdev_config *cfg);

/*
 * The matrix the valid attributes give when applied in order to an empty
 * mdev, ignoring range limits and conflicts (ap_check_config() applies the
 * host's limits). Returns the number of attributes that were skipped
 * because they are malformed or unknown (never any for a config that
 * mdev_config_load() loaded; a caller that may see others must not use
 * the matrix as the whole definition when the count is not 0).
 */
unsigned int mdev_config_matrix(const struct mdev_config *cfg, struct ap_matrix *m);

/*
 * Build a config: attrs are assign_adapter for every adapter, then
 * assign_domain, then assign_control_domain, decimal strings, ascending.
 * Returns a malloc'ed JSON text (pretty: indented like mdevctl writes its
 * files; otherwise compact) or NULL on ENOMEM.
 */
char *mdev_config_build(const char *mdev_type, bool autostart, const struct ap_matrix *m,
			bool pretty);
/*
 * Only the attrs array of the above, compact on one line ("[]" when @m is
 * empty): what a callout prints for "get attributes".
 */
char *mdev_attrs_build(const struct ap_matrix *m);

/* All definitions found in one directory (normally MDEVCTL_MATRIX_DIR). */
struct mdev_config_entry {
	struct mdev_config cfg;	/* valid when err == 0 */
	int err;		/* -errno from loading or parsing */
	char *errmsg;		/* one line, when err != 0 */
};

struct mdev_config_set {
	struct mdev_config_entry *v;
	size_t n;
};

/*
 * Load every file named like a UUID in @dir (NULL: MDEVCTL_MATRIX_DIR), in
 * one pass. A missing directory gives an empty set. Files that cannot be
 * read or parsed, or have an invalid attribute (mdev_config_load()), are
 * kept with err/errmsg set. Returns 0 or -errno (only
 * for ENOMEM or an unreadable directory).
 */
int mdev_config_load_dir(const char *dir, struct mdev_config_set *set);
void mdev_config_set_free(struct mdev_config_set *set);

#endif /* VFIO_AP_TOOLS_MDEV_CONFIG_H */
