#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vfio-ap-ctl decode: text and JSON output of valid streams, the one-line
# refusal of damaged ones, and the exit codes (vfio-ap-ctl(8)).

. "$top_srcdir/tests/lib/tap.sh"
ctl="$top_builddir/tools/vfio-ap-ctl"
d="$_tap_tmp"

# hex2bin HEX: write the bytes (POSIX printf has octal escapes only)
hex2bin() {
	for b in $(printf '%s' "$1" | sed 's/../& /g'); do
		# shellcheck disable=SC2059
		printf "\\$(printf '%03o' "0x$b")"
	done
}

# The stream of vfio-ap-migration(5), EXAMPLES: adapter 3, domains 5-6,
# control domains 5-6, hwinfo 0xf28000000e550007, interrupts off on 03.0005
# and on (ISC 3, indicator at 0x1234abc8) on 03.0006 (CRC computed with zlib).
z16=00000000000000000000000000000000 # 16 zero bytes
hdr2=76666170000100400000000000000002
hdr2=${hdr2}06000000000000000000000000000000$z16
hdr2=${hdr2}05d64515000000000000000000000000
irq2=0103000000000000000000001234abc8
q1=0305000000000000f28000000e550007$z16
q2=0306000000000000f28000000e550007$irq2
hex2bin "$hdr2$q1$q2" >"$d/two.vfap"
# no queues, no control domains
hex2bin "76666170000100400000000000000000$z16$z16"46c17f2a000000000000000000000000 \
	>"$d/zero.vfap"
# one queue fe.00ab, control domain 255, every unusual hwinfo field
h1=76666170000100400000000000000001$z16
h1=${h1}000000000000000000000000000000015364c56a000000000000000000000000
h1=${h1}feab0000000000000540c00010100f00$z16
hex2bin "$h1" >"$d/odd.vfap"

run "$ctl" decode "$d/two.vfap"
is "$rc" 0 "valid stream: exit 0"
is "$err" "" "valid stream: nothing on stderr"
is "$out" "Format:             vfio_ap migration stream, version 1
Size:               128 bytes (header 64, flags 0x00000000)
CRC-32:             0x05d64515 (valid)
Queues:             2
Adapters:           03
Usage domains:      0005-0006
Control domains:    0005-0006

Queue 03.0005: hwinfo 0xf28000000e550007
  Facilities:         APSC AP4KM AP4KC APXA
  Mode:               CCA
  Class:              0x80 (full native function)
  Bind state:         0 (usable)
  AP type:            14 (CEX8)
  Max message length: 12288 bytes (ml 0, default)
  Queue depth:        8 (qd 7)
  Number of domains:  85
  Interrupts:         off

Queue 03.0006: hwinfo 0xf28000000e550007
  Facilities:         APSC AP4KM AP4KC APXA
  Mode:               CCA
  Class:              0x80 (full native function)
  Bind state:         0 (usable)
  AP type:            14 (CEX8)
  Max message length: 12288 bytes (ml 0, default)
  Queue depth:        8 (qd 7)
  Number of domains:  85
  Interrupts:         on (ISC 3, indicator at 0x000000001234abc8)" "valid stream: every field decoded"

text=$out
run sh -c "\"$ctl\" decode - <\"$d/two.vfap\""
is "$rc" 0 "stdin: exit 0"
is "$out" "$text" "stdin: same output as the file"

run "$ctl" decode "$d/zero.vfap"
is "$rc" 0 "no queues: exit 0"
like "$out" '^Queues: +0$' "no queues: count 0"
like "$out" '^Control domains: +-$' "no control domains: '-'"
is "$(printf '%s\n' "$out" | grep -c '^Queue ')" 0 "no queues: no queue block"

