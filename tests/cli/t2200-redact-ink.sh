#!/bin/sh
# What the reader sees is what counts. Each fixture (pdfgen ink NAME)
# draws a phone number and an IBAN where text extraction does not find
# them: a picture of text (an image object, and an inline image), an image
# used as a soft mask, text as outlines
# (beside text, and on a page with no text object at all),
# a tiling pattern, a Type3 glyph procedure, a Type3 font without ToUnicode
# whose glyph names read as other letters, content of an optional-content
# membership dictionary that shows exactly when a layer is off
# (/P /AllOff, /P /AnyOff and /VE [/Not ...]), glyphs whose /ActualText or ToUnicode
# map says other words than they draw, text set at 30 degrees (which
# extraction scrambles), and a scanned letter (300 dpi, turned
# 0.7 degrees, speckled, image only). After lakwerk redact with the
# default rules, neither secret may be in the released PDF's text, in its
# pixels (read by the tesseract program, independently of lakwerk's own
# OCR) nor in any of its bytes uncompressed, the visible sentences must stay searchable, and lakwerk verify
# must find the secrets in the unredacted fixture.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

command -v pdftotext >/dev/null || skip_all "pdftotext (poppler-utils) not found"
command -v pdftoppm >/dev/null || skip_all "pdftoppm (poppler-utils) not found"
command -v qpdf >/dev/null || skip_all "qpdf not found"
command -v tesseract >/dev/null || skip_all "tesseract not found"
tesseract --list-langs 2>/dev/null | grep -qx nld ||
    skip_all "tesseract has no Dutch model (tesseract-ocr-nld)"

RULES=$LAK_SRCDIR/redaction-rules/woo-default.rules
# the secrets as OCR or extraction may spell them (O/0, spaces)
SECRETS='12345678|1234 ?5678|NL91|ABNA|0417164300|417164'

# No secret in what any program gets out of released PDF $1 (named $2):
# its pixels as an independent OCR (tesseract) reads them, into $TMP/p.txt;
# its text (pdftotext), into $TMP/t; every byte once uncompressed (qpdf
# --qdf), without the structures that carry words beside the page.
no_secret_anywhere() {
	pdftoppm -r 300 -gray -singlefile "$1" "$TMP/p"
	tesseract "$TMP/p.pgm" "$TMP/p" -l nld+eng >/dev/null 2>&1 ||
	    fail "$2: tesseract failed"
	expect_no_grep "$SECRETS" "$TMP/p.txt"
	pdftotext "$1" "$TMP/t" || fail "$2: pdftotext failed"
	expect_no_grep "$SECRETS" "$TMP/t"
	qpdf --check "$1" >/dev/null 2>&1 && ok || fail "$2: qpdf --check"
	qpdf --qdf --object-streams=disable "$1" "$TMP/q.pdf" >/dev/null 2>&1
	if LC_ALL=C grep -a -Eiq -- "$SECRETS" "$TMP/q.pdf"; then
		fail "$2: a secret is in the bytes (qdf)"
	else
		ok
	fi
	for key in /ActualText /OCProperties /Annots /AcroForm; do
		if LC_ALL=C grep -a -q -- "$key\>" "$TMP/q.pdf"; then
			fail "$2: $key in the output"
			return
		fi
	done
	ok
}
PHONE_LINE=$(grep -n 'detector phone' "$RULES" | cut -d: -f1)
IBAN_LINE=$(grep -n 'detector iban' "$RULES" | cut -d: -f1)
FIXTURES="image-text inline-image softmask outline-text outline-only pattern type3 type3-names ocmd-alloff ocmd-anyoff ocmd-not actualtext tounicode angled scan"
mkdir "$TMP/in" "$TMP/red"
for fx in $FIXTURES; do
	case $fx in
	*-flate)
		# the same file with its content streams compressed: the
		# /ActualText is in no byte of the file as written
		"$PDFGEN" ink "${fx%-flate}" "$TMP/plain.pdf" &&
		    qpdf --compress-streams=y --object-streams=generate \
		    "$TMP/plain.pdf" "$TMP/in/$fx.pdf" ||
		    fail "pdfgen ink $fx"
		if LC_ALL=C grep -a -q ActualText "$TMP/in/$fx.pdf"; then
			fail "$fx: /ActualText readable in the bytes"
		else
			ok
		fi ;;
	*)	"$PDFGEN" ink "$fx" "$TMP/in/$fx.pdf" || fail "pdfgen ink $fx" ;;
	esac
