#!/bin/sh
# lakwerk render, as a ministry sends letters: the source is never
# overwritten; an empty Aanhef or Slot leaves it out of every format;
# answer sheets with "de minister voor ..." and "mede namens", the bare
# "Antwoord" heading as written, the reference on every page; the cover
# letter's sentence; the PDF's letterhead (retouradres, wordmark), Betreft
# wrapped under itself, amounts, articles and postcodes kept whole at line
# ends; the press lines' status once and their lists at one indent.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

S=$LAK_SRCDIR/samples/render
command -v pdftotext >/dev/null || skip_all "no pdftotext (poppler-utils)"

# --- the source is never the output ----------------------------------------
cp "$S/kamerbrief-waterberging.txt" "$TMP/brief.txt"
cp "$TMP/brief.txt" "$TMP/brief.orig"
expect_exit 2 "$LAKWERK" render kamerbrief "$TMP/brief.txt" --out "$TMP/brief.txt"
expect_grep 'is the source .*brief.txt: the letter would overwrite it' "$TMP/err"
ln -s brief.txt "$TMP/link.txt"
expect_exit 2 "$LAKWERK" render kamerbrief "$TMP/brief.txt" --out "$TMP/link.txt"
ln "$TMP/brief.txt" "$TMP/hard.txt"
expect_exit 2 "$LAKWERK" render kamerbrief "$TMP/brief.txt" --out "$TMP/hard.txt"
expect_same "$TMP/brief.orig" "$TMP/brief.txt"
expect_exit 2 "$LAKWERK" render kamerbrief "$TMP/brief.txt" --out "$TMP/x.doc"
expect_grep '\.pdf, \.odt, \.docx, \.html, \.txt or \.md' "$TMP/err"

# --- an empty Aanhef: and Slot: leave them out, in every format -----------
sed 's/^Functie:/Aanhef:\nSlot:\nFunctie:/' "$S/kamerbrief-waterberging.txt" >"$TMP/kaal.src"
for ext in txt html md pdf; do
	expect_exit 0 "$LAKWERK" render kamerbrief "$TMP/kaal.src" --out "$TMP/kaal.$ext"
done
pdftotext "$TMP/kaal.pdf" "$TMP/kaal.pdf.txt"
for f in kaal.txt kaal.html kaal.md kaal.pdf.txt; do
	expect_no_grep 'Geachte voorzitter|Hoogachtend' "$TMP/$f"
done
# and without the keys, the usual ones
for ext in txt html pdf; do
	expect_exit 0 "$LAKWERK" render kamerbrief "$S/kamerbrief-waterberging.txt" --out "$TMP/k.$ext"
done
pdftotext "$TMP/k.pdf" "$TMP/k.pdf.txt"
for f in k.txt k.html k.pdf.txt; do
	expect_grep 'Geachte voorzitter,' "$TMP/$f"
	expect_grep 'Hoogachtend,' "$TMP/$f"
done

# --- answer sheets as published ones read ----------------------------------
sed -e 's/^Minister: .*/Minister: de minister voor Klimaat en Groene Groei/' \
    -e 's/^Leden: .*/Lid: Kuipers\nPartij: D66\nMede namens: de staatssecretaris van Waterbeheer\nOns kenmerk: WR\/2026-0042/' \
    "$S/antwoorden-2026Z04512.txt" >"$TMP/ant.src"
T='Antwoorden van de minister voor Klimaat en Groene Groei, mede namens de staatssecretaris van Waterbeheer, op vragen van het lid Kuipers \(D66\) over'
for ext in txt html pdf; do
	expect_exit 0 "$LAKWERK" render antwoorden "$TMP/ant.src" --out "$TMP/ant.$ext"
done
pdftotext "$TMP/ant.pdf" - | tr '\n' ' ' | sed 's/  */ /g' >"$TMP/ant.pdf.txt"
for f in ant.txt ant.html ant.pdf.txt; do
	expect_grep "$T" "$TMP/$f"
	expect_no_grep 'de de ' "$TMP/$f"
