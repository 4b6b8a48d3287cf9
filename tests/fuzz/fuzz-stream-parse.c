// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness for the v1 stream parser (driver/vfio_ap_mig_stream.c)
 * and, on what it accepts, the compatibility rules.
 *
 * Input: 3 control bytes, then the stream.
 *   byte 0, 1  two chunk sizes (+1) the incremental parser is fed with,
 *              alternately
 *   byte 2     bit 0: feed through next()/commit() instead of feed()
 * Each input is parsed twice, as given and with its CRC field patched to
 * the right value (so that the fuzzer reaches the entry checks). For each:
 *   - the whole-buffer and the incremental verdict must be identical;
 *   - a valid stream must be rebuilt byte for byte by stream_build() from
 *     its decoded config (v1 is canonical);
 *   - the rules run against a fixed destination; every message formats.
 * Any difference aborts (a crash: the fuzz test fails).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/crc32.h>

#include "mig_check_host.h"
#include "mig_feed.h"
#include "vfio_ap_mig_rules.h"
#include "vfio_ap_mig_stream.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

static void check(bool cond, const char *what)
{
	if (!cond) {
		fprintf(stderr, "fuzz-stream-parse: %s\n", what);
		abort();
	}
}

static bool same_status(const struct vfio_ap_mig_stream_status *a,
			const struct vfio_ap_mig_stream_status *b)
{
	return a->code == b->code && a->err == b->err && a->index == b->index &&
	       a->offset == b->offset && a->apqn == b->apqn && a->got == b->got &&
	       a->want == b->want;
}

static int cfg_hwinfo(void *priv, u16 apqn, u64 *hw)
{
	return vfio_ap_mig_config_find(priv, apqn, hw) ? 0 : -ENOENT;
}

