// SPDX-License-Identifier: GPL-2.0-only
/*
 * mdevctl JSON configs of vfio_ap mdevs: parse, replay, build, load a
 * directory of them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "mdev_config.h"

/* a config file larger than this is not an mdevctl config */
#define MDEV_CONFIG_MAX_SIZE (4u << 20)

static const char *const op_names[] = {
	[MDEV_ATTR_ASSIGN_ADAPTER] = "assign_adapter",
	[MDEV_ATTR_UNASSIGN_ADAPTER] = "unassign_adapter",
	[MDEV_ATTR_ASSIGN_DOMAIN] = "assign_domain",
	[MDEV_ATTR_UNASSIGN_DOMAIN] = "unassign_domain",
	[MDEV_ATTR_ASSIGN_CONTROL_DOMAIN] = "assign_control_domain",
	[MDEV_ATTR_UNASSIGN_CONTROL_DOMAIN] = "unassign_control_domain",
	[MDEV_ATTR_AP_CONFIG] = "ap_config",
	[MDEV_ATTR_UNKNOWN] = "unknown",
};

const char *mdev_attr_op_name(enum mdev_attr_op op)
{
	return op <= MDEV_ATTR_UNKNOWN ? op_names[op] : "unknown";
}

static enum mdev_attr_op op_from_name(const char *key)
{
	unsigned int i;

	for (i = 0; i < MDEV_ATTR_UNKNOWN; i++)
		if (!strcmp(key, op_names[i]))
			return (enum mdev_attr_op)i;
	return MDEV_ATTR_UNKNOWN;
}

bool mdev_uuid_valid(const char *s)
{
	unsigned int i;

	if (!s || strlen(s) != MDEV_UUID_LEN)
		return false;
	for (i = 0; i < MDEV_UUID_LEN; i++) {
		char c = s[i];

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return false;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
			     (c >= 'A' && c <= 'F'))) {
			return false;
		}
	}
	return true;
}

static void __attribute__((format(printf, 3, 4)))
set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	/* input quoted in the message (keys, jansson's context) stays on one line */
	for (; *err; err++)
		if ((unsigned char)*err < 0x20 || *err == 0x7f)
			*err = '?';
}

/* One ID as the kernel's kstrtoul(buf, 0) takes it: optional '+', optional '\n'. */
static int parse_attr_id(const char *value, unsigned int *id, const char **why)
{
	char buf[64];
	size_t len = strlen(value);

	if (len && value[len - 1] == '\n')
		len--;
	if (len && value[0] == '+') {
		value++;
		len--;
	}
	if (len >= sizeof(buf)) {
		/* too long for any ID: tell a number from garbage */
		size_t i;

		for (i = 0; i < len; i++)
			if (value[i] < '0' || value[i] > '9')
				break;
		*why = i == len ? "number out of range" : "not a number";
		return i == len ? -ERANGE : -EINVAL;
	}
	memcpy(buf, value, len);
	buf[len] = '\0';
	return ap_id_parse(buf, AP_MAX_ID, id, why);
}

static void parse_attr_value(struct mdev_attr *a)
{
	switch (a->op) {
	case MDEV_ATTR_AP_CONFIG:
		a->err = ap_config_parse(a->value, &a->cfg, &a->why);
		break;
	case MDEV_ATTR_UNKNOWN:
		a->err = -ENOENT;
		a->why = "not a vfio_ap mdev attribute";
		break;
	default:
		a->err = parse_attr_id(a->value, &a->id, &a->why);
		if (a->err == -ERANGE)
			a->why = "ID above 255";
		break;
	}
}

void mdev_config_free(struct mdev_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->n_attrs; i++) {
		free(cfg->attrs[i].key);
		free(cfg->attrs[i].value);
	}
	free(cfg->attrs);
	free(cfg->mdev_type);
	memset(cfg, 0, sizeof(*cfg));
}

static int parse_attrs(json_t *attrs, struct mdev_config *cfg, char *err, size_t errlen)
{
	size_t i, n = json_array_size(attrs);
	json_t *obj, *val;
	const char *key;

	if (!n)
		return 0;
	cfg->attrs = calloc(n, sizeof(*cfg->attrs));
	if (!cfg->attrs) {
		set_err(err, errlen, "out of memory");
		return -ENOMEM;
	}
	json_array_foreach(attrs, i, obj) {
		struct mdev_attr *a = &cfg->attrs[i];

		if (!json_is_object(obj) || json_object_size(obj) != 1) {
			set_err(err, errlen, "attrs[%zu] is not an object with exactly one key", i);
			return -EINVAL;
		}
		key = json_object_iter_key(json_object_iter(obj));
		val = json_object_iter_value(json_object_iter(obj));
		if (!json_is_string(val)) {
			set_err(err, errlen, "attrs[%zu] \"%s\": value must be a string", i, key);
			return -EINVAL;
		}
		a->key = strdup(key);
		a->value = strdup(json_string_value(val));
		cfg->n_attrs = i + 1;
		if (!a->key || !a->value) {
			set_err(err, errlen, "out of memory");
			return -ENOMEM;
		}
		a->op = op_from_name(key);
		parse_attr_value(a);
	}
	return 0;
}

