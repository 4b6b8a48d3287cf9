#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vfio-ap-ctl host on the simulated small host: lszcrypt's selection (03,
# .0005, 03.0005), filters, states, drivers and modes as lszcrypt prints
# them, owners (active devices, auto-start definitions, libvirt guests) and
# the summary in ranges.

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"
ctl_enter_sim "$HOSTS/small.json"

ctl define -u "$U1" -a 3-4 -d 5-6 -c 0x10
is "$rc" 0 "define U1 (manual)"
ctl define -u "$U2" --auto -a 5 -d 7,8
is "$rc" 0 "define U2 (auto-start, not started)"
run mdevctl start -u "$U1"
is "$rc" 0 "start U1"
run "$APSIM" ctl mdev "$U1" guest 1
is "$rc" 0 "a guest opens U1"

# ---- the head: cards, configuration, summary --------------------------------
ctl host
is "$rc" 0 "host exits 0"
like "$out" '^03 +CEX8C +CCA-Coproc +online +93AAPSIM00010003 +14 +14$' "card 03: type, mode, status, serialnr"
like "$out" '^04 +CEX8P +EP11-Coproc +online ' "card 04: EP11-Coproc"
like "$out" '^05 +CEX7A +Accelerator +online +- ' "card 05: Accelerator, no serial number"
like "$out" '^usage_domains +0004-000b$' "usage domains in hexadecimal ranges"
like "$out" '^control_domains +0004-000b,0010$' "control domains in hexadecimal ranges"
like "$out" '^adapters +03-07,0a$' "adapters in hexadecimal ranges"
like "$out" '^all +48 +16 +26 +6$' "summary: 48 APQNs, 16 host, 26 free, 6 used"
like "$out" '^07,0a +8 +8 +0 +0$' "summary: cards 07 and 0a collapse into one row"
like "$out" "^host +- +- +16 +07,0a +0004-000b\$" "owners: the host's rectangle"
like "$out" "^$U1 +in-use +- +4 +03-04 +0005-0006\$" "owners: U1 in use, in ranges"
like "$out" "^$U2 +autostart +- +2 +05 +0007-0008\$" "owners: U2 (auto-start) is an owner"
is "$(printf '%s\n' "$out" | grep -c '^0[0-9a-f]\.')" 0 "no APQN rows without a selection"

ctl host --summary
is "$rc" 0 "host --summary exits 0"
is "$(printf '%s\n' "$out" | head -1)" "CARDS  APQNS  HOST  FREE  USED" "--summary starts with the count table"
ctl host -s 05
like "$out" '^05 +8 +0 +6 +2$' "--summary of card 05 only"
like "$out" '^all +8 +0 +6 +2$' "--summary of card 05: its total"

# ---- selection ----------------------------------------------------------------
ctl host 03
is "$rc" 0 "host 03 exits 0"
is "$(printf '%s\n' "$out" | grep -c '^03 ')" 1 "host 03: the card row"
is "$(printf '%s\n' "$out" | grep -c '^[0-9a-f][0-9a-f]\.')" 8 "host 03: its 8 queues"
is "$(printf '%s\n' "$out" | grep -c '^0[4-9a-f][ .]')" 0 "host 03: nothing of other cards"
ctl host .0005
is "$rc" 0 "host .0005 exits 0"
is "$(printf '%s\n' "$out" | head -1 | awk '{print $1}')" APQN "host .0005: no card table (as lszcrypt)"
is "$(printf '%s\n' "$out" | awk 'NR > 1 {print $1}' | tr '\n' ' ')" \
	"03.0005 04.0005 05.0005 06.0005 07.0005 0a.0005 " "host .0005: domain 5 of every card"
ctl host 03.0005
is "$(lines "$out")" 2 "host 03.0005: header and one row"
like "$out" "^03\\.0005 +in use +vfio_ap +$U1 +in-use +-\$" "03.0005: vfio_ap status, driver, owner, state"
ctl host 0x3.5 a
is "$rc" 0 "host 0x3.5 a exits 0"
is "$(printf '%s\n' "$out" | grep -c '^0a\.')" 8 "card a (0a) with its queues"
like "$out" '^03\.0005 ' "0x3.5 is 03.0005"
ctl host 07.0004
like "$out" '^07\.0004 +online +cex4queue +host +- +-$' "07.0004: online, cex4queue, the host's"
ctl host 05.0007
like "$out" "^05\\.0007 +unassigned +vfio_ap +$U2 +autostart +-\$" "05.0007: taken by auto-start U2"

