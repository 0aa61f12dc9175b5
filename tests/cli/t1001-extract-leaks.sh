#!/bin/sh
# Text a reader does not see is still extracted, and flagged: hidden
# layers, white, invisible and covered text, annotations, form fields,
# attachments, outline, scripts, incremental updates, unreliable fonts.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

# check FIXTURE REGEX...: the XML of the fixture matches every REGEX
check() {
	fx=$1
	shift
	"$PDFGEN" fixture "$fx" "$TMP/$fx.pdf" || { fail "pdfgen $fx"; return; }
	if ! "$LAKWERK" extract --format xml "$TMP/$fx.pdf" >"$TMP/$fx.xml" 2>"$TMP/err"; then
		fail "$fx: extract failed: $(cat "$TMP/err")"
		return
	fi
	if command -v xmllint >/dev/null; then
		xmllint --noout "$TMP/$fx.xml" && ok || fail "$fx: XML not well-formed"
	fi
	for re in "$@"; do
		expect_grep "$re" "$TMP/$fx.xml"
	done
}

check plain '<para>Zichtbare tekst op de pagina.</para>' '<revisions>1</revisions>'
check hidden-layer '<hidden flags="layer hidden-layer"[^>]*>Geheime laag Jansen</hidden>' \
    '<para>Geheime laag Jansen</para>'
check white-text '<hidden flags="background"[^>]*>Witte tekst Pietersen</hidden>'
check invisible-text '<hidden flags="invisible"[^>]*>Onzichtbare tekst De Vries</hidden>'
check covered-text '<hidden flags="covered"[^>]*>Afgedekte naam Bakker</hidden>'
check annotation '<item kind="annotation" page="1" subtype="text" name="J. Jansen">Opmerking: bel mevrouw Smit</item>'
check form-field '<item kind="form-field" page="1" subtype="text" name="telefoon">06-12345678</item>'
check attachment '<item kind="attachment"[^>]*name="notities.txt"'
check outline '<item kind="outline" level="1">Hoofdstuk over Jansen</item>'
check javascript '<item kind="script"'
check incremental '<revisions>2</revisions>'
check private-use '<page number="1" [^>]*flags="unreliable-text[" ]'

# The visible text of a hidden-layer PDF still reads first.
"$LAKWERK" extract "$TMP/hidden-layer.pdf" >"$TMP/hl.txt"
expect_grep '^Zichtbare tekst op de pagina\.$' "$TMP/hl.txt"

# --boxes: every character with its box, parsable.
"$LAKWERK" extract --format xml --boxes "$TMP/plain.pdf" >"$TMP/boxes.xml"
expect_grep '<c x0="72\.00" y0="[0-9.]+" x1="[0-9.]+" y1="[0-9.]+" font="[^"]+" size="12\.00">Z</c>' "$TMP/boxes.xml"
n=$(grep -c '<c ' "$TMP/boxes.xml")
[ "$n" -ge 29 ] && ok || fail "--boxes: only $n characters"

# The summary line names the leak channels.
"$LAKWERK" extract --format summary "$TMP/annotation.pdf" "$TMP/incremental.pdf" \
    "$TMP/white-text.pdf" >"$TMP/sum"
expect_grep 'annotation.pdf: other, 1 page, [0-9]+ chars, 1 leak item$' "$TMP/sum"
expect_grep 'incremental.pdf: .*, 2 revisions$' "$TMP/sum"
expect_grep 'white-text.pdf: .*, 19 hidden chars$' "$TMP/sum"
done_testing
