# SPDX-License-Identifier: GPL-2.0-only
# Scratch directories for tests that run in a private mount namespace
# (tests/sim/apsim-run): sourced by apsim-run and by the tests.
#
#   scratch_mount DIR   an empty tmpfs at DIR, private to this mount
#                       namespace, without creating anything on the host's
#                       file systems: where DIR does not exist (Debian 12's
#                       mdevctl ships no /usr/lib/mdevctl), its nearest
#                       existing ancestor is covered by an overlay whose
#                       changes go to a tmpfs, DIR is made in that overlay,
#                       and the mounts that were below the ancestor are
#                       moved back on top. Returns non-zero, having created
#                       nothing outside, when that cannot be done.
#   scratch_is_private DIR   true if DIR is a mount point of this namespace (what
#                       scratch_mount leaves): creating below it touches
#                       nothing of the host.

scratch_is_private() {
	[ -d "$1" ] && awk -v p="$1" '
		{ gsub(/\\040/, " ", $5); if ($5 == p) f = 1 }
		END { exit !f }' /proc/self/mountinfo
}

# the mount points strictly below $1 that are not below another of them
_scratch_submounts() {
	awk -v p="$1" '
		function unesc(s) { gsub(/\\040/, " ", s); gsub(/\\011/, "\t", s); return s }
		{ m = unesc($5); if (index(m, p "/") == 1) print m }' /proc/self/mountinfo |
		sort -u | awk 'NR == 1 || index($0, last "/") != 1 { print; last = $0 }'
}

# _scratch_overlay ANCESTOR WORK: the overlay over ANCESTOR, its layers in a
# tmpfs on WORK
_scratch_overlay() {
	mount -t tmpfs -o mode=0755 scratch-ovl "$2" || return 1
	mkdir "$2/upper" "$2/work" "$2/keep" || return 1
	_ss=$(_scratch_submounts "$1")
	_sn=0
	for _sm in $_ss; do
		_sn=$((_sn + 1))
		mkdir "$2/keep/$_sn" && mount --rbind "$_sm" "$2/keep/$_sn" || return 1
	done
	mount -t overlay -o "lowerdir=$1,upperdir=$2/upper,workdir=$2/work" scratch-ovl "$1" ||
		return 1
	_sn=0
	for _sm in $_ss; do
		_sn=$((_sn + 1))
		mount --move "$2/keep/$_sn" "$_sm" || return 1
	done
}

scratch_mount() {
	_sd=$1
	if [ ! -d "$_sd" ]; then
		_sp=$(dirname "$_sd")
		while [ ! -d "$_sp" ]; do
			_sp=$(dirname "$_sp")
		done
		[ "$_sp" != / ] || return 1
		# the layers live in a tmpfs on a scratch directory of /tmp, which
		# is detached and removed once the overlay holds them
		_so=$(mktemp -d "${TMPDIR:-/tmp}/scratch-ovl.XXXXXX") || return 1
		_scratch_overlay "$_sp" "$_so"
		_sr=$?
		umount -l "$_so" 2>/dev/null
		rmdir "$_so" 2>/dev/null
		[ "$_sr" -eq 0 ] && mkdir -p "$_sd" || return 1
	fi
	mount -t tmpfs -o mode=0755 scratch "$_sd"
}
