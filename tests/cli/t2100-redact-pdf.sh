#!/bin/sh
# Redacted PDFs leak nothing yet stay searchable. Hostile PDFs hide
# secrets in every channel; after lakwerk redact, lakwerk verify AND
# independent tools (pdftotext, qpdf --check, qpdf --qdf then grep,
# pdfinfo, pdfdetach) must find none of them, the visible unredacted text
# must still be extractable, and every label must be on its page.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

command -v pdftotext >/dev/null || skip_all "pdftotext (poppler-utils) not found"
command -v qpdf >/dev/null || skip_all "qpdf not found"

cat >"$TMP/secrets.rules" <<'RULES'
5.1.2e term "Jansen"
5.1.2e term "Pietersen"
5.1.2e term "De Vries"
5.1.2e term "Bakker"
5.1.2e term "Smit"
5.1.2e term "Willemsen"
5.1.2e term "Geheime laag"
5.1.2e term "notities"
5.1.2e term "Karel"
5.1.2e term "Bakker-Smit"
5.1.2e term "officiele"
5.1.2e detector phone
RULES
SECRETS='Jansen|Pietersen|De Vries|Bakker|Smit|Willemsen|Geheime|notities|Karel|06-12345678|offici|ﬃci'
mkdir "$TMP/in" "$TMP/red"

# the hand-made fixtures, and a cairo page with a split name and ligatures
for fx in hidden-layer white-text invisible-text covered-text annotation \
    form-field attachment outline javascript incremental metadata; do
	"$PDFGEN" fixture "$fx" "$TMP/in/$fx.pdf" || fail "pdfgen $fx"
done
{
	printf '| Zichtbare tekst op de pagina. Een regel met de naam van mevrouw Bakker-\n'
	printf '| Smit, die zo over twee regels staat, en nog wat woorden meer.\n\n'
	printf 'De oﬃciële stukken blijven zichtbaar in dit oﬃciele verslag.\n'
} >"$TMP/split.txt"
"$PDFGEN" markup "$TMP/split.txt" "$TMP/in/split-ligature.pdf"
# the name really is split at a hyphen in the source
"$LAKWERK" extract --format xml "$TMP/in/split-ligature.pdf" >"$TMP/x.xml"
expect_grep '<hyphen page="1" [^>]*>Bakker-Smit,</hyphen>' "$TMP/x.xml"