# ---- filters ------------------------------------------------------------------
ctl host --free
is "$rc" 0 "host --free exits 0"
is "$(printf '%s\n' "$out" | awk 'NR > 1' | grep -vc ' free ')" 0 "--free: only free APQNs"
is "$(( $(lines "$out") - 1 ))" 26 "--free: 26 APQNs (32 for vfio_ap minus U1's 4 and U2's 2)"
ctl host --host-owned
is "$(printf '%s\n' "$out" | awk 'NR > 1 {print substr($1, 1, 2)}' | sort -u | tr '\n' ' ')" \
	"07 0a " "--host-owned: cards 07 and 0a"
ctl host --vfio 05
is "$(printf '%s\n' "$out" | grep -c '^05\.')" 8 "--vfio 05: all of card 05's 8 queues"
ctl host --free 05
is "$(printf '%s\n' "$out" | grep -c '^05\.')" 6 "--free 05: card 05 without U2's two"
ctl host --cca
is "$(printf '%s\n' "$out" | awk '/^[0-9a-f][0-9a-f] / {print $1}' | tr '\n' ' ')" \
	"03 06 07 " "--cca: the CCA cards"
is "$(printf '%s\n' "$out" | grep -c '^[0-9a-f][0-9a-f]\.')" 24 "--cca: their 24 queues"
ctl host --ep11 --accel -s
like "$out" '^all +24 +8 +12 +4$' "--ep11 --accel --summary: cards 04, 05, 0a"
ctl host --free --cca .0004
is "$(printf '%s\n' "$out" | awk 'NR > 1 {print $1}' | tr '\n' ' ')" \
	"03.0004 06.0004 " "--free --cca .0004: filters and selection combine"

# ---- states as lszcrypt prints them ---------------------------------------------
run "$APSIM" ctl card 4 config 0
run "$APSIM" ctl card 5 chkstop 1
run "$APSIM" ctl card 7 online 0
ctl host
like "$out" '^04 +CEX8P +EP11-Coproc +deconfig ' "a deconfigured card: deconfig"
like "$out" '^05 +CEX7A +Accelerator +chkstop ' "a check-stopped card: chkstop"
like "$out" '^07 +CEX8C +CCA-Coproc +offline ' "a card set offline: offline"
ctl host 04.0004 05.0004 07.0004
like "$out" '^04\.0004 +deconfig ' "a queue of a deconfigured card: deconfig"
like "$out" '^05\.0004 +chkstop ' "a queue of a check-stopped card: chkstop"
like "$out" '^07\.0004 +offline +cex4queue ' "a queue of an offline card: offline"
ctl host -j 04 05 07
jq_is '[.cards[] | .status] | join(",")' deconfig,chkstop,offline "JSON: card states"
jq_is '[.apqns[] | select(.domain == 4) | .status] | join(",")' deconfig,chkstop,offline \
	"JSON: queue states"
run "$APSIM" ctl card 4 config 1
run "$APSIM" ctl card 5 chkstop 0
run "$APSIM" ctl card 7 online 1

# a card in no mode: zcrypt binds neither it nor its queues
run "$APSIM" ctl card 9 add 0x800000000eff0007
is "$rc" 0 "card 09 appears, in no mode"
ctl host 09.0004 09
like "$out" '^09 +- +- +- +- +14 +14$' "a card without a driver: no type, mode, status or serial"
like "$out" '^09\.0004 +- +-no-driver- +host +- +-$' "its queue: -no-driver-, as lszcrypt says"
ctl host -j 09.0004 09
jq_is '[.cards[0].mode, .cards[0].status, .apqns[0].driver, .apqns[0].status] | @json' \
	'[null,null,null,null]' "JSON: null where the text has -"
run "$APSIM" ctl card 9 remove

# ---- JSON ---------------------------------------------------------------------
ctl host -j
jq_is 'keys_unsorted | join(",")' vfio-ap-ctl,host,cards,summary "host -j: keys"
jq_is '.cards | map(.card) | @json' '[3,4,5,6,7,10]' "host -j: cards"
jq_is '.cards[0] | keys_unsorted | join(",")' \
	card,type,mode,status,serialnr,hwtype,raw_hwtype,ap_functions,facilities,depth,max_msg_size,online \
	"host -j: card keys in order"
jq_is '.cards[] | select(.card == 5) | [.type, .mode, .status, .serialnr] | @json' \
	'["CEX7A","accel","online",null]' "host -j: card 05"
jq_is '.cards[] | select(.card == 3) | [.mode, .serialnr, (.facilities | join(" "))] | @json' \
	'["cca","93AAPSIM00010003","apsc mex4k crt4k apxa"]' "host -j: card 03, facilities by kernel name"
jq_is '.summary | [.apqns, .host, .free, .used] | @csv' '48,16,26,6' "host -j: summary counts"
jq_is ".summary.owners[] | select(.mdev == \"$U2\") | [.owner, .state, .apqns] | @csv" \
	'"autostart","autostart",2' "host -j: U2 owns 2 APQNs as auto-start"
jq_is ".summary.owners[] | select(.mdev == \"$U1\") | .ranges | @json" \
	'[{"adapters":[3,4],"domains":[5,6]}]' "host -j: U1's APQNs as one range"
