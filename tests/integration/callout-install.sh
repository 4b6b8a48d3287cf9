#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# "make install DESTDIR=..." puts the callout where both mdevctl generations
# look, whatever the prefix: the binary in /usr/lib/mdevctl/scripts.d/callouts
# (mdevctl >= 1.3.0) and the wrapper in /etc/mdevctl.d/scripts.d/callouts
# (1.2.0), under a name that sorts before s390-tools' ap-check (mdevctl
# >= 1.3.0 runs the first callout by name that claims the type). The wrapper
# exits 2 when the binary is missing; under mdevctl 1.2.0 and the AP host
# simulator it runs the callout with mdevctl as its parent.
. "$top_srcdir/tests/lib/tap.sh"
. "$top_srcdir/tests/integration/callout-lib.sh"

# a variable of the build's Makefile, as configure set it
mkvar() {
	sed -n "s|^$1 = ||p" "$top_builddir/Makefile" | sed 1q
}

if [ "${CALLOUT_IN_SIM:-}" != 1 ]; then
	dest=$_tap_tmp/dest
	(unset MAKEFLAGS MFLAGS; ${MAKE:-make} -s -C "$top_builddir" install DESTDIR="$dest") \
		>"$_tap_tmp/install.log" 2>&1
	ok $? "make install DESTDIR=... succeeds"
	libdir=$(mkvar mdevctl_libdir)
	confdir=$(mkvar mdevctl_confdir)
	name=$(mkvar callout_name)
	if [ "$libdir" = /usr/lib/mdevctl ] && [ "$confdir" = /etc/mdevctl.d ]; then
		# the default configure (any prefix): the paths mdevctl really searches
		bin=$dest/usr/lib/mdevctl/scripts.d/callouts/$name
		wrapper=$dest/etc/mdevctl.d/scripts.d/callouts/$name.sh
		prefix=$(mkvar prefix)
		echo "# prefix $prefix"
	else
		echo "# configured with --with-mdevctl-libdir=$libdir --with-mdevctl-confdir=$confdir"
		bin=$(find "$dest" -path "*/scripts.d/callouts/$name" -type f)
		wrapper=$(find "$dest" -path "*/scripts.d/callouts/$name.sh" -type f)
	fi
	ok "$([ -f "$bin" ] && [ -x "$bin" ]; echo $?)" "binary installed as ${bin#"$dest"}"
	ok "$([ -f "$wrapper" ] && [ -x "$wrapper" ]; echo $?)" \
		"mdevctl 1.2.0 entry installed as ${wrapper#"$dest"}"
	first=$(printf '%s\nap-check\nap-check.sh\n' "$name" | LC_ALL=C sort | sed 1q)
	is "$first" "$name" "the installed name '$name' sorts before s390-tools' ap-check"
	case $name in
	*vfio-ap*) ok 0 "the installed name says what it is" ;;
	*) ok 1 "the installed name says what it is ('$name')" ;;
	esac
	n=$(find "$dest" -path '*scripts.d/callouts/*' -type f | wc -l)
	is "$n" 2 "nothing else in mdevctl's callout directories"
	target=$(sed -n "s/^callout='\\(.*\\)'\$/\\1/p" "$wrapper" 2>/dev/null)
	is "$target" "${bin#"$dest"}" "the wrapper runs the installed binary"
	ok "$(find "$dest" -name 'vfio-ap-callout.8*' | grep -q .; echo $?)" "man page installed"
	run "$bin" --version
	is "$rc" 0 "the installed binary runs"

	# the wrapper with the binary missing: "not my type" (2), not an error
	sed "s|^callout=.*|callout='$_tap_tmp/nonexistent/vfio-ap'|" "$wrapper" >"$_tap_tmp/w.sh"
	run sh "$_tap_tmp/w.sh" -t vfio_ap-passthrough -e pre -a start -s none \
		-u 11111111-1111-1111-1111-111111111111 -p matrix </dev/null
	is "$rc" 2 "wrapper without the binary: exit 2"
	is "$out$err" "" "wrapper without the binary: silent"

	if [ -x "$top_builddir/tests/sim/apsim-run" ] && command -v mdevctl >/dev/null; then
		cp "$bin" "$_tap_tmp/vfio-ap"
		sed "s|^callout=.*|callout='$_tap_tmp/vfio-ap'|" "$wrapper" >"$_tap_tmp/vfio-ap.sh"
		chmod +x "$_tap_tmp/vfio-ap.sh"
		export WRAPPER=$_tap_tmp/vfio-ap.sh CALLOUT_NAME=$name
		# the second half inside the simulator; its TAP numbers continue ours
		export TAP_FIRST=$_tap_n TAP_FAILED=$_tap_failed
		"$top_builddir/tests/sim/apsim-run" -- env CALLOUT_IN_SIM=1 /bin/sh "$0"
		exit $?
	fi
	echo "# the AP host simulator or mdevctl is missing: wrapper not run under mdevctl"
	done_testing
	exit $?
fi

# ---- inside the simulator: mdevctl 1.2.0 runs the wrapper, which execs the callout
_tap_n=$TAP_FIRST
_tap_failed=$TAP_FAILED
U1=11111111-1111-1111-1111-111111111111
U2=22222222-2222-2222-2222-222222222222
cp "$WRAPPER" "/etc/mdevctl.d/scripts.d/callouts/$CALLOUT_NAME.sh"
cfg auto assign_adapter=3 assign_domain=5 >"$_tap_tmp/c.json"
run mdevctl define -u "$U1" -p matrix --jsonfile "$_tap_tmp/c.json"
is "$rc" 0 "mdevctl define through the wrapper"
run mdevctl define -u "$U2" -p matrix --jsonfile "$_tap_tmp/c.json"
is "$rc" 1 "an overlapping auto definition is refused through the wrapper"
like "$err" "^$CALLOUT_NAME.sh: define of mdev $U2 refused" "mdevctl names the wrapper"
like "$err" "APQN 03.0005 is also defined for autostart by mdev $U1" "the callout's message"
run mdevctl start -u "$U1"
is "$rc" 0 "start through the wrapper"
no_lock "the lock (taken for mdevctl's PID through exec) is released by post"
done_testing
