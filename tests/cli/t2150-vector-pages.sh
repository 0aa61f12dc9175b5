#!/bin/sh
# Vector pages: a page with nothing redacted and nothing in doubt keeps its
# vectors (poppler draws it onto a cairo PDF surface; what is not drawn is
# not written), and loses what a reader cannot see: a content-stream
# comment, a resource the page never uses, a JPEG's EXIF and comment, an
# image's XMP. A page with a redaction, a flagged page and --raster-all
# are pixels. Checked with the tools of other projects: pdfimages, qpdf
# --qdf then grep, pdftotext, pdfinfo.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

command -v pdfimages >/dev/null || skip_all "pdfimages (poppler-utils) not found"
command -v qpdf >/dev/null || skip_all "qpdf not found"

cat >"$TMP/r.rules" <<'RULES'
5.1.2e term "Jansen"
5.1.2e detector phone
5.1.2e detector iban
RULES
SECRETS='jansen|12345678|NL91ABNA|camera of|fotograaf|ongebruikt|foto gemaakt'
mkdir "$TMP/in" "$TMP/red" "$TMP/ras"
for fx in content-comment unused-form jpeg-exif; do
	"$PDFGEN" fixture "$fx" "$TMP/in/$fx.pdf" || fail "pdfgen $fx"
done
# two pages: the name on the second only
{
	printf '# Verslag\n\n'
	i=0
	while [ $i -lt 40 ]; do
		printf 'Dit is alinea %d van het verslag over de dijkversterking, met genoeg woorden om de regel te vullen.\n\n' $i
		i=$((i + 1))
	done
	printf 'Tot slot belde de heer Jansen over de planning.\n'
} >"$TMP/two.txt"
"$PDFGEN" markup "$TMP/two.txt" "$TMP/in/two.pdf" || fail "pdfgen markup"
n=$(pdfinfo "$TMP/in/two.pdf" | sed -n 's/^Pages: *//p')
[ "$n" -ge 2 ] && ok || fail "two.pdf has $n pages"

expect_exit 0 "$LAKWERK" redact --rules "$TMP/r.rules" --out "$TMP/red" \
    "$TMP"/in/*.pdf
expect_exit 0 "$LAKWERK" redact --raster-all --rules "$TMP/r.rules" \
    --out "$TMP/ras" "$TMP"/in/*.pdf

# pages that are pictures: bilevel page-size images (CCITT)
pictures() { pdfimages -list "$1" | awk 'NR > 2 && $9 == "ccitt"' | wc -l; }

for f in "$TMP"/in/*.pdf; do
	b=$(basename "$f" .pdf)
	out=$TMP/red/$b.pdf
	[ -s "$out" ] || { fail "$b: no output"; continue; }
	qpdf --check "$out" >/dev/null 2>&1 && ok || fail "$b: qpdf --check"
	qpdf --qdf --object-streams=disable "$out" "$TMP/q.pdf" >/dev/null 2>&1
	if LC_ALL=C grep -a -Eiq -- "$SECRETS" "$TMP/q.pdf"; then
		fail "$b: in the bytes: $(LC_ALL=C grep -a -Eio -- "$SECRETS" "$TMP/q.pdf" | sort -u | tr '\n' ' ')"
	else
		ok
	fi
	pdftotext "$out" "$TMP/t"
	if grep -Eiq -- "$SECRETS" "$TMP/t"; then fail "$b: pdftotext shows a secret"; else ok; fi
	pdfinfo "$out" >"$TMP/info"
	expect_grep '^Tagged: +yes' "$TMP/info"
	expect_exit 0 "$LAKWERK" verify --rules "$TMP/r.rules" "$out"
	# --raster-all: every page a picture
	np=$(pdfinfo "$TMP/ras/$b.pdf" | sed -n 's/^Pages: *//p')
	[ "$(pictures "$TMP/ras/$b.pdf")" -eq "$np" ] && ok ||
	    fail "$b: --raster-all left a page as vectors"
done

