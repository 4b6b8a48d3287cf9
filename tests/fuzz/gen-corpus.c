// SPDX-License-Identifier: GPL-2.0-only
/*
 * Writes the seed corpora of the stream fuzzers:
 *   DIR/decode/NAME        a stream file as 'vfio-ap-ctl decode' reads it
 *   DIR/stream-parse/NAME  3 control bytes (chunk sizes, mode), then the
 *                          stream (see fuzz-stream-parse.c)
 * Valid streams of several shapes and one of each refusal. The committed
 * corpus (tests/fuzz/corpus/) is its output:
 *   make tests/fuzz/gen-corpus && tests/fuzz/gen-corpus $(srcdir)/tests/fuzz/corpus
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/crc32.h>

#include "vfio_ap_mig_stream.h"

#define BUF_LEN 16384
#define E VFIO_AP_MIG_ENTRY_LEN

static const char *outdir;

static int hw(void *priv, u16 apqn, u64 *hwinfo)
{
	/* CEX8 CCA coprocessor, native, 85 domains, ml 3, qd 7, per-queue bits */
	*hwinfo = 0x908000000e550307ULL | (u64)(apqn & 0x3fff) << 32;
	return 0;
}

/* every third queue has interrupts on */
static int irq(void *priv, u16 apqn, struct vfio_ap_mig_irq *r)
{
	if (apqn % 3 == 0) {
		r->enabled = true;
		r->isc = apqn % 8;
		r->nib = 0x10000000ULL + apqn * 8;
	}
	return 0;
}

static void put(const char *name, const u8 *buf, size_t len, u8 c1, u8 c2, u8 mode)
{
	char path[4096];
	u8 ctl[3] = { c1, c2, mode };
	FILE *fp;

	snprintf(path, sizeof(path), "%s/decode/%s", outdir, name);
	fp = fopen(path, "wb");
	if (!fp || fwrite(buf, 1, len, fp) != len || fclose(fp)) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/stream-parse/%s", outdir, name);
	fp = fopen(path, "wb");
	if (!fp || fwrite(ctl, 1, 3, fp) != 3 || fwrite(buf, 1, len, fp) != len || fclose(fp)) {
		perror(path);
		exit(1);
	}
}

static struct vfio_ap_mig_mask mask(u32 first, u32 last)
{
	struct vfio_ap_mig_mask m = { };

	while (first <= last)
		vfio_ap_mig_mask_set(&m, first++);
	return m;
}

static size_t build(u8 *buf, u32 a0, u32 a1, u32 d0, u32 d1, u32 c0, u32 c1)
{
	struct vfio_ap_mig_mask apm = mask(a0, a1), aqm = mask(d0, d1), adm = mask(c0, c1);
	ssize_t n = vfio_ap_mig_stream_build(&apm, &aqm, &adm, hw, irq, NULL, buf, BUF_LEN);

	if (n < 0)
		exit(1);
	return (size_t)n;
}

static void fix_crc(u8 *buf, size_t len)
{
	memset(buf + VFIO_AP_MIG_OFF_CRC, 0, 4);
	put_unaligned_be32(~crc32_le(~0U, buf, len), buf + VFIO_AP_MIG_OFF_CRC);
}

int main(int argc, char *argv[])
{
	static u8 buf[BUF_LEN], tmp[VFIO_AP_MIG_ENTRY_LEN];
	size_t len;

	if (argc != 2) {
		fprintf(stderr, "usage: gen-corpus DIR (DIR/decode and DIR/stream-parse must exist)\n");
		return 2;
	}
	outdir = argv[1];

	len = build(buf, 1, 0, 1, 0, 5, 6);	/* empty masks: no queues */
	put("valid-0-queues", buf, len, 0, 0, 0);
	len = build(buf, 255, 255, 255, 255, 0, 255);
	put("valid-1-queue-ff.00ff", buf, len, 6, 1, 1);
	len = build(buf, 3, 3, 5, 6, 5, 6);
	put("valid-2-queues", buf, len, 15, 0, 0);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	put("valid-16-queues", buf, len, 63, 2, 1);
	len = build(buf, 0, 15, 0, 15, 0, 15);
	put("valid-256-queues", buf, len, 255, 255, 0);

	/* refusals, each on the 16-queue stream */
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	put("short-header", buf, 40, 0, 0, 0);
	put("short-entries", buf, len - 5, 3, 0, 1);
	buf[len] = 0;
	put("long", buf, len + 1, 7, 0, 0);
	put_unaligned_be32(0x76666171, buf);
	put("bad-magic", buf, len, 0, 0, 0);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	put_unaligned_be16(2, buf + VFIO_AP_MIG_OFF_VERSION);
	fix_crc(buf, len);
	put("version-2", buf, len, 0, 0, 0);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	put_unaligned_be16(80, buf + VFIO_AP_MIG_OFF_HDR_LEN);
	fix_crc(buf, len);
	put("header-len-80", buf, len, 0, 0, 0);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	put_unaligned_be32(1, buf + VFIO_AP_MIG_OFF_FLAGS);
	fix_crc(buf, len);
	put("flags", buf, len, 0, 0, 1);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	buf[60] = 1;
	fix_crc(buf, len);
	put("header-reserved", buf, len, 0, 0, 0);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	put_unaligned_be32(65537, buf + VFIO_AP_MIG_OFF_NUM_QUEUES);
	fix_crc(buf, len);
	put("num-queues-over-cap", buf, len, 0, 0, 0);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	buf[len - 1] ^= 1;
	put("crc-mismatch", buf, len, 0, 0, 0);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	buf[VFIO_AP_MIG_HDR_LEN + 5 * E + 4] = 9;
	fix_crc(buf, len);
	put("entry-reserved", buf, len, 0, 0, 1);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	memcpy(tmp, buf + 64 + E, E);
	memcpy(buf + 64 + E, buf + 64 + 2 * E, E);
	memcpy(buf + 64 + 2 * E, tmp, E);
	fix_crc(buf, len);
	put("unsorted", buf, len, 0, 0, 0);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	memcpy(buf + 64 + E, buf + 64, E);
	fix_crc(buf, len);
	put("duplicate", buf, len, 0, 0, 0);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	put_unaligned_be16(0x0420, buf + len - E);
	fix_crc(buf, len);
	put("not-cross-product", buf, len, 0, 0, 1);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	buf[VFIO_AP_MIG_HDR_LEN + 2 * E + VFIO_AP_MIG_ENT_OFF_RESERVED2 + 1] = 4;
	fix_crc(buf, len);
	put("entry-reserved-2", buf, len, 0, 0, 0);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	buf[VFIO_AP_MIG_HDR_LEN + 3 * E + VFIO_AP_MIG_ENT_OFF_ISC] = 8;
	fix_crc(buf, len);
	put("entry-irq-isc-8", buf, len, 0, 0, 1);
	len = build(buf, 1, 4, 0x10, 0x13, 0, 0);
	memset(buf + VFIO_AP_MIG_HDR_LEN + 1 * E + VFIO_AP_MIG_ENT_OFF_NIB, 0, 8);
	fix_crc(buf, len);
	put("entry-irq-no-nib", buf, len, 0, 0, 0);
	return 0;
}
