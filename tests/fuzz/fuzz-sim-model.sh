#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# libFuzzer: the AP host simulator's stores and their kernel guarantees (run-fuzz.sh).
exec "${SHELL:-/bin/sh}" "$top_srcdir/tests/fuzz/run-fuzz.sh" fuzz-sim-model sim-model 4096