run "$ctl" decode "$d/odd.vfap"
is "$rc" 0 "unusual hwinfo: exit 0"
like "$out" '^Queue fe\.00ab: hwinfo 0x0540c00010100f00$' "APQN AA.DDDD in hex"
like "$out" '^Control domains: +00ff$' "control domain 00ff (last bit of adm), hexadecimal as the APQNs"
like "$out" '^  Facilities: +SLCF$' "facilities: only SLCF"
like "$out" '^  Mode: +EP11$' "mode: EP11"
like "$out" '^  Class: +0x40 \(stateless functions only\)$' "class: stateless only"
like "$out" '^  Bind state: +3 \(unusable\)$' "bind state 3"
like "$out" '^  AP type: +16 \(newer than CEX8\)$' "AP type newer than CEX8"
like "$out" '^  Max message length: +61440 bytes \(ml 15\)$' "ml 15 = 60 KiB"
like "$out" '^  Queue depth: +1 \(qd 0\)$' "qd 0 = depth 1"
like "$out" '^  Number of domains: +16$' "number of domains"

# ---- JSON ----
run "$ctl" decode -j "$d/two.vfap"
is "$rc" 0 "-j: exit 0"
json=$out
run "$ctl" -j decode "$d/two.vfap"
is "$out" "$json" "global -j is the same as decode -j"
run "$ctl" decode --json "$d/two.vfap"
is "$out" "$json" "--json is -j"
if command -v jq >/dev/null; then
	q() { printf '%s\n' "$json" | jq -c "$1"; }
	is "$(q '."vfio-ap-ctl".command')" '"decode"' "JSON: meta object names the command"
	is "$(q '[.version, .header_len, .flags, .size, .num_queues, .crc32]')" \
		'[1,64,0,128,2,97928469]' "JSON: header fields"
	is "$(q '[.adapters, .domains, .control_domains]')" '[[3],[5,6],[5,6]]' "JSON: matrix"
	is "$(q '[.queues[].apqn]')" '["03.0005","03.0006"]' "JSON: APQNs"
	is "$(q '.queues[1] | [.adapter, .domain, .hwinfo]')" '[3,6,"0xf28000000e550007"]' \
		"JSON: queue adapter, domain, raw hwinfo"
	is "$(q '.queues[0] | [.facilities, .modes, .class, .class_native, .class_stateless]')" \
		'[["apsc","ap4km","ap4kc","apxa"],["cca"],128,true,false]' "JSON: facilities, modes, class"
	is "$(q '.queues[0] | [.bind_state, .ap_type, .ap_type_name, .ml, .max_msg_size]')" \
		'[0,14,"CEX8",0,12288]' "JSON: bind state, AP type, message length"
	is "$(q '.queues[0] | [.qd, .queue_depth, .num_domains]')" '[7,8,85]' \
		"JSON: queue depth, number of domains"
	is "$(q '[.queues[].irq]')" '[{"enabled":false},{"enabled":true,"isc":3,"nib":"0x000000001234abc8"}]' \
		"JSON: each queue's interrupt registration"
	json=$("$ctl" decode -j "$d/zero.vfap")
	is "$(q '[.num_queues, .queues, .control_domains]')" '[0,[],[]]' "JSON: empty stream"
else
	ok 0 "# SKIP jq not installed (JSON content)"
fi

# ---- refusals: one line naming the file and the reason, exit 5 ----
refused() {	# FILE PATTERN NAME
	run "$ctl" decode "$1"
	is "$rc" 5 "$3: exit 5"
	is "$out" "" "$3: nothing on stdout"
	is "$(lines "$err")" 1 "$3: one line on stderr"
	like "$err" "^vfio-ap-ctl: decode: $1: $2" "$3: names the file and the reason"
}

