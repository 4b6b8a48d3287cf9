// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the v1 migration stream (driver/vfio_ap_mig_stream.c):
 * wire layout, round trips, every refusal, and incremental parsing with
 * every chunk size. Built natively and for s390x (big-endian, under
 * qemu-user) from the same source.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/crc32.h>
#include <zlib.h>

#include "mig_feed.h"
#include "mig_test_util.h"
#include "tap.h"
#include "vfio_ap_mig_stream.h"

/* apm 1, aqm 2-3, adm 0 and 255, queues 01.0002 and 01.0003 (mt_hwinfo) */
/* clang-format off: 16 bytes a line, as hexdump shows them */
static const u8 golden[] = {
	0x76, 0x66, 0x61, 0x70, 0x00, 0x01, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x97, 0x1d, 0xa3, 0x2f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x90, 0x80, 0x01, 0x02, 0x0d, 0x55, 0x03, 0x07,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x90, 0x80, 0x01, 0x03, 0x0d, 0x55, 0x03, 0x07,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
/* clang-format on */

static bool status_equal(const struct vfio_ap_mig_stream_status *a,
			 const struct vfio_ap_mig_stream_status *b)
{
	return a->code == b->code && a->err == b->err && a->index == b->index &&
	       a->offset == b->offset && a->apqn == b->apqn && a->got == b->got &&
	       a->want == b->want;
}

static bool config_equal(const struct vfio_ap_mig_config *a, const struct vfio_ap_mig_config *b)
{
	return a->num_queues == b->num_queues && vfio_ap_mig_mask_equal(&a->apm, &b->apm) &&
	       vfio_ap_mig_mask_equal(&a->aqm, &b->aqm) &&
	       vfio_ap_mig_mask_equal(&a->adm, &b->adm) && a->crc == b->crc &&
	       !memcmp(a->entries, b->entries, (size_t)a->num_queues * VFIO_AP_MIG_ENTRY_LEN);
}

static const char *msg(const struct vfio_ap_mig_stream_status *st)
{
	static char buf[256];

	vfio_ap_mig_stream_format(st, buf, sizeof(buf));
	return buf;
}

/*
 * Feed @buf in chunks of @chunk bytes (through feed(), or through
 * next()/commit() if @zero_copy), then finish. Compare with the
 * whole-buffer verdict. Returns true if equal.
 */
static bool chunked_same(const u8 *buf, size_t len, size_t chunk, bool zero_copy)
{
	struct vfio_ap_mig_stream_status whole_st, st;
	struct vfio_ap_mig_config whole_cfg, cfg;
	struct vfio_ap_mig_parser p;
	size_t pos = 0;
	int whole, ret = 0;
	bool same;

	whole = vfio_ap_mig_stream_parse(buf, len, &whole_cfg, &whole_st);
	vfio_ap_mig_parser_init(&p);
	while (pos < len && !ret) {
		size_t n = len - pos < chunk ? len - pos : chunk;

		if (!zero_copy) {
			ret = mig_parser_feed(&p, buf + pos, n);
			pos += n;
			continue;
		}
		/* the kernel write() pattern: copy into the parser, commit */
		while (n && !ret) {
			size_t room, k;
			u8 *dst = vfio_ap_mig_parser_next(&p, &room);

			if (!dst) {
				ret = vfio_ap_mig_parser_commit(&p, n);
				break;
			}
			k = n < room ? n : room;
			memcpy(dst, buf + pos, k);
			ret = vfio_ap_mig_parser_commit(&p, k);
			pos += k;
			n -= k;
		}
		if (ret)
			break;
	}
	if (!ret)
		ret = vfio_ap_mig_parser_finish(&p, &cfg);
	st = *vfio_ap_mig_parser_status(&p);
	same = ret == whole && status_equal(&st, &whole_st) &&
	       (ret || config_equal(&cfg, &whole_cfg));
	if (!same)
		tap_diag("chunk %zu%s: incremental %d (%s), whole %d", chunk,
			 zero_copy ? " zero-copy" : "", ret, msg(&st), whole);
	vfio_ap_mig_parser_release(&p);
	return same;
}

/* every chunk size from 1 to len + 1, both feeding styles */
static void sweep(const char *name, const u8 *buf, size_t len)
{
	bool ok = true;
	size_t c;
	int zc;

	for (zc = 0; zc < 2; zc++)
		for (c = 1; c <= len + 1 && ok; c++)
			ok = chunked_same(buf, len, c, zc);
	tap_ok(ok, "%s: every chunk size 1..%zu gives the whole-buffer verdict", name, len + 1);
}

/*
 * crc32_le(), as the core calls it: the kernel's in vfio_ap.ko, zlib's
 * behind tools/lib/kshim_crc32.c here (also in the s390x build, on
 * Debian's s390x zlib). The stream's CRC-32 is crc32_le(~0, ...) ^ ~0.
 */
static u32 core_crc32(u32 crc, const void *p, size_t len)
{
	return ~crc32_le(~crc, p, len);
}

/* published CRC-32 (IEEE 802.3, as zlib's crc32()) check values */
static const struct {
	const char *name;
	const char *data;
	size_t len;
	u32 crc;
} crc_vectors[] = {
	{ "nothing", "", 0, 0 },
	{ "\"a\"", "a", 1, 0xe8b7be43 },
	{ "\"abc\"", "abc", 3, 0x352441c2 },
	{ "\"message digest\"", "message digest", 14, 0x20159d7f },
	{ "a-z", "abcdefghijklmnopqrstuvwxyz", 26, 0x4c2750bd },
	{ "\"123456789\"", "123456789", 9, 0xcbf43926 },
	{ "the quick brown fox", "The quick brown fox jumps over the lazy dog", 43, 0x414fa339 },
};

static void test_crc(void)
{
	static const char check[] = "123456789";
	size_t big = (1 << 20) + 77, off, i;
	u8 *data = malloc(big);
	bool ok = true;

	if (!data)
		abort();
	for (i = 0; i < sizeof(crc_vectors) / sizeof(crc_vectors[0]); i++)
		tap_is_int(core_crc32(0, crc_vectors[i].data, crc_vectors[i].len),
			   crc_vectors[i].crc, "crc32_le() CRC-32 of %s", crc_vectors[i].name);
	memset(data, 0, 32);
	tap_is_int(core_crc32(0, data, 32), 0x190a55ad, "crc32_le() CRC-32 of 32 zero bytes");
	memset(data, 0xff, 32);
	tap_is_int(core_crc32(0, data, 32), 0xff6cab0b, "crc32_le() CRC-32 of 32 0xff bytes");
	for (off = 0; off < 8; off++) {
		memcpy(data + off, check, 9);
		if (core_crc32(0, data + off, 9) != 0xcbf43926)
			ok = false;
	}
	tap_ok(ok, "crc32_le() CRC-32 of \"123456789\" at every alignment 0..7");
	tap_is_int(core_crc32(core_crc32(0, check, 4), check + 4, 5), 0xcbf43926,
		   "crc32_le() chains (\"1234\" then \"56789\")");
	for (i = 0; i < big; i++)
		data[i] = (u8)(i * 2654435761U >> 13);
	tap_ok(core_crc32(0, data, big) == (u32)crc32(0, data, (uInt)big),
	       "crc32_le() equals zlib's crc32() on 1 MiB + 77 bytes");
	free(data);
}

static void test_golden(void)
{
	struct vfio_ap_mig_config cfg;
	struct vfio_ap_mig_stream_status st;
	size_t len;
	u8 *buf = mt_build("1", "2-3", "0,255", &len);
	u64 hw = 0;

	tap_is_int(len, sizeof(golden), "golden stream: length 64 + 2 x 32");
	tap_ok(len == sizeof(golden) && !memcmp(buf, golden, len),
	       "build writes the documented big-endian bytes");
	tap_is_int(vfio_ap_mig_stream_parse(golden, sizeof(golden), &cfg, &st), 0,
		   "golden stream parses");
	tap_is_int(cfg.num_queues, 2, "golden: 2 queues");
	tap_is_int(vfio_ap_mig_config_apqn(&cfg, 0), 0x0102, "golden: first APQN 01.0002");
	tap_ok(vfio_ap_mig_config_hwinfo(&cfg, 1) == 0x908001030d550307ULL,
	       "golden: second hwinfo 0x908001030d550307");
	tap_ok(vfio_ap_mig_mask_test(&cfg.adm, 0) && vfio_ap_mig_mask_test(&cfg.adm, 255) &&
	       vfio_ap_mig_mask_weight(&cfg.adm) == 2, "golden: control domains 0 and 255");
	tap_ok(cfg.adm.w[0] == 0x8000000000000000ULL && cfg.adm.w[3] == 1,
	       "golden: adm bit 0 is the MSB of word 0");
	tap_ok(vfio_ap_mig_mask_test(&cfg.apm, 1) && vfio_ap_mig_mask_weight(&cfg.apm) == 1 &&
	       vfio_ap_mig_mask_test(&cfg.aqm, 2) && vfio_ap_mig_mask_test(&cfg.aqm, 3) &&
	       vfio_ap_mig_mask_weight(&cfg.aqm) == 2, "golden: apm {1}, aqm {2,3} derived");
	tap_is_int(cfg.crc, 0x971da32f, "golden: CRC");
	tap_ok(vfio_ap_mig_config_find(&cfg, 0x0103, &hw) && hw == 0x908001030d550307ULL,
	       "config_find hits 01.0003");
	tap_ok(!vfio_ap_mig_config_find(&cfg, 0x0104, NULL) &&
	       !vfio_ap_mig_config_find(&cfg, 0x0001, NULL), "config_find misses absent APQNs");
	tap_is_str(msg(&st), "valid stream", "status of a valid stream");
	free(buf);
}

static void round_trip(const char *apm, const char *aqm, const char *adm, u32 want_n)
{
	struct vfio_ap_mig_mask a = mt_mask(apm), q = mt_mask(aqm), c = mt_mask(adm);
	struct vfio_ap_mig_stream_status st;
	struct vfio_ap_mig_config cfg;
	size_t len;
	u8 *buf = mt_build(apm, aqm, adm, &len);
	bool ok = true;
	u32 i;

	tap_is_int(len, vfio_ap_mig_stream_size(want_n), "%u queues: size 64 + 32 x n", want_n);
	tap_is_int(vfio_ap_mig_stream_parse(buf, len, &cfg, &st), 0, "%u queues: parses (%s)",
		   want_n, msg(&st));
	tap_is_int(cfg.num_queues, want_n, "%u queues: num_queues", want_n);
	tap_ok(vfio_ap_mig_mask_equal(&cfg.adm, &c), "%u queues: adm survives", want_n);
	if (want_n)
		tap_ok(vfio_ap_mig_mask_equal(&cfg.apm, &a) && vfio_ap_mig_mask_equal(&cfg.aqm, &q),
		       "%u queues: apm and aqm survive", want_n);
	else
		tap_ok(vfio_ap_mig_mask_empty(&cfg.apm) && vfio_ap_mig_mask_empty(&cfg.aqm),
		       "0 queues: apm and aqm of the stream are empty");
	for (i = 0; i < cfg.num_queues && ok; i++) {
		u16 apqn = vfio_ap_mig_config_apqn(&cfg, i);

		ok = vfio_ap_mig_mask_test(&a, VFIO_AP_MIG_APQN_CARD(apqn)) &&
		     vfio_ap_mig_mask_test(&q, VFIO_AP_MIG_APQN_DOMAIN(apqn)) &&
		     vfio_ap_mig_config_hwinfo(&cfg, i) == mt_hwinfo(apqn) &&
		     (!i || apqn > vfio_ap_mig_config_apqn(&cfg, i - 1));
	}
	tap_ok(ok, "%u queues: every entry ascending with its hwinfo", want_n);
	free(buf);
}

/* 01.0004 has interrupts on (ISC 5, indicator 0x7fff0010), the others off */
static int irq_on_0104(void *priv, u16 apqn, struct vfio_ap_mig_irq *irq)
{
	int *bad = priv;

	if (apqn == 0x0104) {
		irq->enabled = true;
		irq->isc = bad && *bad ? 8 : 5;
		irq->nib = 0x7fff0010;
	}
	return 0;
}

static void test_irq_round_trip(void)
{
	struct vfio_ap_mig_mask a = mt_mask("1-2"), q = mt_mask("3-4");
	struct vfio_ap_mig_stream_status st = { 0 };
	struct vfio_ap_mig_config cfg;
	struct vfio_ap_mig_irq irq;
	u8 buf[192];
	int bad = 0;
	bool ok = true;
	u32 i;

	tap_is_int(vfio_ap_mig_stream_build(&a, &q, NULL, mt_get_hwinfo, irq_on_0104, &bad, buf,
					    sizeof(buf)),
		   192, "build with registrations: 192 bytes");
	tap_ok(buf[64 + 32 + 16] == 1 && buf[64 + 32 + 17] == 5 &&
		       get_unaligned_be64(buf + 64 + 32 + 24) == 0x7fff0010 && !buf[64 + 16] &&
		       !get_unaligned_be64(buf + 64 + 24),
	       "registration bytes at entry offsets 16, 17, 24");
	tap_is_int(vfio_ap_mig_stream_parse(buf, sizeof(buf), &cfg, &st), 0,
		   "stream with a registration parses (%s)", msg(&st));
	for (i = 0; i < cfg.num_queues; i++) {
		vfio_ap_mig_config_irq(&cfg, i, &irq);
		if (vfio_ap_mig_config_apqn(&cfg, i) == 0x0104)
			ok = ok && irq.enabled && irq.isc == 5 && irq.nib == 0x7fff0010;
		else
			ok = ok && !irq.enabled && !irq.isc && !irq.nib;
	}
	tap_ok(ok, "each queue's registration survives the round trip");
	bad = 1;
	tap_is_int(vfio_ap_mig_stream_build(&a, &q, NULL, mt_get_hwinfo, irq_on_0104, &bad, buf,
					    sizeof(buf)),
		   -EINVAL, "build refuses ISC 8");
}

static void test_build_errors(void)
{
	struct vfio_ap_mig_mask a = mt_mask("1-2"), q = mt_mask("3");
	u8 buf[160];

	tap_is_int(vfio_ap_mig_stream_build(&a, &q, NULL, mt_get_hwinfo, NULL, NULL, buf, 127),
		   -ENOSPC, "build: buffer one byte short -> -ENOSPC");
	tap_is_int(vfio_ap_mig_stream_build(&a, &q, NULL, mt_get_hwinfo, NULL, NULL, buf, 128), 128,
		   "build: exact buffer, NULL adm");
	tap_is_int(vfio_ap_mig_stream_build(&a, &q, NULL, NULL, NULL, NULL, buf, sizeof(buf)),
		   -EINVAL, "build: queues but no get_hwinfo -> -EINVAL");
	tap_is_int(vfio_ap_mig_stream_size(65536), VFIO_AP_MIG_MAX_LEN, "size of 65536 queues");
	tap_is_int(vfio_ap_mig_stream_size(65537), 0, "size of 65537 queues is 0 (over the cap)");
}

static int failing_hwinfo(void *priv, u16 apqn, u64 *hw)
{
	return apqn == 0x0203 ? -EIO : mt_get_hwinfo(priv, apqn, hw);
}

static void test_build_hwinfo_error(void)
{
	struct vfio_ap_mig_mask a = mt_mask("1-2"), q = mt_mask("3");
	u8 buf[128];

	tap_is_int(vfio_ap_mig_stream_build(&a, &q, NULL, failing_hwinfo, NULL, NULL, buf,
					    sizeof(buf)),
		   -EIO, "build: a get_hwinfo error is returned");
}

/* ---- refusals ---------------------------------------------------------- */

enum mut {
	M_LEN, M_APPEND, M_BE16, M_BE32, M_BYTE, M_SWAP_ENTRIES
};

struct refusal {
	const char *name;
	int mut;
	u32 off;		/* byte offset to change, or new length for M_LEN */
	u32 val;		/* new value */
	bool fix_crc;
	u32 code;
	int err;
	const char *msg;	/* expected message, or NULL */
};

/* base: apm 1-2, aqm 3-4, adm 5: entries 01.0003 01.0004 02.0003 02.0004, 192 bytes */
static const struct refusal refusals[] = {
	{ "empty", M_LEN, 0, 0, false, VFIO_AP_MIG_STREAM_SHORT, -EINVAL,
	  "stream too short: 0 bytes, the header alone has 64" },
	{ "header cut", M_LEN, 63, 0, false, VFIO_AP_MIG_STREAM_SHORT, -EINVAL,
	  "stream too short: 63 bytes, the header alone has 64" },
	{ "header only", M_LEN, 64, 0, false, VFIO_AP_MIG_STREAM_SHORT, -EINVAL,
	  "stream too short: 64 bytes, the header announces 192 (64 + 32 x 4 queues)" },
	{ "last entry cut", M_LEN, 191, 0, false, VFIO_AP_MIG_STREAM_SHORT, -EINVAL,
	  "stream too short: 191 bytes, the header announces 192 (64 + 32 x 4 queues)" },
	{ "one byte too many", M_APPEND, 0, 0, false, VFIO_AP_MIG_STREAM_LONG, -EINVAL,
	  "stream too long: more than the 192 bytes the header announces (64 + 32 x 4 queues)" },
	{ "num_queues 3 for 4 entries", M_BE32, 12, 3, true, VFIO_AP_MIG_STREAM_LONG, -EINVAL,
	  "stream too long: more than the 160 bytes the header announces (64 + 32 x 3 queues)" },
	{ "num_queues 5 for 4 entries", M_BE32, 12, 5, true, VFIO_AP_MIG_STREAM_SHORT, -EINVAL,
	  "stream too short: 192 bytes, the header announces 224 (64 + 32 x 5 queues)" },
	{ "bad magic", M_BE32, 0, 0x76666171, false, VFIO_AP_MIG_STREAM_MAGIC, -EINVAL,
	  "bad magic 0x76666171 (want 0x76666170 \"vfap\")" },
	{ "byte-swapped magic", M_BE32, 0, 0x70616676, false, VFIO_AP_MIG_STREAM_MAGIC, -EINVAL,
	  "bad magic 0x70616676 (want 0x76666170 \"vfap\")" },
	{ "version 2", M_BE16, 4, 2, true, VFIO_AP_MIG_STREAM_VERSION, -EPROTONOSUPPORT,
	  "unsupported stream version 2 (this reader knows version 1)" },
	{ "version 0", M_BE16, 4, 0, true, VFIO_AP_MIG_STREAM_VERSION, -EPROTONOSUPPORT,
	  "unsupported stream version 0 (this reader knows version 1)" },
	{ "header_len 80", M_BE16, 6, 80, true, VFIO_AP_MIG_STREAM_HDR_LEN, -EINVAL,
	  "header_len 80 is not the 64 bytes of a version 1 header" },
	{ "header_len 0", M_BE16, 6, 0, true, VFIO_AP_MIG_STREAM_HDR_LEN, -EINVAL, NULL },
	{ "flag bit 0", M_BE32, 8, 1, true, VFIO_AP_MIG_STREAM_FLAGS, -EPROTONOSUPPORT,
	  "unknown flags 0x00000001 (version 1 defines none)" },
	{ "flag bit 31", M_BE32, 8, 0x80000000U, true, VFIO_AP_MIG_STREAM_FLAGS, -EPROTONOSUPPORT,
	  NULL },
	{ "reserved header byte 52", M_BYTE, 52, 1, true, VFIO_AP_MIG_STREAM_HDR_RESERVED, -EINVAL,
	  "reserved header byte at offset 52 is 0x01 (must be 0)" },
	{ "reserved header byte 63", M_BYTE, 63, 0x80, true, VFIO_AP_MIG_STREAM_HDR_RESERVED,
	  -EINVAL, "reserved header byte at offset 63 is 0x80 (must be 0)" },
	{ "num_queues 65537", M_BE32, 12, 65537, true, VFIO_AP_MIG_STREAM_COUNT, -EINVAL,
	  "num_queues 65537 over the cap of 65536" },
	{ "num_queues 0xffffffff", M_BE32, 12, 0xffffffffU, true, VFIO_AP_MIG_STREAM_COUNT, -EINVAL,
	  "num_queues 4294967295 over the cap of 65536" },
	{ "hwinfo bit flipped", M_BYTE, 64 + 8, 0x91, false, VFIO_AP_MIG_STREAM_CRC, -EINVAL,
	  NULL },
	{ "adm bit flipped", M_BYTE, 16, 0x01, false, VFIO_AP_MIG_STREAM_CRC, -EINVAL, NULL },
	{ "CRC field zeroed", M_BE32, 48, 0, false, VFIO_AP_MIG_STREAM_CRC, -EINVAL, NULL },
	{ "entry 2 reserved byte 2", M_BYTE, 64 + 64 + 2, 0x5a, true,
	  VFIO_AP_MIG_STREAM_ENT_RESERVED, -EINVAL,
	  "entry 2 (APQN 02.0003): reserved byte at offset 130 is 0x5a (must be 0)" },
	{ "entry 2 reserved byte 3", M_BYTE, 64 + 64 + 3, 1, true, VFIO_AP_MIG_STREAM_ENT_RESERVED,
	  -EINVAL, NULL },
	{ "entry 2 reserved byte 4", M_BYTE, 64 + 64 + 4, 1, true, VFIO_AP_MIG_STREAM_ENT_RESERVED,
	  -EINVAL, NULL },
	{ "entry 2 reserved byte 5", M_BYTE, 64 + 64 + 5, 1, true, VFIO_AP_MIG_STREAM_ENT_RESERVED,
	  -EINVAL, NULL },
	{ "entry 2 reserved byte 6", M_BYTE, 64 + 64 + 6, 1, true, VFIO_AP_MIG_STREAM_ENT_RESERVED,
	  -EINVAL, NULL },
	{ "entry 0 reserved byte 7", M_BYTE, 64 + 7, 0xff, true, VFIO_AP_MIG_STREAM_ENT_RESERVED,
	  -EINVAL, "entry 0 (APQN 01.0003): reserved byte at offset 71 is 0xff (must be 0)" },
	{ "entries 1 and 2 swapped", M_SWAP_ENTRIES, 1, 2, true, VFIO_AP_MIG_STREAM_UNSORTED,
	  -EINVAL, "entry 2: APQN 01.0004 below the previous 02.0003 (entries must be ascending)" },
	{ "entry 1 duplicates entry 0", M_BE16, 64 + 32, 0x0103, true, VFIO_AP_MIG_STREAM_DUPLICATE,
	  -EINVAL, "entry 1: duplicate APQN 01.0003" },
	{ "entry 3 is 02.0005", M_BE16, 64 + 96, 0x0205, true, VFIO_AP_MIG_STREAM_NOT_CROSS,
	  -EINVAL,
	  "the 4 queues are not a cross product of adapters and domains (their adapters x domains give 6)" },
	{ "entry 0 reserved byte 18", M_BYTE, 64 + 18, 1, true, VFIO_AP_MIG_STREAM_ENT_RESERVED,
	  -EINVAL, "entry 0 (APQN 01.0003): reserved byte at offset 82 is 0x01 (must be 0)" },
	{ "entry 3 reserved byte 23", M_BYTE, 64 + 96 + 23, 0x10, true,
	  VFIO_AP_MIG_STREAM_ENT_RESERVED, -EINVAL, NULL },
	{ "entry 1 irq 2", M_BYTE, 64 + 32 + 16, 2, true, VFIO_AP_MIG_STREAM_ENT_IRQ, -EINVAL,
	  "entry 1 (APQN 01.0004): bad interrupt registration: irq 2, isc 0, nib 0x0 (irq 0 with isc and nib 0, or irq 1 with isc 0-7 and a non-zero nib)" },
	{ "entry 0 irq on without a nib", M_BYTE, 64 + 16, 1, true, VFIO_AP_MIG_STREAM_ENT_IRQ,
	  -EINVAL, NULL },
	{ "entry 2 isc with irq off", M_BYTE, 64 + 64 + 17, 3, true, VFIO_AP_MIG_STREAM_ENT_IRQ,
	  -EINVAL, NULL },
	{ "entry 2 nib with irq off", M_BYTE, 64 + 64 + 31, 0x80, true, VFIO_AP_MIG_STREAM_ENT_IRQ,
	  -EINVAL, NULL },
};

static u8 *make_refusal(const struct refusal *r, size_t *len)
{
	u8 *buf = mt_build("1-2", "3-4", "5", len);
	u8 tmp[VFIO_AP_MIG_ENTRY_LEN];
	u8 *a, *b;

	switch (r->mut) {
	case M_LEN:
		*len = r->off;
		break;
	case M_APPEND:
		buf[(*len)++] = 0;
		break;
	case M_BE16:
		put_unaligned_be16((u16)r->val, buf + r->off);
		break;
	case M_BE32:
		put_unaligned_be32(r->val, buf + r->off);
		break;
	case M_BYTE:
		buf[r->off] ^= (u8)r->val;
		break;
	case M_SWAP_ENTRIES:
		a = buf + VFIO_AP_MIG_HDR_LEN + r->off * VFIO_AP_MIG_ENTRY_LEN;
		b = buf + VFIO_AP_MIG_HDR_LEN + r->val * VFIO_AP_MIG_ENTRY_LEN;
		memcpy(tmp, a, sizeof(tmp));
		memcpy(a, b, sizeof(tmp));
		memcpy(b, tmp, sizeof(tmp));
		break;
	}
	if (r->fix_crc)
		mt_fix_crc(buf, *len < VFIO_AP_MIG_HDR_LEN ? VFIO_AP_MIG_HDR_LEN : *len);
	return buf;
}

static void test_refusals(void)
{
	struct vfio_ap_mig_stream_status st;
	struct vfio_ap_mig_config cfg;
	size_t i, len;

	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *r = &refusals[i];
		u8 *buf = make_refusal(r, &len);
		int ret = vfio_ap_mig_stream_parse(buf, len, &cfg, &st);

		tap_ok(ret == r->err && st.code == r->code && st.err == r->err,
		       "refused: %s -> %s, %d (got %s, %d: %s)", r->name,
		       vfio_ap_mig_stream_code_name(r->code), r->err,
		       vfio_ap_mig_stream_code_name(st.code), ret, msg(&st));
		if (r->msg)
			tap_is_str(msg(&st), r->msg, "message for %s", r->name);
		sweep(r->name, buf, len);
		free(buf);
	}
}

