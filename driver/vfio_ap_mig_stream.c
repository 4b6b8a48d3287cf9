// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio_ap migration stream, version 1: build, parse and validate.
 *
 * Shared by vfio_ap.ko and the userspace tools; see vfio_ap_mig_stream.h
 * for the wire format and the API.
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/string.h>

#include "vfio_ap_mig_stream.h"

static int stream_fail(struct vfio_ap_mig_stream_status *st, u32 code, u32 offset,
		       u64 got, u64 want)
{
	memset(st, 0, sizeof(*st));
	st->code = code;
	st->err = vfio_ap_mig_stream_errno(code);
	st->offset = offset;
	st->got = got;
	st->want = want;
	return st->err;
}

static int entry_fail(struct vfio_ap_mig_stream_status *st, u32 code, u32 index, u32 offset,
		      u16 apqn, u64 got, u64 want)
{
	stream_fail(st, code, offset, got, want);
	st->index = index;
	st->apqn = apqn;
	return st->err;
}

/* entry @i at @e has a non-zero reserved byte: report the first one */
static int entry_reserved_fail(struct vfio_ap_mig_stream_status *st, const u8 *e, u32 i)
{
	u32 r = VFIO_AP_MIG_ENT_OFF_RESERVED;

	while (r < VFIO_AP_MIG_ENT_OFF_HWINFO - 1 && !e[r])
		r++;
	return entry_fail(st, VFIO_AP_MIG_STREAM_ENT_RESERVED, i,
			  VFIO_AP_MIG_HDR_LEN + i * VFIO_AP_MIG_ENTRY_LEN + r,
			  get_unaligned_be16(e + VFIO_AP_MIG_ENT_OFF_APQN), e[r], 0);
}

int vfio_ap_mig_stream_errno(u32 code)
{
	switch (code) {
	case VFIO_AP_MIG_STREAM_OK:
		return 0;
	case VFIO_AP_MIG_STREAM_VERSION:
	case VFIO_AP_MIG_STREAM_FLAGS:
		return -EPROTONOSUPPORT;
	case VFIO_AP_MIG_STREAM_NOMEM:
		return -ENOMEM;
	case VFIO_AP_MIG_STREAM_NOSPC:
		return -ENOSPC;
	default:
		return -EINVAL;
	}
}

/*
 * The 64-byte header. On success *nq holds the checked queue count.
 * The checks run in the documented order; the first failure is reported.
 */
static int check_header(const u8 *h, u32 *nq, struct vfio_ap_mig_stream_status *st)
{
	u32 magic = get_unaligned_be32(h + VFIO_AP_MIG_OFF_MAGIC);
	u16 version = get_unaligned_be16(h + VFIO_AP_MIG_OFF_VERSION);
	u16 hdr_len = get_unaligned_be16(h + VFIO_AP_MIG_OFF_HDR_LEN);
	u32 flags = get_unaligned_be32(h + VFIO_AP_MIG_OFF_FLAGS);
	u32 num = get_unaligned_be32(h + VFIO_AP_MIG_OFF_NUM_QUEUES);
	u32 off;

	if (magic != VFIO_AP_MIG_MAGIC)
		return stream_fail(st, VFIO_AP_MIG_STREAM_MAGIC, VFIO_AP_MIG_OFF_MAGIC,
				   magic, VFIO_AP_MIG_MAGIC);
	if (version != VFIO_AP_MIG_VERSION)
		return stream_fail(st, VFIO_AP_MIG_STREAM_VERSION, VFIO_AP_MIG_OFF_VERSION,
				   version, VFIO_AP_MIG_VERSION);
	if (hdr_len != VFIO_AP_MIG_HDR_LEN)
		return stream_fail(st, VFIO_AP_MIG_STREAM_HDR_LEN, VFIO_AP_MIG_OFF_HDR_LEN,
				   hdr_len, VFIO_AP_MIG_HDR_LEN);
	if (flags)
		return stream_fail(st, VFIO_AP_MIG_STREAM_FLAGS, VFIO_AP_MIG_OFF_FLAGS,
				   flags, 0);
	for (off = VFIO_AP_MIG_OFF_RESERVED; off < VFIO_AP_MIG_HDR_LEN; off++)
		if (h[off])
			return stream_fail(st, VFIO_AP_MIG_STREAM_HDR_RESERVED, off, h[off], 0);
	if (num > VFIO_AP_MIG_MAX_QUEUES)
		return stream_fail(st, VFIO_AP_MIG_STREAM_COUNT, VFIO_AP_MIG_OFF_NUM_QUEUES,
				   num, VFIO_AP_MIG_MAX_QUEUES);
	*nq = num;
	return 0;
}

