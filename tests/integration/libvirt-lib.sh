# SPDX-License-Identifier: GPL-2.0-only
# Helpers for the libvirt node-device tests; source after tests/lib/tap.sh
# and tests/integration/callout-lib.sh.
. "$top_srcdir/tests/lib/scratch.sh"
#
# libvirt's node-device driver (Debian 12: libvirt 9.0's libvirtd, which has
# no separate virtnodedevd; virtnodedevd is used where it exists) runs inside
# apsim-run with only the nodedev driver module loaded, its own config,
# socket and state directories, and the build's callout installed where
# mdevctl looks. It sees the simulated host through udev enumeration and the
# simulator's uevents, and drives mdevs through the real mdevctl.
#
#   libvirt_enter_sim    re-run the calling script inside apsim-run (or skip)
#   libvirt_start        start the daemon, wait until it has enumerated the
#                        host; one TAP line; the daemon is stopped at exit
#   vsh ARGS...          run virsh against it ($out, $err, $rc as run does)
#   mdev_xml UUID NAME=VALUE...   a vfio_ap-passthrough node-device XML
#   lv_name UUID         libvirt's name of a defined mdev of parent matrix
#   wait_for SECONDS CMD...       retry CMD every 0.1 s until it succeeds

lv_daemon=
lv_driver_dir=
for _d in /usr/lib/*/libvirt/connection-driver /usr/lib64/libvirt/connection-driver; do
	[ -e "$_d/libvirt_driver_nodedev.so" ] && lv_driver_dir=$_d && break
done
if [ -x /usr/sbin/virtnodedevd ]; then
	lv_daemon=/usr/sbin/virtnodedevd
	lv_sock=virtnodedevd-sock
elif [ -x /usr/sbin/libvirtd ]; then
	lv_daemon=/usr/sbin/libvirtd
	lv_sock=libvirt-sock
fi

libvirt_enter_sim() {
	if [ "${CALLOUT_IN_SIM:-}" != 1 ]; then
		if [ -z "$lv_daemon" ] || [ -z "$lv_driver_dir" ] || ! command -v virsh >/dev/null; then
			echo "1..0 # SKIP libvirt's node-device driver or virsh is not installed (libvirt-daemon, libvirt-clients)"
			exit 0
		fi
		need_mdevctl
	fi
	callout_enter_sim
}

libvirt_start() {
	_lv=$_tap_tmp/libvirt
	mkdir -p "$_lv/run" "$_lv/drivers"
	# the daemon's fixed state directories, private to this namespace, and
	# made in an overlay where they do not exist (never on the host's root)
	for _d in /run/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt; do
		scratch_mount "$_d" || return 1
	done
	ln -s "$lv_driver_dir/libvirt_driver_nodedev.so" "$_lv/drivers/"
	LV_LOG=$_lv/daemon.log
	cat >"$_lv/daemon.conf" <<-EOC
	unix_sock_dir = "$_lv/run"
	auth_unix_rw = "none"
	auth_unix_ro = "none"
	log_filters = "1:node_device 1:util.mdev 1:util.command 3:util 3:rpc 3:event"
	log_outputs = "1:file:$LV_LOG"
	EOC
	cp "$CALLOUT_BIN" /etc/mdevctl.d/scripts.d/callouts/00-vfio-ap
	LIBVIRT_DRIVER_DIR=$_lv/drivers "$lv_daemon" -f "$_lv/daemon.conf" -p "$_lv/pid" \
		</dev/null >"$_lv/daemon.out" 2>&1 &
	lv_pid=$!
	LV_URI="nodedev:///system?socket=$_lv/run/$lv_sock"
	trap 'libvirt_stop; rm -rf "$_tap_tmp"' EXIT
	# the socket is there before the driver has enumerated: wait for the
	# matrix device itself
	wait_for 20 sh -c 'virsh -q -c "$1" nodedev-list --cap ap_matrix 2>/dev/null | grep -q ap_matrix' \
		sh "$LV_URI"
	ok $? "libvirt: $(basename "$lv_daemon") with the nodedev driver enumerates the simulated host"
}

libvirt_stop() {
	[ -n "${lv_pid:-}" ] && kill "$lv_pid" 2>/dev/null && wait "$lv_pid" 2>/dev/null
	lv_pid=
}

vsh() {
	run virsh -q -c "$LV_URI" "$@"
}

# the daemon log's lines about mdevs and udev, for a failed test
lv_diag() {
	[ -r "${LV_LOG:-}" ] || return 0
	grep -E 'error :|udevHandleOneDevice|Discarding device .*matrix/' "$LV_LOG" |
		tail -n "${1:-8}" | cut -c1-240 | sed 's/^/#   libvirt log: /'
}

mdev_xml() {
	_u=$1
	shift
	printf '<device>\n  <parent>ap_matrix</parent>\n  <capability type="mdev">\n'
	printf '    <type id="%s"/>\n    <uuid>%s</uuid>\n' "$TYPE" "$_u"
	for _kv in "$@"; do
		printf '    <attr name="%s" value="%s"/>\n' "${_kv%%=*}" "${_kv#*=}"
	done
	printf '  </capability>\n</device>\n'
}

lv_name() {
	echo "mdev_$(echo "$1" | tr - _)_matrix"
}

wait_for() {
	_n=$(($1 * 10))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# lv_state NAME: "active" / "inactive" from nodedev-info
lv_active() {
	virsh -q -c "$LV_URI" nodedev-info "$1" 2>/dev/null | grep -q '^Active: *yes'
}
