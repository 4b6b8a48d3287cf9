// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl output helpers: JSON document and text tables.
 */
#include <errno.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_out.h"

json_t *ctl_json_doc(const char *command)
{
	json_t *doc, *meta;

	meta = json_pack("{s:s, s:i, s:s}", "version", PACKAGE_VERSION, "json_schema_version",
			 CTL_JSON_SCHEMA_VERSION, "command", command);
	if (!meta)
		return NULL;
	doc = json_object();
	if (!doc || json_object_set_new(doc, "vfio-ap-ctl", meta)) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

int ctl_json_print(json_t *doc, FILE *fp)
{
	if (json_dumpf(doc, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) || fputc('\n', fp) == EOF ||
	    fflush(fp))
		return -EIO;
	return 0;
}

json_t *ctl_json_ids(const struct ap_mask *m)
{
	json_t *a = json_array();
	int id;

	if (!a)
		return NULL;
	ap_mask_for_each(id, m) {
		if (json_array_append_new(a, json_integer(id))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

void ctl_apqn_format(unsigned int adapter, unsigned int domain, char buf[8])
{
	snprintf(buf, 8, "%02x.%04x", adapter & 0xff, domain & 0xffff);
}

json_t *ctl_json_apqn(unsigned int adapter, unsigned int domain)
{
	char buf[8];

	ctl_apqn_format(adapter, domain, buf);
	return json_string(buf);
}

int ctl_json_set(json_t *obj, const char *key, json_t *value)
{
	if (!value)
		return -ENOMEM;
	return json_object_set_new(obj, key, value) ? -ENOMEM : 0;
}

int ctl_json_finish(json_t *doc, const char *key, json_t *value)
{
	int rc = CTL_EXIT_FAILURE;

	/* a failed write is reported by ctl_close_stdout(), at the end */
	if (ctl_json_set(doc, key, value))
		fputs("vfio-ap-ctl: out of memory\n", stderr);
	else if (!ctl_json_print(doc, stdout))
		rc = CTL_EXIT_OK;
	json_decref(doc);
	return rc;
}

static const char *idlist(const struct ap_mask *m, enum ap_idlist_style style,
			  char buf[CTL_IDLIST_LEN])
{
	if (ap_mask_empty(m) || ap_idlist_format(m, style, buf, CTL_IDLIST_LEN) < 0)
		return "-";
	return buf;
}

const char *ctl_cards(const struct ap_mask *m, char buf[CTL_IDLIST_LEN])
{
	return idlist(m, AP_IDLIST_HEX_CARD, buf);
}

const char *ctl_domains(const struct ap_mask *m, char buf[CTL_IDLIST_LEN])
{
	return idlist(m, AP_IDLIST_HEX_DOMAIN, buf);
}

void ctl_table_init(struct ctl_table *t, unsigned int ncols, const char *const *header)
{
	memset(t, 0, sizeof(*t));
	t->ncols = ncols;
	t->header = header;
}

int ctl_table_add(struct ctl_table *t, const char *const *row)
{
	unsigned int i;

	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **cells = realloc(t->cells, cap * t->ncols * sizeof(*cells));

		if (!cells)
			return -ENOMEM;
		t->cells = cells;
		t->cap = cap;
	}
	for (i = 0; i < t->ncols; i++) {
		char *c = strdup(row[i] ? row[i] : "-");

		if (!c) {
			while (i--)
				free(t->cells[t->nrows * t->ncols + i]);
			return -ENOMEM;
		}
		t->cells[t->nrows * t->ncols + i] = c;
	}
	t->nrows++;
	return 0;
}

static void print_row(const struct ctl_table *t, const char *const *row, const size_t *w,
		      FILE *fp)
{
	unsigned int i;

	for (i = 0; i < t->ncols; i++) {
		if (i + 1 < t->ncols)
			fprintf(fp, "%-*s  ", (int)w[i], row[i]);
		else
			fprintf(fp, "%s\n", row[i]);
	}
}

void ctl_table_print(const struct ctl_table *t, FILE *fp)
{
	size_t w[32] = { 0 };
	unsigned int i;
	size_t r;

	if (t->ncols > 32)
		return;
	for (i = 0; i < t->ncols; i++)
		w[i] = strlen(t->header[i]);
	for (r = 0; r < t->nrows; r++)
		for (i = 0; i < t->ncols; i++) {
			size_t l = strlen(t->cells[r * t->ncols + i]);

			if (l > w[i])
				w[i] = l;
		}
	print_row(t, t->header, w, fp);
	for (r = 0; r < t->nrows; r++)
		print_row(t, (const char *const *)&t->cells[r * t->ncols], w, fp);
}

void ctl_table_free(struct ctl_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = t->cap = 0;
}

int ctl_table_finish(struct ctl_table *t, int rc)
{
	if (!rc)
		ctl_table_print(t, stdout);
	else
		fputs("vfio-ap-ctl: out of memory\n", stderr);
	ctl_table_free(t);
	return rc ? CTL_EXIT_FAILURE : CTL_EXIT_OK;
}

void ctl_stdout_reported(void)
{
	__fpurge(stdout);
	clearerr(stdout);
}

int ctl_close_stdout(const struct ctl_ctx *ctx, int rc)
{
	bool pending = __fpending(stdout) != 0;
	bool failed = ferror(stdout) != 0;
	int err = 0;

	/* fflush() first: its errno is the reason of a write that fails now */
	errno = 0;
	if (fflush(stdout)) {
		err = errno;
		failed = true;
	}
	if (fclose(stdout)) {
		if (!err)
			err = errno;
		/* EBADF with nothing to write: stdout was closed and not used */
		if (pending || err != EBADF)
			failed = true;
	}
	if (!failed)
		return rc;
	if (err)
		ctl_err(ctx, "cannot write standard output: %s", strerror(err));
	else
		ctl_err(ctx, "cannot write standard output");
	return rc ? rc : CTL_EXIT_FAILURE;
}