/* a CRC mismatch reports both values */
static void test_crc_message(void)
{
	struct vfio_ap_mig_stream_status st;
	struct vfio_ap_mig_config cfg;
	char want[128];
	size_t len;
	u8 *buf = mt_build("1", "1", "", &len);
	u32 good = get_unaligned_be32(buf + VFIO_AP_MIG_OFF_CRC);

	put_unaligned_be32(good ^ 1, buf + VFIO_AP_MIG_OFF_CRC);
	vfio_ap_mig_stream_parse(buf, len, &cfg, &st);
	snprintf(want, sizeof(want), "CRC-32 mismatch: header says 0x%08x, data gives 0x%08x",
		 good ^ 1, good);
	tap_is_str(msg(&st), want, "CRC message names the stored and the computed CRC");
	free(buf);
}

/* ---- the incremental parser's own contract --------------------------------- */

static void test_parser_contract(void)
{
	struct vfio_ap_mig_config cfg, cfg2;
	struct vfio_ap_mig_parser p;
	size_t len, room;
	u8 *buf = mt_build("1-2", "3-4", "5", &len);
	u8 bad[VFIO_AP_MIG_HDR_LEN];
	u8 *dst;

	vfio_ap_mig_parser_init(&p);
	tap_is_int(mig_parser_feed(&p, buf, 0), 0, "feed of 0 bytes is fine");
	tap_is_int(mig_parser_feed(&p, buf, 63), 0, "63 header bytes: no verdict yet");
	tap_ok(!p.buf, "nothing allocated before the header is complete");
	tap_is_int(mig_parser_feed(&p, buf + 63, 1), 0, "64th byte: header accepted");
	tap_ok(p.buf && p.total == len, "buffer of the announced size allocated after the header");
	dst = vfio_ap_mig_parser_next(&p, &room);
	tap_ok(dst == p.buf + 64 && room == len - 64, "next() points after the header");
	tap_is_int(mig_parser_feed(&p, buf + 64, len - 64), 0, "rest fed");
	tap_ok(!vfio_ap_mig_parser_next(&p, &room) && room == 0, "no room once complete");
	tap_is_int(vfio_ap_mig_parser_finish(&p, &cfg), 0, "finish: valid");
	tap_is_int(vfio_ap_mig_parser_finish(&p, &cfg2), 0, "finish again: still valid");
	tap_ok(cfg.entries == cfg2.entries && cfg2.num_queues == 4, "finish again: same config");
	tap_is_int(mig_parser_feed(&p, buf, 1), -EINVAL, "a byte after the end: -EINVAL");
	tap_is_int(p.status.code, VFIO_AP_MIG_STREAM_LONG, "... as too long");
	vfio_ap_mig_parser_release(&p);
	tap_ok(!p.buf && !p.pos, "release frees and clears");

	/* errors are sticky; a header error allocates nothing */
	memcpy(bad, buf, sizeof(bad));
	put_unaligned_be32(70000, bad + VFIO_AP_MIG_OFF_NUM_QUEUES);
	vfio_ap_mig_parser_init(&p);
	tap_is_int(mig_parser_feed(&p, bad, sizeof(bad)), -EINVAL,
		   "oversize count refused as soon as the header is in");
	tap_ok(!p.buf, "... and nothing was allocated for it");
	tap_is_int(mig_parser_feed(&p, buf, 1), -EINVAL, "the error is sticky (feed)");
	tap_is_int(vfio_ap_mig_parser_finish(&p, &cfg), -EINVAL, "the error is sticky (finish)");
	tap_is_int(p.status.code, VFIO_AP_MIG_STREAM_COUNT, "the first error is kept");
	tap_ok(!vfio_ap_mig_parser_next(&p, &room) && !room, "no room after an error");
	vfio_ap_mig_parser_release(&p);

	/* API misuse */
	vfio_ap_mig_parser_init(&p);
	tap_is_int(vfio_ap_mig_parser_commit(&p, 65), -EINVAL,
		   "commit of more than the header room: -EINVAL");
	tap_is_int(p.status.code, VFIO_AP_MIG_STREAM_INVAL_CALL, "... as an invalid call");
	vfio_ap_mig_parser_release(&p);
	vfio_ap_mig_parser_init(&p);
	tap_is_int(mig_parser_feed(&p, NULL, 3), -EINVAL, "feed of NULL data: -EINVAL");
	vfio_ap_mig_parser_release(&p);
	tap_is_int(vfio_ap_mig_stream_parse(NULL, 5, &cfg, NULL), -EINVAL,
		   "parse of NULL data, NULL status: -EINVAL");
	free(buf);
}

