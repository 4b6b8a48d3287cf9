/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio_ap migration stream, version 1: build, parse and validate.
 *
 * Wire format (all fields big-endian, see vfio-ap-migration(5)):
 *
 *   header, 64 bytes
 *     0  be32    magic       0x76666170 ("vfap")
 *     4  be16    version     1
 *     6  be16    header_len  64
 *     8  be32    flags       0
 *    12  be32    num_queues  0..65536
 *    16  be64[4] adm         control domains, bit 0 = MSB of adm[0]
 *    48  be32    crc32       CRC-32 of the whole stream, this field read as 0
 *    52  u8[12]  reserved    0
 *   num_queues entries, 32 bytes each
 *     0  be16    apqn        adapter << 8 | domain, strictly ascending
 *     2  u8[6]   reserved    0
 *     8  be64    hwinfo      raw TAPQ GR2 of the queue
 *    16  u8      irq         the guest's interrupt registration (PQAP
 *                            AQIC): 0 off, 1 on
 *    17  u8      isc         guest interruption subclass 0-7; 0 when off
 *    18  u8[6]   reserved    0
 *    24  be64    nib         guest address of the notification indicator
 *                            byte; non-zero when on, 0 when off
 *
 * The APQNs of a stream are the full cross product of its adapters and
 * domains.
 *
 * The same code runs in vfio_ap.ko and in the userspace tools; nothing here
 * allocates except the incremental parser, and that only after the header
 * has been validated (so never from an unchecked count).
 *
 * Copyright (C) 2026 vfio-ap-tools authors
 */
#ifndef VFIO_AP_MIG_STREAM_H
#define VFIO_AP_MIG_STREAM_H

#include <linux/bitops.h>
#include <linux/types.h>
#include <linux/unaligned.h>

#define VFIO_AP_MIG_MAGIC		0x76666170U	/* "vfap" */
#define VFIO_AP_MIG_VERSION		1U
#define VFIO_AP_MIG_HDR_LEN		64U
#define VFIO_AP_MIG_ENTRY_LEN		32U
#define VFIO_AP_MIG_MAX_IDS		256U		/* adapters, domains */
#define VFIO_AP_MIG_MAX_QUEUES		65536U		/* 256 adapters x 256 domains */
/* largest valid stream: 64 + 32 * 65536 = 2 MiB + 64 */
#define VFIO_AP_MIG_MAX_LEN \
	(VFIO_AP_MIG_HDR_LEN + VFIO_AP_MIG_ENTRY_LEN * VFIO_AP_MIG_MAX_QUEUES)

/* header field offsets */
#define VFIO_AP_MIG_OFF_MAGIC		0
#define VFIO_AP_MIG_OFF_VERSION		4
#define VFIO_AP_MIG_OFF_HDR_LEN		6
#define VFIO_AP_MIG_OFF_FLAGS		8
#define VFIO_AP_MIG_OFF_NUM_QUEUES	12
#define VFIO_AP_MIG_OFF_ADM		16
#define VFIO_AP_MIG_OFF_CRC		48
#define VFIO_AP_MIG_OFF_RESERVED	52
/* entry field offsets */
#define VFIO_AP_MIG_ENT_OFF_APQN	0
#define VFIO_AP_MIG_ENT_OFF_RESERVED	2
#define VFIO_AP_MIG_ENT_OFF_HWINFO	8
#define VFIO_AP_MIG_ENT_OFF_IRQ		16
#define VFIO_AP_MIG_ENT_OFF_ISC		17
#define VFIO_AP_MIG_ENT_OFF_RESERVED2	18
#define VFIO_AP_MIG_ENT_OFF_NIB		24
#define VFIO_AP_MIG_MAX_ISC		7U

/* APQN = adapter << 8 | domain, as the kernel's AP_MKQID() */
#define VFIO_AP_MIG_APQN(apid, apqi)	((u16)(((apid) & 0xff) << 8 | ((apqi) & 0xff)))
#define VFIO_AP_MIG_APQN_CARD(apqn)	((u32)(apqn) >> 8 & 0xff)
#define VFIO_AP_MIG_APQN_DOMAIN(apqn)	((u32)(apqn) & 0xff)