done
# the bare "Antwoord" stays as written; the numbered ones keep their numbers
expect_grep '^Antwoord$' "$TMP/ant.txt"
expect_no_grep 'Antwoord vraag 1$' "$TMP/ant.txt"
expect_grep '^Antwoord vragen 2 en 3$' "$TMP/ant.txt"
# the reference on every page of a sheet that runs over pages
{
	sed -n '1,/^$/p' "$TMP/ant.src"
	i=1
	while [ $i -le 30 ]; do
		printf 'Vraag %d\nWat is de stand van zaken bij dijkvak %d, en wanneer is het werk klaar?\n\n' $i $i
		printf 'Antwoord vraag %d\nHet werk aan dijkvak %d ligt op schema en is naar verwachting in 2028 klaar.\n\n' $i $i
		i=$((i + 1))
	done
} >"$TMP/lang.txt"
expect_exit 0 "$LAKWERK" render antwoorden "$TMP/lang.txt" --out "$TMP/lang.pdf"
pages=$(pdfinfo "$TMP/lang.pdf" | awk '/^Pages:/ { print $2 }')
refs=$(pdftotext "$TMP/lang.pdf" - | grep -c '^Onze referentie$')
[ "$pages" -ge 2 ] && [ "$refs" -eq "$pages" ] && ok ||
    fail "Onze referentie on $refs of $pages pages"
# the cover letter: the party and the questions' kenmerk
expect_exit 0 "$LAKWERK" render aanbiedingsbrief "$TMP/ant.src" --out "$TMP/ab.txt"
expect_grep '^Hierbij zend ik u, mede namens de staatssecretaris van Waterbeheer, de antwoorden op de vragen van het lid Kuipers \(D66\) over .* \(ingezonden 20 februari 2026 met kenmerk 2026Z04512\)\.$' "$TMP/ab.txt"
expect_grep '^De minister voor Klimaat en Groene Groei,$' "$TMP/ab.txt"
# its Aanhef: and Slot: from the answers source
sed 's/^Datum:/Aanhef: Geachte mevrouw de voorzitter,\nDatum:/' "$TMP/ant.src" >"$TMP/ant2.txt"
expect_exit 0 "$LAKWERK" render aanbiedingsbrief "$TMP/ant2.txt" --out "$TMP/ab2.txt"
expect_grep '^Geachte mevrouw de voorzitter,$' "$TMP/ab2.txt"

# --- the PDF's letterhead ---------------------------------------------------
expect_grep '^> Retouradres Postbus 20905 2500 EX Den Haag$' "$TMP/k.pdf.txt"
# a postcode and its place on one line in the narrow sender column
expect_grep '^2500.EX.Den.Haag$' "$TMP/k.pdf.txt"
# a Betreft that wraps goes on under itself, not under the label
sed 's/^Betreft: .*/Betreft: Voortgang van het programma Waterberging Rivierengebied en de gevolgen voor de planning van de dijkversterkingen langs de Maas en de Waal slotwoord/' \
    "$S/kamerbrief-waterberging.txt" >"$TMP/lang-betreft.txt"
expect_exit 0 "$LAKWERK" render kamerbrief "$TMP/lang-betreft.txt" --out "$TMP/lb.pdf"
pdftotext -bbox "$TMP/lb.pdf" "$TMP/lb.html"
x_first=$(grep '>Voortgang<' "$TMP/lb.html" | head -1 | sed 's/.*xMin="\([0-9.]*\)".*/\1/')
x_last=$(grep '>slotwoord<' "$TMP/lb.html" | head -1 | sed 's/.*xMin="\([0-9.]*\)".*/\1/')
y_first=$(grep '>Voortgang<' "$TMP/lb.html" | head -1 | sed 's/.*yMin="\([0-9.]*\)".*/\1/')
y_last=$(grep '>slotwoord<' "$TMP/lb.html" | head -1 | sed 's/.*yMin="\([0-9.]*\)".*/\1/')
echo "$x_first $x_last $y_first $y_last" | awk '{ exit !($4 > $3 + 5 && $2 >= $1 - 1) }' && ok ||
    fail "Betreft's second line at x $x_last, its first at $x_first (y $y_first, $y_last)"
