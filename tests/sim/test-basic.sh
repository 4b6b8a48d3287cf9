#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# apsim: the simulator mounts over /sys and shows the AP bus and vfio_ap.
. "$top_srcdir/tests/lib/tap.sh"
run_sim() { "$top_builddir/tests/sim/apsim-run" "$@"; }

run run_sim -- cat /sys/bus/ap/ap_max_adapter_id
is "$out" "255" "ap_max_adapter_id"
run run_sim -- readlink /sys/bus/ap/devices/card03
is "$out" "../../../devices/ap/card03" "card link"
run run_sim -- cat /sys/devices/vfio_ap/matrix/features
is "$out" "guest_matrix hotplug ap_config migratable" "matrix features"
done_testing
