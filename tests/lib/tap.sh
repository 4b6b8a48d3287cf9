# SPDX-License-Identifier: GPL-2.0-only
# TAP helpers for shell tests; source this file.
#
#   run CMD...            run CMD, capture $out, $err and $rc
#   ok COND_RC NAME       one TAP result (0 = pass)
#   is GOT WANT NAME      compare two strings
#   done_testing          print the plan, exit 1 if anything failed

_tap_n=0
_tap_failed=0
_tap_tmp=$(mktemp -d)
trap 'rm -rf "$_tap_tmp"' EXIT

run() {
	"$@" >"$_tap_tmp/out" 2>"$_tap_tmp/err"
	rc=$?
	out=$(cat "$_tap_tmp/out")
	err=$(cat "$_tap_tmp/err")
}

ok() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
	fi
}

is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | sed '3,$s/^/#         /'
	fi
}

# like GOT PATTERN NAME: grep -E match
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:  %s\n#   want: /%s/\n' "$1" "$2"
	fi
}

# lines TEXT: number of lines in TEXT
lines() {
	if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l; fi
}

done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
}