/**
 * struct vfio_ap_mig_mask - a 256-bit AP mask in AP bit numbering
 * @w: four 64-bit words; ID 0 is the most significant bit of @w[0], ID 255
 *     the least significant bit of @w[3]
 *
 * The same numbering as the sysfs masks and the kernel's test_bit_inv() on
 * a 256-bit bitmap: on s390 (64-bit, big-endian) an unsigned long[4] apm,
 * aqm or adm bitmap has exactly this layout, word for word.
 */
struct vfio_ap_mig_mask {
	u64 w[4];
};

static inline bool vfio_ap_mig_mask_test(const struct vfio_ap_mig_mask *m, u32 id)
{
	return id < VFIO_AP_MIG_MAX_IDS && (m->w[id >> 6] >> (63 - (id & 63)) & 1);
}

static inline void vfio_ap_mig_mask_set(struct vfio_ap_mig_mask *m, u32 id)
{
	if (id < VFIO_AP_MIG_MAX_IDS)
		m->w[id >> 6] |= 1ULL << (63 - (id & 63));
}

static inline void vfio_ap_mig_mask_clear(struct vfio_ap_mig_mask *m, u32 id)
{
	if (id < VFIO_AP_MIG_MAX_IDS)
		m->w[id >> 6] &= ~(1ULL << (63 - (id & 63)));
}

static inline u32 vfio_ap_mig_mask_weight(const struct vfio_ap_mig_mask *m)
{
	return hweight64(m->w[0]) + hweight64(m->w[1]) + hweight64(m->w[2]) +
	       hweight64(m->w[3]);
}

static inline bool vfio_ap_mig_mask_equal(const struct vfio_ap_mig_mask *a,
					  const struct vfio_ap_mig_mask *b)
{
	return a->w[0] == b->w[0] && a->w[1] == b->w[1] &&
	       a->w[2] == b->w[2] && a->w[3] == b->w[3];
}

static inline bool vfio_ap_mig_mask_empty(const struct vfio_ap_mig_mask *m)
{
	return !(m->w[0] | m->w[1] | m->w[2] | m->w[3]);
}

/**
 * struct vfio_ap_mig_config - a validated v1 stream, decoded
 * @num_queues: number of queue entries
 * @apm: adapters of the entries (derived; the set is their cross product
 *       with @aqm)
 * @aqm: usage domains of the entries (derived)
 * @adm: control domains, from the header
 * @crc: the stream's CRC-32 (already verified)
 * @entries: @num_queues raw 32-byte big-endian entries, validated (strictly
 *           ascending APQNs, reserved bytes zero, interrupt registrations
 *           well-formed). Points into the buffer that was parsed: valid as
 *           long as that buffer is.
 *
 * Read entries with vfio_ap_mig_config_apqn(), vfio_ap_mig_config_hwinfo()
 * and vfio_ap_mig_config_irq().
 */
struct vfio_ap_mig_config {
	u32 num_queues;
	struct vfio_ap_mig_mask apm;
	struct vfio_ap_mig_mask aqm;
	struct vfio_ap_mig_mask adm;
	u32 crc;
	const u8 *entries;
};

/* APQN of entry @i (i < num_queues) */
static inline u16 vfio_ap_mig_config_apqn(const struct vfio_ap_mig_config *cfg, u32 i)
{
	return get_unaligned_be16(cfg->entries + (size_t)i * VFIO_AP_MIG_ENTRY_LEN +
				  VFIO_AP_MIG_ENT_OFF_APQN);
}

/* hwinfo (TAPQ GR2) of entry @i (i < num_queues) */
static inline u64 vfio_ap_mig_config_hwinfo(const struct vfio_ap_mig_config *cfg, u32 i)
{
	return get_unaligned_be64(cfg->entries + (size_t)i * VFIO_AP_MIG_ENTRY_LEN +
				  VFIO_AP_MIG_ENT_OFF_HWINFO);
}

