#!/bin/sh
# lakwerk render --out X.odt / X.docx: the samples' letter, answer sheet
# and press lines as documents to finish in a word processor. The files
# are valid packages (ZIP, well-formed XML, the ODF mimetype first and
# stored) with real styles, lists, footnotes and page-number fields; where
# LibreOffice is installed it opens them: their text, converted by it, is
# the PDF's text in the PDF's order, the footnotes are footnotes and the
# page numbers fields.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

S=$LAK_SRCDIR/samples/render
export SOURCE_DATE_EPOCH=1767225600
SOFFICE=$(command -v soffice || command -v libreoffice || true)
[ -n "$SOFFICE" ] || echo "t3002: no LibreOffice (Debian: libreoffice-writer-nogui): its checks are left out" >&2

# the lines of a file, NBSPs as spaces, without BOM and page footers
lines() {
	sed 's/\xc2\xa0/ /g; s/^\xef\xbb\xbf//; s/\f//g' "$1" |
	    grep -v '^Pagina [0-9]* van [0-9]*$'
}
# its text without white space between the first line matching $2 and
# the first after it matching $3, less the lines of file $4 (the sender
# column, which pdftotext may read beside the body)
region() {
	lines "$1" | sed -n "/$2/,/$3/p" | grep -v -x -F -f "$4" | tr -d ' \t\r\n'
}
# the words of a file before the first line matching $2
words_before() {
	lines "$1" | sed "/$2/,\$d" | tr -s ' \t\r' '\n\n\n' | grep -v '^$' | sort -u
}

for pair in kamerbrief:kamerbrief-waterberging:'^Geachte voorzitter,$':'^M\.J\. van Dalen$' \
    antwoorden:antwoorden-2026Z04512:'^Antwoorden van de':'Hoogwaterbeschermingsprogramma\.$' \
    woordvoering:woordvoering-hoogwater:'^Woordvoeringslijn':'besloten\.$'; do
	t=${pair%%:*}; rest=${pair#*:}
	src=${rest%%:*}; rest=${rest#*:}
	from=${rest%%:*}; to=${rest#*:}
	expect_exit 0 "$LAKWERK" render "$t" "$S/$src.txt" --out "$TMP/$t.pdf"
	pdftotext "$TMP/$t.pdf" "$TMP/$t.pdf.txt"
	for ext in odt docx; do
		f=$TMP/$t.$ext
		expect_exit 0 "$LAKWERK" render "$t" "$S/$src.txt" --out "$f" || continue
		expect_exit 0 unzip -tq "$f"
		rm -rf "$TMP/x" && mkdir "$TMP/x" && (cd "$TMP/x" && unzip -q "$f")
		bad=0
		for x in $(cd "$TMP/x" && find . -name '*.xml' -o -name '*.rels'); do
			xmllint --noout "$TMP/x/$x" 2>>"$TMP/xmlerr" || bad=1
		done
		[ $bad -eq 0 ] && ok || { fail "$t.$ext: XML not well-formed"; cat "$TMP/xmlerr" >&2; }
		if [ $ext = odt ]; then
			[ "$(unzip -Z1 "$f" | head -1)" = mimetype ] && ok || fail "$t.odt: mimetype not first"
			unzip -Zv "$f" mimetype | grep -q 'compression method: *none (stored)' &&
			    ok || fail "$t.odt: mimetype compressed"
			expect_grep 'text:page-number' "$TMP/x/styles.xml"
			expect_grep 'text:outline-level="[12]"' "$TMP/x/content.xml"
		else
			expect_grep 'w:instr=" PAGE "' "$TMP/x/word/footer1.xml"
			expect_grep 'w:pStyle w:val="(Heading[12]|Title)"' "$TMP/x/word/document.xml"
		fi
		# the same bytes for the same SOURCE_DATE_EPOCH
		"$LAKWERK" render "$t" "$S/$src.txt" --out "$TMP/again.$ext"
		expect_same "$f" "$TMP/again.$ext"
		[ -n "$SOFFICE" ] || continue
		# LibreOffice opens it: text and PDF
		rm -rf "$TMP/lo" && mkdir "$TMP/lo"
		HOME=$TMP/lo "$SOFFICE" --headless --convert-to txt:Text --outdir "$TMP/lo" "$f" \
		    >"$TMP/lo/log" 2>&1
		HOME=$TMP/lo "$SOFFICE" --headless --convert-to pdf --outdir "$TMP/lo" "$f" \
		    >>"$TMP/lo/log" 2>&1
		if [ ! -s "$TMP/lo/$t.txt" ] || [ ! -s "$TMP/lo/$t.pdf" ]; then
			fail "$t.$ext: LibreOffice did not convert it"; cat "$TMP/lo/log" >&2
			continue
		fi
		ok
		# the letterhead's lines (none for the sheets)
		lines "$TMP/lo/$t.txt" | sed "/$from/,\$d" | grep -v '^$' >"$TMP/head"
		[ -s "$TMP/head" ] || echo '@@none@@' >"$TMP/head"
		region "$TMP/$t.pdf.txt" "$from" "$to" "$TMP/head" >"$TMP/want"
		region "$TMP/lo/$t.txt" "$from" "$to" "$TMP/head" >"$TMP/got"
		[ -s "$TMP/want" ] && ok || fail "$t: no text between '$from' and '$to' in the PDF"
		expect_same "$TMP/want" "$TMP/got"
		# the letterhead: the same words as the PDF's
		if [ "$t" = kamerbrief ]; then
			lines "$TMP/$t.pdf.txt" | tr -s ' \t\r' '\n\n\n' | sort -u >"$TMP/pdf.w"
			words_before "$TMP/lo/$t.txt" "$from" >"$TMP/got.w"
			missing=$(comm -13 "$TMP/pdf.w" "$TMP/got.w" | tr '\n' ' ')
			[ -z "$missing" ] && ok || fail "$t.$ext: letterhead words not in the PDF: $missing"
			n=$(wc -l <"$TMP/got.w")
			[ "$n" -ge 30 ] && ok || fail "$t.$ext: $n letterhead words"
		fi
		# footnotes as footnotes, page numbers as fields
		pdftotext "$TMP/lo/$t.pdf" "$TMP/lo/$t.pdf.txt"
		expect_grep 'Pagina 1 van 1' "$TMP/lo/$t.pdf.txt"
		case $t in
		kamerbrief) expect_grep 'Kamerstuk 27.625, nr. 612' "$TMP/lo/$t.pdf.txt" ;;
		antwoorden) expect_grep 'Provinciale Zeeuwse Courant, 18 februari 2026' "$TMP/lo/$t.pdf.txt" ;;
		esac
	done
done
# an unknown layout for .odt says which there are
expect_exit 1 "$LAKWERK" render eigen "$S/kamerbrief-waterberging.txt" --templates "$TMP" --out "$TMP/x.odt"
expect_grep "no ODT layout named 'eigen'" "$TMP/err"
done_testing
