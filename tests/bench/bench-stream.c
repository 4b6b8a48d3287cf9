// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-stream: how fast is validating the largest v1 migration stream
 * (65536 queues, 2 MiB + 64 bytes), relative to memcpy() of the same bytes
 * in the same run?
 *
 * Measured in ROUNDS rounds; in each round every operation runs for about
 * 20 ms in turn, so that each round's ratios compare runs under the same
 * machine load. Reported: the median time of each operation and the median
 * of the per-round ratios. The operations:
 *   memcpy       copying the stream (the floor for any reader: the kernel
 *                copies it from userspace anyway)
 *   crc32        the CRC-32 alone (crc32_le(): zlib's crc32_z() behind
 *                tools/lib/kshim_crc32.c, the library CRC the userspace
 *                core uses; vfio_ap.ko uses the kernel's crc32_le())
 *   parse        vfio_ap_mig_stream_parse(): every check of the format,
 *                CRC included, on the whole buffer
 *   incremental  the kernel's path: parser_init, feed in 4 KiB chunks (one
 *                copy into the parser's buffer), finish, release
 * and the ratios parse/memcpy, parse/(memcpy + crc32), the share of parse
 * time spent in the CRC and what the other checks cost on their own. The
 * numbers are informational (no goal): the parser is plain code, run once
 * per migration on at most about a megabyte, and the CRC is part of
 * validation and stays in the measurement.
 *
 * Exit status: 0, or 1 if a stream that must be valid is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/crc32.h>
#include <zlib.h>

#include "mig_feed.h"
#include "vfio_ap_mig_stream.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define BENCH_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define BENCH_SANITIZED 1
#endif
#endif

#define ROUNDS		15
#define ROUND_NSEC	20000000ULL	/* each operation runs about 20 ms a round */
#define CHUNK		4096

/* results go here and are printed, so that no measured call can be dropped */
static u32 sink;

/* the compiler must assume any memory changed: no call is merged with the next */
static inline void clobber(void)
{
	__asm__ __volatile__("" : : : "memory");
}

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
}

struct bench {
	const u8 *stream;
	size_t len;
	u8 *copy;
	int failed;
};

typedef void (*bench_fn)(struct bench *b);

static void do_memcpy(struct bench *b)
{
	memcpy(b->copy, b->stream, b->len);
	clobber();
	sink += b->copy[b->len - 1];
}

static void do_crc(struct bench *b)
{
	sink += ~crc32_le(~0U, b->stream, b->len);
}

static void do_parse(struct bench *b)
{
	struct vfio_ap_mig_config cfg;

	if (vfio_ap_mig_stream_parse(b->stream, b->len, &cfg, NULL))
		b->failed = 1;
	sink += cfg.num_queues;
}

static void do_incremental(struct bench *b)
{
	struct vfio_ap_mig_parser p;
	struct vfio_ap_mig_config cfg;
	size_t off, n;

	vfio_ap_mig_parser_init(&p);
	for (off = 0; off < b->len; off += n) {
		n = b->len - off < CHUNK ? b->len - off : CHUNK;
		if (mig_parser_feed(&p, b->stream + off, n))
			b->failed = 1;
	}
	if (vfio_ap_mig_parser_finish(&p, &cfg))
		b->failed = 1;
	else
		sink += cfg.num_queues;
	vfio_ap_mig_parser_release(&p);
}