/*
 * The stream's CRC-32 is the usual one (IEEE 802.3, as zlib's crc32() and
 * Ethernet): crc32_le() seeded with ~0 and inverted at the end.
 */

/* CRC-32 state (not yet inverted) of a header with its CRC field read as zero */
static u32 header_crc(const u8 *buf)
{
	static const u8 zero[4];
	u32 crc;

	crc = crc32_le(~0U, buf, VFIO_AP_MIG_OFF_CRC);
	crc = crc32_le(crc, zero, sizeof(zero));
	return crc32_le(crc, buf + VFIO_AP_MIG_OFF_CRC + 4,
			VFIO_AP_MIG_HDR_LEN - VFIO_AP_MIG_OFF_CRC - 4);
}

/* CRC-32 of a whole stream with its CRC field read as zero */
static u32 stream_crc(const u8 *buf, size_t len)
{
	return ~crc32_le(header_crc(buf), buf + VFIO_AP_MIG_HDR_LEN, len - VFIO_AP_MIG_HDR_LEN);
}

/*
 * The entries one by one, stopping at the first bad one. Fills @apm and
 * @aqm with the adapters and domains seen.
 */
static int entries_exact(const u8 *e, u32 nq, struct vfio_ap_mig_mask *apm,
			 struct vfio_ap_mig_mask *aqm, struct vfio_ap_mig_stream_status *st)
{
	s32 prev = -1;
	u32 i;

	for (i = 0; i < nq; i++, e += VFIO_AP_MIG_ENTRY_LEN) {
		u64 head = get_unaligned_be64(e);
		u16 apqn = (u16)(head >> 48);

		if (head & 0xffffffffffffULL)
			return entry_reserved_fail(st, e, i);
		if ((s32)apqn <= prev)
			return entry_fail(st, (s32)apqn == prev ? VFIO_AP_MIG_STREAM_DUPLICATE :
				VFIO_AP_MIG_STREAM_UNSORTED, i,
				VFIO_AP_MIG_HDR_LEN + i * VFIO_AP_MIG_ENTRY_LEN, apqn, apqn,
				(u64)prev);
		vfio_ap_mig_mask_set(apm, VFIO_AP_MIG_APQN_CARD(apqn));
		vfio_ap_mig_mask_set(aqm, VFIO_AP_MIG_APQN_DOMAIN(apqn));
		prev = apqn;
	}
	return 0;
}

/*
 * The second half of each entry: reserved bytes 18-23 zero, and an
 * interrupt registration that is off (irq, isc and nib 0) or on (irq 1,
 * isc 0-7, nib not 0).
 */
