# Sourced by every scenario test. The Makefile exports:
#   LAKWERK       the built binary
#   LAK_LIB       the built liblakwerk.a
#   LAK_TESTDATA  tests/data in the source tree (read-only under distcheck)
#   LAK_SRCDIR    the source tree
#   PDFGEN        tests/tools/pdfgen
# Tests write only to $TMP, removed on exit.
set -u

test_name=$(basename "$0" .sh)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lak-$test_name.XXXXXX") || exit 99
trap 'rm -rf "$TMP"' EXIT
failures=0
count=0

fail() {
	printf 'FAIL %s: %s\n' "$test_name" "$*" >&2
	failures=$((failures + 1))
}

ok() {
	count=$((count + 1))
}

skip_all() {
	printf 'SKIP %s: %s\n' "$test_name" "$*" >&2
	exit 77
}

# expect_exit CODE CMD...: run CMD, stdout to $TMP/out, stderr to $TMP/err.
expect_exit() {
	want=$1
	shift
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "exit $got, expected $want: $*"
		sed 's/^/  stderr: /' "$TMP/err" >&2
		return 1
	fi
	ok
	return 0
}

# expect_grep PATTERN FILE: FILE has a line matching the extended regex.
expect_grep() {
	if grep -Eq -- "$1" "$2"; then
		ok
	else
		fail "no line matching '$1' in $(basename "$2")"
		sed 's/^/  | /' "$2" | head -20 >&2
	fi
}

expect_no_grep() {
	if grep -Eq -- "$1" "$2"; then
		fail "unexpected line matching '$1' in $(basename "$2")"
		grep -E -- "$1" "$2" | sed 's/^/  | /' | head -5 >&2
	else
		ok
	fi
}

# expect_lines N FILE: FILE has exactly N lines.
expect_lines() {
	n=$(wc -l <"$2")
	if [ "$n" -eq "$1" ]; then
		ok
	else
		fail "$(basename "$2") has $n lines, expected $1"
		sed 's/^/  | /' "$2" | head -20 >&2
	fi
}

# expect_same EXPECTED ACTUAL: files are identical.
expect_same() {
	if cmp -s "$1" "$2"; then
		ok
	else
		fail "$(basename "$2") differs from $(basename "$1")"
		diff -u "$1" "$2" | head -40 >&2
	fi
}

done_testing() {
	if [ "$failures" -ne 0 ]; then
		printf '%s: %d of %d checks failed\n' "$test_name" \
		    "$failures" "$((count + failures))" >&2
		exit 1
	fi
	printf '%s: %d checks passed\n' "$test_name" "$count"
	exit 0
}
