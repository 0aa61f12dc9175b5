#!/bin/sh
# lakwerk render: the samples' letter, answers and press lines through the
# built-in templates (golden outputs), template overrides, and every
# validation error with its line.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

S=$LAK_SRCDIR/samples/render
G=$LAK_TESTDATA/render
for pair in kamerbrief:kamerbrief-waterberging antwoorden:antwoorden-2026Z04512 \
    woordvoering:woordvoering-hoogwater woo-besluit:woo-besluit-dijkversterking; do
	t=${pair%%:*}
	src=${pair#*:}
	for ext in txt html md; do
		expect_exit 0 "$LAKWERK" render "$t" "$S/$src.txt" --out "$TMP/$t.$ext" &&
		    expect_same "$G/$t.$ext" "$TMP/$t.$ext"
	done
done
# the answers in order, grouped answers printed once
expect_grep '^Antwoord vragen 2 en 3$' "$TMP/antwoorden.txt"
n=$(grep -cE '^Antwoord( |$)' "$TMP/antwoorden.txt")
[ "$n" -eq 3 ] && ok || fail "expected 3 answer headings, got $n"
expect_grep '<html lang="nl">' "$TMP/kamerbrief.html"
expect_grep '@media print' "$TMP/kamerbrief.html"
expect_grep 'Datum      14 oktober 2026' "$TMP/kamerbrief.txt"

# the decision letter: its sections in the order of published decisions
order=$(grep -n -x -e 'Uw Woo-verzoek' -e 'Verloop van de procedure' -e 'Wettelijk kader' \
    -e 'Inventarisatie documenten' -e 'Besluit' -e 'Overwegingen' -e 'Plaatsing op het internet' \
    -e 'Bezwaarclausule' "$TMP/woo-besluit.txt" | cut -d: -f2 | tr '\n' '|')
[ "$order" = 'Uw Woo-verzoek|Verloop van de procedure|Wettelijk kader|Inventarisatie documenten|Besluit|Overwegingen|Plaatsing op het internet|Bezwaarclausule|' ] &&
    ok || fail "woo-besluit: sections: $order"
expect_grep 'onleesbaar gemaakt onder vermelding van: 5\.1\.2e\.$' "$TMP/woo-besluit.txt"
expect_grep '^Ik heb besloten uw verzoek gedeeltelijk toe te wijzen' "$TMP/woo-besluit.txt"
sed 's/^Regime: woo/Regime: wob/' "$S/woo-besluit-dijkversterking.txt" >"$TMP/wob.txt"
expect_exit 0 "$LAKWERK" render woo-besluit "$TMP/wob.txt" --out "$TMP/wob.out.txt"
expect_grep '^Uw Wob-verzoek$' "$TMP/wob.out.txt"
expect_grep 'Wet openbaarheid van bestuur \(Wob\)' "$TMP/wob.out.txt"
# a Wob decision's Bijlage 1: the Wob's articles 1 and 3, and 10 and 11
# only when a ground of them is used (templates/wob-artikelen.txt)
sed 's/^Regime: woo/Regime: wob/; s/5\.1\.2e/10.2e/g; s/5\.1\.1e/10.1d/g; s/5\.2\.1/11.1/g' \
    "$S/woo-besluit-dijkversterking.txt" >"$TMP/wob2.txt"
expect_exit 0 "$LAKWERK" render woo-besluit "$TMP/wob2.txt" --out "$TMP/wob2.out.txt"
expect_grep '^Bijlage 1 – Relevante artikelen uit de Wob$' "$TMP/wob2.out.txt"
expect_grep 'De relevante artikelen uit de Wob zijn opgenomen in bijlage 1' "$TMP/wob2.out.txt"
for a in 1 3 10 11; do expect_grep "^Artikel $a\$" "$TMP/wob2.out.txt"; done
expect_grep '^e\. de eerbiediging van de persoonlijke levenssfeer;$' "$TMP/wob2.out.txt"
expect_no_grep '^Artikel 5\.1$' "$TMP/wob2.out.txt"
grep -v '^Grond: 11\.1' "$TMP/wob2.txt" >"$TMP/wob3.txt"
expect_exit 0 "$LAKWERK" render woo-besluit "$TMP/wob3.txt" --out "$TMP/wob3.out.txt"
expect_no_grep '^Artikel 11$' "$TMP/wob3.out.txt"
expect_grep '^Artikel 10$' "$TMP/wob3.out.txt"
expect_exit 0 "$LAKWERK" render woo-besluit "$S/woo-besluit-dijkversterking.txt" --out "$TMP/wb.pdf"
sed 's/^Besluit: deels openbaar/Besluit: misschien/' "$S/woo-besluit-dijkversterking.txt" >"$TMP/b1.txt"
expect_exit 1 "$LAKWERK" render woo-besluit "$TMP/b1.txt" --out "$TMP/x.txt"
n=$(grep -n '^Besluit:' "$TMP/b1.txt" | cut -d: -f1)
expect_grep "b1.txt:$n:1: Besluit: expected openbaar" "$TMP/err"
sed 's/^Grond: 5.1.1e .*/Grond: 5.1.1e | x | veel | 1/' "$S/woo-besluit-dijkversterking.txt" >"$TMP/b2.txt"
expect_exit 1 "$LAKWERK" render woo-besluit "$TMP/b2.txt" --out "$TMP/x.txt"
n=$(grep -n '^Grond: 5.1.1e' "$TMP/b2.txt" | cut -d: -f1)
expect_grep "b2.txt:$n:8: expected 'Grond: CODE \\| label \\| passages \\| documents \\[\\| type\\]'" "$TMP/err"

# decision sections: none dropped; a relative ground needs its weighing
printf '\n# Zienswijzen\nDe stichting is om haar zienswijze gevraagd.\n' >"$TMP/zw.txt"
cat "$S/woo-besluit-dijkversterking.txt" "$TMP/zw.txt" >"$TMP/b3.txt"
expect_exit 0 "$LAKWERK" render woo-besluit "$TMP/b3.txt" --out "$TMP/b3.out.txt"
expect_grep '^De stichting is om haar zienswijze gevraagd\.$' "$TMP/b3.out.txt"
order=$(grep -n -x -e 'Verloop van de procedure' -e 'Zienswijzen' -e 'Wettelijk kader' "$TMP/b3.out.txt" |
    cut -d: -f2 | tr '\n' '|')
[ "$order" = 'Verloop van de procedure|Zienswijzen|Wettelijk kader|' ] && ok || fail "Zienswijzen: $order"
printf '\n# Bijzonderheden\nx\n' >>"$TMP/b3.txt"
expect_exit 1 "$LAKWERK" render woo-besluit "$TMP/b3.txt" --out "$TMP/x.txt"
n=$(grep -n '^# Bijzonderheden' "$TMP/b3.txt" | cut -d: -f1)
expect_grep "b3.txt:$n:1: unknown section '# Bijzonderheden' in a decision \(known: Uw verzoek, .*Zienswijzen.*Contact, Bezwaarclausule\)" "$TMP/err"
sed '/^# Overwegingen/,$d' "$S/woo-besluit-dijkversterking.txt" >"$TMP/b4.txt"
expect_exit 1 "$LAKWERK" render woo-besluit "$TMP/b4.txt" --out "$TMP/x.txt"
expect_grep "b4.txt:[0-9]+:1: ground 5\.1\.2e is relative: its motivation goes under '# Overwegingen' as '## 5\.1\.2e'" "$TMP/err"
expect_exit 0 "$LAKWERK" render --loose woo-besluit "$TMP/b4.txt" --out "$TMP/b4.out.txt"
expect_grep '^\[MOTIVERING ONTBREEKT: de afweging' "$TMP/b4.out.txt"
expect_grep '^Dit is een absolute uitzonderingsgrond' "$TMP/b4.out.txt"
expect_grep '^Persoonlijke beleidsopvattingen in documenten opgesteld voor intern beraad' "$TMP/b4.out.txt"
expect_grep 'bezwaarschrift indienen .* bij het Ministerie van Waterbeheer en Ruimte, Postbus 20905, 2500 EX Den Haag\. .*artikel 6:5' "$TMP/wob.out.txt"

# the cover letter, from the same answers source
expect_exit 0 "$LAKWERK" render aanbiedingsbrief "$S/antwoorden-2026Z04512.txt" --out "$TMP/ab.txt"
expect_grep '^Betreft    Antwoorden Kamervragen over de vertraging van de dijkversterking bij Vlissingen$' "$TMP/ab.txt"
expect_grep '^Uw kenmerk 2026Z04512$' "$TMP/ab.txt"
expect_grep '^Hierbij zend ik u de antwoorden op de vragen van de leden Kuipers en El Idrissi over .* \(ingezonden 20 februari 2026 met kenmerk 2026Z04512\)\.$' "$TMP/ab.txt"
expect_grep '^De minister van Waterbeheer en Ruimte,$' "$TMP/ab.txt"
expect_exit 0 "$LAKWERK" render aanbiedingsbrief "$S/antwoorden-2026Z04512.txt" --out "$TMP/ab.pdf"

# a template of one's own overrides the built-in one; partials too
mkdir "$TMP/tpl"
printf 'Eigen: {{betreft}}\n{{>blocks}}' >"$TMP/tpl/kamerbrief.txt.mustache"
printf '[{{#blocks}}{{#is_paragraph}}P{{/is_paragraph}}{{/blocks}}]\n' >"$TMP/tpl/blocks.txt.mustache"
expect_exit 0 "$LAKWERK" render kamerbrief "$S/kamerbrief-waterberging.txt" \
    --templates "$TMP/tpl" --out "$TMP/own.txt"
printf 'Eigen: Voortgang programma Waterberging Rivierengebied\n[PP]\n' >"$TMP/own.want"
expect_same "$TMP/own.want" "$TMP/own.txt"

# strict mode: a missing value is an error with the template's position
grep -v '^Datum:' "$S/kamerbrief-waterberging.txt" >"$TMP/nodate.txt"
expect_exit 1 "$LAKWERK" render kamerbrief "$TMP/nodate.txt" --out "$TMP/x.txt"
expect_grep "kamerbrief.txt.mustache:17:12: no value for 'datum'" "$TMP/err"
[ ! -e "$TMP/x.txt" ] && ok || fail "a failed render wrote its output"
expect_exit 0 "$LAKWERK" render --loose kamerbrief "$TMP/nodate.txt" --out "$TMP/x.txt"
printf '{{#kop}}\n' >"$TMP/tpl/kapot.txt.mustache"
expect_exit 1 "$LAKWERK" render kapot "$TMP/nodate.txt" --templates "$TMP/tpl" --out "$TMP/x.txt"
expect_grep "kapot.txt.mustache:1:1: unclosed section 'kop'" "$TMP/err"

# source errors name the line
bad() {
	printf "$2" >"$TMP/bad.txt"
	expect_exit 1 "$LAKWERK" render "$1" "$TMP/bad.txt" --out "$TMP/x.txt"
	expect_grep "bad.txt:$3" "$TMP/err"
}
A='Leden: A en B\nOnderwerp: x\nKenmerk: 2026Z04512\nIngezonden: 2026-02-20\nMinister: minister van Y\n\n'
bad antwoorden "${A}Vraag 1\nEen?\n\nAntwoord\nJa.\n\nAntwoord vraag 1\nNog eens.\n" '13:1: question 1 is answered twice \(also at line 10\)'
bad antwoorden "${A}Vraag 1\nEen?\n\nVraag 3\nDrie?\n" '10:1: question 3 follows question 1'
bad antwoorden "${A}Vraag 1\nEen?\n\nVraag 2\nTwee?\n\nAntwoord vraag 1\nJa.\n" '.*: question 2 has no answer'
bad antwoorden "${A}Vraag 1\nEen?[^2]\n\nAntwoord\nJa.\n" '8:1: footnote \[\^2\] has no text'
bad antwoorden 'Leden: A\nKenmerk: 2026-04512\n\nVraag 1\nx\nAntwoord\ny\n' "2:1: Kenmerk '2026-04512' is not of the form YYYYZnnnnn"
bad antwoorden "${A}Vraag 1\nEen?\n\nAntwoord vraag 4\nJa.\n" '10:1: answer to question 4, which is not asked'
bad kamerbrief 'Datum: 31 februari 2026\n\nx\n' "1:8: '31 februari 2026' is not a date"
bad kamerbrief 'Onderwrep: x\n\nx\n' "1:1: unknown header 'Onderwrep' in a letter \(known: Aan, Datum, Betreft, Ons kenmerk, Uw kenmerk,.* E-mail,"
bad woordvoering 'Onderwerp: x\nDatum: 2026-01-03\nStatus: bijna\nWoordvoerder: y\n\nKernboodschap\n- a\n' '3:1: Status: expected concept or definitief'
bad woordvoering 'Onderwerp: x\nDatum: 2026-01-03\nStatus: concept\nWoordvoerder: y\n\nKernboodschap\n- a\n\nV: vraag?\n\n' '9:1: question without .A:. answer'
bad antwoorden 'Minister: x\nOnderwerp: y\nIngezonden: z\n\nVraag 1\nx\n\nAntwoord\ny\n' 'in an answer sheet|3:13: .z. is not a date'
# every error of a header at once, with their count
bad kamerbrief 'Aan: x\nOnderwrep: x\nDatum: gisteren\nAan: y\n\nx\n' "2:1: unknown header 'Onderwrep'"
expect_grep "bad.txt:3:8: 'gisteren' is not a date" "$TMP/err"
expect_grep "bad.txt:4:1: 'Aan' twice in the header \(also at line 1\)" "$TMP/err"
expect_grep '^lakwerk: render: 3 errors$' "$TMP/err"
# a bare "Antwoord" after two open questions: a deleted answer heading?
# Refused (naming the line) unless --loose
Q="${A}Vraag 1\nEen?\n\nVraag 2\nTwee?\n\nAntwoord\nBeide.\n"
bad antwoorden "$Q" "13:1: a bare 'Antwoord' after 2 unanswered questions \(1 to 2\): write 'Antwoord vragen 1 en 2'"
printf "$Q" >"$TMP/loose.txt"
expect_exit 0 "$LAKWERK" render --loose antwoorden "$TMP/loose.txt" --out "$TMP/loose.out.txt"
expect_grep '^Antwoord$' "$TMP/loose.out.txt"

# PDF: text in reading order, fields, page numbers, embedded fonts, the
# same bytes for the same SOURCE_DATE_EPOCH
if command -v pdftotext >/dev/null; then
	for pair in kamerbrief:kamerbrief-waterberging antwoorden:antwoorden-2026Z04512 \
	    woordvoering:woordvoering-hoogwater; do
		t=${pair%%:*}
		SOURCE_DATE_EPOCH=1767225600 "$LAKWERK" render "$t" "$S/${pair#*:}.txt" \
		    --out "$TMP/$t.pdf" 2>"$TMP/err" && ok || fail "$t.pdf: $(cat "$TMP/err")"
		pdftotext "$TMP/$t.pdf" "$TMP/$t.pdf.txt"
		expect_grep '^Pagina 1 van 1$' "$TMP/$t.pdf.txt"
	done
	P=$TMP/kamerbrief.pdf.txt
	expect_grep '^Betreft$|Voortgang programma Waterberging Rivierengebied' "$P"
	expect_grep 'WR/DGW-2026/118204' "$P"
	expect_grep '14 oktober 2026' "$P"
	expect_grep '^M\.J\. van Dalen$' "$P"
	# reading order: address, date, salutation, body, closing
	order=$(grep -n -e '^Postbus 20018$' -e '^Geachte voorzitter,$' -e '^Stand van zaken$' \
	    -e '^Hoogachtend,$' "$P" | cut -d: -f2 | tr '\n' '|')
	[ "$order" = 'Postbus 20018|Geachte voorzitter,|Stand van zaken|Hoogachtend,|' ] && ok ||
	    fail "kamerbrief.pdf: blocks out of order: $order"
	expect_grep '^Antwoord vragen 2 en 3$' "$TMP/antwoorden.pdf.txt"
	expect_grep '^Kernboodschap$' "$TMP/woordvoering.pdf.txt"
	pdffonts "$TMP/kamerbrief.pdf" | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' &&
	    ok || fail "a font is not embedded"
	SOURCE_DATE_EPOCH=1767225600 "$LAKWERK" render kamerbrief "$S/kamerbrief-waterberging.txt" \
	    --out "$TMP/again.pdf"
	cmp -s "$TMP/kamerbrief.pdf" "$TMP/again.pdf" && ok || fail "two renders gave different bytes"
	# a long letter runs over pages, numbered N van M
	{
		sed -n '1,/^$/p' "$S/kamerbrief-waterberging.txt"
		i=0
		while [ $i -lt 40 ]; do
			echo "Alinea $i. Met deze brief informeer ik uw Kamer over de voortgang van het programma; de kosten blijven binnen het budget en de planning wordt gevolgd."
			echo
			i=$((i + 1))
		done
	} >"$TMP/long.txt"
	expect_exit 0 "$LAKWERK" render kamerbrief "$TMP/long.txt" --out "$TMP/long.pdf"
	pdftotext "$TMP/long.pdf" - >"$TMP/long.pdf.txt"
	n=$(grep -c '^Pagina [0-9]* van [0-9]*$' "$TMP/long.pdf.txt")
	[ "$n" -ge 2 ] && ok || fail "long letter: $n pages"
	expect_grep "^Pagina $n van $n\$" "$TMP/long.pdf.txt"
	expect_grep "^Pagina 1 van $n\$" "$TMP/long.pdf.txt"
	expect_grep '^Alinea 39\.' "$TMP/long.pdf.txt"
	expect_grep '^Hoogachtend,$' "$TMP/long.pdf.txt"
fi
expect_exit 1 "$LAKWERK" render kamerbrief "$TMP/nodate.txt" --out "$TMP/x.pdf"
n=$(grep -n '^$' "$TMP/nodate.txt" | head -1 | cut -d: -f1)
expect_grep "nodate.txt:$n:1: no 'Datum:' in the header" "$TMP/err"
# the cover letter: every missing field at once
grep -v -e '^Datum:' -e '^Ondertekenaar:' "$S/antwoorden-2026Z04512.txt" >"$TMP/nods.txt"
expect_exit 1 "$LAKWERK" render aanbiedingsbrief "$TMP/nods.txt" --out "$TMP/x.pdf"
expect_grep "nods.txt:[0-9]+:1: no 'Datum:' in the header" "$TMP/err"
expect_grep "nods.txt:[0-9]+:1: no 'Ondertekenaar:' in the header" "$TMP/err"
expect_grep '^lakwerk: render: 2 errors$' "$TMP/err"
printf 'x' >"$TMP/tpl/eigen.txt.mustache"
expect_exit 1 "$LAKWERK" render eigen "$S/kamerbrief-waterberging.txt" --templates "$TMP/tpl" --out "$TMP/x.pdf"
expect_grep "no PDF layout named 'eigen' \(there are: kamerbrief, .*woo-besluit\)" "$TMP/err"
expect_exit 2 "$LAKWERK" render kamerbrief "$S/kamerbrief-waterberging.txt" --out "$TMP/x.doc"
expect_exit 1 "$LAKWERK" render nietbestaand "$S/kamerbrief-waterberging.txt" --out "$TMP/x.txt"
expect_grep "no template 'nietbestaand' for txt output" "$TMP/err"

# The PDFs are tagged (read back with poppler's pdfinfo and qpdf; there is
# no PDF/UA validator in Debian): a structure tree under Document with the
# headings in order and lists as L > LI > Lbl/LBody, every text object
# inside marked content (a structure element's or an artifact's: the page
# numbers), the language and the title shown.
if command -v qpdf >/dev/null; then
	for pair in kamerbrief:kamerbrief-waterberging antwoorden:antwoorden-2026Z04512 \
	    woordvoering:woordvoering-hoogwater woo-besluit:woo-besluit-dijkversterking; do
		t=${pair%%:*}
		expect_exit 0 "$LAKWERK" render "$t" "$S/${pair#*:}.txt" --out "$TMP/$t.pdf" || continue
		pdfinfo "$TMP/$t.pdf" >"$TMP/i"
		expect_grep '^Tagged: +yes' "$TMP/i"
		qpdf --check "$TMP/$t.pdf" >/dev/null 2>&1 && ok || fail "$t.pdf: qpdf --check"
		qpdf --qdf --object-streams=disable "$TMP/$t.pdf" "$TMP/q.pdf"
		expect_grep '/Lang \(nl-NL\)' "$TMP/q.pdf"
		expect_grep '/DisplayDocTitle true' "$TMP/q.pdf"
		expect_grep '^/Artifact BMC' "$TMP/q.pdf"
		n=$(pdfinfo "$TMP/$t.pdf" | awk '/^Pages:/ { print $2 }')
		[ "$(grep -a -c '^startxref' "$TMP/$t.pdf")" -eq 1 ] && ok || fail "$t.pdf: more than one revision"
		# no text object outside marked content (qdf: an operator a line)
		LC_ALL=C awk '/(BDC|BMC)$/ { d++ } /^EMC$/ { d-- } /^BT$/ && d == 0 { bad++ }
		    END { exit bad > 0 }' "$TMP/q.pdf" && ok || fail "$t.pdf: text outside marked content"
		pdfinfo -struct "$TMP/$t.pdf" >"$TMP/st"
		expect_grep '^Document$' "$TMP/st"
	done
	pdfinfo -struct "$TMP/kamerbrief.pdf" >"$TMP/st"
	expect_grep '^  L \(block\)$' "$TMP/st"
	expect_grep '^    LI \(block\)$' "$TMP/st"
	expect_grep '^      Lbl \(block\)$' "$TMP/st"
	expect_grep '^      LBody \(block\)$' "$TMP/st"
	expect_grep '^  H2 \(block\)$' "$TMP/st"
	# the answers: the title H1 first, then a H2 a question
	pdfinfo -struct "$TMP/antwoorden.pdf" | grep -o 'H[1-3]' | tr '\n' ' ' >"$TMP/h"
	expect_grep '^H1 H2 H2 H2 ' "$TMP/h"
	pdfinfo -struct-text "$TMP/antwoorden.pdf" >"$TMP/stt"
	expect_grep '"Vraag 1"' "$TMP/stt"
	pdfinfo -struct "$TMP/woordvoering.pdf" | grep -o 'H[1-3]' | tr '\n' ' ' >"$TMP/h"
	expect_grep '^H1 H2 H2' "$TMP/h"
fi
done_testing