/**
 * struct vfio_ap_mig_irq - a queue's interrupt registration (PQAP AQIC)
 * @enabled: interrupts on
 * @isc: guest interruption subclass (0-7), 0 when off
 * @nib: guest address of the notification indicator byte, 0 when off
 */
struct vfio_ap_mig_irq {
	bool enabled;
	u8 isc;
	u64 nib;
};

/* interrupt registration of entry @i (i < num_queues) */
static inline void vfio_ap_mig_config_irq(const struct vfio_ap_mig_config *cfg, u32 i,
					  struct vfio_ap_mig_irq *irq)
{
	const u8 *e = cfg->entries + (size_t)i * VFIO_AP_MIG_ENTRY_LEN;

	irq->enabled = e[VFIO_AP_MIG_ENT_OFF_IRQ];
	irq->isc = e[VFIO_AP_MIG_ENT_OFF_ISC];
	irq->nib = get_unaligned_be64(e + VFIO_AP_MIG_ENT_OFF_NIB);
}

/**
 * vfio_ap_mig_config_find() - look up an APQN in a validated config
 * @cfg: the config
 * @apqn: APQN to find
 * @hwinfo: where to store its hwinfo, may be NULL
 *
 * Binary search (the entries are sorted).
 *
 * Return: true if @apqn is one of the config's queues.
 */