# the one-page fixtures: vectors, the visible text searchable and tagged
for b in content-comment unused-form jpeg-exif; do
	out=$TMP/red/$b.pdf
	[ "$(pictures "$out")" -eq 0 ] && ok || fail "$b: rasterised"
	pdftotext "$out" "$TMP/t"
	expect_grep 'Zichtbare tekst op de pagina\.' "$TMP/t"
	pdfinfo -struct-text "$out" >"$TMP/s"
	expect_grep '"Zichtbare tekst op de pagina\.' "$TMP/s"
done
# verify reads a vector page's own text: words a rule matches there are a
# finding naming the page (a leak on a vector page would be noticed)
printf '5.1.2e term "Zichtbare tekst"\n' >"$TMP/leak.rules"
for b in content-comment unused-form jpeg-exif; do
	expect_exit 3 "$LAKWERK" verify --rules "$TMP/leak.rules" "$TMP/red/$b.pdf"
	expect_grep "$b\.pdf.*page 1.*Zichtbare tekst" "$TMP/out"
done
# the photo is still a JPEG, without its EXIF and comment (JFIF stays)
pdfimages -list "$TMP/red/jpeg-exif.pdf" >"$TMP/l"
expect_grep ' jpeg ' "$TMP/l"
pdfimages -j "$TMP/red/jpeg-exif.pdf" "$TMP/img"
if LC_ALL=C grep -a -q 'JFIF' "$TMP"/img-000.jpg &&
    ! LC_ALL=C grep -a -Eiq 'Exif|jansen|foto' "$TMP"/img-000.jpg; then ok; else
	fail "the JPEG keeps its EXIF or comment, or lost its JFIF"
fi

# two pages: the first vectors, the second (the name) pixels
pdfimages -list "$TMP/red/two.pdf" | awk 'NR > 2 && $9 == "ccitt" { print $1 }' >"$TMP/p"
last=$(pdfinfo "$TMP/red/two.pdf" | sed -n 's/^Pages: *//p')
expect_grep "^$last\$" "$TMP/p"
expect_no_grep '^1$' "$TMP/p"
pdftotext -f 1 -l 1 "$TMP/red/two.pdf" "$TMP/t1"
expect_grep 'Dit is alinea 0 van het verslag' "$TMP/t1"
# smaller than the same pages as pixels
a=$(wc -c <"$TMP/red/two.pdf"); r=$(wc -c <"$TMP/ras/two.pdf")
[ "$a" -lt "$r" ] && ok || fail "vectors ($a bytes) not smaller than pixels ($r)"

# a page that is mostly mid-grey (a photo, a coloured panel) goes out as
# grey JPEG at half the resolution, not as black blotches; its redaction
# holds
"$PDFGEN" fixture grey-background "$TMP/grey.pdf"
expect_exit 0 "$LAKWERK" redact --rules "$TMP/r.rules" --out "$TMP/g" "$TMP/grey.pdf"
pdfimages -list "$TMP/g/grey.pdf" >"$TMP/gl"
expect_grep '^ +1 +0 image +827 +1170 +gray +1 +8 +jpeg' "$TMP/gl"
pdftotext "$TMP/g/grey.pdf" "$TMP/gt"
expect_grep 'Zichtbare tekst op grijs' "$TMP/gt"
expect_no_grep 'Jansen' "$TMP/gt"
expect_exit 0 "$LAKWERK" verify --rules "$TMP/r.rules" "$TMP/g/grey.pdf"
# and its text layer is read: a rule on its visible words is a finding
printf '5.1.2e term "tekst op grijs"\n' >"$TMP/leak2.rules"
expect_exit 3 "$LAKWERK" verify --rules "$TMP/leak2.rules" "$TMP/g/grey.pdf"
expect_grep 'grey\.pdf.*page 1.*tekst op grijs' "$TMP/out"

# a flagged page stays pixels: white text is hidden text
"$PDFGEN" fixture white-text "$TMP/white.pdf"
expect_exit 0 "$LAKWERK" redact --rules "$TMP/r.rules" --out "$TMP/w" "$TMP/white.pdf"
[ "$(pictures "$TMP/w/white.pdf")" -eq 1 ] && ok || fail "white text: not rasterised"

done_testing
