#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# apsim: every store's parsing and errno, written against Linux 6.12
# (vfio_ap_ops.c assign_*/unassign_*/ap_config, mdev_sysfs.c create/remove,
# kstrtoul). Host: tests/hosts/small.json (adapters 03-06 free for vfio_ap,
# 07 and 0a owned by zcrypt, usage domains 4-11, APXA, max ids 255).
. "$top_srcdir/tests/sim/lib.sh"
sim_enter
. "$top_srcdir/tests/lib/tap.sh"

# ---- create (mdev_sysfs.c create_store, mdev_core.c)
check_wr "create: not a UUID" EINVAL "$T/create" "bad"
check_wr "create: no hyphens" EINVAL "$T/create" "0f6f2e5a1b3c4d5e8f70a1b2c3d4e5f6"
check_wr "create: 38 bytes" EINVAL "$T/create" "$UUID1 "
check_wr "create: hyphen misplaced" EINVAL "$T/create" "0f6f2e5a1-b3c-4d5e-8f70-a1b2c3d4e5f6"
check_wr "create: upper-case UUID" ok "$T/create" "$(echo "$UUID1" | tr a-f A-F)"
ok "$([ -d "$M/$UUID1" ]; echo $?)" "the mdev directory is lower-case"
check_wr "create: duplicate" EEXIST "$T/create" "$UUID1"
is "$(wrn "$T/create" "$UUID2")" ok "create: 36 bytes without newline"
is "$(cat "$T/available_instances")" 65534 "available_instances counts down"
is "$(readlink "$M/$UUID1/mdev_type")" "../mdev_supported_types/vfio_ap-passthrough" \
	"mdev_type link"
is "$(readlink "$T/devices/$UUID1")" "../../../$UUID1" "type devices link"
is "$(readlink "/sys/bus/mdev/devices/$UUID1")" \
	"../../../devices/vfio_ap/matrix/$UUID1" "bus mdev link"
is "$(basename "$(readlink -f "/sys/bus/mdev/devices/$UUID1/mdev_type")")" \
	vfio_ap-passthrough "mdev_type resolves through the bus link"

# ---- assign_adapter: kstrtoul(buf, 0) and the range
A=$M/$UUID1
check_wr "assign_adapter: garbage" EINVAL "$A/assign_adapter" "xyz"
check_wr "assign_adapter: empty" EINVAL "$A/assign_adapter" ""
check_wr "assign_adapter: negative" EINVAL "$A/assign_adapter" "-1"
check_wr "assign_adapter: trailing blank" EINVAL "$A/assign_adapter" "3 "
is "$(wr "$A/assign_adapter" "3
")" EINVAL "assign_adapter: two newlines"
check_wr "assign_adapter: overflow" ERANGE "$A/assign_adapter" "99999999999999999999999"
check_wr "assign_adapter: above ap_max_adapter_id" ENODEV "$A/assign_adapter" "256"
check_wr "assign_adapter: 0x100" ENODEV "$A/assign_adapter" "0x100"
check_wr "assign_adapter: decimal" ok "$A/assign_adapter" "3"
check_wr "assign_adapter: hex" ok "$A/assign_adapter" "0x4"
check_wr "assign_adapter: octal 010 = 8" ok "$A/assign_adapter" "010"
check_wr "assign_adapter: plus sign" ok "$A/assign_adapter" "+5"
check_wr "assign_adapter: again is a no-op" ok "$A/assign_adapter" "3"
is "$(rd "$A/matrix")" "03. 04. 05. 08." "matrix lists adapters only"
check_wr "unassign_adapter: not assigned is a no-op" ok "$A/unassign_adapter" "9"
check_wr "unassign_adapter: garbage" EINVAL "$A/unassign_adapter" "0xg"
check_wr "unassign_adapter: above max" ENODEV "$A/unassign_adapter" "300"
check_wr "unassign_adapter 8" ok "$A/unassign_adapter" "8"
# zcrypt-owned adapter 7 without any domain: no APQN yet, so allowed
check_wr "assign_adapter: host adapter with no domains" ok "$A/assign_adapter" "7"
check_wr "assign_domain: now 07.0004 is owned by zcrypt" EADDRNOTAVAIL "$A/assign_domain" "4"
is "$(rd "$A/matrix")" "03. 04. 05. 07." "the failed assign_domain changed nothing"
check_wr "unassign_adapter 7" ok "$A/unassign_adapter" "7"

# ---- assign_domain
check_wr "assign_domain: garbage" EINVAL "$A/assign_domain" "four"
check_wr "assign_domain: above max" ENODEV "$A/assign_domain" "256"
check_wr "assign_domain 4" ok "$A/assign_domain" "4"
check_wr "assign_domain 0x5" ok "$A/assign_domain" "0x5"
check_wr "assign_adapter: zcrypt adapter" EADDRNOTAVAIL "$A/assign_adapter" "7"
check_wr "assign_adapter: zcrypt adapter 0xa" EADDRNOTAVAIL "$A/assign_adapter" "0xa"
# the check is against apmask x aqmask, whether or not the adapter exists
check_wr "assign_adapter: absent adapter still in apmask" EADDRNOTAVAIL "$A/assign_adapter" "0x20"
check_wr "assign_domain: absent domain (over-provisioning)" ok "$A/assign_domain" "0x30"
check_wr "unassign_domain 0x30" ok "$A/unassign_domain" "0x30"
check_wr "unassign_domain: above max" ENODEV "$A/unassign_domain" "256"
check_wr "unassign_domain: garbage" EINVAL "$A/unassign_domain" "x"
is "$(rd "$A/matrix")" "03.0004 03.0005 04.0004 04.0005 05.0004 05.0005" \
	"matrix lists APQNs, adapter-major"