int mdev_config_parse(const char *json, size_t len, struct mdev_config *cfg, char *err,
		      size_t errlen)
{
	json_error_t jerr;
	json_t *root, *type, *start, *attrs;
	const char *s;
	int rc = -EINVAL;

	memset(cfg, 0, sizeof(*cfg));
	if (!len) {
		set_err(err, errlen, "no config: empty input");
		return -EINVAL;
	}
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		set_err(err, errlen, "config is not valid JSON: %s at line %d column %d", jerr.text,
			jerr.line, jerr.column);
		return -EINVAL;
	}
	if (!json_is_object(root)) {
		set_err(err, errlen, "config is not a JSON object");
		goto out;
	}
	type = json_object_get(root, "mdev_type");
	start = json_object_get(root, "start");
	attrs = json_object_get(root, "attrs");
	if (!json_is_string(type) || !*json_string_value(type)) {
		set_err(err, errlen, "config has no \"mdev_type\" string");
		goto out;
	}
	if (!json_is_string(start)) {
		set_err(err, errlen, "config has no \"start\" string");
		goto out;
	}
	s = json_string_value(start);
	if (strcmp(s, "auto") && strcmp(s, "manual")) {
		set_err(err, errlen, "config \"start\" is \"%s\", not \"auto\" or \"manual\"", s);
		goto out;
	}
	cfg->autostart = !strcmp(s, "auto");
	if (attrs && !json_is_array(attrs)) {
		set_err(err, errlen, "config \"attrs\" is not an array");
		goto out;
	}
	cfg->mdev_type = strdup(json_string_value(type));
	if (!cfg->mdev_type) {
		set_err(err, errlen, "out of memory");
		rc = -ENOMEM;
		goto out;
	}
	rc = attrs ? parse_attrs(attrs, cfg, err, errlen) : 0;
out:
	json_decref(root);
	if (rc)
		mdev_config_free(cfg);
	return rc;
}

static int read_file(const char *path, char **data, size_t *len)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	ssize_t n;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		rc = -errno;
		goto fail_fd;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = -EISDIR;
		goto fail_fd;
	}
	if ((unsigned long long)st.st_size > MDEV_CONFIG_MAX_SIZE) {
		rc = -EFBIG;
		goto fail_fd;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		rc = -ENOMEM;
		goto fail_fd;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -errno;
			free(buf);
			goto fail_fd;
		}
		if (!n)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return 0;
fail_fd:
	close(fd);
	return rc;
}

int mdev_config_attr_error(const struct mdev_config *cfg, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < cfg->n_attrs; i++) {
		const struct mdev_attr *a = &cfg->attrs[i];
		size_t vlen;

		if (!a->err)
			continue;
		if (a->op == MDEV_ATTR_UNKNOWN) {
			set_err(err, errlen, "attrs[%zu]: unknown attribute \"%.64s\" (value \"%.64s\"): %s",
				i, a->key, a->value, a->why ? a->why : "not a vfio_ap mdev attribute");
			return -EINVAL;
		}
		vlen = strlen(a->value);
		set_err(err, errlen, "attrs[%zu]: %s: invalid value \"%.*s%s\": %s", i, a->key,
			vlen > 64 ? 61 : (int)vlen, a->value, vlen > 64 ? "..." : "",
			a->why ? a->why : "malformed");
		return -EINVAL;
	}
	return 0;
}

int mdev_config_load(const char *path, struct mdev_config *cfg, char *err, size_t errlen)
{
	const char *base = strrchr(path, '/');
	char msg[256];
	size_t len = 0;
	char *data = NULL;
	int rc;

	memset(cfg, 0, sizeof(*cfg));
	rc = read_file(path, &data, &len);
	if (rc) {
		set_err(err, errlen, "%s: %s", path, strerror(-rc));
		return rc;
	}
	rc = mdev_config_parse(data, len, cfg, msg, sizeof(msg));
	free(data);
	/*
	 * A definition whose attributes the kernel would refuse cannot be
	 * started, and a rewrite from its readable part would drop the rest:
	 * it is as broken as one that is not JSON.
	 */
	if (!rc) {
		rc = mdev_config_attr_error(cfg, msg, sizeof(msg));
		if (rc)
			mdev_config_free(cfg);
	}
	if (rc) {
		set_err(err, errlen, "%s: %s", path, msg);
		return rc;
	}
	base = base ? base + 1 : path;
	if (mdev_uuid_valid(base))
		snprintf(cfg->uuid, sizeof(cfg->uuid), "%s", base);
	return 0;
}

