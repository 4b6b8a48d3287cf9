// SPDX-License-Identifier: GPL-2.0-only
/*
 * 200000 random stores (fixed seed) against the simulator's model: create,
 * remove, assign/unassign, ap_config, apmask/aqmask, guest on/off, with
 * well-formed and malformed input. After each one the kernel's guarantees
 * must hold (model-check.c), and every errno path must have been taken.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model-check.h"
#include "tap.h"

static unsigned long long rng = 0x9e3779b97f4a7c15ULL;

static unsigned int rnd(unsigned int n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned int)(rng % n);
}

static void number(char *buf, size_t len)
{
	/* mostly small ids in the interesting range, sometimes out of range */
	unsigned int v = rnd(10) ? rnd(20) : rnd(400);
	static const char *const bad[] = { "",	 "x",	"-1", "0x",
					   "3 ", "1e3", "+",  "99999999999999999999" };

	switch (rnd(8)) {
	case 0:
		snprintf(buf, len, "0x%x", v);
		break;
	case 1:
		snprintf(buf, len, "0%o", v);
		break;
	case 2:
		snprintf(buf, len, "%s", bad[rnd(8)]);
		break;
	default:
		snprintf(buf, len, "%u%s", v, rnd(2) ? "\n" : "");
		break;
	}
}

static void mask(char *buf, size_t len)
{
	size_t n = 0;

	n += (size_t)snprintf(buf + n, len - n, "%s", rnd(4) ? "0x" : "");
	/* the interesting IDs are 0-19: four hex digits, sometimes more */
	for (unsigned int i = rnd(8) ? 5 : rnd(70); i && n + 2 < len; i--)
		buf[n++] = "0123456789abcdef"[rnd(4) ? rnd(16) : 0];
	if (!rnd(30) && n + 2 < len)
		buf[n++] = 'g';
	buf[n] = '\0';
}

static void arg_for(unsigned int op, char *buf, size_t len)
{
	static const char *const uuids[] = {
		"0f6f2e5a-1b3c-4d5e-8f70-a1b2c3d4e5f6", "7C9E6679-7425-40DE-944B-E07FC1F90AE7",
		"7c9e6679-7425-40de-944b-e07fc1f90ae7", "123e4567-e89b-12d3-a456-426614174000",
		"123e4567-e89b-12d3-a456-42661417400",	"00000000-0000-0000-0000-000000000001\n",
	};
	char a[80], q[80], d[80];

	switch (op) {
	case 0:
		snprintf(buf, len, "%s", uuids[rnd(6)]);
		break;
	case 8:
		mask(a, sizeof(a));
		mask(q, sizeof(q));
		mask(d, sizeof(d));
		snprintf(buf, len, rnd(10) ? "%s,%s,%s\n" : "%s,%s", a, q, d);
		break;
	case 9:
		if (rnd(2)) {
			mask(buf, len);
		} else {
			unsigned int x = rnd(20), y = x + rnd(4);

			snprintf(buf, len, "%c%u-%u,%c%u", rnd(2) ? '+' : '-', x, y,
				 rnd(2) ? '+' : '-', rnd(rnd(20) ? 20 : 300));
		}
		break;
	default:
		number(buf, len);
		break;
	}
}

int main(void)
{
	static const int errs[] = {
		EINVAL, ERANGE, ENODEV, EADDRNOTAVAIL, EADDRINUSE, EBUSY, EEXIST
	};
	static const char *const names[] = { "EINVAL",	   "ERANGE", "ENODEV", "EADDRNOTAVAIL",
					     "EADDRINUSE", "EBUSY",  "EEXIST" };
	unsigned int seen[7] = { 0 }, ok = 0, broken = 0;
	const char *first = NULL;
	struct sim s;

	mc_host_init(&s);
	for (unsigned int i = 0; i < 200000; i++) {
		unsigned int op = rnd(MC_OPS);
		const char *bad;
		char arg[256];
		int rc;

		/* keep a few mdevs around: create and remove are rarer */
		if (op == 1 && rnd(4))
			op = 2 + rnd(3);
		arg_for(op, arg, sizeof(arg));
		rc = mc_run(&s, op, rnd(8), arg, &bad);
		if (bad && !broken++)
			first = bad;
		if (!rc)
			ok++;
		for (unsigned int e = 0; e < 7; e++)
			if (rc == -errs[e])
				seen[e]++;
	}
	tap_is_int(broken, 0, "no property broken in 200000 stores%s%s", first ? ": " : "",
		   first ? first : "");
	tap_ok(ok > 1000, "many stores succeed (%u)", ok);
	for (unsigned int e = 0; e < 7; e++)
		tap_ok(seen[e] > 0, "%s was returned (%u times)", names[e], seen[e]);
	mc_host_free(&s);
	return tap_done();
}