# one bit flipped in the first hwinfo
hex2bin "$hdr2" >"$d/crc.vfap"
hex2bin "0305000000000000f28000000e550107$z16$q2" >>"$d/crc.vfap"
refused "$d/crc.vfap" 'CRC' "CRC mismatch"
hex2bin "$hdr2$q1" >"$d/short.vfap"
refused "$d/short.vfap" '.*short' "truncated stream"
hex2bin "$hdr2$q1${q2}00" >"$d/long.vfap"
refused "$d/long.vfap" '.*long' "trailing byte"
hex2bin "7666617100010040" >"$d/magic.vfap"
hex2bin "${hdr2#7666617000010040}$q1$q2" >>"$d/magic.vfap"
refused "$d/magic.vfap" '.*magic' "bad magic"
hex2bin "7666617000020040" >"$d/version.vfap"
hex2bin "${hdr2#7666617000010040}$q1$q2" >>"$d/version.vfap"
refused "$d/version.vfap" '.*version 2' "version 2"
: >"$d/empty.vfap"
refused "$d/empty.vfap" '.*short' "empty file"
hex2bin "76666170000100400000000100000002${hdr2#????????????????????????????????}$q1$q2" \
	>"$d/flags.vfap"
refused "$d/flags.vfap" '.*flags' "unknown flag"
# an interrupt registration that is on without an indicator address (CRC fixed up)
hex2bin "76666170000100400000000000000001$z16$z16"fc97b55d000000000000000000000000 >"$d/irq.vfap"
hex2bin "0305000000000000f28000000e55000701030000000000000000000000000000" >>"$d/irq.vfap"
refused "$d/irq.vfap" '.*bad interrupt registration: irq 1, isc 3, nib 0x0' "interrupts on, no indicator"
# 65537 queues announced, 2 MiB of data behind: refused at the header, nothing read for it
hex2bin "76666170000100400000000000010001$z16$z16$z16" >"$d/count.vfap"
head -c 2097152 /dev/zero >>"$d/count.vfap"
refused "$d/count.vfap" '.*65537' "num_queues over the cap"
run sh -c "printf 'not a stream' | \"$ctl\" decode -"
is "$rc" 5 "garbage on stdin: exit 5"
like "$err" '^vfio-ap-ctl: decode: -: ' "stdin is named '-'"

# ---- other errors ----
run "$ctl" decode "$d/nosuch.vfap"
is "$rc" 3 "missing file: exit 3"
is "$err" "vfio-ap-ctl: decode: $d/nosuch.vfap: No such file or directory" "missing file: one line"
run "$ctl" decode "$d"
is "$rc" 1 "a directory: exit 1"
like "$err" "^vfio-ap-ctl: decode: $d: " "a directory: named"
if [ -w /dev/full ]; then
	run sh -c "\"$ctl\" decode \"$d/two.vfap\" >/dev/full"
	is "$rc" 1 "output write error: exit 1"
	like "$err" '^vfio-ap-ctl: decode: cannot write the output' "output write error: one line"
	run sh -c "\"$ctl\" decode -j \"$d/two.vfap\" >/dev/full"
	is "$rc" 1 "JSON output write error: exit 1"
else
	ok 0 "# SKIP no /dev/full"
fi
run "$ctl" decode
is "$rc" 2 "no FILE: exit 2"
is "$err" "vfio-ap-ctl: decode: no FILE given (try 'decode --help')" "no FILE: one line"
run "$ctl" decode "$d/two.vfap" "$d/two.vfap"
is "$rc" 2 "two FILEs: exit 2"
run "$ctl" decode --frob "$d/two.vfap"
is "$rc" 2 "unknown option: exit 2"
is "$err" "vfio-ap-ctl: decode: unknown option '--frob' (try 'decode --help')" \
	"unknown option: one line"
run "$ctl" decode --help
is "$rc" 0 "--help: exit 0"
like "$out" '^Usage: vfio-ap-ctl decode ' "--help: usage"
is "$err" "" "--help: nothing on stderr"
run "$ctl" help decode
like "$out" '^Usage: vfio-ap-ctl decode ' "help decode: usage"
run "$ctl" --help
like "$out" '^  decode +validate a migration stream' "listed in vfio-ap-ctl --help"

done_testing