static void test_codes(void)
{
	struct vfio_ap_mig_stream_status st = { };
	bool ok = true, distinct = true;
	char line[256];
	u32 c, d;

	for (c = 0; c < VFIO_AP_MIG_STREAM_NR_CODES; c++) {
		st.code = c;
		vfio_ap_mig_stream_format(&st, line, sizeof(line));
		if (!line[0] || strchr(line, '\n') || !strcmp(vfio_ap_mig_stream_code_name(c),
							       "unknown"))
			ok = false;
		for (d = 0; d < c; d++)
			if (!strcmp(vfio_ap_mig_stream_code_name(c),
				    vfio_ap_mig_stream_code_name(d)))
				distinct = false;
	}
	tap_ok(ok, "every code has a name and a one-line message");
	tap_ok(distinct, "code names are distinct");
	tap_is_str(vfio_ap_mig_stream_code_name(999), "unknown", "unknown code name");
	tap_is_int(vfio_ap_mig_stream_errno(VFIO_AP_MIG_STREAM_VERSION), -EPROTONOSUPPORT,
		   "errno of version");
	tap_is_int(vfio_ap_mig_stream_errno(VFIO_AP_MIG_STREAM_CRC), -EINVAL, "errno of crc");
	tap_is_int(vfio_ap_mig_stream_errno(VFIO_AP_MIG_STREAM_OK), 0, "errno of ok");
	vfio_ap_mig_stream_format(&st, line, 8);
	tap_is_int(strlen(line), 7, "format truncates to the buffer");
}