static int entries_irq(const u8 *e, u32 nq, struct vfio_ap_mig_stream_status *st)
{
	u32 i, r, off;

	for (i = 0; i < nq; i++, e += VFIO_AP_MIG_ENTRY_LEN) {
		u8 irq = e[VFIO_AP_MIG_ENT_OFF_IRQ], isc = e[VFIO_AP_MIG_ENT_OFF_ISC];
		u64 nib = get_unaligned_be64(e + VFIO_AP_MIG_ENT_OFF_NIB);
		u16 apqn = get_unaligned_be16(e + VFIO_AP_MIG_ENT_OFF_APQN);

		off = VFIO_AP_MIG_HDR_LEN + i * VFIO_AP_MIG_ENTRY_LEN;
		for (r = VFIO_AP_MIG_ENT_OFF_RESERVED2; r < VFIO_AP_MIG_ENT_OFF_NIB; r++)
			if (e[r])
				return entry_fail(st, VFIO_AP_MIG_STREAM_ENT_RESERVED, i, off + r,
						  apqn, e[r], 0);
		if (irq > 1 || (irq && (isc > VFIO_AP_MIG_MAX_ISC || !nib)) ||
		    (!irq && (isc || nib)))
			return entry_fail(st, VFIO_AP_MIG_STREAM_ENT_IRQ, i,
					  off + VFIO_AP_MIG_ENT_OFF_IRQ, apqn,
					  (u64)irq << 8 | isc, nib);
	}
	return 0;
}

/*
 * Everything after the header and length checks: @buf holds exactly the
 * announced 64 + 32 * @nq bytes. Fills @cfg only on success.
 */
static int check_body(const u8 *buf, u32 nq, struct vfio_ap_mig_config *cfg,
		      struct vfio_ap_mig_stream_status *st)
{
	size_t len = vfio_ap_mig_stream_size(nq);
	struct vfio_ap_mig_mask apm = { }, aqm = { };
	const u8 *e = buf + VFIO_AP_MIG_HDR_LEN;
	u32 crc, want_crc, i, na, nd;
	int ret;

	crc = stream_crc(buf, len);
	want_crc = get_unaligned_be32(buf + VFIO_AP_MIG_OFF_CRC);
	if (crc != want_crc)
		return stream_fail(st, VFIO_AP_MIG_STREAM_CRC, VFIO_AP_MIG_OFF_CRC,
				   want_crc, crc);

	ret = entries_exact(e, nq, &apm, &aqm, st);
	if (ret)
		return ret;

	/*
	 * The entries are distinct and each lies in apm x aqm, so they are
	 * all of it exactly when there are |apm| * |aqm| of them.
	 */
	na = vfio_ap_mig_mask_weight(&apm);
	nd = vfio_ap_mig_mask_weight(&aqm);
	if (na * nd != nq)
		return stream_fail(st, VFIO_AP_MIG_STREAM_NOT_CROSS,
				   VFIO_AP_MIG_OFF_NUM_QUEUES, nq, (u64)na * nd);
	ret = entries_irq(e, nq, st);
	if (ret)
		return ret;

	memset(cfg, 0, sizeof(*cfg));
	cfg->num_queues = nq;
	cfg->apm = apm;
	cfg->aqm = aqm;
	for (i = 0; i < 4; i++)
		cfg->adm.w[i] = get_unaligned_be64(buf + VFIO_AP_MIG_OFF_ADM + 8 * i);
	cfg->crc = crc;
	cfg->entries = buf + VFIO_AP_MIG_HDR_LEN;
	memset(st, 0, sizeof(*st));
	return 0;
}

int vfio_ap_mig_stream_parse(const void *buf, size_t len, struct vfio_ap_mig_config *cfg,
			     struct vfio_ap_mig_stream_status *st)
{
	struct vfio_ap_mig_stream_status local;
	size_t total;
	u32 nq;
	int ret;

	if (!st)
		st = &local;
	if (!buf && len)
		return stream_fail(st, VFIO_AP_MIG_STREAM_INVAL_CALL, 0, 0, 0);
	if (len < VFIO_AP_MIG_HDR_LEN)
		return stream_fail(st, VFIO_AP_MIG_STREAM_SHORT, (u32)len, len,
				   VFIO_AP_MIG_HDR_LEN);
	ret = check_header(buf, &nq, st);
	if (ret)
		return ret;
	total = vfio_ap_mig_stream_size(nq);
	if (len > total)
		return stream_fail(st, VFIO_AP_MIG_STREAM_LONG, (u32)total, nq, total);
	if (len < total)
		return stream_fail(st, VFIO_AP_MIG_STREAM_SHORT, (u32)len, len, total);
	return check_body(buf, nq, cfg, st);
}