done

# the fixtures do show the secrets: the independent OCR reads them
pdftoppm -r 300 -gray -singlefile "$TMP/in/image-text.pdf" "$TMP/orig"
tesseract "$TMP/orig.pgm" "$TMP/orig" -l nld+eng >/dev/null 2>&1
expect_grep '06-12345678' "$TMP/orig.txt"

# Optional content as the reader sees it: content that an /OCMD shows while
# a layer is off (the file's default) is extracted as text, without OCR,
# and is not taken for a hidden layer.
for fx in ocmd-alloff ocmd-anyoff ocmd-not; do
	expect_exit 0 "$LAKWERK" extract --no-ocr "$TMP/in/$fx.pdf"
	expect_grep '06-12345678' "$TMP/out"
	expect_exit 0 "$LAKWERK" extract --no-ocr --format xml "$TMP/in/$fx.pdf"
	expect_no_grep 'hidden-layer' "$TMP/out"
done

# The same content when the layer is on at open is hidden: a channel of
# its own that the rules run on, not released.
"$PDFGEN" ink ocmd-hidden "$TMP/ochid.pdf" || fail "pdfgen ink ocmd-hidden"
expect_exit 0 "$LAKWERK" extract --no-ocr --format xml "$TMP/ochid.pdf"
expect_grep 'hidden-layer.*06-12345678' "$TMP/out"
mkdir "$TMP/ochido"
expect_exit 0 "$LAKWERK" redact --rules "$RULES" --out "$TMP/ochido" "$TMP/ochid.pdf"
expect_grep "woo-default.rules:$PHONE_LINE,redact" "$TMP/ochido/ochid.plan.csv"
pdftotext "$TMP/ochido/ochid.pdf" "$TMP/ochid.txt"
expect_no_grep '12345678' "$TMP/ochid.txt"
expect_grep 'zichtbare tekst' "$TMP/ochid.txt"

# lakwerk verify reads the pixels too: every fixture is a finding
for fx in $FIXTURES; do
	expect_exit 3 "$LAKWERK" verify --rules "$RULES" "$TMP/in/$fx.pdf" &&
	    expect_grep 'a rule matches: "06[- ]12345678"' "$TMP/out"
done