# ---- another mdev may not share an APQN
B=$M/$UUID2
check_wr "second mdev: assign_domain 5" ok "$B/assign_domain" "5"
check_wr "second mdev: adapter 3 shares 03.0005" EADDRINUSE "$B/assign_adapter" "3"
check_wr "second mdev: adapter 6" ok "$B/assign_adapter" "6"
check_wr "second mdev: domain 4 would share nothing" ok "$B/assign_domain" "4"
check_wr "first mdev: adapter 6 shares 06.0004" EADDRINUSE "$A/assign_adapter" "6"
is "$(rd "$B/matrix")" "06.0004 06.0005" "the failed assignment was undone"

# ---- control domains: range only, shareable
check_wr "assign_control_domain: garbage" EINVAL "$A/assign_control_domain" "z"
check_wr "assign_control_domain: above max" ENODEV "$A/assign_control_domain" "256"
check_wr "assign_control_domain 0x10" ok "$A/assign_control_domain" "0x10"
check_wr "assign_control_domain 4" ok "$A/assign_control_domain" "4"
check_wr "control domain shared with another mdev" ok "$B/assign_control_domain" "4"
check_wr "assign_control_domain: zcrypt domain is fine" ok "$A/assign_control_domain" "7"
check_wr "unassign_control_domain 7" ok "$A/unassign_control_domain" "7"
check_wr "unassign_control_domain: above max" ENODEV "$A/unassign_control_domain" "999"
is "$(cat "$A/control_domains")" "0004
0010" "control_domains: %04x per line"

# ---- ap_config
want="0x$(printf '1c%062d' 0),0x$(printf '0c%062d' 0),0x$(printf '08008%059d' 0)"
is "$(cat "$A/ap_config")" "$want" "ap_config read: apm,aqm,adm"
old=$(cat "$A/ap_config")
is "$(wrn "$A/ap_config" "0x10,0x08")" EINVAL "ap_config: two fields"
check_wr "ap_config: bad hex" EINVAL "$A/ap_config" "0x1g,0x08,0x00"
check_wr "ap_config: 65 digits" EINVAL "$A/ap_config" "0x$(printf '%065d' 0),0x08,0x00"
check_wr "ap_config: takes zcrypt's 07.0004" EADDRNOTAVAIL "$A/ap_config" "0x11,0x08,0x00"
check_wr "ap_config: shares 06.0004" EADDRINUSE "$A/ap_config" "0x12,0x08,0x00"
is "$(cat "$A/ap_config")" "$old" "a failed ap_config write changes nothing"
check_wr "ap_config: replace" ok "$A/ap_config" "0x18,0x0c,0x08"
is "$(rd "$A/matrix")" "03.0004 03.0005 04.0004 04.0005" "ap_config replaced the matrix"
is "$(cat "$A/control_domains")" "0004" "ap_config replaced the control domains"
# "A,B\n": strsep() leaves an empty third field, which clears adm
check_wr "ap_config: two fields and a newline" ok "$A/ap_config" "0x18,0x0c"
is "$(cat "$A/control_domains")" "" "... clears the control domains"
check_wr "ap_config: x prefix, third field empty" ok "$A/ap_config" "x10,x08,"
is "$(cat "$A/ap_config")" "0x$(printf '10%062d' 0),0x$(printf '08%062d' 0),0x$(printf '%064d' 0)" \
	"ap_config: short masks are left-aligned"

# ---- read-only and write-only files, sizes
check_wr "writing a read-only attribute" EACCES "$A/matrix" "1"
ok "$(cat "$A/assign_adapter" >/dev/null 2>&1; [ $? -ne 0 ]; echo $?)" \
	"reading a write-only attribute fails"
# kernfs cuts a write at PAGE_SIZE (fs/kernfs/file.c:318-323): the store sees
# 4096 zeros, adapter 0, which zcrypt owns; a store that takes them returns
# the short count
check_wr "more than a page: the store gets the first 4096 bytes" EADDRNOTAVAIL \
	"$A/assign_adapter" "$(printf '%05000d' 3)"
check_wr "more than a page: short count" "short write 4096 of 5001" "$A/remove" \
	"$(printf '%05000d' 0)"

# ---- remove
check_wr "remove: garbage" EINVAL "$B/remove" "yes"
check_wr "remove 0 is a no-op" ok "$B/remove" "0"
ok "$([ -d "$B" ]; echo $?)" "still there after remove 0"
check_wr "remove 1" ok "$B/remove" "1"
ok "$([ ! -e "$B" ] && [ ! -e "/sys/bus/mdev/devices/$UUID2" ]; echo $?)" "gone after remove"
is "$(cat "$T/available_instances")" 65535 "available_instances counts up again"
check_wr "create after remove" ok "$T/create" "$UUID2"
check_wr "create: bad UUID still EINVAL" EINVAL "$T/create" "$UUID1-"
done_testing
