#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# apsim: the uevents a libudev monitor inside apsim-run receives, from both
# sources ("udev": netlink group 2 in libudev's framing; "kernel": group 1,
# injected through the kernel's uevent socket of the private network
# namespace), with libudev's own subsystem/devtype filters. What 6.12 sends
# and in which order: drivers/base/core.c:2719-2780 (dev_uevent: DEVTYPE,
# DRIVER), dd.c:481/1379 (bind/unbind), lib/kobject_uevent.c:596 (unbind
# drops MODALIAS), drivers/s390/crypto/ap_bus.c:650-752 (DEV_TYPE,
# MODALIAS, MODE, CONFIG=, ONLINE=, APMASK=, BINDINGS=complete),
# zcrypt_card.c:81-104, mdev/mdev_core.c:84. Host: tests/hosts/small.json.
. "$top_srcdir/tests/sim/lib.sh"
sim_enter
. "$top_srcdir/tests/lib/tap.sh"

mon=$top_builddir/tests/sim/udev-monitor
M=/sys/devices/vfio_ap/matrix
T=$M/mdev_supported_types/vfio_ap-passthrough
work=$(mktemp -d)
pids=
cleanup() {
	# shellcheck disable=SC2086
	[ -n "$pids" ] && kill $pids 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# mon_start NAME ARGS...: a monitor writing to $work/NAME, once it is ready
mon_start() {
	_n=$1
	shift
	"$mon" -t 30 "$@" >"$work/$_n" 2>"$work/$_n.err" &
	pids="$pids $!"
	_i=0
	while ! grep -q '^ready$' "$work/$_n" 2>/dev/null && [ $_i -lt 100 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
}

# mon_wait NAME PATTERN: wait up to 10 s for a line matching PATTERN
mon_wait() {
	_i=0
	while ! grep -Eq -- "$2" "$work/$1" && [ $_i -lt 200 ]; do
		sleep 0.05
		_i=$((_i + 1))
	done
	grep -E -- "$2" "$work/$1"
}

# the events of NAME in order, without "ready"
events() { grep -v '^ready$' "$work/$1"; }

mon_start all -m ap -m mdev -m matrix
is "$(head -1 "$work/all")" ready "a \"udev\" monitor with subsystem filters starts"
mon_start kern -s kernel -m ap
mon_start mdevonly -m mdev
mon_start cards -m ap:ap_card

# ---- a card goes offline (zcrypt_card.c online_store)
"$APSIM" ctl card 7 online 0
got=$(mon_wait all '^change /devices/ap/card07 ')
is "$got" "change /devices/ap/card07 DEVTYPE=ap_card DEV_TYPE=000E DRIVER=cex4card \
MODALIAS=ap:t0E MODE=cca ONLINE=0 SUBSYSTEM=ap devtype=ap_card driver=cex4card seqnum=yes" \
	"card going offline: change with ONLINE=0, DEVTYPE, DRIVER, DEV_TYPE, MODALIAS, MODE"
got=$(mon_wait all '^change /devices/ap/card07/07.000b ')
like "$got" "ONLINE=0 .*devtype=ap_queue driver=cex4queue" \
	"... and each of its queues with ONLINE=0 (zcrypt_card.c:88-104)"
is "$(grep -c '^change /devices/ap/card07/07\.' "$work/all")" 8 "... all 8 of them"
got=$(mon_wait kern '^change /devices/ap/card07 ')
like "$got" "ONLINE=0 .*devtype=ap_card driver=cex4card seqnum=yes" \
	"the \"kernel\" source gets it too (portid 0 through the kernel)"

# ---- an mdev is created (mdev_device_create: device_add, then probe)
UUID=$UUID1
echo "$UUID" >$T/create
got=$(mon_wait all "^bind /devices/vfio_ap/matrix/$UUID ")
is "$(grep "/devices/vfio_ap/matrix/$UUID " "$work/all" | cut -d' ' -f1-3)" \
	"add /devices/vfio_ap/matrix/$UUID SUBSYSTEM=mdev
bind /devices/vfio_ap/matrix/$UUID DRIVER=vfio_ap_mdev" \
	"mdev created: add, then bind with DRIVER=vfio_ap_mdev"
mon_wait mdevonly "^bind /devices/vfio_ap/matrix/$UUID " >/dev/null
is "$(events mdevonly | cut -d' ' -f1,2)" "add /devices/vfio_ap/matrix/$UUID
bind /devices/vfio_ap/matrix/$UUID" "a monitor filtering on mdev sees only the mdev (BPF hash)"

# ---- deconfigure a card (ap_card.c:150-172 config_store sends CONFIG=)
echo 0 >/sys/devices/ap/card05/config
got=$(mon_wait all '^change /devices/ap/card05 ')
like "$got" "CONFIG=0 .*DEVTYPE=ap_card" "card config 0: change with CONFIG=0"

# ---- apmask: the queues move, then APMASK=, then BINDINGS=complete
echo -0x7 >/sys/bus/ap/apmask
got=$(mon_wait all '^change /devices/ap BINDINGS')
like "$got" "BINDINGS=complete COMPLETECOUNT=1 SUBSYSTEM=ap" "BINDINGS=complete after the re-binding"
is "$(events all | grep -E '07\.0004 |^change /devices/ap ' | cut -d' ' -f1-3)" \
	"change /devices/ap/card07/07.0004 DEVTYPE=ap_queue
unbind /devices/ap/card07/07.0004 DEVTYPE=ap_queue
bind /devices/ap/card07/07.0004 DEVTYPE=ap_queue
change /devices/ap APMASK=0xe0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
change /devices/ap BINDINGS=complete" "order: unbind, bind, APMASK, BINDINGS"
like "$(grep '^bind /devices/ap/card07/07.0004' "$work/all")" "DRIVER=vfio_ap " \
	"the bind names the new driver"
if grep '^unbind /devices/ap/card07/07.0004' "$work/all" | grep -q DRIVER=; then
	ok 1 "unbind carries no DRIVER= property (dd.c clears dev->driver first)"
else
	ok 0 "unbind carries no DRIVER= property (dd.c clears dev->driver first)"
fi

# ---- remove the mdev
echo 1 >"$M/$UUID/remove"
mon_wait all "^remove /devices/vfio_ap/matrix/$UUID " >/dev/null
is "$(grep "/devices/vfio_ap/matrix/$UUID " "$work/all" | tail -2 | cut -d' ' -f1,3)" \
	"unbind SUBSYSTEM=mdev
remove SUBSYSTEM=mdev" "mdev removed: unbind, then remove"

# ---- a card disappears and comes back (ap_scan_adapter)
"$APSIM" ctl card 6 remove
got=$(mon_wait all '^remove /devices/ap/card06 ')
is "$(events all | grep -E 'card06(/06.0004)? ' | cut -d' ' -f1,2)" \
	"unbind /devices/ap/card06/06.0004
remove /devices/ap/card06/06.0004
unbind /devices/ap/card06
remove /devices/ap/card06" "card removed: its queues first, each unbind then remove"
like "$(grep '^unbind /devices/ap/card06 ' "$work/all")" "^unbind /devices/ap/card06 DEVTYPE=ap_card DEV_TYPE=000D MODE=cca SUBSYSTEM=ap " \
	"the card's unbind has no MODALIAS (kobject_uevent.c zap_modalias_env)"
"$APSIM" ctl card 6 add
mon_wait all 'COMPLETECOUNT=2' >/dev/null
is "$(events all | grep -E 'card06(/06.0004)? |COMPLETECOUNT=2' | tail -5 | cut -d' ' -f1,2)" \
	"add /devices/ap/card06
bind /devices/ap/card06
add /devices/ap/card06/06.0004
bind /devices/ap/card06/06.0004
change /devices/ap" "card added: add, bind, its queues, then BINDINGS=complete again"

# ---- the devtype filter
mon_wait cards '^bind /devices/ap/card06 ' >/dev/null
is "$(events cards | grep -vc ' devtype=ap_card ')" 0 "ap:ap_card filter: only cards (devtype hash)"
like "$(events cards | cut -d' ' -f1,2 | tr '\n' ' ')" \
	"^change /devices/ap/card07 change /devices/ap/card05 unbind /devices/ap/card06 " \
	"... and all of them"

is "$(grep -c uevent "$APSIM_LOG" 2>/dev/null)" 0 "no uevent errors in the simulator's log"

done_testing