SOURCE_DATE_EPOCH=1767225600 "$LAKWERK" redact --rules "$RULES" \
    --out "$TMP/red" "$TMP"/in/*.pdf >"$TMP/o" 2>"$TMP/err"
[ $? -eq 0 ] && ok || { fail "redact failed"; cat "$TMP/err" >&2; }

for fx in $FIXTURES; do
	out=$TMP/red/$fx.pdf
	[ -s "$out" ] || { fail "$fx: no output PDF"; continue; }
	# the plan redacts both (by the phone and the IBAN detector)
	expect_grep "woo-default.rules:$PHONE_LINE,redact" "$TMP/red/$fx.plan.csv"
	# (the Type3 font with lying glyph names draws the phone number only)
	[ "$fx" = type3-names ] ||
	    expect_grep "woo-default.rules:$IBAN_LINE,redact" "$TMP/red/$fx.plan.csv"
	# pixels, text and bytes: no secret; the sentence still searchable,
	# the labels there
	no_secret_anywhere "$out" "$fx"
	expect_grep '\[5\.1\.2e\]' "$TMP/t"
	if [ "$fx" = scan ]; then
		expect_grep 'dijkversterking' "$TMP/t"
		expect_grep 'Rilland' "$TMP/t"
		# the addressee's home address, by the address detector
		expect_no_grep 'Havenweg|4381|Vlissingen' "$TMP/t"
	elif [ "$fx" = outline-only ]; then
		expect_grep 'Telefoon' "$TMP/t"	# read by OCR, searchable now
	else
		expect_grep 'zichtbare tekst van de brief' "$TMP/t"
	fi
	# and lakwerk verify, which reads the pixels too, agrees
	expect_exit 0 "$LAKWERK" verify --rules "$RULES" "$out"
	# without reading our own invisible text layer (a Type3 font whose
	# glyphs draw nothing) line by line again
	"$LAKWERK" extract --format xml "$out" >"$TMP/rx.xml"
	expect_no_grep 'text-disagrees' "$TMP/rx.xml"
done

# The review report lists a page whose text says other words than its
# glyphs draw, for a person to look at.
expect_exit 0 "$LAKWERK" review --plan "$TMP/red/tounicode.plan.csv" \
    --out "$TMP/rep" "$TMP/in/tounicode.pdf"
expect_grep '"flags":\[[^]]*"text-disagrees"' "$TMP/rep/index.html"

# A filled-in form field whose appearance paints its value: the value is
# matched as an item, and the painted value, which no text of the page
# explains, is read by OCR and redacted in the released pixels.
"$PDFGEN" fixture form-field-ap "$TMP/ff.pdf"
mkdir "$TMP/ffo"
expect_exit 0 "$LAKWERK" redact --rules "$RULES" --out "$TMP/ffo" "$TMP/ff.pdf"
expect_grep '2 spans' "$TMP/out"
no_secret_anywhere "$TMP/ffo/ff.pdf" form-field-ap
expect_grep 'Zichtbare tekst' "$TMP/p.txt"
# and verify finds the painted value in the unredacted form
expect_exit 3 "$LAKWERK" verify --rules "$RULES" "$TMP/ff.pdf"
# and the output never overwrites the input
cp "$TMP/ff.pdf" "$TMP/ffo/self.pdf"
(cd "$TMP/ffo" && "$LAKWERK" redact --rules "$RULES" --out . self.pdf) \
    >"$TMP/out" 2>"$TMP/err"
[ $? -eq 1 ] && ok || fail "redact --out . over its input did not fail"
expect_grep 'would overwrite the input' "$TMP/err"
cmp -s "$TMP/ff.pdf" "$TMP/ffo/self.pdf" && ok || fail "the input was changed"

# Glyphs that draw half an em above the box their font declares (a Type3
# font): the black box grows to the ink that touches the ink inside it.
# The digits' ink begins about 257 pt from the top, their boxes at 266.8;
# the label in the text layer spans the black box.
"$PDFGEN" ink overhang "$TMP/oh.pdf" 2>/dev/null
mkdir "$TMP/oho"
expect_exit 0 "$LAKWERK" redact --rules "$RULES" --out "$TMP/oho" "$TMP/oh.pdf"
pdftotext -bbox "$TMP/oho/oh.pdf" - 2>/dev/null | grep '\[5\.1\.2e\]' |
    sed -n 's/.*yMin="\([0-9.]*\)".*/\1/p' | head -1 >"$TMP/ymin"
[ -s "$TMP/ymin" ] && awk '{ exit !($1 < 258) }' "$TMP/ymin" && ok ||
    fail "the box does not cover the glyphs' ink above it (top at $(cat "$TMP/ymin"))"

# A "released" page whose invisible text layer says the number is gone
# while the picture beside the label shows it: verify --read-redactions
# reads the line of every label again by OCR and finds it.
"$PDFGEN" ink lying-release "$TMP/lying.pdf"
expect_exit 3 "$LAKWERK" verify --read-redactions --rules "$RULES" "$TMP/lying.pdf" &&
    expect_grep 'pixels: a rule matches in the released pixels: "06-12345678"' "$TMP/out"
# and lakwerk's own releases pass it
expect_exit 0 "$LAKWERK" verify --read-redactions --rules "$RULES" \
    "$TMP/red/image-text.pdf" "$TMP/red/scan.pdf"

# a page that is only a picture without any text is still for a person
"$PDFGEN" fixture image-only "$TMP/blank.pdf"
"$LAKWERK" extract --format xml "$TMP/blank.pdf" >"$TMP/b.xml"
expect_grep '<page number="1" .*flags="needs-ocr"' "$TMP/b.xml"
# and a scan is read: OCR'd words, flagged as such, no needs-ocr
"$LAKWERK" extract --format xml "$TMP/in/scan.pdf" >"$TMP/s.xml"
expect_grep '<page number="1" [^>]*flags="ocr' "$TMP/s.xml"
expect_no_grep 'needs-ocr' "$TMP/s.xml"
done_testing