/* the largest stream: a few chunk sizes, and a late error */
static void test_large(void)
{
	static const size_t chunks[] = { 1, 7, 16, 63, 64, 65, 4093, 65536, 1048575, 1048576,
					 1048577 };
	bool ok = true;
	size_t len, i;
	u8 *buf = mt_build("0-255", "0-255", "0-255", &len);

	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++)
		ok = chunked_same(buf, len, chunks[i], i & 1) && ok;
	tap_ok(ok, "65536 queues: chunk sizes 1 .. 1 MiB + 1 give the whole-buffer verdict");

	/* last entry's reserved byte, found only after 1 MiB */
	buf[len - 9] = 1;
	mt_fix_crc(buf, len);
	ok = true;
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++)
		ok = chunked_same(buf, len, chunks[i], !(i & 1)) && ok;
	tap_ok(ok, "65536 queues, bad last entry: chunk sizes agree");
	free(buf);
}

/* ---- differential test: the parser against a plain reference ------------ */

#define E VFIO_AP_MIG_ENTRY_LEN

/* xorshift32: deterministic, the same sequence on every host */
static u32 diff_rand(u32 *state)
{
	u32 x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

/*
 * The rules of DESIGN.md section 3 for the entries, checked the obvious way
 * (entry by entry, sets as byte arrays); fills @st like the parser does for
 * a stream whose header and CRC are good.
 */
static void diff_reference(const u8 *e, u32 nq, struct vfio_ap_mig_stream_status *st,
			   struct vfio_ap_mig_mask *apm, struct vfio_ap_mig_mask *aqm)
{
	u8 card[256] = { 0 }, dom[256] = { 0 };
	u32 i, r, na = 0, nd = 0;
	s32 prev = -1;

	memset(st, 0, sizeof(*st));
	memset(apm, 0, sizeof(*apm));
	memset(aqm, 0, sizeof(*aqm));
	for (i = 0; i < nq; i++) {
		const u8 *x = e + E * i;
		s32 apqn = x[0] << 8 | x[1];

		for (r = 2; r < 8; r++)
			if (x[r])
				break;
		if (r < 8) {
			st->code = VFIO_AP_MIG_STREAM_ENT_RESERVED;
			st->offset = 64 + E * i + r;
			st->got = x[r];
		} else if (apqn <= prev) {
			st->code = apqn == prev ? VFIO_AP_MIG_STREAM_DUPLICATE :
						  VFIO_AP_MIG_STREAM_UNSORTED;
			st->offset = 64 + E * i;
			st->got = (u64)apqn;
			st->want = (u64)prev;
		}
		if (st->code) {
			st->err = -EINVAL;
			st->index = i;
			st->apqn = (u16)apqn;
			return;
		}
		card[x[0]] = 1;
		dom[x[1]] = 1;
		prev = apqn;
	}
	for (i = 0; i < 256; i++) {
		na += card[i];
		nd += dom[i];
		if (card[i])
			vfio_ap_mig_mask_set(apm, i);
		if (dom[i])
			vfio_ap_mig_mask_set(aqm, i);
	}
	if (na * nd != nq) {
		st->code = VFIO_AP_MIG_STREAM_NOT_CROSS;
		st->err = -EINVAL;
		st->offset = VFIO_AP_MIG_OFF_NUM_QUEUES;
		st->got = nq;
		st->want = (u64)na * nd;
		return;
	}
	for (i = 0; i < nq; i++) {
		const u8 *x = e + E * i;
		u64 nib = 0;

		for (r = 24; r < 32; r++)
			nib = nib << 8 | x[r];
		for (r = 18; r < 24; r++)
			if (x[r])
				break;
		if (r < 24) {
			st->code = VFIO_AP_MIG_STREAM_ENT_RESERVED;
			st->offset = 64 + E * i + r;
			st->got = x[r];
		} else if (x[16] > 1 || (x[16] == 1 && (x[17] > 7 || !nib)) ||
			   (!x[16] && (x[17] || nib))) {
			st->code = VFIO_AP_MIG_STREAM_ENT_IRQ;
			st->offset = 64 + E * i + 16;
			st->got = (u64)x[16] << 8 | x[17];
			st->want = nib;
		}
		if (st->code) {
			st->err = -EINVAL;
			st->index = i;
			st->apqn = (u16)(x[0] << 8 | x[1]);
			return;
		}
	}
}

/* a random cross product of up to @max adapters x @max domains, then mutated */
static bool diff_one(u32 *rnd, u32 max)
{
	struct vfio_ap_mig_mask apm = { }, aqm = { }, ref_apm, ref_aqm;
	struct vfio_ap_mig_stream_status st, ref;
	struct vfio_ap_mig_config cfg;
	u32 nq, i, n, m, a, b;
	size_t len, cap;
	u8 *buf, *e, tmp[E];

	n = diff_rand(rnd) % (max + 1);
	for (i = 0; i < n; i++)
		vfio_ap_mig_mask_set(&apm, diff_rand(rnd) & 0xff);
	n = diff_rand(rnd) % (max + 1);
	for (i = 0; i < n; i++)
		vfio_ap_mig_mask_set(&aqm, diff_rand(rnd) & 0xff);
	nq = vfio_ap_mig_mask_weight(&apm) * vfio_ap_mig_mask_weight(&aqm);
	cap = vfio_ap_mig_stream_size(nq + 8);
	buf = calloc(1, cap);
	if (!buf)
		return false;
	if (vfio_ap_mig_stream_build(&apm, &aqm, NULL, mt_get_hwinfo, NULL, NULL, buf, cap) < 0) {
		free(buf);
		return false;
	}
	e = buf + VFIO_AP_MIG_HDR_LEN;
	m = diff_rand(rnd) % 4;
	while (nq && m--) {
		a = diff_rand(rnd) % nq;
		b = diff_rand(rnd) % nq;
		switch (diff_rand(rnd) % 10) {
		case 0:		/* a reserved byte */
			e[E * a + 2 + diff_rand(rnd) % 6] = (u8)(diff_rand(rnd) | 1);
			break;
		case 1:		/* swap two entries */
			memcpy(tmp, e + E * a, E);
			memcpy(e + E * a, e + E * b, E);
			memcpy(e + E * b, tmp, E);
			break;
		case 2:		/* another adapter */
			e[E * a] = (u8)diff_rand(rnd);
			break;
		case 3:		/* another domain */
			e[E * a + 1] = (u8)diff_rand(rnd);
			break;
		case 4:		/* drop an entry */
			memmove(e + E * a, e + E * (a + 1), E * (nq - a - 1));
			nq--;
			break;
		case 5:		/* repeat an entry */
			memmove(e + E * (a + 1), e + E * a, E * (nq - a));
			nq++;
			break;
		case 6:		/* an adjacent entry's APQN */
			e[E * a] = e[E * b];
			e[E * a + 1] = e[E * b + 1];
			break;
		case 8: /* a valid registration: still valid if it was */
			e[E * a + 16] = 1;
			e[E * a + 17] = (u8)(diff_rand(rnd) % 8);
			e[E * a + 31] = (u8)(diff_rand(rnd) | 1);
			break;
		case 9: /* a byte of the registration half */
			e[E * a + 16 + diff_rand(rnd) % 16] ^= (u8)(diff_rand(rnd) | 1);
			break;
		default:	/* hwinfo only: still valid if it was */
			e[E * a + 8 + diff_rand(rnd) % 8] ^= 0x5a;
			break;
		}
	}
	put_unaligned_be32(nq, buf + VFIO_AP_MIG_OFF_NUM_QUEUES);
	len = vfio_ap_mig_stream_size(nq);
	mt_fix_crc(buf, len);
	diff_reference(e, nq, &ref, &ref_apm, &ref_aqm);
	memset(&cfg, 0, sizeof(cfg));
	vfio_ap_mig_stream_parse(buf, len, &cfg, &st);
	free(buf);
	if (!status_equal(&st, &ref))
		return false;
	return ref.code || (cfg.num_queues == nq && vfio_ap_mig_mask_equal(&cfg.apm, &ref_apm) &&
			    vfio_ap_mig_mask_equal(&cfg.aqm, &ref_aqm));
}

static void test_differential(void)
{
	static const u32 max[] = { 2, 5, 16, 64 };
	static const u32 rounds[] = { 3000, 3000, 1000, 100 };
	u32 rnd = 0x2545f491, i, k, bad;

	for (k = 0; k < 4; k++) {
		for (i = 0, bad = 0; i < rounds[k]; i++)
			bad += !diff_one(&rnd, max[k]);
		tap_ok(!bad, "differential: %u random mutated streams of up to %u x %u queues match the reference (%u differ)",
		       rounds[k], max[k], max[k], bad);
	}
}

int main(void)
{
	size_t len;
	u8 *small;

	test_crc();
	test_golden();
	round_trip("", "", "", 0);
	round_trip("3", "", "0-255", 0);
	round_trip("", "7", "", 0);
	round_trip("255", "255", "255", 1);
	round_trip("0", "0", "", 1);
	round_trip("1,3,200", "0,17,255", "2-4", 9);
	round_trip("0-255", "0-255", "0-255", 65536);
	test_build_errors();
	test_irq_round_trip();
	test_build_hwinfo_error();
	test_refusals();
	test_crc_message();
	test_parser_contract();
	test_codes();
	test_differential();

	small = mt_build("1-2", "3-4", "5", &len);
	sweep("valid 4-queue stream", small, len);
	free(small);
	small = mt_build("", "", "1", &len);
	sweep("valid 0-queue stream", small, len);
	free(small);
	test_large();
	return tap_done();
}
