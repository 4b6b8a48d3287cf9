#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# libFuzzer: mdevctl configs through the callout's parser and conflict checker (run-fuzz.sh).
exec "${SHELL:-/bin/sh}" "$top_srcdir/tests/fuzz/run-fuzz.sh" fuzz-mdev-config mdev-config 8192