/* mean time of one call over about ROUND_NSEC, in nanoseconds */
static double one_round(struct bench *b, bench_fn fn)
{
	u64 t0, t, n = 0;

	t0 = now_ns();
	do {
		fn(b);
		n++;
		t = now_ns() - t0;
	} while (t < ROUND_NSEC);
	return (double)t / (double)n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* sorts @v */
static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

enum { OP_COPY, OP_CRC, OP_PARSE, OP_INC, NR_OPS };

static const bench_fn ops[NR_OPS] = { do_memcpy, do_crc, do_parse, do_incremental };

/*
 * t[op][r]: the operations take turns within each round, so a ratio of
 * two of them in one round compares runs under the same machine load.
 */
static void measure_all(struct bench *b, double t[NR_OPS][ROUNDS])
{
	int op, r;

	for (op = 0; op < NR_OPS; op++)
		ops[op](b);	/* warm up caches and the allocator */
	for (r = 0; r < ROUNDS; r++)
		for (op = 0; op < NR_OPS; op++)
			t[op][r] = one_round(b, ops[op]);
}

/* a ratio of operation times within round @r */
typedef double (*ratio_fn)(double t[NR_OPS][ROUNDS], int r);

/* median over the rounds of @f */
static double ratio_median(double t[NR_OPS][ROUNDS], ratio_fn f)
{
	double v[ROUNDS];
	int r;

	for (r = 0; r < ROUNDS; r++)
		v[r] = f(t, r);
	return median(v, ROUNDS);
}

static double r_parse_copy(double t[NR_OPS][ROUNDS], int r)
{
	return t[OP_PARSE][r] / t[OP_COPY][r];
}

static double r_parse_copy_crc(double t[NR_OPS][ROUNDS], int r)
{
	return t[OP_PARSE][r] / (t[OP_COPY][r] + t[OP_CRC][r]);
}

static double r_crc_share(double t[NR_OPS][ROUNDS], int r)
{
	return t[OP_CRC][r] / t[OP_PARSE][r];
}

static double r_checks_copy(double t[NR_OPS][ROUNDS], int r)
{
	return (t[OP_PARSE][r] - t[OP_CRC][r]) / t[OP_COPY][r];
}

static double r_inc_copy(double t[NR_OPS][ROUNDS], int r)
{
	return t[OP_INC][r] / t[OP_COPY][r];
}

/* a CEX8 in CCA mode, the shape a real source sends */
static int hwinfo_cex8(void *priv, u16 apqn, u64 *hwinfo)
{
	*hwinfo = 0xf28000000e550007ULL;
	return 0;
}

static double gbps(size_t len, double ns)
{
	return (double)len / ns;
}

int main(void)
{
	struct vfio_ap_mig_mask all = { { ~0ULL, ~0ULL, ~0ULL, ~0ULL } };
	static double t[NR_OPS][ROUNDS];
	double ratio, ratio_crc, crc_share, checks, inc, best[NR_OPS];
	struct bench b = { 0 };
	int op;
	size_t size = vfio_ap_mig_stream_size(VFIO_AP_MIG_MAX_QUEUES);
	ssize_t len;
	u8 *stream;

	stream = malloc(size);
	b.copy = malloc(size);
	if (!stream || !b.copy) {
		fprintf(stderr, "bench-stream: out of memory\n");
		return 1;
	}
	len = vfio_ap_mig_stream_build(&all, &all, &all, hwinfo_cex8, NULL, NULL, stream, size);
	if (len != (ssize_t)size) {
		fprintf(stderr, "bench-stream: building the stream failed (%zd)\n", len);
		return 1;
	}
	b.stream = stream;
	b.len = size;

	measure_all(&b, t);
	if (b.failed) {
		fprintf(stderr, "bench-stream: a valid stream was refused\n");
		return 1;
	}
	ratio = ratio_median(t, r_parse_copy);
	ratio_crc = ratio_median(t, r_parse_copy_crc);
	crc_share = ratio_median(t, r_crc_share);
	checks = ratio_median(t, r_checks_copy);
	inc = ratio_median(t, r_inc_copy);
	for (op = 0; op < NR_OPS; op++)
		best[op] = median(t[op], ROUNDS);	/* sorts t[op]: ratios first */

	printf("bench-stream: %u queues, %zu bytes, %d rounds of ~%llu ms per operation\n",
	       VFIO_AP_MIG_MAX_QUEUES, size, ROUNDS, ROUND_NSEC / 1000000ULL);
#ifdef BENCH_SANITIZED
	printf("  NOTE: built with sanitizers, the times are not representative\n");
#endif
	printf("  CRC-32: zlib %s via crc32_le() (the kernel uses its own crc32_le())\n",
	       zlibVersion());
	printf("  median time   memcpy %.1f us (%.2f GB/s), crc32 %.1f us (%.2f GB/s)\n",
	       best[OP_COPY] / 1e3, gbps(size, best[OP_COPY]), best[OP_CRC] / 1e3,
	       gbps(size, best[OP_CRC]));
	printf("                parse %.1f us (%.2f GB/s), incremental %.1f us (%.2f GB/s)\n",
	       best[OP_PARSE] / 1e3, gbps(size, best[OP_PARSE]), best[OP_INC] / 1e3,
	       gbps(size, best[OP_INC]));
	printf("  median of the per-round ratios:\n");
	printf("  parse / memcpy                             %5.2fx (informational)\n", ratio);
	printf("  parse / (memcpy + crc32)                   %5.2fx\n", ratio_crc);
	printf("  crc32 share of parse                       %5.1f%%\n", 100.0 * crc_share);
	printf("  parse - crc32 (the other checks) / memcpy  %5.2fx\n", checks);
	printf("  incremental (4 KiB feeds) / memcpy         %5.2fx\n", inc);
	printf("  (sink %u)\n", sink);
	free(stream);
	free(b.copy);
	return 0;
}
