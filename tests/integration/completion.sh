#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The bash completion of vfio-ap-ctl: installed by make install where
# configure says bash-completion looks, and _vfio_ap_ctl driven in a bash
# subshell (COMP_WORDS/COMP_CWORD as bash sets them) on the simulated small
# host: commands, every command's options against its --help, UUIDs of
# defined and active devices, card IDs and APQNs, export formats, files.

. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/ctl-lib.sh"

if ! command -v bash >/dev/null 2>&1; then
	echo "1..0 # SKIP bash is not installed"
	exit 0
fi
ctl_enter_sim "$HOSTS/small.json"

COMPLETION=$top_srcdir/completion/vfio-ap-ctl

# comp WORD...: what the completion offers for the command line WORD...,
# the last word being the one under the cursor; one per line, sorted. The
# command word is $PROG: vfio-ap-ctl (the build's, found on PATH) or a
# program that cannot run (the completion's own lists then).
PROG=vfio-ap-ctl
PATH=$top_builddir/tools:$PATH
export PATH
comp() {
	bash -c '
		. "$0" || exit 9
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_vfio_ap_ctl || exit 8
		printf "%s\n" "${COMPREPLY[@]}"
	' "$COMPLETION" "$PROG" "$@" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
}

# the options of a command's --help (the "Options:" lines), sorted
help_opts() {
	"$CTL" "$@" --help | sed -n '/^Options:/,$p' |
		grep -oE '^ +(-[A-Za-z], )?--[a-z][-a-z0-9]*(, --[a-z][-a-z0-9]*)*' |
		grep -oE -- '--?[A-Za-z][-a-z0-9]*' | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'
}

# ---- installed where bash-completion looks -------------------------------------
mkvar() {
	sed -n "s|^$1 = ||p" "$top_builddir/Makefile" | sed 1q
}
dest=$_tap_tmp/dest
(unset MAKEFLAGS MFLAGS; ${MAKE:-make} -s -C "$top_builddir" install-dist_bashcompletionDATA \
	DESTDIR="$dest") >"$_tap_tmp/install.log" 2>&1
ok $? "make installs the completion"
dir=$(unset MAKEFLAGS MFLAGS MAKELEVEL; cd "$top_builddir" &&
	${MAKE:-make} -s --no-print-directory -f Makefile -f - print-dir <<'MK'
print-dir:
	@echo '$(bashcompletiondir)'
MK
)
echo "# bashcompletiondir $dir (configure: $(mkvar bashcompletiondir))"
case $dir in
*/bash-completion/completions) ok 0 "a bash-completion completions directory" ;;
*) ok 1 "a bash-completion completions directory ($dir)" ;;
esac
cmp -s "$dest$dir/vfio-ap-ctl" "$COMPLETION"
ok $? "installed as $dir/vfio-ap-ctl (bash-completion loads it by the command's name)"
run bash -c ". '$dest$dir/vfio-ap-ctl' && complete -p vfio-ap-ctl"
is "$out" "complete -F _vfio_ap_ctl vfio-ap-ctl" "it registers _vfio_ap_ctl for vfio-ap-ctl"

# ---- commands and options ---------------------------------------------------------
cmds=$("$CTL" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}' |
	LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
is "$(comp '')" "$cmds" "the commands, as --help lists them"
is "$(comp mo)" "modify monitor" "mo: modify monitor"
is "$(comp ho)" "host" "ho: host"
is "$(comp -)" "$(help_opts)" "the global options, as --help lists them"
is "$(comp -j m)" "migration modify monitor" "after -j: still the commands"
for c in $cmds; do
	[ "$c" = help ] && continue
	is "$(comp "$c" -)" "$(help_opts "$c")" "$c: its options, as $c --help lists them"
