// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-stream: how fast is validating the largest v1 migration stream
 * (65536 queues, 1 MiB + 64 bytes), relative to memcpy() of the same bytes
 * in the same run?
 *
 * Measured, each as the best of several rounds (the least disturbed one on
 * a busy machine):
 *   memcpy       copying the stream (the floor for any reader: the kernel
 *                copies it from userspace anyway)
 *   crc32        the CRC-32 alone (vfio_ap_mig_crc32(), zlib's here)
 *   parse        vfio_ap_mig_stream_parse(): every check of the format,
 *                CRC included, on the whole buffer
 *   incremental  the kernel's path: parser_init, feed in 4 KiB chunks (one
 *                copy into the parser's buffer), finish, release
 * and the ratios parse/memcpy, parse/(memcpy + crc32), the share of parse
 * time spent in the CRC and what the other checks cost on their own. The goal is parse within 4x memcpy; the CRC
 * is part of validation and stays in the measurement.
 *
 * Exit status: 0, or 1 if a stream that must be valid is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vfio_ap_mig_stream.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_UNDEFINED__)
#define BENCH_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer)
#define BENCH_SANITIZED 1
#endif
#endif

#define ROUNDS		15
#define ROUND_NSEC	20000000ULL	/* repeat each operation for about 20 ms a round */
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
	sink += vfio_ap_mig_crc32(0, b->stream, b->len);
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
		if (vfio_ap_mig_parser_feed(&p, b->stream + off, n))
			b->failed = 1;
	}
	if (vfio_ap_mig_parser_finish(&p, &cfg))
		b->failed = 1;
	else
		sink += cfg.num_queues;
	vfio_ap_mig_parser_release(&p);
}

/* best time of one call, in nanoseconds */
static double measure(struct bench *b, bench_fn fn)
{
	double best = 0;
	u64 t0, t, n;
	int r;

	fn(b);	/* warm up caches and the allocator */
	for (r = 0; r < ROUNDS; r++) {
		n = 0;
		t0 = now_ns();
		do {
			fn(b);
			n++;
			t = now_ns() - t0;
		} while (t < ROUND_NSEC);
		if (!r || (double)t / (double)n < best)
			best = (double)t / (double)n;
	}
	return best;
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
	struct bench b = { 0 };
	double t_copy, t_crc, t_parse, t_inc;
	size_t size = vfio_ap_mig_stream_size(VFIO_AP_MIG_MAX_QUEUES);
	ssize_t len;
	u8 *stream;

	stream = malloc(size);
	b.copy = malloc(size);
	if (!stream || !b.copy) {
		fprintf(stderr, "bench-stream: out of memory\n");
		return 1;
	}
	len = vfio_ap_mig_stream_build(&all, &all, &all, hwinfo_cex8, NULL, stream, size);
	if (len != (ssize_t)size) {
		fprintf(stderr, "bench-stream: building the stream failed (%zd)\n", len);
		return 1;
	}
	b.stream = stream;
	b.len = size;

	t_copy = measure(&b, do_memcpy);
	t_crc = measure(&b, do_crc);
	t_parse = measure(&b, do_parse);
	t_inc = measure(&b, do_incremental);
	if (b.failed) {
		fprintf(stderr, "bench-stream: a valid stream was refused\n");
		return 1;
	}

	printf("bench-stream: %u queues, %zu bytes, best of %d rounds\n",
	       VFIO_AP_MIG_MAX_QUEUES, size, ROUNDS);
#ifdef BENCH_SANITIZED
	printf("  NOTE: built with sanitizers, the times are not representative\n");
#endif
	printf("  memcpy         %9.1f us  %6.2f GB/s\n", t_copy / 1e3, gbps(size, t_copy));
	printf("  crc32          %9.1f us  %6.2f GB/s\n", t_crc / 1e3, gbps(size, t_crc));
	printf("  parse          %9.1f us  %6.2f GB/s\n", t_parse / 1e3, gbps(size, t_parse));
	printf("  incremental    %9.1f us  %6.2f GB/s (4 KiB chunks, copy + parse)\n",
	       t_inc / 1e3, gbps(size, t_inc));
	printf("  parse / memcpy            %5.2fx (goal <= 4x: %s)\n", t_parse / t_copy,
	       t_parse / t_copy <= 4.0 ? "met" : "missed");
	printf("  parse / (memcpy + crc32)  %5.2fx\n", t_parse / (t_copy + t_crc));
	printf("  crc32 share of parse      %5.1f%%\n", 100.0 * t_crc / t_parse);
	printf("  parse - crc32 (the other checks) / memcpy  %5.2fx\n",
	       (t_parse - t_crc) / t_copy);
	printf("  incremental / memcpy      %5.2fx\n", t_inc / t_copy);
	printf("  (sink %u)\n", sink);
	free(stream);
	free(b.copy);
	return 0;
}
