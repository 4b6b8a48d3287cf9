#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# libFuzzer: the v1 stream parser, whole and incremental, and the rules (run-fuzz.sh).
exec "${SHELL:-/bin/sh}" "$top_srcdir/tests/fuzz/run-fuzz.sh" fuzz-stream-parse stream-parse 4200
