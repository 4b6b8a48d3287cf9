// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness for the input path of 'vfio-ap-ctl decode'
 * (tools/decode_stream.c): the input is the file's content, read through a
 * FILE as the tool reads it, then rendered as text and as JSON. Each input
 * runs twice: as given and with its CRC field patched to the right value,
 * so that the renderers see accepted streams too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <linux/crc32.h>

#include "decode_stream.h"
#include "vfio_ap_mig_stream.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static FILE *devnull;

static void one(const u8 *data, size_t size)
{
	struct vfio_ap_mig_parser p;
	struct vfio_ap_mig_config cfg;
	char reason[256];
	json_t *doc;
	char *text;
	FILE *fp;
	int ret;

	/* fmemopen() of 0 bytes is not portable: an empty file instead */
	fp = size ? fmemopen((void *)data, size, "rb") : fopen("/dev/null", "rb");
	if (!fp)
		abort();
	ret = ctl_stream_read(fp, &p, &cfg);
	fclose(fp);
	if (ret) {
		ctl_stream_reason(&p, reason, sizeof(reason));
		if (!reason[0] || strchr(reason, '\n'))
			abort();
	} else {
		ctl_decode_print(&cfg, devnull);
		doc = json_object();
		if (!doc || ctl_decode_json(&cfg, doc))
			abort();
		text = json_dumps(doc, JSON_COMPACT);
		if (!text)
			abort();
		free(text);
		json_decref(doc);
	}
	vfio_ap_mig_parser_release(&p);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 *copy;

	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		if (!devnull)
			abort();
	}
	one(data, size);
	if (size >= VFIO_AP_MIG_HDR_LEN) {
		copy = malloc(size);
		if (!copy)
			abort();
		memcpy(copy, data, size);
		memset(copy + VFIO_AP_MIG_OFF_CRC, 0, 4);
		put_unaligned_be32(~crc32_le(~0U, copy, size), copy + VFIO_AP_MIG_OFF_CRC);
		one(copy, size);
		free(copy);
	}
	return 0;
}
