/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Property checks of the simulator's model, shared by the random test
 * (test-model) and the libFuzzer harness (fuzz-sim-model): run one store on
 * a small host and check what the kernel guarantees after it.
 */
#ifndef APSIM_MODEL_CHECK_H
#define APSIM_MODEL_CHECK_H

#include "sim.h"

/* a small host: adapters 0-7 (CEX8 CCA), usage domains 0-15, APXA */
void mc_host_init(struct sim *s);
void mc_host_free(struct sim *s);

/*
 * Run store @op (0..MC_OPS-1) with text @arg on mdev number @which (modulo
 * the number of mdevs). Returns the store's result (0 or -errno). Sets
 * *@bad to a description when a property does not hold afterwards:
 *   - no APQN is in two mdevs;
 *   - no APQN of an mdev is in apmask x aqmask (owned by zcrypt);
 *   - a failed store changed nothing;
 *   - available_instances + mdevs = 65536.
 */
#define MC_OPS 11
int mc_run(struct sim *s, unsigned int op, unsigned int which, const char *arg, const char **bad);

#endif