ssize_t vfio_ap_mig_stream_build(const struct vfio_ap_mig_mask *apm,
				 const struct vfio_ap_mig_mask *aqm,
				 const struct vfio_ap_mig_mask *adm,
				 int (*get_hwinfo)(void *priv, u16 apqn, u64 *hwinfo),
				 int (*get_irq)(void *priv, u16 apqn, struct vfio_ap_mig_irq *irq),
				 void *priv, void *buf, size_t size)
{
	u32 nq = vfio_ap_mig_mask_weight(apm) * vfio_ap_mig_mask_weight(aqm);
	size_t total = vfio_ap_mig_stream_size(nq);
	u8 *out = buf;
	u8 *e = out + VFIO_AP_MIG_HDR_LEN;
	u32 apid, apqi, i;
	int ret;

	if (!buf || size < total)
		return -ENOSPC;
	if (nq && !get_hwinfo)
		return -EINVAL;

	memset(out, 0, VFIO_AP_MIG_HDR_LEN);
	put_unaligned_be32(VFIO_AP_MIG_MAGIC, out + VFIO_AP_MIG_OFF_MAGIC);
	put_unaligned_be16(VFIO_AP_MIG_VERSION, out + VFIO_AP_MIG_OFF_VERSION);
	put_unaligned_be16(VFIO_AP_MIG_HDR_LEN, out + VFIO_AP_MIG_OFF_HDR_LEN);
	put_unaligned_be32(nq, out + VFIO_AP_MIG_OFF_NUM_QUEUES);
	for (i = 0; i < 4; i++)
		put_unaligned_be64(adm ? adm->w[i] : 0, out + VFIO_AP_MIG_OFF_ADM + 8 * i);

	for (apid = 0; nq && apid < VFIO_AP_MIG_MAX_IDS; apid++) {
		if (!vfio_ap_mig_mask_test(apm, apid))
			continue;
		for (apqi = 0; apqi < VFIO_AP_MIG_MAX_IDS; apqi++) {
			u16 apqn = VFIO_AP_MIG_APQN(apid, apqi);
			struct vfio_ap_mig_irq irq = { };
			u64 hw = 0;

			if (!vfio_ap_mig_mask_test(aqm, apqi))
				continue;
			ret = get_hwinfo(priv, apqn, &hw);
			if (!ret && get_irq)
				ret = get_irq(priv, apqn, &irq);
			if (ret)
				return ret < 0 ? ret : -EIO;
			if (irq.enabled && (irq.isc > VFIO_AP_MIG_MAX_ISC || !irq.nib))
				return -EINVAL;
			memset(e, 0, VFIO_AP_MIG_ENTRY_LEN);
			put_unaligned_be16(apqn, e + VFIO_AP_MIG_ENT_OFF_APQN);
			put_unaligned_be64(hw, e + VFIO_AP_MIG_ENT_OFF_HWINFO);
			if (irq.enabled) {
				e[VFIO_AP_MIG_ENT_OFF_IRQ] = 1;
				e[VFIO_AP_MIG_ENT_OFF_ISC] = irq.isc;
				put_unaligned_be64(irq.nib, e + VFIO_AP_MIG_ENT_OFF_NIB);
			}
			e += VFIO_AP_MIG_ENTRY_LEN;
		}
	}

	put_unaligned_be32(stream_crc(out, total), out + VFIO_AP_MIG_OFF_CRC);
	return (ssize_t)total;
}

/* ---- incremental parser ------------------------------------------------ */

void vfio_ap_mig_parser_init(struct vfio_ap_mig_parser *p)
{
	memset(p, 0, sizeof(*p));
}