unsigned int mdev_config_matrix(const struct mdev_config *cfg, struct ap_matrix *m)
{
	unsigned int skipped = 0;
	size_t i;

	ap_matrix_zero(m);
	for (i = 0; i < cfg->n_attrs; i++) {
		const struct mdev_attr *a = &cfg->attrs[i];

		if (a->err) {
			skipped++;
			continue;
		}
		switch (a->op) {
		case MDEV_ATTR_ASSIGN_ADAPTER:
			ap_mask_set(&m->apm, a->id);
			break;
		case MDEV_ATTR_UNASSIGN_ADAPTER:
			ap_mask_clear_bit(&m->apm, a->id);
			break;
		case MDEV_ATTR_ASSIGN_DOMAIN:
			ap_mask_set(&m->aqm, a->id);
			break;
		case MDEV_ATTR_UNASSIGN_DOMAIN:
			ap_mask_clear_bit(&m->aqm, a->id);
			break;
		case MDEV_ATTR_ASSIGN_CONTROL_DOMAIN:
			ap_mask_set(&m->adm, a->id);
			break;
		case MDEV_ATTR_UNASSIGN_CONTROL_DOMAIN:
			ap_mask_clear_bit(&m->adm, a->id);
			break;
		case MDEV_ATTR_AP_CONFIG:
			*m = a->cfg;
			break;
		case MDEV_ATTR_UNKNOWN:
			skipped++;
			break;
		}
	}
	return skipped;
}

static int add_ids(json_t *arr, const char *key, const struct ap_mask *mask)
{
	char num[12];
	json_t *obj;
	int id;

	ap_mask_for_each(id, mask) {
		snprintf(num, sizeof(num), "%d", id);
		obj = json_pack("{ss}", key, num);
		if (!obj || json_array_append_new(arr, obj))
			return -ENOMEM;
	}
	return 0;
}

static json_t *attrs_json(const struct ap_matrix *m)
{
	json_t *arr = json_array();

	if (!arr)
		return NULL;
	if (add_ids(arr, "assign_adapter", &m->apm) || add_ids(arr, "assign_domain", &m->aqm) ||
	    add_ids(arr, "assign_control_domain", &m->adm)) {
		json_decref(arr);
		return NULL;
	}
	return arr;
}

char *mdev_config_build(const char *mdev_type, bool autostart, const struct ap_matrix *m,
			bool pretty)
{
	json_t *root, *attrs = attrs_json(m);
	char *out;

	if (!attrs)
		return NULL;
	root = json_pack("{sssssO}", "mdev_type", mdev_type, "start",
			 autostart ? "auto" : "manual", "attrs", attrs);
	json_decref(attrs);
	if (!root)
		return NULL;
	out = json_dumps(root, JSON_PRESERVE_ORDER | (pretty ? JSON_INDENT(2) : JSON_COMPACT));
	json_decref(root);
	return out;
}

char *mdev_attrs_build(const struct ap_matrix *m)
{
	json_t *attrs = attrs_json(m);
	char *out;

	if (!attrs)
		return NULL;
	out = json_dumps(attrs, JSON_COMPACT);
	json_decref(attrs);
	return out;
}

void mdev_config_set_free(struct mdev_config_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		mdev_config_free(&set->v[i].cfg);
		free(set->v[i].errmsg);
	}
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct mdev_config_entry *x = a, *y = b;

	return strcmp(x->cfg.uuid, y->cfg.uuid);
}

int mdev_config_load_dir(const char *dir, struct mdev_config_set *set)
{
	struct mdev_config_entry *e, *nv;
	size_t cap = 0;
	struct dirent *de;
	char path[4096], msg[512];
	DIR *d;
	int rc = 0;

	set->v = NULL;
	set->n = 0;
	if (!dir)
		dir = MDEVCTL_MATRIX_DIR;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (!mdev_uuid_valid(de->d_name))
			continue;
		if (set->n == cap) {
			cap = cap ? 2 * cap : 16;
			nv = realloc(set->v, cap * sizeof(*nv));
			if (!nv) {
				rc = -ENOMEM;
				break;
			}
			set->v = nv;
		}
		e = &set->v[set->n++];
		memset(e, 0, sizeof(*e));
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		e->err = mdev_config_load(path, &e->cfg, msg, sizeof(msg));
		/* keep the uuid even when the file is bad, for messages */
		memcpy(e->cfg.uuid, de->d_name, MDEV_UUID_LEN);
		e->cfg.uuid[MDEV_UUID_LEN] = '\0';
		if (e->err) {
			e->errmsg = strdup(msg);
			if (!e->errmsg) {
				rc = -ENOMEM;
				break;
			}
		}
	}
	closedir(d);
	if (rc) {
		mdev_config_set_free(set);
		return rc;
	}
	if (set->n)
		qsort(set->v, set->n, sizeof(*set->v), cmp_entry);
	return 0;
}
