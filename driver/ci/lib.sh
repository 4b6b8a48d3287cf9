# SPDX-License-Identifier: GPL-2.0
# Sourced by ci/kernel-tests and scripts/build-series: TAP helpers and
# the small s390x kernel configuration both build. The caller sets
# kmake (the make command line, an array) before kernel_config, and may
# set kconfig_extra (scripts/config arguments, an array) for options to
# turn on again after each patch (a symbol a patch adds is only kept by
# olddefconfig once it exists).

n=0
failed=0
kconfig_extra=()
t0=$(date +%s)
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
diag() { echo "# $*"; }
elapsed() { echo $(($(date +%s) - t0)); }
# step NAME LOG CMD...: run CMD with output in LOG, one TAP line
step() {
	local name=$1 log=$2 s e
	shift 2
	s=$(date +%s)
	if "$@" >"$log" 2>&1; then
		e=$(date +%s)
		ok "$name ($((e - s)) s)"
		return 0
	fi
	e=$(date +%s)
	notok "$name ($((e - s)) s, log: $log)"
	tail -n 30 "$log" >&2
	return 1
}

# kernel_config SRC BUILD: tinyconfig + what vfio_ap and a QEMU boot need,
# VFIO_AP=m
kernel_config() {
	local src=$1 kbuild=$2
	mkdir -p "$kbuild" &&
	"${kmake[@]}" -C "$src" O="$kbuild" tinyconfig &&
	"$src/scripts/config" --file "$kbuild/.config" \
		-e MODULES -e MODULE_UNLOAD -e PRINTK -e TTY -e BLK_DEV_INITRD \
		-e DEVTMPFS -e PROC_FS -e SYSFS -e BINFMT_ELF -e EXPERT \
		-e VIRTUALIZATION -e KVM -e VFIO -e AP -m VFIO_AP \
		-e SCLP_TTY -e SCLP_CONSOLE -e SCLP_VT220_TTY -e SCLP_VT220_CONSOLE \
		-d RD_GZIP -d RD_BZIP2 -d RD_LZMA -d RD_XZ -d RD_LZO -d RD_LZ4 -d RD_ZSTD &&
	kconfig_again "$src" "$kbuild" &&
	grep -q '^CONFIG_VFIO_AP=m' "$kbuild/.config"
}

# kconfig_again SRC BUILD: kconfig_extra, then olddefconfig
kconfig_again() {
	if [ "${#kconfig_extra[@]}" -gt 0 ]; then
		"$1/scripts/config" --file "$2/.config" "${kconfig_extra[@]}" || return 1
	fi
	"${kmake[@]}" -C "$1" O="$2" olddefconfig
}

# apply_build SRC BUILD PATCH: the patch applies with patch -p1 and
# drivers/s390/crypto builds with W=1 after it
apply_build() {
	patch -p1 -N --no-backup-if-mismatch -d "$1" <"$3" &&
	kconfig_again "$1" "$2" &&
	"${kmake[@]}" -C "$1" O="$2" W=1 drivers/s390/crypto/
}

# checkpatch_series CHECKPATCH DIR: checkpatch --strict on every patch of
# an exported series but the cover letter. Two checks cannot be satisfied
# without a kernel git history and are ignored: UNKNOWN_COMMIT_ID
# (checkpatch looks Fixes: ids up with git; the ids are mainline's, see
# driver/README) and FILE_PATH_CHANGES (MAINTAINERS already covers
# drivers/s390/crypto/vfio_ap*).
checkpatch_series() {
	local p rc=0
	for p in "$2"/[0-9]*.patch; do
		case $p in */0000-cover-letter.patch) continue ;; esac
		GIT_DIR=/nonexistent "$1" --strict --no-tree --terse \
			--ignore UNKNOWN_COMMIT_ID,FILE_PATH_CHANGES "$p" || rc=1
	done
	return $rc
}

# series_same_tree SERIES TREE: the exported series (git am in
# SERIES/.git-work) gives the tree the patch flow gave
series_same_tree() {
	local f
	for f in $("$here/scripts/new-files"); do
		cmp "$here/$f" "$1/.git-work/drivers/s390/crypto/$f" || return 1
	done &&
	diff -r -x '*.o' -x '.*' -x '*.ko' -x '*.mod*' -x 'modules.order' -x '*.a' -x '*.orig' \
		"$1/.git-work/drivers/s390/crypto" "$2/drivers/s390/crypto" &&
	diff "$1/.git-work/arch/s390/Kconfig" "$2/arch/s390/Kconfig" &&
	for f in "$1"/.git-work/Documentation/arch/s390/*.rst; do
		[ -e "$f" ] || continue
		diff "$f" "$2/Documentation/arch/s390/${f##*/}" || return 1
	done
}
