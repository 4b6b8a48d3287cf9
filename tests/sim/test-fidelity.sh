#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# apsim against the Linux 6.12 sources, case by case: the behaviours the
# 2026-12 review found modelled wrong (D1-D14), per-queue bind/unbind and
# the event-driven guest matrix, modules loaded and unloaded. Each check
# names the kernel code it follows (drivers/s390/crypto/ unless said).
# Host: tests/hosts/small.json (03 CEX8 CCA, 04 CEX8 EP11, 05 CEX7 accel,
# 06 CEX7 CCA free for vfio_ap; 07 CEX8 CCA and 0a CEX8 EP11 with zcrypt;
# usage domains 4-11).
. "$top_srcdir/tests/sim/lib.sh"
sim_enter
. "$top_srcdir/tests/lib/tap.sh"

B=/sys/bus/ap
D=/sys/devices/ap
V=$B/drivers/vfio_ap
ctl() { "$APSIM" ctl "$@"; }
stat_of() { "$APSIM" ctl stats | sed -n "s/^$1 //p"; }
drv() {
	_l=$(readlink "$D/card$1/$1.$2/driver" 2>/dev/null)
	if [ -n "$_l" ]; then basename "$_l"; else echo -; fi
}
hex() { printf '0x%s%0*d' "$1" $((64 - ${#1})) 0; }

wr $T/create $UUID1 >/dev/null
A=$M/$UUID1
wr $A/assign_adapter 3 >/dev/null
wr $A/assign_adapter 4 >/dev/null
wr $A/assign_domain 4 >/dev/null
wr $A/assign_domain 5 >/dev/null
ctl mdev $UUID1 guest 1

# ---- D1: a deconfigured adapter stays in the configuration and the guest
check_wr "D1: card 04 config 0 (ap_card.c:150-172 config_store)" ok $D/card04/config 0
is "$(cat $B/ap_adapter_mask)" "$(hex 1f2)" \
	"D1: a deconfigured card stays in the QCI APM (ap_bus.c:2057-2066, 2134-2146)"
is "$(rd $A/guest_matrix)" "03.0004 03.0005 04.0004 04.0005" \
	"D1: and in the guest: _queue_passable() passes it (vfio_ap_ops.c:669-682)"
is "$(cat $D/card04/04.0004/status)" "in use" "D1: its queues stay in use"
is "$(rd $D/card04/04.0004/config) $(rd $D/card04/online)" "0 0" \
	"D1: queue config and card online read 0"
check_wr "D1: configured again" ok $D/card04/config 1

# ---- D2: remove of an mdev in use blocks until the guest lets go
wr $T/create $UUID2 >/dev/null
wr $M/$UUID2/assign_adapter 6 >/dev/null
ctl mdev $UUID2 guest 1
"$sim_write" $M/$UUID2/remove 1 >"$_tap_tmp/remove.out" 2>&1 &
rpid=$!
i=0
while [ "$(stat_of removes_waiting)" != 1 ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
is "$(stat_of removes_waiting)" 1 "D2: the remove waits (vfio_main.c:385-430)"
ok "$(kill -0 $rpid 2>/dev/null; echo $?)" "D2: the writer is still blocked"
ok "$([ -d $M/$UUID2 ] && [ ! -e $M/$UUID2/remove ]; echo $?)" \
	"D2: meanwhile the mdev is there, its remove file gone (device_remove_file_self)"
is "$(rd $M/$UUID2/matrix)" "06." "D2: other requests are served meanwhile"
like "$(cat "$APSIM_LOG")" "mdev $UUID2: Relaying device request to user \\(#0\\)" \
	"D2: the user is asked to release the device (vfio_ap_ops.c:2083-2089)"
kill -TERM $rpid 2>/dev/null
i=0
while ! grep -q "Device is currently in use" "$APSIM_LOG" && [ $i -lt 60 ]; do
	sleep 0.05
	i=$((i + 1))
done
ok "$(kill -0 $rpid 2>/dev/null; echo $?)" "D2: a signal does not end the wait (vfio_main.c:412-428)"
like "$(cat "$APSIM_LOG")" "mdev $UUID2: Device is currently in use, task \"sysfs-write\" \\([0-9]+\\) blocked" \
	"D2: after the signal, the kernel's 'Device is currently in use' line"
ctl mdev $UUID2 guest 0
i=0
while kill -0 $rpid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
ok "$(kill -0 $rpid 2>/dev/null; [ $? -ne 0 ]; echo $?)" "D2: guest 0 lets the remove complete"
wait $rpid 2>/dev/null
ok "$([ ! -e $M/$UUID2 ]; echo $?)" "D2: the mdev is gone"

# ---- D3: matrix over a page: what the reader sees, the overrun counted
wr $T/create $UUID3 >/dev/null
C3=$M/$UUID3
# adapters 05-06 x domains 0-255: 512 APQNs, 8 bytes each: 4096 > 4095
check_wr "D3: 512 APQNs by ap_config" ok $C3/ap_config "$(hex 06),0x$(printf 'f%.0s' $(seq 64)),$(hex 0)"
is "$(stat_of overruns)" 0 "D3: nothing overran yet"
is "$(wc -c <$C3/matrix)" 4095 \
	"D3: matrix: the reader gets PAGE_SIZE - 1 bytes (fs/sysfs/file.c:60-69)"
is "$(stat_of overruns)" 1 "D3: the heap overrun of vfio_ap_mdev_matrix_show() is counted (vfio_ap_ops.c:1575-1629)"
like "$(cat "$APSIM_LOG")" "6.12 heap overrun: $UUID3/matrix wrote 4096 bytes" \
	"D3: and logged"
is "$(rd $C3/guest_matrix | wc -w)" 16 "D3: guest_matrix (2 x 8 usage domains) fits"
is "$(stat_of overruns)" 1 "D3: no overrun for it"
check_wr "D3: 511 APQNs" ok $C3/unassign_domain 255
wc -c <$C3/matrix >/dev/null
is "$(stat_of overruns)" 1 "D3: 511 APQNs (4088 bytes) fit the page"
wr $C3/remove 1 >/dev/null

# ---- D4: per-queue bind/unbind, the event-driven guest matrix
ctl mdev $UUID1 guest 1
check_wr "D4: unbind 03.0005 from vfio_ap (drivers/base/bus.c unbind_store)" ok $V/unbind 03.0005
ok "$([ ! -e $D/card03/03.0005/driver ] && [ ! -e $V/03.0005 ]; echo $?)" \
	"D4: 03.0005 is bound to no driver"
is "$(cat $B/bindings)" "47/48" "D4: bindings count it"
is "$(rd $A/guest_matrix)" "04.0004 04.0005" \
	"D4: the whole adapter leaves the guest (vfio_ap_mdev_remove_queue, vfio_ap_ops.c:2458-2488)"
is "$(cat $D/card03/03.0004/status)" assigned "D4: 03.0004 is assigned, no longer in use"
check_wr "D4: unbind again" ENODEV $V/unbind 03.0005
check_wr "D4: unbind from a driver it is not bound to" ENODEV $B/drivers/cex4queue/unbind 03.0004
check_wr "D4: bind to cex4queue: ap_device_probe refuses (ap_bus.c:938-960)" ENODEV \
	$B/drivers/cex4queue/bind 03.0005
check_wr "D4: bind a bound queue" EBUSY $V/bind 03.0004
check_wr "D4: bind a queue that does not exist" ENODEV $V/bind 03.0001
check_wr "D4: bind a card to vfio_ap (ap_bus_match: queues only)" ENODEV $V/bind card03
check_wr "D4: unassign domain 5" ok $A/unassign_domain 5
is "$(rd $A/guest_matrix)" "04.0004" \
	"D4: sticky: 03 stays filtered although 03.0004 is fine (unassign only clears, vfio_ap_ops.c:1412-1444)"
check_wr "D4: assign domain 6" ok $A/assign_domain 6
is "$(rd $A/guest_matrix)" "03.0004 03.0006 04.0004 04.0006" \
	"D4: assign filters the whole matrix again (vfio_ap_mdev_filter_matrix): 03 is back"
check_wr "D4: bind 03.0005 to vfio_ap" ok $V/bind 03.0005
is "$(drv 03 0005)" vfio_ap "D4: 03.0005 is on vfio_ap again"
check_wr "D4: unbind 03.0006" ok $V/unbind 03.0006
is "$(rd $A/guest_matrix)" "04.0004 04.0006" "D4: unbinding an assigned queue unplugs 03"
check_wr "D4: drivers_probe 03.0006 (bus_rescan_devices_helper)" ok $B/drivers_probe 03.0006
is "$(rd $A/guest_matrix)" "03.0004 03.0006 04.0004 04.0006" \
	"D4: the probe filters the mdev's matrix: 03 is back (vfio_ap_mdev_probe_queue)"
check_wr "D4: drivers_probe of no device" ENODEV $B/drivers_probe 99.0001
check_wr "D4: unbind card 07 from cex4card" ok $B/drivers/cex4card/unbind card07
ok "$([ ! -e $D/card07/driver ] && [ ! -e $D/card07/type ] && [ ! -e $D/card07/online ]; echo $?)" \
	"D4: an unbound card has no zcrypt attributes"
check_wr "D4: bind it again" ok $B/drivers/cex4card/bind card07
is "$(rd $D/card07/type)" CEX8C "D4: zcrypt's attributes are back"
ok "$([ -L $V/module ] && [ "$(readlink $V/module)" = ../../../../module/vfio_ap ]; echo $?)" \
	"D11: the driver's module link"

# an unbound queue when the masks change: 6.12 dereferences NULL
check_wr "oops: unbind 06.0004" ok $V/unbind 06.0004
check_wr "oops: aqmask -0x20 with 06.0004 unbound" ok $B/aqmask -0x20
is "$(stat_of oopses)" 1 "oops: __ap_revise_reserved() reads to_ap_drv(NULL)->flags (ap_bus.c:861): counted"
like "$(cat "$APSIM_LOG")" "6.12 oops: mask change with queue 06.0004 bound to no driver" \
	"oops: and logged"
check_wr "oops: bind 06.0004 again" ok $V/bind 06.0004

# ---- D5: the card's ap_functions is masked, the queue's is live
# TAPQ GR2 of 06 with bs = 3 (facility bits 16-17): same type, same masked facilities
ctl card 6 hwinfo 0xf200c0000dff0003
is "$(rd $D/card06/ap_functions)" 0xF2000000 \
	"D5: card ap_functions: TAPQ_CARD_HWINFO_MASK drops bits 16-31 (ap_bus.h:183, ap_bus.c:2106)"
is "$(rd $D/card06/06.0004/ap_functions)" 0xF200C000 "D5: queue ap_functions: a live TAPQ (ap_queue.c:696-712)"
# ---- D13: no new card for the same type and facilities
is "$(rd $D/card06/depth)" 8 "D13: the card keeps its depth: it is not re-created (ap_bus.c:2106-2121)"
ctl card 6 hwinfo 0xf000c0000dff0003
is "$(rd $D/card06/depth) $(rd $D/card06/ap_functions)" "4 0xF0000000" \
	"D13: new facilities: card and queues are re-created"

# ---- D7: a queue back on zcrypt is a new zcrypt queue
check_wr "D7: 07.0005 offline" ok $D/card07/07.0005/online 0
check_wr "D7: apmask -7: 07 goes to vfio_ap" ok $B/apmask -7
is "$(rd $D/card07/07.0005/request_count)" - \
	"D7: request_count '-' after ap_queue_remove (ap_queue.c:535-552, 1295-1306)"
is "$(rd $D/card03/03.0004/request_count)" 0 "D7: a queue vfio_ap had from the start counts"
check_wr "D7: apmask +7: back to cex4queue" ok $B/apmask +7
is "$(rd $D/card07/07.0005/online) $(rd $D/card07/07.0005/request_count)" "1 0" \
	"D7: online again (zcrypt_queue.c:176) and initialised (zcrypt_cex4.c:680)"

# ---- D9: zcrypt queue attributes
is "$(rd $D/card07/07.0004/mkvps)" \
	"AES NEW: - - AES CUR: - - AES OLD: - - APKA NEW: - - APKA CUR: - - APKA OLD: - - ASYM NEW: - - ASYM CUR: - - ASYM OLD: - -" \
	"D9: CCA queue mkvps, no master key info (zcrypt_cex4.c:194-205)"
is "$(rd $D/card0a/0a.0004/mkvps)" "WK CUR: - - WK NEW: - -" "D9: EP11 queue mkvps (zcrypt_cex4.c:382-405)"
ok "$([ -e $D/card0a/0a.0004/op_modes ] && [ ! -e $D/card03/03.0004/mkvps ]; echo $?)" \
	"D9: EP11 op_modes; a vfio_ap queue has none of them"

# ---- D10: the kernel's sscanf
check_wr "D10: config '+1' is no number for the kernel's %d (lib/vsprintf.c)" EINVAL $D/card07/config +1
check_wr "D10: ap_domain '+5'" EINVAL $B/ap_domain +5
check_wr "D10: ap_domain 4294967301 wraps to 5" ok $B/ap_domain 4294967301
is "$(cat $B/ap_domain)" 5 "D10: ... domain 5"
check_wr "D10: config_time '+10'" EINVAL $B/config_time +10

# ---- D11: root devices and synthetic uevents
is "$(cat $D/uevent | wc -c) $(cat /sys/devices/vfio_ap/uevent | wc -c)" "0 0" \
	"D11: root device uevent files read empty (drivers/base/core.c:2792-2832)"
check_wr "D11: an unknown uevent action" EINVAL $D/card03/uevent frobnicate
check_wr "D11: change" ok $D/card03/uevent change
check_wr "D11: change with a UUID and arguments" ok $D/card03/uevent "change $UUID1 A=1"
check_wr "D11: arguments must be KEY=VALUE" EINVAL $D/card03/uevent "change $UUID1 A"

# ---- D12: /sys/module/ap/parameters
P=/sys/module/ap/parameters
is "$(cat $P/domain)" 5 "D12: domain is the live ap_domain_index (ap_bus.c:52-54)"
is "$(cat $P/apmask) $(cat $P/aqmask)" "+0-255,-3-6 (null)" \
	"D12: apmask/aqmask: the boot strings, (null) when unset (kernel/params.c:292-295)"
is "$(cat $P/msgpool_min_items)" 8 "D12: msgpool_min_items (ap_bus.c:121-124)"

# ---- modules
ctl mdev $UUID1 guest 1
run ctl module vfio_ap unload
is "$rc" 1 "rmmod vfio_ap with a guest on an mdev: refused"
ctl mdev $UUID1 guest 0
run ctl module vfio_ap unload
is "$rc" 0 "rmmod vfio_ap"
ok "$([ ! -e /sys/devices/vfio_ap ] && [ ! -e $B/drivers/vfio_ap ] && [ ! -e /sys/bus/matrix ] &&
	[ ! -e /sys/module/vfio_ap ] && [ -e /sys/bus/mdev ]; echo $?)" \
	"vfio_ap unloaded: its sysfs is gone, mdev stays"
is "$(drv 03 0004)" - "its queues are bound to no driver"
is "$(cat $B/bindings)" "16/48" "bindings: only the zcrypt queues"
run ctl module vfio_ap load
is "$rc" 0 "modprobe vfio_ap"
is "$(drv 03 0004) $(ls $M | grep -c -- -)" "vfio_ap 0" \
	"vfio_ap loaded: queues bound again, the mdevs are gone (mdev_unregister_parent)"
run ctl module zcrypt_cex4 unload
ok "$([ ! -e $B/drivers/cex4card ] && [ ! -e $D/card07/type ] && [ ! -e $D/card07/driver ] &&
	[ ! -e /sys/module/zcrypt_cex4 ]; echo $?)" "zcrypt unloaded: no cex4card, no zcrypt attributes"
is "$(drv 07 0004)" - "zcrypt's queues are unbound"
run ctl module zcrypt_cex4 load
is "$(drv 07 0004) $(rd $D/card07/type)" "cex4queue CEX8C" "zcrypt loaded again"

done_testing