static inline bool vfio_ap_mig_config_find(const struct vfio_ap_mig_config *cfg, u16 apqn,
					   u64 *hwinfo)
{
	u32 lo = 0, hi = cfg->num_queues;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		u16 a = vfio_ap_mig_config_apqn(cfg, mid);

		if (a == apqn) {
			if (hwinfo)
				*hwinfo = vfio_ap_mig_config_hwinfo(cfg, mid);
			return true;
		}
		if (a < apqn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/**
 * enum vfio_ap_mig_stream_code - why a stream was refused
 * @VFIO_AP_MIG_STREAM_OK: valid
 * @VFIO_AP_MIG_STREAM_SHORT: fewer bytes than the header (or 64) requires
 * @VFIO_AP_MIG_STREAM_LONG: more bytes than the header announces
 * @VFIO_AP_MIG_STREAM_MAGIC: magic is not "vfap"
 * @VFIO_AP_MIG_STREAM_VERSION: version is not 1 (-EPROTONOSUPPORT)
 * @VFIO_AP_MIG_STREAM_HDR_LEN: header_len is not 64
 * @VFIO_AP_MIG_STREAM_FLAGS: unknown flag bits (-EPROTONOSUPPORT)
 * @VFIO_AP_MIG_STREAM_HDR_RESERVED: a reserved header byte is not zero
 * @VFIO_AP_MIG_STREAM_COUNT: num_queues over 65536
 * @VFIO_AP_MIG_STREAM_CRC: CRC-32 mismatch
 * @VFIO_AP_MIG_STREAM_ENT_RESERVED: a reserved entry byte is not zero
 * @VFIO_AP_MIG_STREAM_UNSORTED: an APQN below its predecessor
 * @VFIO_AP_MIG_STREAM_DUPLICATE: an APQN equal to its predecessor
 * @VFIO_AP_MIG_STREAM_NOT_CROSS: the APQNs are not adapters x domains
 * @VFIO_AP_MIG_STREAM_ENT_IRQ: an entry's interrupt registration is not
 *	well-formed (irq not 0 or 1; on: ISC over 7 or no indicator address;
 *	off: ISC or indicator address not 0)
 * @VFIO_AP_MIG_STREAM_NOMEM: out of memory (-ENOMEM)
 * @VFIO_AP_MIG_STREAM_INVAL_CALL: API misuse, e.g. commit after an error or
 *	after finish, or a build from an invalid config (-EINVAL)
 * @VFIO_AP_MIG_STREAM_NOSPC: build buffer too small (-ENOSPC)
 * @VFIO_AP_MIG_STREAM_NR_CODES: number of codes
 *
 * All codes except those marked otherwise mean -EINVAL.
 */
enum vfio_ap_mig_stream_code {
	VFIO_AP_MIG_STREAM_OK = 0,
	VFIO_AP_MIG_STREAM_SHORT,
	VFIO_AP_MIG_STREAM_LONG,
	VFIO_AP_MIG_STREAM_MAGIC,
	VFIO_AP_MIG_STREAM_VERSION,
	VFIO_AP_MIG_STREAM_HDR_LEN,
	VFIO_AP_MIG_STREAM_FLAGS,
	VFIO_AP_MIG_STREAM_HDR_RESERVED,
	VFIO_AP_MIG_STREAM_COUNT,
	VFIO_AP_MIG_STREAM_CRC,
	VFIO_AP_MIG_STREAM_ENT_RESERVED,
	VFIO_AP_MIG_STREAM_UNSORTED,
	VFIO_AP_MIG_STREAM_DUPLICATE,
	VFIO_AP_MIG_STREAM_NOT_CROSS,
	VFIO_AP_MIG_STREAM_ENT_IRQ,
	VFIO_AP_MIG_STREAM_NOMEM,
	VFIO_AP_MIG_STREAM_INVAL_CALL,
	VFIO_AP_MIG_STREAM_NOSPC,
	VFIO_AP_MIG_STREAM_NR_CODES,
};

/**
 * struct vfio_ap_mig_stream_status - the verdict on a stream, with details
 * @code: enum vfio_ap_mig_stream_code
 * @err: 0 or the negative errno that goes with @code
 * @index: entry index, for the entry codes
 * @offset: byte offset of the offending field or byte in the stream
 * @apqn: the APQN of the offending entry, for the entry codes
 * @got: the value found (length, magic, version, CRC, byte, APQN, ...)
 * @want: the value expected or the limit
 *
 * vfio_ap_mig_stream_format() turns it into the one-line message that the
 * kernel logs and the tool prints.
 */
struct vfio_ap_mig_stream_status {
	u32 code;
	int err;
	u32 index;
	u32 offset;
	u32 apqn;
	u64 got;
	u64 want;
};

/**
 * vfio_ap_mig_stream_size() - size of a v1 stream
 * @num_queues: number of queues
 *
 * Return: 64 + 32 * @num_queues, or 0 if @num_queues is over the cap.
 */
static inline size_t vfio_ap_mig_stream_size(u32 num_queues)
{
	if (num_queues > VFIO_AP_MIG_MAX_QUEUES)
		return 0;
	return VFIO_AP_MIG_HDR_LEN + (size_t)num_queues * VFIO_AP_MIG_ENTRY_LEN;
}

/**
 * vfio_ap_mig_stream_build() - write a v1 stream from masks and hwinfo
 * @apm: adapters of the guest matrix
 * @aqm: usage domains of the guest matrix
 * @adm: control domains
 * @get_hwinfo: returns the hwinfo (TAPQ GR2) of one APQN, 0 or -errno;
 *	called for every APQN of @apm x @aqm in ascending order (the kernel
 *	issues TAPQ through its seam, the tool reads sysfs)
 * @get_irq: returns the interrupt registration of one APQN (called after
 *	@get_hwinfo for it), 0 or -errno; NULL: every registration is off
 *	(the tool's exports: userspace cannot see it)
 * @priv: passed to @get_hwinfo and @get_irq
 * @buf: output buffer
 * @size: its size; vfio_ap_mig_stream_size(weight(apm) * weight(aqm)) is
 *	enough
 *
 * An empty @apm or @aqm yields a stream with no queues (the cross product
 * is empty). The CRC is computed over the result.
 *
 * Return: the stream length (> 0), -ENOSPC if @size is too small, or the
 * error of @get_hwinfo (nothing useful is left in @buf then).
 */
ssize_t vfio_ap_mig_stream_build(const struct vfio_ap_mig_mask *apm,
				 const struct vfio_ap_mig_mask *aqm,
				 const struct vfio_ap_mig_mask *adm,
				 int (*get_hwinfo)(void *priv, u16 apqn, u64 *hwinfo),
				 int (*get_irq)(void *priv, u16 apqn, struct vfio_ap_mig_irq *irq),
				 void *priv, void *buf, size_t size);

/**
 * vfio_ap_mig_stream_parse() - validate a complete stream in memory
 * @buf: the stream
 * @len: its length
 * @cfg: filled on success; cfg->entries points into @buf
 * @st: filled with the verdict (may be NULL)
 *
 * Checks, in this order: length >= 64; magic, version, header_len, flags,
 * reserved header bytes, num_queues cap; length == 64 + 32 * num_queues
 * (short, then long); CRC; per entry: reserved bytes 2-7, ascending order,
 * duplicates; cross product; per entry: reserved bytes 18-23, interrupt
 * registration. The first failure is reported. Never reads
 * outside [@buf, @buf + @len), never allocates.
 *
 * Return: 0, or the negative errno of the refusal (-EINVAL or
 * -EPROTONOSUPPORT).
 */
int vfio_ap_mig_stream_parse(const void *buf, size_t len, struct vfio_ap_mig_config *cfg,
			     struct vfio_ap_mig_stream_status *st);

/**
 * struct vfio_ap_mig_parser - incremental parser for a stream that arrives
 *	in chunks (the kernel's RESUMING write() handler)
 * @hdr: the header while it accumulates
 * @buf: the whole stream (allocated once the header has been validated)
 * @total: stream length announced by the header (0 until then)
 * @pos: bytes received so far
 * @status: sticky verdict: once set to an error, every call returns it
 * @cfg: the result, once vfio_ap_mig_parser_finish() succeeded
 * @finished: vfio_ap_mig_parser_finish() succeeded
 *
 * Committing any split of a byte string and then calling finish gives exactly
 * the verdict of vfio_ap_mig_stream_parse() on the whole string. The only
 * allocation is @buf, of the announced length, after the header (and so
 * num_queues <= 65536) has been checked. Not thread-safe: the caller
 * serialises (the kernel refuses a second writer with -EBUSY).
 */
struct vfio_ap_mig_parser {
	u8 hdr[VFIO_AP_MIG_HDR_LEN];
	u8 *buf;
	size_t total;
	size_t pos;
	struct vfio_ap_mig_stream_status status;
	struct vfio_ap_mig_config cfg;
	bool finished;
};

/**
 * vfio_ap_mig_parser_init() - prepare a parser
 * @p: the parser (caller's memory)
 */
void vfio_ap_mig_parser_init(struct vfio_ap_mig_parser *p);

/**
 * vfio_ap_mig_parser_next() - where the next bytes go (zero-copy feeding)
 * @p: the parser
 * @room: set to how many bytes may be placed there now
 *
 * For callers that copy straight into the parser (copy_from_user()), in a
 * loop while bytes remain: p = next(&room); if p is NULL, return
 * vfio_ap_mig_parser_commit(parser, remaining) (which refuses the bytes as
 * too long, or returns the earlier error); else copy n = min(remaining,
 * room) bytes to p and call vfio_ap_mig_parser_commit(parser, n). *room
 * is 0 after an error or when the announced length is complete. Room never
 * spans the end of the header: the header is validated (and the buffer for
 * the rest allocated) before any byte after it is accepted.
 *
 * Return: the destination pointer, or NULL if *room is 0.
 */
u8 *vfio_ap_mig_parser_next(struct vfio_ap_mig_parser *p, size_t *room);

/**
 * vfio_ap_mig_parser_commit() - account for bytes placed at _next()
 * @p: the parser
 * @len: bytes copied to the pointer vfio_ap_mig_parser_next() returned;
 *	if @len is larger than the room it announced, the stream is too long
 *	(only the room is accounted for, nothing is read past it)
 *
 * The header is validated as soon as its 64 bytes are in; more data than
 * the header announces is refused at once.
 *
 * Return: 0, or the (sticky) negative errno: -EINVAL malformed,
 * -EPROTONOSUPPORT version/flags, -ENOMEM.
 */
int vfio_ap_mig_parser_commit(struct vfio_ap_mig_parser *p, size_t len);

/**
 * vfio_ap_mig_parser_finish() - the stream is complete: validate the rest
 * @p: the parser
 * @cfg: filled on success; cfg->entries points into the parser's buffer,
 *	valid until vfio_ap_mig_parser_release()
 *
 * Return: 0, or the negative errno of the refusal (a short stream is
 * -EINVAL). Calling it again after success returns 0 and the same @cfg.
 */
int vfio_ap_mig_parser_finish(struct vfio_ap_mig_parser *p, struct vfio_ap_mig_config *cfg);

/**
 * vfio_ap_mig_parser_status() - the parser's verdict so far
 * @p: the parser
 *
 * Return: the status (code VFIO_AP_MIG_STREAM_OK while nothing is wrong).
 */
static inline const struct vfio_ap_mig_stream_status *
vfio_ap_mig_parser_status(const struct vfio_ap_mig_parser *p)
{
	return &p->status;
}

/**
 * vfio_ap_mig_parser_release() - free the parser's buffer
 * @p: the parser; may be initialised again afterwards
 */
void vfio_ap_mig_parser_release(struct vfio_ap_mig_parser *p);

/**
 * vfio_ap_mig_stream_errno() - the errno that goes with a refusal
 * @code: enum vfio_ap_mig_stream_code
 *
 * Return: 0 for VFIO_AP_MIG_STREAM_OK, else a negative errno.
 */
int vfio_ap_mig_stream_errno(u32 code);

/**
 * vfio_ap_mig_stream_code_name() - short stable name of a refusal
 * @code: enum vfio_ap_mig_stream_code
 *
 * Return: e.g. "ok", "short", "crc", "not-cross-product" (for JSON and
 * tests); "unknown" for an unknown code.
 */
static inline const char *vfio_ap_mig_stream_code_name(u32 code)
{
	static const char *const names[VFIO_AP_MIG_STREAM_NR_CODES] = {
		[VFIO_AP_MIG_STREAM_OK] = "ok",
		[VFIO_AP_MIG_STREAM_SHORT] = "short",
		[VFIO_AP_MIG_STREAM_LONG] = "long",
		[VFIO_AP_MIG_STREAM_MAGIC] = "magic",
		[VFIO_AP_MIG_STREAM_VERSION] = "version",
		[VFIO_AP_MIG_STREAM_HDR_LEN] = "header-len",
		[VFIO_AP_MIG_STREAM_FLAGS] = "flags",
		[VFIO_AP_MIG_STREAM_HDR_RESERVED] = "header-reserved",
		[VFIO_AP_MIG_STREAM_COUNT] = "num-queues",
		[VFIO_AP_MIG_STREAM_CRC] = "crc",
		[VFIO_AP_MIG_STREAM_ENT_RESERVED] = "entry-reserved",
		[VFIO_AP_MIG_STREAM_UNSORTED] = "unsorted",
		[VFIO_AP_MIG_STREAM_DUPLICATE] = "duplicate",
		[VFIO_AP_MIG_STREAM_NOT_CROSS] = "not-cross-product",
		[VFIO_AP_MIG_STREAM_ENT_IRQ] = "entry-irq",
		[VFIO_AP_MIG_STREAM_NOMEM] = "nomem",
		[VFIO_AP_MIG_STREAM_INVAL_CALL] = "invalid-call",
		[VFIO_AP_MIG_STREAM_NOSPC] = "nospc",
	};

	if (code >= VFIO_AP_MIG_STREAM_NR_CODES)
		return "unknown";
	return names[code];
}

/**
 * vfio_ap_mig_stream_format() - one-line message for a verdict
 * @st: the verdict
 * @buf: output, NUL-terminated (truncated if too small)
 * @size: its size
 *
 * Examples: "bad magic 0x12345678 (want 0x76666170 \"vfap\")",
 * "entry 3 (APQN 05.0012): APQN not above the previous 05.0013 (unsorted)".
 * No trailing newline.
 *
 * Return: what snprintf() returns.
 */
int vfio_ap_mig_stream_format(const struct vfio_ap_mig_stream_status *st, char *buf,
			      size_t size);

#endif /* VFIO_AP_MIG_STREAM_H */
