#!/bin/sh
# lakwerk redact on the samples: every planted secret is gone from the
# redacted text, the sentences around them stay, the labels are there;
# plans apply after review; Wob labels; failure handling.
. "${LAK_SRCDIR:-.}/tests/cli/lib.sh"

S=$LAK_SRCDIR/samples
R=$LAK_TESTDATA/redact
mkdir "$TMP/red"
expect_exit 0 "$LAKWERK" redact --rules "$S/rules/samples.rules" --out "$TMP/red" \
    "$S"/*.pdf "$S"/*.txt
expect_lines 5 "$TMP/out"
expect_grep '^.*nota-subsidie-dijkversterking.pdf: [0-9]+ spans, 1 of 1 page touched; 5.1.1e: 1 span, 9 chars; 5.1.2e: [0-9]+ spans, [0-9]+ chars; 5.2.1: 1 span' "$TMP/out"

cat "$TMP"/red/*.txt >"$TMP/all.txt"
# every planted secret is gone
while IFS= read -r secret; do
	if grep -Fq -- "$secret" "$TMP/all.txt"; then
		fail "secret still in the redacted text: $secret"
	else
		ok
	fi
done <<'SECRETS'
111222333
NL91 ABNA 0417 1643 00
NL91ABNA0417164300
jeroen.dewit@kustwacht-zeeland.nl
secretariaat@kustwacht-zeeland.nl
s.ouahabi@minwr.example.nl
a.bakker-smit@kustwacht-zeeland.nl
secretariaat.dwv@minwr.example.nl
06-41 82 77 19
+31 118 555 014
070-456 78 90
06-18 22 43 57
070-456 12 00
Bakker-Smit
Annelies
Wit-Verhoeven
Vermeulen
Pieter
Ouahabi
Van der Laan
persoonlijke inschatting
politiek slecht
SECRETS

# the sentences around them stay, with the labels
N=$TMP/red/nota-subsidie-dijkversterking.txt
expect_grep 'heeft mevrouw \[5\.1\.2e\], directeur van Stichting Kustwacht Zeeland, namens de stichting' "$N"
expect_grep 'burgerservicenummer \[5\.1\.1e\], met als correspondentieadres' "$N"
expect_grep 'overgemaakt op rekening \[5\.1\.2e\] ten name van de stichting' "$N"
expect_grep '^Advies$' "$N"
expect_grep '^\[5\.1\.2e, 5\.2\.1\]$' "$N"  # a name inside the section: both grounds
expect_grep '^De aanvraag voldoet aan de voorwaarden van de regeling' "$N"
E=$TMP/red/email-dijkversterking.txt
# "Ouahabi, Samira" is one name of the header line (the names detector)
expect_grep '^Van: \[5\.1\.2e\] <\[5\.1\.2e\]>$' "$E"
# the signature under the closing, and "de heer" with his name
expect_grep '^Met vriendelijke groet,$' "$E"
expect_grep 'Onze penningmeester, de heer \[5\.1\.2e\], heeft' "$E"
expect_no_grep 'Vermeulen|Samira' "$E"
# the address of a natural person; the ministry's own stays
expect_grep 'met als correspondentieadres \[5\.1\.2e\]\.' "$N"
expect_no_grep 'Havenweg|4381' "$N"
expect_grep 'kunt u mij bellen op \[5\.1\.2e\]; ik ben op maandag' "$E"
K=$TMP/red/kamerbrief-waterberging.txt
expect_grep 'Geachte voorzitter' "$K"
expect_no_grep '\[' "$K"

# the plan: one row per span, nothing secret in it, boxes on page 1
P=$TMP/red/nota-subsidie-dijkversterking.plan.csv
expect_grep '^id,document,sha256,kind,where,page,start,end,boxes,grounds,rules,decision,context' "$P"
expect_no_grep '111222333|Bakker-Smit|jeroen\.dewit' "$P"
expect_grep ',text,,1,[0-9]+,[0-9]+,1:[0-9.]+ [0-9.]+ [0-9.]+ [0-9.]+,5\.1\.1e,.*woo-default\.rules:[0-9]+,redact,' "$P"

# A reviewer keeps the BSN: the edited plan is applied instead of the rules
awk -F, 'BEGIN { OFS = "," } $10 == "5.1.1e" { $12 = "keep" } { print }' "$P" >"$TMP/reviewed.csv"
mkdir "$TMP/rev"
expect_exit 0 "$LAKWERK" redact --plan "$TMP/reviewed.csv" --out "$TMP/rev" "$S/nota-subsidie-dijkversterking.pdf"
expect_grep 'burgerservicenummer 111222333, met' "$TMP/rev/nota-subsidie-dijkversterking.txt"
expect_no_grep 'Bakker-Smit' "$TMP/rev/nota-subsidie-dijkversterking.txt"
# the plan does not fit another document: its rows are skipped
expect_exit 0 "$LAKWERK" redact --plan "$TMP/reviewed.csv" --out "$TMP/rev" "$S/email-dijkversterking.pdf"
expect_grep '0 spans' "$TMP/out"
# a malformed plan names its row
printf 'id,document,sha256,kind,where,page,start,end,boxes,grounds,rules,decision,context\n' >"$TMP/bad.csv"
sha=$(sha256sum "$S/nota-subsidie-dijkversterking.pdf" | cut -d' ' -f1)
printf '1,x,%s,text,,1,10,5,,5.1.2e,,redact,\n' "$sha" >>"$TMP/bad.csv"
expect_exit 1 "$LAKWERK" redact --plan "$TMP/bad.csv" --out "$TMP/rev" "$S/nota-subsidie-dijkversterking.pdf"
expect_grep 'bad.csv:row 2: start, end' "$TMP/err"

# Wob: art. codes and the Wob label
mkdir "$TMP/wob"
expect_exit 0 "$LAKWERK" redact --rules "$R/wob.rules" --out "$TMP/wob" \
    "$S/nota-subsidie-dijkversterking.pdf" "$LAK_TESTDATA/ingest/woo_besluit_landsadvocaat_stikstof.pdf"
expect_grep '^art\. 11\.1$' "$TMP/wob/nota-subsidie-dijkversterking.txt"
expect_grep 'via art\. 10\.2e of' "$TMP/wob/nota-subsidie-dijkversterking.txt"
expect_grep 'art\. 10\.1b' "$TMP/wob/woo_besluit_landsadvocaat_stikstof.txt"

# Bad rule files: exit 2, file:line:col
printf '5.1.2e term "Jan\n' >"$TMP/bad.rules"
expect_exit 2 "$LAKWERK" redact --rules "$TMP/bad.rules" --out "$TMP/red" "$S/persnotitie-hoogwater.txt"
expect_grep "^lakwerk: redact: $TMP/bad.rules:1:13: unterminated string" "$TMP/err"
printf '9.9.9z detector email\n' >"$TMP/bad.rules"
expect_exit 2 "$LAKWERK" rules check "$TMP/bad.rules"
expect_grep "bad.rules:1:1: unknown ground '9.9.9z'" "$TMP/err"
printf '5.1.2e regex /(a/\n' >"$TMP/bad.rules"
expect_exit 2 "$LAKWERK" rules check "$TMP/bad.rules"
expect_grep "bad.rules:1:17: bad regex: missing closing parenthesis \(at offset 2\)" "$TMP/err"

# rules check: duplicates, shadowed terms, rules that match nothing
cat >"$TMP/lint.rules" <<'RULES'
5.1.2e detector email
5.1.2e detector email
5.1.2e term "Vermeulen"
allow  term "vermeulen"
5.1.1b term "Nergens Tevinden"
RULES
expect_exit 1 "$LAKWERK" rules check --sample "$S/nota-subsidie-dijkversterking.pdf" "$TMP/lint.rules"
expect_grep 'lint.rules:2: warning: detector rule repeats .*lint.rules:1' "$TMP/out"
expect_grep 'lint.rules:3: warning: term is shadowed by the allow rule' "$TMP/out"
expect_grep 'lint.rules:5: warning: term rule matches nothing' "$TMP/out"
expect_exit 0 "$LAKWERK" rules check "$LAK_SRCDIR/redaction-rules/woo-default.rules"

# grounds
expect_exit 0 "$LAKWERK" grounds
expect_grep '^5\.1\.2e +woo +relative +10\.2e +eerbiediging van de persoonlijke levenssfeer$' "$TMP/out"
expect_exit 0 "$LAKWERK" grounds --regime wob
expect_no_grep '^5\.' "$TMP/out"
expect_grep '^11\.1 ' "$TMP/out"

# Pages that need OCR fail closed; one bad input does not stop the rest
"$PDFGEN" fixture image-only "$TMP/scan.pdf"
"$LAKWERK" redact --rules "$S/rules/samples.rules" --out "$TMP/red" "$TMP/scan.pdf" \
    "$TMP/missing.pdf" "$S/persnotitie-hoogwater.txt" >"$TMP/o" 2>"$TMP/err"
[ $? -eq 1 ] && ok || fail "expected exit 1"
expect_grep "scan.pdf: page 1 has only images \(needs OCR\)" "$TMP/err"
expect_grep "missing.pdf: no such file" "$TMP/err"
expect_grep 'persnotitie-hoogwater.txt: 1 span' "$TMP/o"
[ ! -e "$TMP/red/scan.plan.csv" ] && ok || fail "a plan was written for a failed document"
expect_exit 0 "$LAKWERK" redact --allow-unreviewed-pages --rules "$S/rules/samples.rules" --out "$TMP/red" "$TMP/scan.pdf"

# Leak channels are matched too: an annotation naming Smit
"$PDFGEN" fixture annotation "$TMP/annot.pdf"
printf '5.1.2e term "Smit"\n5.1.2e term "J. Jansen"\n' >"$TMP/a.rules"
expect_exit 0 "$LAKWERK" redact --rules "$TMP/a.rules" --out "$TMP/red" "$TMP/annot.pdf"
expect_grep ',item,annotation 1,1,[0-9]+,[0-9]+,,5\.1\.2e,' "$TMP/red/annot.plan.csv"
# --- --max-pixels: a page too large to render is refused, with its size ----
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 14400 14400]/Contents 4 0 R>>endobj\n4 0 obj<</Length 26>>stream\nBT /F1 12 Tf (x) Tj ET    \nendstream endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' >"$TMP/huge.pdf"
mkdir -p "$TMP/px"
expect_exit 1 "$LAKWERK" redact --allow-unreviewed-pages --rules "$S/rules/samples.rules" --out "$TMP/px" "$TMP/huge.pdf"
expect_grep 'huge.pdf: page 1 is 14400 x 14400 points: 1600 megapixels at 200 dpi, over the limit of 200 \(--max-pixels\)' "$TMP/err"
expect_exit 1 "$LAKWERK" redact --max-pixels 1 --rules "$S/rules/samples.rules" --out "$TMP/px" "$S/email-dijkversterking.pdf"
expect_grep 'over the limit of 1 \(--max-pixels\)' "$TMP/err"
if [ -z "$(ls -A "$TMP/px")" ]; then ok; else fail "refused pages left output: $(ls "$TMP/px")"; fi
expect_exit 2 "$LAKWERK" redact --max-pixels 0 --rules "$S/rules/samples.rules" --out "$TMP/px" "$S/email-dijkversterking.pdf"

# Flags in proportion: a control character after a page number (poppler
# reads U+0008 there in the Belastingdienst's Jaarplan 2024) is no reason
# to refuse the page; a private-use mapping is, and the message says how
# many characters, which code point and where.
"$PDFGEN" fixture control-char "$TMP/cc.pdf"
expect_exit 0 "$LAKWERK" redact --rules "$LAK_SRCDIR/redaction-rules/woo-default.rules" \
    --out "$TMP/red" "$TMP/cc.pdf"
expect_grep '1 span' "$TMP/out"
"$LAKWERK" extract --format xml "$TMP/cc.pdf" >"$TMP/cc.xml"
expect_no_grep 'unreliable-text' "$TMP/cc.xml"
"$PDFGEN" fixture private-use "$TMP/pu.pdf"
expect_exit 1 "$LAKWERK" redact --rules "$LAK_SRCDIR/redaction-rules/woo-default.rules" \
    --out "$TMP/red" "$TMP/pu.pdf"
expect_grep 'page 1 has unreliable text: 6 characters without a usable Unicode mapping \(U\+E000, the first at 72,[0-9]+ pt\)' "$TMP/err"
# a missing --out folder is made (as run --out does)
expect_exit 0 "$LAKWERK" redact --rules "$LAK_SRCDIR/redaction-rules/woo-default.rules" \
    --out "$TMP/new/out/dir" "$LAK_SRCDIR/samples/persnotitie-hoogwater.txt"
if [ -s "$TMP/new/out/dir/persnotitie-hoogwater.pdf" ]; then ok; else fail "redact --out NEW: no PDF"; fi
done_testing