void vfio_ap_mig_parser_release(struct vfio_ap_mig_parser *p)
{
	kvfree(p->buf);
	memset(p, 0, sizeof(*p));
}

u8 *vfio_ap_mig_parser_next(struct vfio_ap_mig_parser *p, size_t *room)
{
	*room = 0;
	if (p->status.code != VFIO_AP_MIG_STREAM_OK)
		return NULL;
	if (p->pos < VFIO_AP_MIG_HDR_LEN) {
		*room = VFIO_AP_MIG_HDR_LEN - p->pos;
		return p->hdr + p->pos;
	}
	if (!p->buf || p->pos >= p->total)
		return NULL;
	*room = p->total - p->pos;
	return p->buf + p->pos;
}

/* The 64th byte has arrived: check the header, then make room for the rest. */
static int parser_header_done(struct vfio_ap_mig_parser *p)
{
	u32 nq;
	int ret;

	ret = check_header(p->hdr, &nq, &p->status);
	if (ret)
		return ret;
	p->total = vfio_ap_mig_stream_size(nq);
	p->buf = kvzalloc(p->total, GFP_KERNEL_ACCOUNT);
	if (!p->buf)
		return stream_fail(&p->status, VFIO_AP_MIG_STREAM_NOMEM, 0, p->total, 0);
	memcpy(p->buf, p->hdr, VFIO_AP_MIG_HDR_LEN);
	return 0;
}

int vfio_ap_mig_parser_commit(struct vfio_ap_mig_parser *p, size_t len)
{
	size_t room;

	if (p->status.code != VFIO_AP_MIG_STREAM_OK)
		return p->status.err;
	if (!len)
		return 0;
	vfio_ap_mig_parser_next(p, &room);
	if (len > room && p->pos < VFIO_AP_MIG_HDR_LEN)
		return stream_fail(&p->status, VFIO_AP_MIG_STREAM_INVAL_CALL, (u32)p->pos,
				   len, room);
	if (len > room) {
		/* only possible once the header is in: it announced p->total */
		return stream_fail(&p->status, VFIO_AP_MIG_STREAM_LONG, (u32)p->total,
				   (p->total - VFIO_AP_MIG_HDR_LEN) / VFIO_AP_MIG_ENTRY_LEN,
				   p->total);
	}
	p->pos += len;
	if (p->pos == VFIO_AP_MIG_HDR_LEN && !p->buf)
		return parser_header_done(p);
	return 0;
}

int vfio_ap_mig_parser_finish(struct vfio_ap_mig_parser *p, struct vfio_ap_mig_config *cfg)
{
	int ret;

	if (p->finished) {
		*cfg = p->cfg;
		return 0;
	}
	if (p->status.code != VFIO_AP_MIG_STREAM_OK)
		return p->status.err;
	if (p->pos < VFIO_AP_MIG_HDR_LEN)
		return stream_fail(&p->status, VFIO_AP_MIG_STREAM_SHORT, (u32)p->pos, p->pos,
				   VFIO_AP_MIG_HDR_LEN);
	if (p->pos < p->total)
		return stream_fail(&p->status, VFIO_AP_MIG_STREAM_SHORT, (u32)p->pos, p->pos,
				   p->total);
	ret = vfio_ap_mig_stream_parse(p->buf, p->total, &p->cfg, &p->status);
	if (ret)
		return ret;
	p->finished = true;
	*cfg = p->cfg;
	return 0;
}

/* ---- messages -------------------------------------------------------------- */