SOURCE_DATE_EPOCH=1767225600 "$LAKWERK" redact --rules "$TMP/secrets.rules" \
    --out "$TMP/red" "$TMP"/in/*.pdf >"$TMP/o" 2>"$TMP/err"
[ $? -eq 0 ] && ok || { fail "redact failed"; cat "$TMP/err" >&2; }

for f in "$TMP"/in/*.pdf; do
	b=$(basename "$f" .pdf)
	out=$TMP/red/$b.pdf
	[ -s "$out" ] || { fail "$b: no output PDF"; continue; }
	# lakwerk verify
	"$LAKWERK" verify --rules "$TMP/secrets.rules" "$out" >"$TMP/v" 2>&1 &&
	    ok || { fail "$b: verify found something"; cat "$TMP/v" >&2; }
	"$LAKWERK" verify --rules "$TMP/secrets.rules" --plan "$TMP/red/$b.plan.csv" \
	    --source "$f" "$out" >"$TMP/v" 2>&1 && ok ||
	    { fail "$b: verify --plan found something"; cat "$TMP/v" >&2; }
	# pdftotext: no secret, the visible sentence, the labels
	pdftotext "$out" "$TMP/t" || fail "$b: pdftotext failed"
	if grep -Eiq -- "$SECRETS" "$TMP/t"; then
		fail "$b: pdftotext shows a secret: $(grep -Eio -- "$SECRETS" "$TMP/t" | head -3 | tr '\n' ' ')"
	else
		ok
	fi
	expect_grep 'Zichtbare tekst op de pagina\.' "$TMP/t"
	# qpdf: a clean file; uncompressed, no secret in any byte
	qpdf --check "$out" >/dev/null 2>&1 && ok || fail "$b: qpdf --check"
	qpdf --qdf --object-streams=disable "$out" "$TMP/q.pdf" >/dev/null 2>&1
	if LC_ALL=C grep -a -Eiq -- "$SECRETS" "$TMP/q.pdf"; then
		fail "$b: a secret is in the bytes (qdf)"
	else
		ok
	fi
	for key in /Annots /AcroForm /EmbeddedFiles /JavaScript /OpenAction \
	    /Outlines /OCProperties /PageLabels /ActualText; do
		if LC_ALL=C grep -a -q -- "$key" "$TMP/q.pdf"; then
			fail "$b: $key in the output"
		fi
	done
	ok
	n=$(LC_ALL=C grep -a -c '^startxref' "$out")
	[ "$n" -eq 1 ] && ok || fail "$b: $n startxref"
	pdfinfo "$out" >"$TMP/info"
	expect_grep "^Title: +$b\$" "$TMP/info"
	# tagged: a structure tree that holds every word of the text layer
	# (these pages have no running header, the only text left out of
	# it), the language and the title shown
	expect_grep '^Tagged: +yes' "$TMP/info"
	pdfinfo -struct-text "$out" >"$TMP/struct"
	expect_grep '^Document$' "$TMP/struct"
	sed -n 's/^ *"\(.*\)"$/\1/p' "$TMP/struct" | tr -d ' \n' | fold -w1 |
	    sort >"$TMP/s.chars"
	pdftotext "$out" - | tr -d ' \n\f' | fold -w1 | sort >"$TMP/t.chars"
	if [ -s "$TMP/s.chars" ] && cmp -s "$TMP/s.chars" "$TMP/t.chars"; then ok; else
		fail "$b: the structure's text is not the page's text"
	fi
	expect_grep '/Lang \(nl-NL\)' "$TMP/q.pdf"
	expect_grep '/DisplayDocTitle true' "$TMP/q.pdf"
	expect_grep '^Producer: +lakwerk ' "$TMP/info"
	expect_grep '^CreationDate: .*2026' "$TMP/info"
	n=$(pdfdetach -list "$out" | head -1 | grep -o '[0-9]*')
	[ "${n:-0}" -eq 0 ] && ok || fail "$b: $n attachments"
done

# the labels of text secrets are on their pages, and searchable
for b in hidden-layer white-text invisible-text covered-text split-ligature; do
	pdftotext "$TMP/red/$b.pdf" - | grep -q '\[5\.1\.2e\]' && ok ||
	    fail "$b: no [5.1.2e] label in the text"
done
pdftotext "$TMP/red/split-ligature.pdf" - >"$TMP/t"
expect_grep 'blijven zichtbaar' "$TMP/t"
expect_grep 'naam van mevrouw \[5\.1\.2e\]' "$TMP/t"

# the sources themselves fail verify
"$LAKWERK" verify --rules "$TMP/secrets.rules" "$TMP/in/incremental.pdf" >"$TMP/v" 2>&1
[ $? -eq 3 ] && ok || fail "verify of a source: expected exit 3"
expect_grep 'incremental.pdf: page 0: structure: 2 startxref' "$TMP/v"
expect_grep 'Willemsen' "$TMP/v"
"$LAKWERK" verify --rules "$TMP/secrets.rules" "$TMP/in/annotation.pdf" >"$TMP/v" 2>&1
[ $? -eq 3 ] && ok || fail "verify of the annotation source: expected exit 3"
expect_grep 'structure: file /Annots' "$TMP/v"
expect_grep 'annotation: .*Smit' "$TMP/v"
"$LAKWERK" verify --plan "$TMP/red/metadata.plan.csv" --source "$TMP/in/metadata.pdf" "$TMP/in/metadata.pdf" >"$TMP/v" 2>&1
[ $? -eq 3 ] && ok || fail "verify --plan of the metadata source: expected exit 3"
expect_grep 'metadata: redacted text is readable: "Jansen"' "$TMP/v"

# deterministic: the same input, rules and SOURCE_DATE_EPOCH, the same bytes
mkdir "$TMP/again"
SOURCE_DATE_EPOCH=1767225600 "$LAKWERK" redact --rules "$TMP/secrets.rules" \
    --out "$TMP/again" "$TMP/in/split-ligature.pdf" >/dev/null 2>&1
cmp -s "$TMP/red/split-ligature.pdf" "$TMP/again/split-ligature.pdf" && ok ||
    fail "two runs gave different bytes"

# withheld page and document; a text input gets a PDF too
printf '5.1.2i page 1\n' >"$TMP/page.rules"
mkdir "$TMP/wp"
expect_exit 0 "$LAKWERK" redact --rules "$TMP/page.rules" --out "$TMP/wp" "$TMP/in/white-text.pdf"
pdftotext "$TMP/wp/white-text.pdf" - >"$TMP/t"
expect_grep '\[5\.1\.2i\] pagina 1 geweigerd' "$TMP/t"
expect_no_grep 'Zichtbare' "$TMP/t"
printf '5.1.2i document\n' >"$TMP/doc.rules"
mkdir "$TMP/wd"
expect_exit 0 "$LAKWERK" redact --rules "$TMP/doc.rules" --out "$TMP/wd" "$TMP/in/white-text.pdf"
[ ! -e "$TMP/wd/white-text.pdf" ] && ok || fail "a withheld document got a PDF"
expect_grep ',document,' "$TMP/wd/white-text.plan.csv"
mkdir "$TMP/tx"
expect_exit 0 "$LAKWERK" redact --rules "$TMP/secrets.rules" --out "$TMP/tx" "$LAK_TESTDATA/ingest/letter.txt"
pdftotext "$TMP/tx/letter.pdf" - >"$TMP/t"
expect_grep 'mevrouw \[5\.1\.2e\]' "$TMP/t"
expect_no_grep 'Bakker|Smit' "$TMP/t"

# incoming documents: text under a black box is a fake redaction
"$LAKWERK" verify --incoming "$TMP/in/covered-text.pdf" >"$TMP/v" 2>&1
[ $? -eq 3 ] && ok || fail "verify --incoming: expected exit 3"
expect_grep 'page 1: text: text under a flat dark box .*Afgedekte naam Bakker' "$TMP/v"
"$PDFGEN" fixture plain "$TMP/plain.pdf"
expect_exit 0 "$LAKWERK" verify --incoming "$TMP/plain.pdf"
expect_grep 'plain.pdf: clean' "$TMP/out"
done_testing
