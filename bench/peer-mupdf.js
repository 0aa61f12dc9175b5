// The MuPDF peer of the redaction benchmarks: the redaction that PyMuPDF
// and the tools built on it do (search, Redact annotations,
// applyRedactions, save with garbage collection), driven by mutool run.
// (Debian 12's python3-fitz loses its SWIG classes after the first
// apply_redactions -- "'SwigPyObject' object has no attribute
// 'thisown'" -- so the bench calls the same MuPDF engine directly.)
//
//   mutool run peer-mupdf.js OUTDIR BOXDIR TERMS IN.pdf...
//
// Writes OUTDIR/NAME.pdf for each IN (one process for all, as a Python
// script would be). BOXDIR/NAME.txt: lines "PAGE X0 Y0 X1 Y1" (page from
// 0, points from the top left), the boxes lakwerk's plan redacted, so
// that both redact the same passages; TERMS: lines of literal text, each
// searched on every page.
function readBoxes(path) {
	var boxes = {};
	var text;

	try {
		text = read(path);
	} catch (e) {
		return boxes;
	}
	var lines = text.split("\n");
	for (var i = 0; i < lines.length; i++) {
		var f = lines[i].split(" ");
		if (f.length != 5)
			continue;
		var p = parseInt(f[0], 10);
		if (!boxes[p])
			boxes[p] = [];
		boxes[p].push([parseFloat(f[1]), parseFloat(f[2]),
		    parseFloat(f[3]), parseFloat(f[4])]);
	}
	return boxes;
}

function redact(path, out, boxes, terms) {
	var doc = new PDFDocument(path);
	var n = doc.countPages();
	for (var i = 0; i < n; i++) {
		var page = doc.loadPage(i);
		var rects = boxes[i] ? boxes[i].slice() : [];
		// a redaction tool reads every page's text to look for what
		// to redact (lakwerk's detectors; here the text is only read)
		var bb = page.bound();
		page.toStructuredText("preserve-whitespace").copy([bb[0], bb[1]],
		    [bb[2], bb[3]]);
		for (var t = 0; t < terms.length; t++) {
			var hits = page.search(terms[t]);
			for (var k = 0; k < hits.length; k++)
				for (var m = 0; m < hits[k].length; m++) {
					var q = hits[k][m];
					rects.push([Math.min(q[0], q[4]),
					    Math.min(q[1], q[3]),
					    Math.max(q[2], q[6]),
					    Math.max(q[5], q[7])]);
				}
		}
		for (k = 0; k < rects.length; k++) {
			var a = page.createAnnotation("Redact");
			a.setRect(rects[k]);
		}
		if (rects.length > 0)
			page.applyRedactions();
	}
	doc.save(out, "garbage=3,compress");
}

var outdir = scriptArgs[0], boxdir = scriptArgs[1];
var terms = [];
var lines = read(scriptArgs[2]).split("\n");
for (var i = 0; i < lines.length; i++)
	if (lines[i].length > 0)
		terms.push(lines[i]);
for (i = 3; i < scriptArgs.length; i++) {
	var base = scriptArgs[i].split("/").pop();
	var name = base.replace(/\.pdf$/i, "");
	redact(scriptArgs[i], outdir + "/" + base,
	    readBoxes(boxdir + "/" + name + ".txt"), terms);
}
