#!/bin/sh
# Hostile and broken inputs: each fails with exactly one line
# "lakwerk: extract: FILE: reason", exit 1, no crash or hang, the other
# files are still processed, and nothing partial is written.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

D=$LAK_TESTDATA/ingest
good=$D/letter.txt

# bad_one NAME FILE REASON-REGEX [ARGS...]
bad_one() {
	name=$1 file=$2 reason=$3
	shift 3
	"$LAKWERK" extract "$@" "$file" "$good" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ $rc -ne 1 ]; then
		fail "$name: exit $rc, expected 1"
		sed 's/^/  stderr: /' "$TMP/err" >&2
		return
	fi
	ok
	expect_lines 1 "$TMP/err"
	expect_grep "^lakwerk: extract: $(printf '%s' "$file" | sed 's/[.[\*^$]/\\&/g'): $reason" "$TMP/err"
	# the good file after it was still extracted
	expect_grep '^Aan de Voorzitter' "$TMP/out"
}

bad_one missing "$TMP/does-not-exist.pdf" 'no such file'
mkdir "$TMP/dir.pdf"
bad_one directory "$TMP/dir.pdf" 'is a directory'
: >"$TMP/empty.pdf"
bad_one empty "$TMP/empty.pdf" 'empty file'
printf 'Dit is geen PDF maar tekst.\n' >"$TMP/fake.pdf"
bad_one not-a-pdf "$TMP/fake.pdf" 'not a PDF file'
bad_one mis-encoded "$D/mixed.txt" 'invalid UTF-8 at line 2, column 10'
bad_one binary "$D/binary.txt" 'binary file'

"$PDFGEN" fixture plain "$TMP/plain.pdf" || fail "pdfgen"
size=$(wc -c <"$TMP/plain.pdf")
head -c $((size / 2)) "$TMP/plain.pdf" >"$TMP/truncated.pdf"
bad_one truncated "$TMP/truncated.pdf" '(damaged|no pages|cannot be read)'
head -c 400 "$D/woo_besluit_landsadvocaat_stikstof.pdf" >"$TMP/truncated2.pdf"
bad_one truncated-real "$TMP/truncated2.pdf" '(damaged|no pages|cannot be read)'

# Encrypted: without the password a clear error, with it the text.
if command -v qpdf >/dev/null; then
	qpdf --encrypt geheim geheim-eigenaar 256 -- "$TMP/plain.pdf" "$TMP/enc.pdf" ||
	    fail "qpdf --encrypt"
	bad_one encrypted "$TMP/enc.pdf" 'encrypted.*--password'
	bad_one wrong-password "$TMP/enc.pdf" 'encrypted.*(wrong|incorrect)' --password fout
	expect_exit 0 "$LAKWERK" extract --password geheim "$TMP/enc.pdf"
	expect_grep '^Zichtbare tekst op de pagina\.$' "$TMP/out"
	"$LAKWERK" extract --format xml --password geheim "$TMP/enc.pdf" >"$TMP/enc.xml"
	expect_grep '<encrypted>yes</encrypted>' "$TMP/enc.xml"
else
	printf 'note: qpdf not found, encrypted PDF checks skipped\n' >&2
fi

# A page with an image and no text is read, and flagged.
"$PDFGEN" fixture image-only "$TMP/scan.pdf"
expect_exit 0 "$LAKWERK" extract --format summary "$TMP/scan.pdf"
expect_grep '1 page need OCR' "$TMP/out"
"$LAKWERK" extract --format xml "$TMP/scan.pdf" >"$TMP/scan.xml"
expect_grep '<page number="1" .*flags="needs-ocr"' "$TMP/scan.xml"

# 1,000 pages: read completely, one form feed between pages.
"$PDFGEN" pages 1000 "$TMP/big.pdf" || fail "pdfgen pages"
expect_exit 0 "$LAKWERK" extract --probe-dpi 0 "$TMP/big.pdf"
n=$(tr -cd '\f' <"$TMP/out" | wc -c)
[ "$n" -eq 999 ] && ok || fail "1000-page PDF: $n form feeds, expected 999"
expect_exit 1 "$LAKWERK" extract --max-pages 999 "$TMP/big.pdf"
expect_grep 'has 1000 pages.*--max-pages' "$TMP/err"

# --out: failures write nothing, successes are complete, no temp files.
mkdir "$TMP/o"
"$LAKWERK" extract --out "$TMP/o" "$TMP/fake.pdf" "$good" "$TMP/truncated.pdf" \
    >"$TMP/out" 2>"$TMP/err"
[ $? -eq 1 ] && ok || fail "--out with failures: expected exit 1"
expect_lines 2 "$TMP/err"
ls -A "$TMP/o" >"$TMP/ls"
printf 'letter.txt\n' >"$TMP/ls.want"
expect_same "$TMP/ls.want" "$TMP/ls"
"$LAKWERK" extract "$good" >"$TMP/direct"
expect_same "$TMP/direct" "$TMP/o/letter.txt"
# a missing output folder is made, as run --out does; one that cannot be
# made is one line naming it
expect_exit 0 "$LAKWERK" extract --out "$TMP/no/such/dir" "$good"
expect_same "$TMP/direct" "$TMP/no/such/dir/letter.txt"
: >"$TMP/plainfile"
expect_exit 1 "$LAKWERK" extract --out "$TMP/plainfile/dir" "$good" "$good"
expect_grep '^lakwerk: extract: --out .*plainfile/dir: .*plainfile' "$TMP/err"
expect_lines 1 "$TMP/err"
# the text of a.txt written to the folder a.txt is in: refused, input kept
mkdir "$TMP/self"
cp "$TMP/o/letter.txt" "$TMP/self/letter.txt"
expect_exit 1 "$LAKWERK" extract --out "$TMP/self" "$TMP/self/letter.txt"
expect_grep 'letter.txt: .*would overwrite the input' "$TMP/err"
expect_same "$TMP/o/letter.txt" "$TMP/self/letter.txt"
done_testing