jq_is '.summary.cards[] | select(.card == 7) | [.apqns, .host] | @csv' '8,8' "host -j: card 07 counts"
ctl host -j -q
jq_is '.apqns | length' 48 "host -q -j: every APQN"
jq_is '.apqns[0] | keys_unsorted | join(",")' \
	apqn,adapter,domain,status,driver,owner,mdev,state,guest "host -j: APQN keys in order"
jq_is '.apqns[] | select(.apqn == "03.0005") | [.owner, .mdev, .driver, .status, .state] | @csv' \
	"\"mdev\",\"$U1\",\"vfio_ap\",\"in-use\",\"in-use\"" "host -j: 03.0005 belongs to U1"
jq_is '.apqns[] | select(.apqn == "07.0004") | [.owner, (.mdev == null), .driver, .status] | @csv' \
	'"host",true,"cex4queue","online"' "host -j: 07.0004 belongs to the host"
jq_is '.apqns[] | select(.apqn == "05.0008") | [.owner, .mdev] | @csv' \
	"\"autostart\",\"$U2\"" "host -j: 05.0008 taken by U2"
ctl host -j .0005
jq_is 'has("cards")' false "host -j .0005: no cards (a domain selection)"
jq_is '.apqns | length' 6 "host -j .0005: 6 APQNs"

# ---- libvirt's running guests ---------------------------------------------------
mkdir -p "$_tap_tmp/libvirt"
cat >"$_tap_tmp/libvirt/web&db.xml" <<XML
<!--
WARNING: THIS IS AN AUTO-GENERATED FILE.
-->
<domstatus state='running' reason='booted' pid='4242'>
  <monitor path='/var/lib/libvirt/qemu/domain-1-web/monitor.sock' type='unix'/>
  <domain type='kvm' id='1'>
    <name>web&amp;db</name>
    <uuid>6b6bfcbc-2a0e-4f87-a7d4-0e8b1d4b6a3e</uuid>
    <devices>
      <hostdev mode='subsystem' type='pci' managed='yes'>
        <source><address domain='0x0000' bus='0x00' slot='0x01' function='0x0'/></source>
      </hostdev>
      <hostdev mode='subsystem' type='mdev' managed='no' model='vfio-ap'>
        <source>
          <address uuid='$U1'/>
        </source>
        <alias name='hostdev0'/>
      </hostdev>
    </devices>
  </domain>
</domstatus>
XML
printf 'not xml at all\n' >"$_tap_tmp/libvirt/junk.xml"
VFIO_AP_CTL_LIBVIRT_DIR=$_tap_tmp/libvirt
export VFIO_AP_CTL_LIBVIRT_DIR
ctl host 03.0005
like "$out" "^03\\.0005 +in use +vfio_ap +$U1 +in-use +web&db\$" "the libvirt guest using U1 is named"
ctl host -s
like "$out" "^$U1 +in-use +web&db +4 " "summary: the guest of U1"
ctl host -j 03.0005
jq_is '.apqns[0].guest' 'web&db' "host -j: guest"
unset VFIO_AP_CTL_LIBVIRT_DIR

# ---- serial numbers in the export ----------------------------------------------
ctl export -j "$U1"
is "$rc" 0 "export -j U1 exits 0"
jq_is '.cards | @json' \
	'[{"card":3,"type":"CEX8C","serialnr":"93AAPSIM00010003"},{"card":4,"type":"CEX8P","serialnr":"93AAPSIM00010004"}]' \
	"export -j: the source's cards with their serial numbers"

# ---- errors ---------------------------------------------------------------------
ctl host zz
is "$rc" 2 "host zz exits 2"
is "$err" "vfio-ap-ctl: host: invalid selection 'zz': not CARD, .DOMAIN or CARD.DOMAIN in hexadecimal" \
	"host zz: message"
ctl host .0100
is "$rc" 2 "host .0100 exits 2"
is "$err" "vfio-ap-ctl: host: invalid selection '.0100': domain above 00ff" "host .0100: message"
ctl host 100
is "$rc" 2 "host 100 (three digits) exits 2"
ctl host 08
is "$rc" 3 "host 08 (no such card) exits 3"
is "$err" "vfio-ap-ctl: host: no card 08" "host 08: message"
is "$out" "" "host 08: prints nothing"
ctl host 03.0020
is "$rc" 3 "host 03.0020 (no such queue) exits 3"
is "$err" "vfio-ap-ctl: host: no queue 03.0020" "host 03.0020: message"
ctl host .0020
is "$rc" 3 "host .0020 exits 3"
is "$err" "vfio-ap-ctl: host: no queue with domain 0020" "host .0020: message"
ctl host -s -q
is "$rc" 2 "--summary and --queues exclude each other"

done_testing
