/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl output helpers: the JSON document every command prints with
 * -j, and plain text tables.
 *
 * JSON: one object per run; its first key is the meta object
 *   "vfio-ap-ctl": {"version": "0.1.0", "json_schema_version": 2, "command": "list"}
 * followed by the command's keys in the order the command adds them.
 * Printed with two-space indentation and a trailing newline.
 */
#ifndef VFIO_AP_TOOLS_CTL_OUT_H
#define VFIO_AP_TOOLS_CTL_OUT_H

#include <stdio.h>
#include <jansson.h>

#include "ap_mask.h"

#define CTL_JSON_SCHEMA_VERSION 2

/* A new document holding only the meta object; NULL when out of memory. */
json_t *ctl_json_doc(const char *command);
/* Print @doc to @fp (indented, trailing newline); returns 0 or -EIO. */
int ctl_json_print(json_t *doc, FILE *fp);

/* [3, 5, 6, 7]: the IDs of @m as a JSON array of integers. */
json_t *ctl_json_ids(const struct ap_mask *m);
/* "03.0010" */
json_t *ctl_json_apqn(unsigned int adapter, unsigned int domain);
/* json_object_set_new() that turns a NULL value into a failure. */
int ctl_json_set(json_t *obj, const char *key, json_t *value);
/*
 * End a command's JSON document: set @key of @doc to @value (stolen, as
 * ctl_json_set()), print @doc to stdout and free it. Returns the exit code.
 */
int ctl_json_finish(json_t *doc, const char *key, json_t *value);

struct ctl_ctx;
/*
 * The end of every run (the close_stdout pattern): flush and close stdout
 * and check that everything written reached it. A failed write (a full
 * disk, a closed pipe or descriptor) prints one line and turns a success
 * @rc into CTL_EXIT_FAILURE; a failing @rc is kept. A stdout that was
 * closed before the run and never written to is not an error.
 */
int ctl_close_stdout(const struct ctl_ctx *ctx, int rc);
/*
 * A command that has reported a failed write to stdout itself drops what
 * is still buffered, so that ctl_close_stdout() does not report it again.
 */
void ctl_stdout_reported(void);

/* "AA.DDDD" into buf (8 bytes). */
void ctl_apqn_format(unsigned int adapter, unsigned int domain, char buf[8]);
/*
 * An ID list as every screen prints it, hexadecimal as in an APQN and as
 * lszcrypt prints it, or "-" when empty; buf of CTL_IDLIST_LEN.
 * ctl_cards(): adapters "03-04,0a"; ctl_domains(): usage or control domains
 * "0005-0006,0010".
 */
#define CTL_IDLIST_LEN 1024
const char *ctl_cards(const struct ap_mask *m, char buf[CTL_IDLIST_LEN]);
const char *ctl_domains(const struct ap_mask *m, char buf[CTL_IDLIST_LEN]);

/*
 * A text table: a header row and rows of strings, columns padded to the
 * widest cell and separated by two blanks; the last column is not padded.
 */
struct ctl_table {
	unsigned int ncols;
	const char *const *header;
	char **cells;		/* nrows * ncols, owned */
	size_t nrows;
	size_t cap;
};

void ctl_table_init(struct ctl_table *t, unsigned int ncols, const char *const *header);
/* Append one row of @t->ncols strings (copied; NULL prints as "-"). 0 or -ENOMEM. */
int ctl_table_add(struct ctl_table *t, const char *const *row);
void ctl_table_print(const struct ctl_table *t, FILE *fp);
void ctl_table_free(struct ctl_table *t);
/*
 * End a command's table: print @t to stdout unless @rc (a failed
 * ctl_table_add()) says otherwise, free it, and return the exit code.
 */
int ctl_table_finish(struct ctl_table *t, int rc);

#endif /* VFIO_AP_TOOLS_CTL_OUT_H */