done
# without a program to ask, the completion's own lists: nothing in them that
# --help does not have (they may lag behind a new option: --help is asked first)
PROG=/nonexistent/vfio-ap-ctl
# subset A B: every word of A is in B
subset() {
	for _w in $1; do
		case " $2 " in *" $_w "*) ;; *) echo "$_w"; return 1 ;; esac
	done
}
run subset "$(comp '')" "$cmds"
is "$rc:$out" "0:" "no program to ask: its own commands are all real ones"
run subset "$(comp -)" "$(help_opts)"
is "$rc:$out" "0:" "no program to ask: its global options are all real ones"
for c in $cmds; do
	[ "$c" = help ] && continue
	run subset "$(comp "$c" -)" "$(help_opts "$c")"
	is "$rc:$out" "0:" "no program to ask: $c's options are all in $c --help"
done
# a program whose --help has an option the lists do not know: offered
cat >"$_tap_tmp/fake-ctl" <<'SH'
#!/bin/sh
printf 'Usage: fake\n\nOptions:\n  -z, --zzz      new\n      --yy WORD  newer\n'
SH
chmod +x "$_tap_tmp/fake-ctl"
PROG=$_tap_tmp/fake-ctl
is "$(comp host -)" "--yy --zzz -z" "the options come from the program's --help"
PROG=vfio-ap-ctl
is "$(comp host --f)" "--free" "host --f: --free"
is "$(comp help '')" "$cmds" "help: the commands"

# ---- UUIDs of defined and active devices -------------------------------------------
ctl define -u "$U1" -a 3 -d 5
ctl define -u "$U2" --auto -a 4 -d 6
run mdevctl start -u "$U1"
run mdevctl start -u "$U3" -p matrix -t vfio_ap-passthrough
is "$rc" 0 "U3 is active, not defined"
is "$(comp show '')" "$U1 $U2 $U3" "show: defined and active UUIDs, each once"
is "$(comp show 2)" "$U2" "show 2: the UUID starting with 2"
is "$(comp show "$U1" '')" "" "show UUID: nothing more"
is "$(comp -j export -f stream '')" "$U1 $U2 $U3" "export -f stream: the UUIDs"
is "$(comp modify -a 5 '')" "$U1 $U2 $U3" "modify -a 5: the UUIDs (5 is -a's value)"
is "$(comp modify -a '')" "" "modify -a: no guess at IDs"
is "$(comp check x.json --target '')" "$U1 $U2 $U3" "check --target: the UUIDs"
is "$(comp migration 3)" "$U3" "migration 3: U3"
PROG=$_tap_tmp/fake-ctl
is "$(comp show --yy v '')" "$U1 $U2 $U3" "an option whose --help names a value takes the next word"
is "$(comp show --zzz v '')" "" "one that does not: the next word is the operand"
PROG=vfio-ap-ctl

# ---- host: cards and APQNs ---------------------------------------------------------
is "$(comp host '')" "03 04 05 06 07 0a" "host: the card IDs"
is "$(comp host 0a '')" "03 04 05 06 07 0a" "host 0a: more cards"
is "$(comp host 0)" "03 04 05 06 07 0a" "host 0: cards starting with 0"
is "$(comp host 03.000)" "03.0004 03.0005 03.0006 03.0007 03.0008 03.0009 03.000a 03.000b" \
	"host 03.000: card 03's APQNs"
is "$(comp host --free 07.000b)" "07.000b" "host --free 07.000b: that APQN"

# ---- export formats and files ------------------------------------------------------
is "$(comp export -f '')" "json mdevctl stream" "export -f: the formats"
is "$(comp export --format = s)" "stream" "export --format=s: stream"
: >"$_tap_tmp/guest.vfap"
is "$(comp decode "$_tap_tmp/gue")" "$_tap_tmp/guest.vfap" "decode: file names"
is "$(comp export -o "$_tap_tmp/gu")" "$_tap_tmp/guest.vfap" "export -o: file names"
is "$(comp define --from "$_tap_tmp/gu")" "$_tap_tmp/guest.vfap" "define --from: file names"
is "$(comp define --from x.json '')" "" "define --from FILE: no operand to offer"

done_testing
