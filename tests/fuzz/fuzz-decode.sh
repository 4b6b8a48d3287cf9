#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# libFuzzer: the input path of vfio-ap-ctl decode (run-fuzz.sh).
exec "${SHELL:-/bin/sh}" "$top_srcdir/tests/fuzz/run-fuzz.sh" fuzz-decode decode 4200
