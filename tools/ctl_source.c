// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: read a migration source (stream or export JSON).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "ctl_source.h"

static int __attribute__((format(printf, 3, 4))) fail(char *err, size_t errlen, const char *fmt,
						      ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* hwinfo per APQN while a JSON source is read */
struct json_queues {
	u64 hw[VFIO_AP_MIG_MAX_QUEUES];
	u8 seen[VFIO_AP_MIG_MAX_QUEUES];
};

static int json_hwinfo(void *priv, u16 apqn, u64 *hwinfo)
{
	const struct json_queues *q = priv;

	if (!q->seen[apqn])
		return -ENODEV;
	*hwinfo = q->hw[apqn];
	return 0;
}

static int parse_apqn(const char *s, u16 *apqn)
{
	unsigned int a, d;
	char tail;

	if (strlen(s) != 7 || s[2] != '.' || sscanf(s, "%2x.%4x%c", &a, &d, &tail) != 2 ||
	    !isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[3]) || a > 255 ||
	    d > 255)
		return -EINVAL;
	*apqn = VFIO_AP_MIG_APQN(a, d);
	return 0;
}

static int parse_hwinfo(const char *s, u64 *hw)
{
	char *end;

	if (strncmp(s, "0x", 2) || !isxdigit((unsigned char)s[2]) || strlen(s) > 18)
		return -EINVAL;
	errno = 0;
	*hw = strtoull(s + 2, &end, 16);
	return errno || *end ? -EINVAL : 0;
}

static int from_json(const char *text, size_t len, struct ctl_source *src, char *err,
		     size_t errlen)
{
	struct vfio_ap_mig_mask apm = { { 0 } }, aqm = { { 0 } }, adm = { { 0 } };
	struct json_queues *q = NULL;
	json_t *root, *cdoms, *queues, *v;
	u32 n = 0, nq;
	json_error_t jerr;
	size_t i, size;
	ssize_t built;
	int rc;

	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return fail(err, errlen, "not valid JSON: line %d: %s", jerr.line, jerr.text);
	rc = -EINVAL;
	cdoms = json_object_get(root, "control_domains");
	queues = json_object_get(root, "queues");
	if (!json_is_object(root) || !json_is_array(cdoms) || !json_is_array(queues)) {
		fail(err, errlen, "not an export: \"control_domains\" and \"queues\" arrays needed");
		goto out;
	}
	json_array_foreach(cdoms, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 255) {
			fail(err, errlen, "control_domains[%zu]: not an ID 0..255", i);
			goto out;
		}
		vfio_ap_mig_mask_set(&adm, (u32)json_integer_value(v));
	}
	q = calloc(1, sizeof(*q));
	if (!q) {
		rc = -ENOMEM;
		goto out;
	}
	json_array_foreach(queues, i, v) {
		const char *sa = json_string_value(json_object_get(v, "apqn"));
		const char *sh = json_string_value(json_object_get(v, "hwinfo"));
		u16 apqn;
		u64 hw;

		if (!sa || parse_apqn(sa, &apqn)) {
			fail(err, errlen, "queues[%zu]: \"apqn\" is not \"AA.DDDD\"", i);
			goto out;
		}
		if (!sh || parse_hwinfo(sh, &hw)) {
			fail(err, errlen, "queues[%zu] (%s): \"hwinfo\" is not 0x + 16 hex digits",
			     i, sa);
			goto out;
		}
		if (q->seen[apqn]) {
			fail(err, errlen, "queues[%zu]: APQN %s appears twice", i, sa);
			goto out;
		}
		q->seen[apqn] = 1;
		q->hw[apqn] = hw;
		vfio_ap_mig_mask_set(&apm, VFIO_AP_MIG_APQN_CARD(apqn));
		vfio_ap_mig_mask_set(&aqm, VFIO_AP_MIG_APQN_DOMAIN(apqn));
		n++;
	}
	nq = vfio_ap_mig_mask_weight(&apm) * vfio_ap_mig_mask_weight(&aqm);
	if (nq != n) {
		fail(err, errlen, "the %u queues are not a cross product of %u adapters and %u domains",
		     n, vfio_ap_mig_mask_weight(&apm), vfio_ap_mig_mask_weight(&aqm));
		goto out;
	}
	size = vfio_ap_mig_stream_size(nq);
	src->stream = calloc(1, size);
	if (!src->stream) {
		rc = -ENOMEM;
		goto out;
	}
	built = vfio_ap_mig_stream_build(&apm, &aqm, &adm, json_hwinfo, NULL, q, src->stream, size);
	if (built < 0) {
		rc = (int)built;
		fail(err, errlen, "cannot build a stream from it: %s", strerror(-rc));
		goto out;
	}
	src->len = (size_t)built;
	rc = 0;
out:
	free(q);
	json_decref(root);
	return rc;
}

int ctl_source_parse(const void *data, size_t len, struct ctl_source *src, char *err,
		     size_t errlen)
{
	const u8 *b = data;
	struct vfio_ap_mig_stream_status st;
	size_t i = 0;
	int rc;

	memset(src, 0, sizeof(*src));
	if (len >= 4 && get_unaligned_be32(b) == VFIO_AP_MIG_MAGIC) {
		src->format = "stream";
		src->stream = malloc(len ? len : 1);
		if (!src->stream)
			return -ENOMEM;
		memcpy(src->stream, b, len);
		src->len = len;
	} else {
		while (i < len && isspace(b[i]))
			i++;
		if (i == len || b[i] != '{')
			return fail(err, errlen,
				    "neither a migration stream (magic \"vfap\") nor JSON");
		src->format = "json";
		rc = from_json(data, len, src, err, errlen);
		if (rc) {
			ctl_source_free(src);
			return rc;
		}
	}
	rc = vfio_ap_mig_stream_parse(src->stream, src->len, &src->cfg, &st);
	if (rc) {
		vfio_ap_mig_stream_format(&st, err, errlen);
		ctl_source_free(src);
		return -EINVAL;
	}
	return 0;
}

void ctl_source_free(struct ctl_source *src)
{
	free(src->stream);
	src->stream = NULL;
	src->len = 0;
}

int ctl_source_read(const char *path, void **data, size_t *len)
{
	size_t cap = 0, n = 0, got;
	char *buf = NULL, *nb;
	FILE *fp = stdin;
	int err = 0;

	if (strcmp(path, "-")) {
		fp = fopen(path, "rbe");
		if (!fp)
			return -errno;
	}
	for (;;) {
		if (n == cap) {
			if (cap >= CTL_SOURCE_MAX) {
				err = EFBIG;
				break;
			}
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				err = ENOMEM;
				break;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
		if (!got) {
			if (ferror(fp))
				err = errno ? errno : EIO;
			break;
		}
	}
	if (fp != stdin)
		fclose(fp);
	if (err) {
		free(buf);
		return -err;
	}
	if (!buf && !(buf = malloc(1)))
		return -ENOMEM;
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}
