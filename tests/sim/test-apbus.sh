#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# apsim: the AP bus (ap_bus.c apmask/aqmask, re-binding, EBUSY, bus
# attributes), cards and queues, guest_matrix filtering, queue status and
# the control interface. Host: tests/hosts/small.json.
. "$top_srcdir/tests/sim/lib.sh"
sim_enter
. "$top_srcdir/tests/lib/tap.sh"

B=/sys/bus/ap
hex() { printf '0x%s%0*d' "$1" $((64 - ${#1})) 0; }
hexf() { printf '0x%s' "$1"; printf 'f%.0s' $(seq $((64 - ${#1}))); }
drv() { basename "$(readlink "/sys/devices/ap/card$1/$1.$2/driver")"; }
ctl() { "$APSIM" ctl "$@"; }

# ---- bus attributes
is "$(cat $B/apmask)" "$(hexf e1)" "initial apmask from the host file (03-06 clear)"
is "$(cat $B/aqmask)" "0x$(printf 'f%.0s' $(seq 64))" "aqmask defaults to all ones"
is "$(cat $B/ap_max_adapter_id) $(cat $B/ap_max_domain_id)" "255 255" "max ids"
is "$(cat $B/ap_adapter_mask)" "$(hex 1f2)" "ap_adapter_mask = QCI APM (03-07, 0a)"
is "$(cat $B/ap_usage_domain_mask)" "$(hex 0ff)" "ap_usage_domain_mask = domains 4-11"
is "$(cat $B/ap_control_domain_mask)" "$(hex 0ff08)" "ap_control_domain_mask adds 0x10"
is "$(cat $B/features)" "APSC APXA QACT RC8A" "features"
is "$(cat $B/bindings)" "48/48 (complete)" "bindings: 6 adapters x 8 domains"
is "$(cat $B/ap_domain)" "4" "ap_domain: first usage domain"
check_wr "ap_domain: not a usage domain in aqmask" EINVAL $B/ap_domain 300
check_wr "ap_domain 5" ok $B/ap_domain 5
check_wr "config_time: below 5" EINVAL $B/config_time 4
check_wr "config_time 60" ok $B/config_time 60
is "$(cat $B/config_time)" 60 "config_time reads back"
check_wr "poll_timeout: too big" EINVAL $B/poll_timeout 200000000000
check_wr "poll_thread: not a bool" EINVAL $B/poll_thread maybe
check_wr "poll_thread on" ok $B/poll_thread on
is "$(cat $B/poll_thread)" 1 "poll_thread reads back"
scans=$(cat $B/scans)
check_wr "writing scans forces a scan" ok $B/scans 1
is "$(cat $B/scans)" $((scans + 1)) "scans counts up"

# ---- 6.12 (the default host): queues have no driver_override
ok "$([ ! -e /sys/devices/ap/card03/03.0004/driver_override ]; echo $?)" \
	"no driver_override on a 6.12 queue (the simulator's default)"

# ---- cards and queues
C=/sys/devices/ap/card03
is "$(readlink $B/devices/card03)" "../../../devices/ap/card03" "bus devices link to a card"
is "$(readlink $B/devices/03.0004)" "../../../devices/ap/card03/03.0004" \
	"bus devices link to a queue"
is "$(readlink $C/subsystem)" "../../../bus/ap" "card subsystem link"
is "$(readlink $C/driver)" "../../../bus/ap/drivers/cex4card" "cards bind to cex4card"
is "$(rd $C/hwtype) $(rd $C/raw_hwtype) $(rd $C/type)" "14 14 CEX8C" "CEX8 CCA card"
is "$(rd /sys/devices/ap/card04/type) $(rd /sys/devices/ap/card05/type)" "CEX8P CEX7A" \
	"EP11 and accelerator type names"
is "$(rd $C/ap_functions) $(rd $C/depth) $(rd $C/max_msg_size)" "0xF2000000 8 12288" \
	"ap_functions, depth, max_msg_size"
is "$(rd $C/modalias)" "ap:t0E" "modalias"
# dev_uevent(): DEVTYPE before DRIVER (drivers/base/core.c:2748-2752), then ap_uevent()
is "$(rd $C/uevent)" "DEVTYPE=ap_card DRIVER=cex4card DEV_TYPE=000E MODALIAS=ap:t0E MODE=cca" \
	"card uevent"
is "$(rd /sys/devices/ap/card04/04.0004/uevent)" "DEVTYPE=ap_queue DRIVER=vfio_ap MODE=ep11" \
	"queue uevent"
is "$(ls $C | grep -c '^03\.')" 8 "one queue per usage domain"
ok "$([ ! -e /sys/devices/ap/card08 ] && [ ! -e $B/devices/card08 ]; echo $?)" "no card08"

# ---- binding follows apmask x aqmask
is "$(drv 03 0004) $(drv 07 0004)" "vfio_ap cex4queue" "queues bind by apmask"
ok "$([ -e $C/03.0004/status ] && [ ! -e $C/03.0004/online ]; echo $?)" \
	"a vfio_ap queue has status, no online"
ok "$([ ! -e /sys/devices/ap/card07/07.0004/status ] &&
	[ -e /sys/devices/ap/card07/07.0004/online ]; echo $?)" "a cex4queue queue has online, no status"
is "$(cat $C/03.0004/status)" unassigned "status: unassigned"
check_wr "apmask: relative +3" ok $B/apmask "+3"
is "$(drv 03 0004)" cex4queue "03.0004 moved to cex4queue"
ok "$([ -e $B/drivers/cex4queue/03.0004 ] && [ ! -e $B/drivers/vfio_ap/03.0004 ]; echo $?)" \
	"driver directory links moved"
check_wr "apmask: relative -3,-7" ok $B/apmask "-3,-7"
is "$(drv 03 0004) $(drv 07 0005)" "vfio_ap vfio_ap" "03 and 07 went to vfio_ap"
check_wr "apmask: relative range +3-7,-4-6" ok $B/apmask "+3-7,-4-6"
is "$(cat $B/apmask)" "$(hexf f1)" "apmask after ranges"
check_wr "apmask: absolute, short" ok $B/apmask "0xe1ff"
is "$(cat $B/apmask)" "$(hex e1ff)" "absolute mask is left-aligned"
check_wr "apmask: x prefix" ok $B/apmask "x$(printf 'e1'; printf 'f%.0s' $(seq 62))"
check_wr "apmask: 0X prefix" EINVAL $B/apmask "0Xe1ff"
check_wr "apmask: 65 digits" EINVAL $B/apmask "0x$(printf 'f%.0s' $(seq 65))"
check_wr "apmask: not hex" EINVAL $B/apmask "0xe1fz"
check_wr "apmask: relative out of range" EINVAL $B/apmask "+256"
check_wr "apmask: relative reversed range" EINVAL $B/apmask "+7-3"
check_wr "apmask: relative without sign" EINVAL $B/apmask "+3,4"
is "$(cat $B/apmask)" "$(hexf e1)" "failed writes leave apmask alone"
check_wr "aqmask: -4" ok $B/aqmask "-4"
is "$(drv 07 0004) $(drv 07 0005)" "vfio_ap cex4queue" "aqmask re-binds too"

# ---- EBUSY: APQNs assigned to an mdev cannot go back to zcrypt
wr $T/create $UUID1 >/dev/null
A=$M/$UUID1
check_wr "assign adapter 3" ok $A/assign_adapter 3
check_wr "assign domain 4" ok $A/assign_domain 4
check_wr "assign domain 5" ok $A/assign_domain 5
is "$(cat $C/03.0004/status)" assigned "status: assigned"
check_wr "apmask +3 takes 03.0005 from the mdev" EBUSY $B/apmask "+3"
check_wr "apmask absolute taking 03" EBUSY $B/apmask "0xf1$(printf 'f%.0s' $(seq 62))"
is "$(cat $B/apmask) $(drv 03 0005)" "$(hexf e1) vfio_ap" "EBUSY changed nothing"
check_wr "apmask +4 is fine (04 is in no mdev)" ok $B/apmask "+4"
check_wr "apmask -4" ok $B/apmask "-4"
wr $T/create $UUID2 >/dev/null
check_wr "zcrypt adapter 7, no domain yet" ok $M/$UUID2/assign_adapter 7
check_wr "07.0005 belongs to zcrypt" EADDRNOTAVAIL $M/$UUID2/assign_domain 5
check_wr "07.0004 is on vfio_ap (aqmask -4)" ok $M/$UUID2/assign_domain 4
check_wr "aqmask +4 takes 07.0004 from the mdev" EBUSY $B/aqmask "+4"
is "$(drv 07 0004)" vfio_ap "... and 07.0004 stays on vfio_ap"

# ---- guest_matrix filtering
check_wr "assign adapter 4" ok $A/assign_adapter 4
is "$(rd $A/guest_matrix)" "03.0004 03.0005 04.0004 04.0005" "guest_matrix = matrix"
check_wr "assign domain 0x20 (not a usage domain)" ok $A/assign_domain 0x20
is "$(rd $A/matrix | wc -w)" 6 "matrix keeps what was assigned"
is "$(rd $A/guest_matrix)" "03.0004 03.0005 04.0004 04.0005" \
	"guest_matrix drops domains outside the host configuration"
ctl card 4 config 0
is "$(rd /sys/devices/ap/card04/config) $(rd /sys/devices/ap/card04/online)" "0 0" \
	"control: card 4 deconfigured"
# SCLP deconfigure flips ac->config only (ap_card.c:150-172); the card stays
# in QCI (ap_bus.c:2134-2146) and _queue_passable() passes it (vfio_ap_ops.c:669-682)
is "$(cat $B/ap_adapter_mask)" "$(hex 1f2)" "a deconfigured card stays in ap_adapter_mask"
is "$(rd $A/guest_matrix)" "03.0004 03.0005 04.0004 04.0005" \
	"guest_matrix keeps a deconfigured adapter"
check_wr "online 1 on a deconfigured card" ENODEV /sys/devices/ap/card04/online 1
ctl card 4 config 1
is "$(rd $A/guest_matrix)" "03.0004 03.0005 04.0004 04.0005" "configured again: unchanged"
ctl card 4 hwinfo 0xf200000009ff0007
ok "$([ ! -e /sys/devices/ap/card04 ] && [ ! -e $B/devices/04.0004 ]; echo $?)" \
	"control: raw type 9 has no card device"
is "$(rd $A/guest_matrix)" "03.0004 03.0005" "no queue device bound: adapter dropped"
ctl card 4 hwinfo 0xe60000000fff0007
is "$(rd /sys/devices/ap/card04/raw_hwtype) $(rd /sys/devices/ap/card04/hwtype)" "15 14" \
	"raw type 15 runs as CEX8"
is "$(rd /sys/devices/ap/card04/type)" "CEX8P" "EP11 again"
is "$(rd $A/guest_matrix)" "03.0004 03.0005 04.0004 04.0005" "and is passed through"
ctl mdev $UUID1 guest 1
is "$(cat $C/03.0004/status) / $(cat /sys/devices/ap/card07/07.0004/status)" "in use / assigned" \
	"status: in use only for APQNs in the guest"
ctl mdev $UUID1 guest 0
ctl card 5 remove
ok "$([ ! -e /sys/devices/ap/card05 ]; echo $?)" "control: card 5 removed"
is "$(cat $B/bindings)" "40/40 (complete)" "bindings follow"
ctl card 5 add
is "$(rd /sys/devices/ap/card05/type)" "CEX8C" "control: card 5 added as CEX8 CCA"
ctl card 6 online 0
is "$(rd /sys/devices/ap/card06/online)" 0 "control: card 6 offline"
check_wr "card online: 2" EINVAL /sys/devices/ap/card06/online 2
check_wr "card online 1" ok /sys/devices/ap/card06/online 1
check_wr "card config: 2" EINVAL /sys/devices/ap/card06/config 2
check_wr "card config 0" ok /sys/devices/ap/card06/config 0
check_wr "card config 1" ok /sys/devices/ap/card06/config 1
ctl card 7 online 0
is "$(rd /sys/devices/ap/card07/07.0005/online)" 0 "card offline: its queues too"
check_wr "queue online: card offline" EINVAL /sys/devices/ap/card07/07.0005/online 1
check_wr "card 7 online" ok /sys/devices/ap/card07/online 1
is "$(rd /sys/devices/ap/card07/07.0005/online)" 1 "card online: its queues too"
check_wr "queue online 0" ok /sys/devices/ap/card07/07.0005/online 0
is "$(rd /sys/devices/ap/card07/07.0005/online)" 0 "queue offline"
ctl domain 0x0b remove
ok "$([ ! -e /sys/devices/ap/card03/03.000b ]; echo $?)" "control: domain 0x0b removed"
run "$APSIM" ctl show
like "$out" "^card 04 raw_type 15 type 14 mode ep11 config 1 chkstop 0 online 1 hwinfo 0xe60000000fff0007\$" \
	"control: show lists the cards"
like "$out" "^mdev $UUID1 guest 0 ap_config 0x18" "control: show lists the mdevs"
like "$out" "^aqmask 0xf7" "control: show lists the masks"
run "$APSIM" ctl show all
is "$rc" 1 "control: show takes no arguments"
run "$APSIM" ctl card 300 config 0
is "$rc" 1 "control: bad adapter id fails"
like "$err" "error: usage" "... with a usage message"
run "$APSIM" ctl frobnicate
is "$rc" 1 "control: unknown command fails"

# ---- libudev sees the simulated devices
run "$top_builddir/tests/sim/udev-enum" ap matrix mdev
is "$rc" 0 "libudev enumerates ap, matrix, mdev"
like "$out" "^ap card03 cex4card" "... a card with its driver"
like "$out" "ap 03.0004 vfio_ap" "... a queue with its driver"
like "$out" "matrix matrix vfio_ap" "... the matrix device"
like "$out" "mdev $UUID1 vfio_ap_mdev" "... the mdev"
done_testing