# "€ 1,42", "art. 5.1", "nr. 12" and a postcode never split at a line end
{
	sed -n '1,/^$/p' "$S/kamerbrief-waterberging.txt"
	i=0
	while [ $i -lt 12 ]; do
		echo "Zie art. 5.1 van de wet en nr. 12 van de lijst: de kosten zijn € 1,42 per inwoner van 2500 EX Den Haag of 4381 AB Vlissingen, en € 1.000.000 in totaal $i."
		i=$((i + 1))
	done
} >"$TMP/nbsp.txt"
expect_exit 0 "$LAKWERK" render kamerbrief "$TMP/nbsp.txt" --out "$TMP/nbsp.pdf"
pdftotext "$TMP/nbsp.pdf" "$TMP/nbsp.pdf.txt"
sed -n '/^Geachte voorzitter,$/,/^Hoogachtend,$/p' "$TMP/nbsp.pdf.txt" >"$TMP/body"
n=$(grep -o '1,42' "$TMP/body" | wc -l)
[ "$n" -eq 12 ] && ok || fail "nbsp.pdf: $n of 12 amounts"
expect_no_grep '(€|art\.|nr\.|2500|4381|EX|AB|Den)$' "$TMP/body"
expect_no_grep '^(1,42|1\.000\.000|5\.1|12 |EX|AB|Den|Haag|Vlissingen)' "$TMP/body"
# a wordmark from the source, a PNG beside it; a missing one is an error
# at its line
printf '\211PNG\r\n\032\n' >/dev/null
"$PDFGEN" png "$TMP/woordmerk.png" 2>/dev/null ||
    python3 -c 'import zlib,struct,sys
def chunk(t,d): return struct.pack(">I",len(d))+t+d+struct.pack(">I",zlib.crc32(t+d))
raw=b"".join(b"\0"+b"\0\0\0"*40 for _ in range(10))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n"+chunk(b"IHDR",struct.pack(">IIBBBBB",40,10,8,2,0,0,0))+chunk(b"IDAT",zlib.compress(raw))+chunk(b"IEND",b""))' >"$TMP/woordmerk.png"
sed 's/^Ministerie:/Logo: woordmerk.png\nMinisterie:/' "$S/kamerbrief-waterberging.txt" >"$TMP/logo.txt"
expect_exit 0 "$LAKWERK" render kamerbrief "$TMP/logo.txt" --out "$TMP/logo.pdf"
n=$(pdfimages -list "$TMP/logo.pdf" | tail -n +3 | wc -l)
[ "$n" -eq 1 ] && ok || fail "logo.pdf has $n images"
expect_exit 0 "$LAKWERK" render kamerbrief "$TMP/logo.txt" --out "$TMP/logo.html"
expect_grep '<img class="woordmerk" src="woordmerk.png"' "$TMP/logo.html"
sed 's/^Ministerie:/Logo: geen.png\nMinisterie:/' "$S/kamerbrief-waterberging.txt" >"$TMP/nologo.txt"
expect_exit 1 "$LAKWERK" render kamerbrief "$TMP/nologo.txt" --out "$TMP/x.pdf"
expect_grep 'nologo.txt:1:7: Logo: geen.png: No such file or directory' "$TMP/err"

# --- press lines: the status once, both lists at one indent ----------------
sed 's/^Status: .*/Status: concept/' "$S/woordvoering-hoogwater.txt" >"$TMP/wv.txt"
printf '\nAchtergrond\n- eerste punt van de achtergrond\n- tweede punt\n' >>"$TMP/wv.txt"
expect_exit 0 "$LAKWERK" render woordvoering "$TMP/wv.txt" --out "$TMP/wv.pdf"
pdftotext "$TMP/wv.pdf" "$TMP/wv.pdf.txt"
expect_grep '^Status: concept \(niet voor gebruik\)$' "$TMP/wv.pdf.txt"
pdftotext -bbox "$TMP/wv.pdf" "$TMP/wv.html"
xk=$(grep '>waterkeringen<' "$TMP/wv.html" | sed 's/.*xMin="\([0-9.]*\)".*/\1/' | head -1)
xa=$(grep '>eerste<' "$TMP/wv.html" | sed 's/.*xMin="\([0-9.]*\)".*/\1/' | head -1)
xk0=$(grep -B1 '>waterkeringen<' "$TMP/wv.html" | head -1 | sed 's/.*xMin="\([0-9.]*\)".*/\1/')
echo "$xk0 $xa" | awk '{ d = $1 - $2; exit !(d < 0.5 && d > -0.5) }' && ok ||
    fail "the Kernboodschap's items start at $xk0, the Achtergrond's at $xa"
done_testing