/* the registration of @apqn in the config (binary search, the entries ascend) */
static int cfg_irq(void *priv, u16 apqn, struct vfio_ap_mig_irq *irq)
{
	const struct vfio_ap_mig_config *cfg = priv;
	u32 lo = 0, hi = cfg->num_queues;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		u16 a = vfio_ap_mig_config_apqn(cfg, mid);

		if (a == apqn) {
			vfio_ap_mig_config_irq(cfg, mid, irq);
			return 0;
		}
		if (a < apqn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -ENOENT;
}

/* a destination host built from the stream's own bytes: adapters 0-127 etc. */
static int dest_hwinfo(void *priv, u16 apqn, u64 *hw)
{
	const struct vfio_ap_mig_config *cfg = priv;

	if (apqn & 0x80)
		return -ENODEV;
	*hw = cfg->crc * 0x9e3779b97f4a7c15ULL ^ apqn;
	return 0;
}

/* a fixed share of the APQNs is host-owned */
static bool dest_host_owned(void *priv, u16 apqn)
{
	return !((apqn >> 8) & 0x08) && ((apqn & 0xff) & 0x04);
}

static bool dest_in_other(void *priv, u16 apqn)
{
	return (apqn & 0x0f) == 0x0f;
}

static void run_rules(const struct vfio_ap_mig_config *cfg)
{
	struct vfio_ap_mig_result res[16];
	struct vfio_ap_mig_report rep = { .res = res, .cap = 16 };
	struct vfio_ap_mig_dest dst = { };
	struct mig_host host = { };
	char line[256];
	u32 i;
	int ret;

	for (i = 0; i < 4; i++) {
		host.host_apm.w[i] = ~0ULL >> (i + 1);
		host.host_aqm.w[i] = ~0ULL << i;
		host.host_adm.w[i] = 0x5555555555555555ULL;
	}
	host.hw.get_hwinfo = dest_hwinfo;
	host.hw.priv = (void *)cfg;
	host.in_other_mdev = dest_in_other;
	host.host_owned = dest_host_owned;
	ret = mig_check_host(cfg, &host, &rep);
	check(ret == rep.err && rep.count <= rep.cap && rep.count <= rep.total &&
		      rep.refused <= rep.total && (!ret) == (!rep.refused),
	      "host pre-check report");
	for (i = 0; i < rep.count; i++) {
		vfio_ap_mig_result_format(&res[i], line, sizeof(line));
		check(line[0] && !strchr(line, '\n'), "result message");
	}

	/* an empty destination: verify, never grant */
	ret = vfio_ap_mig_check(cfg, &dst, &rep);
	check(ret == rep.err &&
		      (ret == -ENODEV) ==
			      !!(cfg->num_queues || !vfio_ap_mig_mask_empty(&cfg->adm)) &&
		      (!ret || (rep.total == 1 && res[0].rule == VFIO_AP_MIG_RULE_NOT_CONFIGURED)),
	      "empty-mdev report");
	for (i = 0; i < rep.count; i++) {
		vfio_ap_mig_result_format(&res[i], line, sizeof(line));
		check(line[0] && !strchr(line, '\n'), "result message");
	}

	/* configured destination: the stream's matrix shifted by one adapter */
	dst.apm = cfg->apm;
	dst.aqm = cfg->aqm;
	dst.adm = cfg->adm;
	dst.apm.w[0] ^= 0x4000000000000000ULL;
	ret = vfio_ap_mig_check(cfg, &dst, &rep);
	check(ret == rep.err && (!ret) == (!rep.refused), "configured report");
}

static void one(const u8 *stream, size_t len, size_t c1, size_t c2, bool zero_copy)
{
	struct vfio_ap_mig_stream_status whole_st, inc_st;
	struct vfio_ap_mig_config whole, inc;
	struct vfio_ap_mig_parser p;
	char line[256];
	size_t pos = 0, n, room;
	int whole_ret, ret = 0;
	bool odd = false;
	u8 *dst;

	whole_ret = vfio_ap_mig_stream_parse(stream, len, &whole, &whole_st);
	check(whole_ret == whole_st.err, "parse return equals status errno");
	vfio_ap_mig_stream_format(&whole_st, line, sizeof(line));
	check(line[0] && !strchr(line, '\n'), "status message");

	vfio_ap_mig_parser_init(&p);
	while (pos < len && !ret) {
		n = odd ? c2 : c1;
		odd = !odd;
		if (n > len - pos)
			n = len - pos;
		if (!zero_copy) {
			ret = mig_parser_feed(&p, stream + pos, n);
			pos += n;
			continue;
		}
		while (n && !ret) {
			dst = vfio_ap_mig_parser_next(&p, &room);
			if (!dst) {
				ret = vfio_ap_mig_parser_commit(&p, n);
				break;
			}
			if (room > n)
				room = n;
			memcpy(dst, stream + pos, room);
			ret = vfio_ap_mig_parser_commit(&p, room);
			pos += room;
			n -= room;
		}
	}
	if (!ret)
		ret = vfio_ap_mig_parser_finish(&p, &inc);
	inc_st = *vfio_ap_mig_parser_status(&p);
	if (inc_st.code != VFIO_AP_MIG_STREAM_NOMEM) {
		check(ret == whole_ret, "incremental and whole return differ");
		check(same_status(&inc_st, &whole_st), "incremental and whole status differ");
	}
	if (!ret && !whole_ret) {
		check(inc.num_queues == whole.num_queues &&
		      !memcmp(inc.entries, whole.entries,
			      (size_t)inc.num_queues * VFIO_AP_MIG_ENTRY_LEN),
		      "incremental and whole config differ");
	}
	vfio_ap_mig_parser_release(&p);

	if (!whole_ret) {
		u8 *again = malloc(len);
		ssize_t blen;

		check(again != NULL, "malloc");
		blen = vfio_ap_mig_stream_build(&whole.apm, &whole.aqm, &whole.adm, cfg_hwinfo,
						cfg_irq, &whole, again, len);
		check(blen == (ssize_t)len && !memcmp(again, stream, len),
		      "a valid stream is not rebuilt byte for byte");
		free(again);
		run_rules(&whole);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	size_t c1, c2, len;
	bool zc;
	u8 *copy;

	if (size < 3)
		return 0;
	c1 = (size_t)data[0] + 1;
	c2 = (size_t)data[1] * 16 + 1;
	zc = data[2] & 1;
	data += 3;
	len = size - 3;

	one(data, len, c1, c2, zc);

	/* the same with a correct CRC, to get past the CRC check */
	if (len >= VFIO_AP_MIG_HDR_LEN) {
		copy = malloc(len);
		check(copy != NULL, "malloc");
		memcpy(copy, data, len);
		memset(copy + VFIO_AP_MIG_OFF_CRC, 0, 4);
		put_unaligned_be32(~crc32_le(~0U, copy, len), copy + VFIO_AP_MIG_OFF_CRC);
		one(copy, len, c1, c2, zc);
		free(copy);
	}
	return 0;
}