int vfio_ap_mig_stream_format(const struct vfio_ap_mig_stream_status *st, char *buf,
			      size_t size)
{
	unsigned long long got = st->got, want = st->want;
	u32 card = VFIO_AP_MIG_APQN_CARD(st->apqn);
	u32 dom = VFIO_AP_MIG_APQN_DOMAIN(st->apqn);

	switch (st->code) {
	case VFIO_AP_MIG_STREAM_OK:
		return snprintf(buf, size, "valid stream");
	case VFIO_AP_MIG_STREAM_SHORT:
		if (want == VFIO_AP_MIG_HDR_LEN)
			return snprintf(buf, size,
					"stream too short: %llu bytes, the header alone has 64",
					got);
		return snprintf(buf, size,
				"stream too short: %llu bytes, the header announces %llu (64 + 32 x %llu queues)",
				got, want, (want - VFIO_AP_MIG_HDR_LEN) / VFIO_AP_MIG_ENTRY_LEN);
	case VFIO_AP_MIG_STREAM_LONG:
		return snprintf(buf, size,
				"stream too long: more than the %llu bytes the header announces (64 + 32 x %llu queues)",
				want, got);
	case VFIO_AP_MIG_STREAM_MAGIC:
		return snprintf(buf, size, "bad magic 0x%08llx (want 0x%08x \"vfap\")", got,
				VFIO_AP_MIG_MAGIC);
	case VFIO_AP_MIG_STREAM_VERSION:
		return snprintf(buf, size,
				"unsupported stream version %llu (this reader knows version %u)",
				got, VFIO_AP_MIG_VERSION);
	case VFIO_AP_MIG_STREAM_HDR_LEN:
		return snprintf(buf, size,
				"header_len %llu is not the 64 bytes of a version 1 header", got);
	case VFIO_AP_MIG_STREAM_FLAGS:
		return snprintf(buf, size,
				"unknown flags 0x%08llx (version 1 defines none)", got);
	case VFIO_AP_MIG_STREAM_HDR_RESERVED:
		return snprintf(buf, size,
				"reserved header byte at offset %u is 0x%02llx (must be 0)",
				st->offset, got);
	case VFIO_AP_MIG_STREAM_COUNT:
		return snprintf(buf, size, "num_queues %llu over the cap of %llu", got, want);
	case VFIO_AP_MIG_STREAM_CRC:
		return snprintf(buf, size,
				"CRC-32 mismatch: header says 0x%08llx, data gives 0x%08llx",
				got, want);
	case VFIO_AP_MIG_STREAM_ENT_RESERVED:
		return snprintf(buf, size,
				"entry %u (APQN %02x.%04x): reserved byte at offset %u is 0x%02llx (must be 0)",
				st->index, card, dom, st->offset, got);
	case VFIO_AP_MIG_STREAM_UNSORTED:
		return snprintf(buf, size,
				"entry %u: APQN %02x.%04x below the previous %02x.%04x (entries must be ascending)",
				st->index, card, dom, VFIO_AP_MIG_APQN_CARD(want),
				VFIO_AP_MIG_APQN_DOMAIN(want));
	case VFIO_AP_MIG_STREAM_DUPLICATE:
		return snprintf(buf, size, "entry %u: duplicate APQN %02x.%04x", st->index,
				card, dom);
	case VFIO_AP_MIG_STREAM_NOT_CROSS:
		return snprintf(buf, size,
				"the %llu queues are not a cross product of adapters and domains (their adapters x domains give %llu)",
				got, want);
	case VFIO_AP_MIG_STREAM_ENT_IRQ:
		return snprintf(buf, size,
				"entry %u (APQN %02x.%04x): bad interrupt registration: irq %llu, isc %llu, nib 0x%llx (irq 0 with isc and nib 0, or irq 1 with isc 0-7 and a non-zero nib)",
				st->index, card, dom, got >> 8, got & 0xff, want);
	case VFIO_AP_MIG_STREAM_NOMEM:
		return snprintf(buf, size, "out of memory for a stream of %llu bytes", got);
	case VFIO_AP_MIG_STREAM_NOSPC:
		return snprintf(buf, size, "buffer too small: %llu bytes, need %llu", got, want);
	case VFIO_AP_MIG_STREAM_INVAL_CALL:
	default:
		return snprintf(buf, size, "invalid use of the stream API (code %u)", st->code);
	}
}
