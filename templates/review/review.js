/*
 * lakwerk beoordelingsverslag (review report): draws the proposed
 * redactions over the page images, takes the reviewer's decisions (saved
 * in the browser's local storage, so a review can be interrupted), lets
 * the reviewer add redactions (drag over words, or draw a free box) and
 * exports everything as a plan CSV for `lakwerk redact --plan` or
 * `lakwerk run --plan`, with who reviewed and when.
 *
 * Inlined into index.html by `lakwerk review` and `lakwerk run`; no
 * network, no framework. The data comes from the script element
 * #lakwerk-data. The interface is Dutch, as the tool's users are.
 */
(function () {
	'use strict';

	var data = JSON.parse(document.getElementById('lakwerk-data').textContent);
	var storeKey = 'lakwerk-review:' + data.report;
	/* one colour per ground, the same in every report: the ground's
	 * place in the catalogue picks it */
	var palette = ['#b3261e', '#0b57d0', '#146c2e', '#7b3fa0', '#b35900',
		'#00696f', '#6d4c41', '#c2185b', '#45617a', '#5f6b00', '#8e24aa',
		'#2e7d32', '#ad1457', '#1565c0', '#795548', '#37474f'];
	var col = {};
	data.columns.forEach(function (c, i) { col[c] = i; });
	var groundIndex = {}, groundLabel = {}, groundRegime = {};
	data.grounds.forEach(function (g, i) {
		groundIndex[g.code] = i;
		groundLabel[g.code] = g.label;
		groundRegime[g.code] = g.regime;
	});

	/* every proposal, in document and page order */
	var props = [];
	data.documents.forEach(function (doc) {
		doc.proposals.forEach(function (p) {
			p.doc = doc;
			p.key = doc.sha256 + ':' + p.row[col.id];
			p.index = props.length;
			p.elements = [];
			props.push(p);
		});
	});

	/* the request's regime: given, else that of the proposals' grounds */
	var regime = data.regime;
	if (regime !== 'woo' && regime !== 'wob') {
		var wob = 0, woo = 0;
		props.forEach(function (p) {
			p.grounds.forEach(function (g) {
				if (groundRegime[g] === 'wob') wob++; else woo++;
			});
		});
		regime = wob > woo ? 'wob' : 'woo';
	}
	var choosable = data.grounds.filter(function (g) { return g.regime === regime; });
	var defaultGround = choosable.some(function (g) { return g.code === '5.1.2e'; }) ?
		'5.1.2e' : choosable.length ? choosable[0].code : '';

	/*
	 * state: decisions by key "sha256:row id" -> { d: 'redact'|'keep',
	 * g: [codes] }; 'added': the reviewer's own redactions; 'reviewer':
	 * the name asked once per report.
	 */
	var state = {};
	try {
		state = JSON.parse(window.localStorage.getItem(storeKey) || '{}') || {};
	} catch (e) {
		state = {};
	}
	if (!state.decisions)
		state = { decisions: {}, added: [], reviewer: '' };
	state.added = state.added || [];
	function save() {
		try {
			window.localStorage.setItem(storeKey, JSON.stringify(state));
		} catch (e) { /* private mode: decisions live until the tab closes */ }
	}

	function el(tag, attrs, kids) {
		var n = document.createElement(tag);
		Object.keys(attrs || {}).forEach(function (k) {
			if (k === 'text')
				n.textContent = attrs[k];
			else if (k === 'class')
				n.className = attrs[k];
			else if (k === 'style')
				n.style.cssText = attrs[k];	/* CSSOM: allowed by the CSP */
			else
				n.setAttribute(k, attrs[k]);
		});
		(kids || []).forEach(function (c) {
			if (c !== null && c !== undefined)
				n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
		});
		return n;
	}

	function colour(code) {
		return code in groundIndex ? palette[groundIndex[code] % palette.length] : '#555';
	}

	function decision(p) {
		return p.added ? p.added : state.decisions[p.key] || null;
	}
	function groundsOf(p) {
		var s = decision(p);
		return s && s.g && s.g.length ? s.g : p.grounds;
	}
	function effective(p) {
		var s = decision(p);
		return s && s.d ? s.d : p.decision;
	}
	/* the text as the reviewer reads it, for "every occurrence" */
	function norm(t) {
		return (t || '').toLowerCase().replace(/\s+/g, ' ').trim();
	}

	/* --- the page ------------------------------------------------------ */

	var root = document.getElementById('report');
	var status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
	var counts = el('ul', { class: 'counts' });
	var exportBtn = el('button', { type: 'button', class: 'primary', id: 'export' },
		['Beslissingen exporteren']);
	var nextBtn = el('button', { type: 'button', id: 'next-undecided' },
		['Volgende onbesliste']);
	var reviewer = el('input', { type: 'text', id: 'reviewer', autocomplete: 'name',
		size: '22', value: state.reviewer || '' });
	var snap = el('input', { type: 'checkbox', id: 'snap', checked: 'checked' });
	var datalist = el('datalist', { id: 'grounds-' + regime });
	choosable.forEach(function (g) {
		datalist.appendChild(el('option', { value: g.code, label: g.code + ' \u2013 ' + g.label }));
	});
	var header = el('header', { class: 'top' }, [
		el('h1', { text: 'Beoordeling: ' + data.title }),
		el('div', { class: 'summary' }, [counts, nextBtn,
			el('label', { for: 'reviewer' }, ['Beoordelaar ']), reviewer, exportBtn]),
		el('p', { class: 'keys' }, [
			el('kbd', { text: 'j' }), ' / ', el('kbd', { text: 'k' }),
			' volgende / vorige voorstel, ',
			el('kbd', { text: 'a' }), ' weglakken, ',
			el('kbd', { text: 'r' }), ' laten staan, ',
			el('kbd', { text: 'A' }), ' / ', el('kbd', { text: 'R' }),
			' overal waar dezelfde tekst staat, ',
			el('kbd', { text: 'g' }), ' grond wijzigen, ',
			el('kbd', { text: 'u' }), ' volgende onbesliste, ',
			el('kbd', { text: 'e' }), ' exporteren. ',
			'Iets gemist? Sleep over de pagina om woorden weg te lakken ',
			el('label', { for: 'snap' }, [snap, ' op woorden uitlijnen']),
			' (uit: een vrij vak, voor een handtekening of foto).']),
		datalist,
		status]);
	document.body.insertBefore(header, root);
	reviewer.addEventListener('change', function () {
		state.reviewer = reviewer.value.trim();
		save();
	});

	/* "5.1.2e; 5.2.1" -> codes of the regime, or an error message */
	function parseGrounds(text) {
		var codes = [], bad = [];
		text.split(/[;,\s]+/).forEach(function (c) {
			if (!c)
				return;
			if (!(c in groundIndex))
				bad.push(c + ' is geen weigeringsgrond');
			else if (groundRegime[c] !== regime)
				bad.push(c + ' is een ' + groundRegime[c].toUpperCase() +
					'-grond; dit verzoek valt onder de ' + regime.toUpperCase());
			else if (codes.indexOf(c) < 0)
				codes.push(c);
		});
		if (bad.length)
			return { error: bad.join('; ') };
		if (!codes.length)
			return { error: 'geef ten minste \u00e9\u00e9n grond' };
		codes.sort(function (a, b) { return groundIndex[a] - groundIndex[b]; });
		return { codes: codes };
	}

	function groundInput(p, id) {
		var input = el('input', { type: 'text', id: id, class: 'ground', list: datalist.id,
			spellcheck: 'false', autocomplete: 'off', size: '14',
			'aria-describedby': id + '-msg', 'data-index': String(p.index) });
		var msg = el('span', { id: id + '-msg', class: 'ground-msg', role: 'alert' });
		input.value = groundsOf(p).join('; ');
		input.addEventListener('focus', function () { input.select(); });
		input.addEventListener('input', function () {
			var r = parseGrounds(input.value);
			msg.textContent = r.error ? r.error + ' (niets gewijzigd)' : '';
			input.setAttribute('aria-invalid', r.error ? 'true' : 'false');
		});
		function commit() {
			var r = parseGrounds(input.value);
			if (r.error) {
				msg.textContent = r.error + ' (niets gewijzigd)';
				return false;
			}
			msg.textContent = '';
			if (r.codes.join('; ') !== groundsOf(p).join('; '))
				changeGround(p, r.codes);
			return true;
		}
		input.addEventListener('change', commit);
		input.addEventListener('keydown', function (ev) {
			if (ev.key === 'Enter') {
				ev.preventDefault();
				ev.stopPropagation();
				if (commit())
					select(p.index);
			} else if (ev.key === 'Escape') {
				ev.preventDefault();
				ev.stopPropagation();
				input.value = groundsOf(p).join('; ');
				msg.textContent = '';
				select(p.index);
			}
		});
		return { input: input, msg: msg };
	}

	function describe(p) {
		if (p.kind === 'document')
			return 'het hele document';
		if (p.kind === 'page')
			return 'heel pagina ' + p.page;
		if (p.kind === 'metadata')
			return 'metadataveld ' + p.row[col.where];
		if (p.kind === 'item')
			return p.row[col.where];
		if (p.kind === 'area')
			return 'vak op pagina ' + p.page;
		return null;
	}

	/* the text proposals by their text, once: "every occurrence" asks for
	 * them per proposal, and a report may hold thousands */
	var byText = {};
	props.forEach(function (p) {
		var t = p.kind === 'text' ? norm(p.text) : '';
		if (t)
			(byText[t] = byText[t] || []).push(p);
	});
	function same(p) {
		var t = p.kind === 'text' ? norm(p.text) : '';
		return (t && byText[t] || []).filter(function (q) { return q !== p; });
	}

	function proposalItem(p) {
		var n = p.index + 1;
		var what = describe(p);
		var li = el('li', { class: 'prop' + (p.added ? ' added' : ''), id: 'prop-' + n,
			tabindex: '-1', 'data-index': String(p.index) });
		var stateSpan = el('span', { class: 'state' });
		var radios = ['redact', 'keep'].map(function (d) {
			var input = el('input', { type: 'radio', name: 'dec-' + n, value: d,
				id: 'dec-' + n + '-' + d });
			input.addEventListener('change', function () { decide(p, d); });
			return el('label', { for: 'dec-' + n + '-' + d }, [input,
				' ' + (d === 'redact' ? 'Weglakken' : 'Laten staan')]);
		});
		var gi = groundInput(p, 'ground-' + n);
		var others = same(p);
		var extra = [];
		if (others.length) {
			var all = el('button', { type: 'button', class: 'all', id: 'all-redact-' + n },
				['Overal weglakken (' + (others.length + 1) + '\u00d7)']);
			var none = el('button', { type: 'button', class: 'all', id: 'all-keep-' + n },
				['Overal laten staan (' + (others.length + 1) + '\u00d7)']);
			all.addEventListener('click', function () { decideAll(p, 'redact'); });
			none.addEventListener('click', function () { decideAll(p, 'keep'); });
			extra = [all, none];
		}
		if (p.added) {
			var del = el('button', { type: 'button', class: 'all', id: 'remove-' + n },
				['Verwijderen']);
			del.addEventListener('click', function () { removeAdded(p); });
			extra.push(del);
		}
		li.appendChild(el('p', { class: 'what' }, [
			el('span', { class: 'swatch', 'aria-hidden': 'true' }), ' ',
			el('b', { class: 'code' }), ' ',
			p.text ? el('span', { class: 'text', text: p.text }) : null,
			what ? el('span', { text: (p.text ? ' in ' : '') + what }) : null]));
		li.appendChild(el('p', { class: 'rule' }));
		li.appendChild(el('fieldset', {}, [
			el('legend', { text: 'Beslissing over voorstel ' + n }),
			radios[0], radios[1],
			el('label', { for: 'ground-' + n }, ['Grond ']), gi.input,
			stateSpan, gi.msg].concat(extra)));
		p.li = li;
		p.input = gi.input;
		p.stateSpan = stateSpan;
		p.radios = radios.map(function (l) { return l.firstChild; });
		return li;
	}

	function pagesRange(list) {
		var out = [], i = 0;
		while (i < list.length) {
			var j = i;
			while (j + 1 < list.length && list[j + 1] === list[j] + 1)
				j++;
			out.push(i === j ? String(list[i]) : list[i] + '\u2013' + list[j]);
			i = j + 1;
		}
		return out.join(', ');
	}

	function drawBox(p, pg, sheet, b) {
		var box = el('div', { class: 'box', 'data-index': String(p.index),
			'data-page': String(pg.n),
			style: 'left:' + (100 * b[1] / pg.w) + '%;top:' + (100 * b[2] / pg.h) +
				'%;width:' + (100 * (b[3] - b[1]) / pg.w) + '%;height:' +
				(100 * (b[4] - b[2]) / pg.h) + '%' });
		box.appendChild(el('span', { class: 'tag' }));
		box.addEventListener('click', function (ev) {
			ev.stopPropagation();
			select(p.index);
		});
		box.addEventListener('mousedown', function (ev) { ev.stopPropagation(); });
		sheet.appendChild(box);
		p.elements.push(box);
	}

	var pageView = {};	/* "docIndex:page" -> { pg, sheet, ol, doc } */

	data.documents.forEach(function (doc, di) {
		var sec = el('section', { class: 'doc', 'aria-label': doc.name });
		var mine = props.filter(function (p) { return p.doc === doc; });
		var shown = {};
		sec.appendChild(el('h2', { text: doc.name }));
		sec.appendChild(el('p', { class: 'docinfo', text: doc.npages + ' pagina' +
			(doc.npages === 1 ? '' : '\u2019s') + ', ' + mine.length + ' voorstel' +
			(mine.length === 1 ? '' : 'len') + ' \u00b7 SHA-256 ' + doc.sha256 }));
		/* proposals that are not on a page image */
		var loose = mine.filter(function (p) { return p.boxes.length === 0; });
		if (loose.length) {
			var lol = el('ol', { class: 'props' });
			loose.forEach(function (p) { lol.appendChild(proposalItem(p)); });
			sec.appendChild(el('div', { class: 'loose' }, [
				el('h3', { text: 'Niet op een pagina: document, metadata, bijlagen' }), lol]));
		}
		doc.pages.sort(function (a, b) { return a.n - b.n; });
		doc.pages.forEach(function (pg) {
			var manual = pg.flags.length > 0;
			var sheet = el('div', { class: 'sheet', style: 'aspect-ratio: ' + pg.w + ' / ' + pg.h,
				'data-doc': String(di), 'data-page': String(pg.n) });
			var img = el('img', { src: pg.img, alt: 'Pagina ' + pg.n + ' van ' + doc.name,
				width: String(pg.pw), height: String(pg.ph), draggable: 'false' });
			var ol = el('ol', { class: 'props', 'aria-label': 'Voorstellen op pagina ' + pg.n });
			shown[pg.n] = true;
			sheet.appendChild(img);
			mine.forEach(function (p) {
				var onPage = p.boxes.filter(function (b) { return b[0] === pg.n; });
				if (!onPage.length)
					return;
				/* a proposal is listed where its first box is */
				if (p.boxes[0][0] === pg.n)
					ol.appendChild(proposalItem(p));
				onPage.forEach(function (b) { drawBox(p, pg, sheet, b); });
			});
			pageView[di + ':' + pg.n] = { pg: pg, sheet: sheet, ol: ol, doc: doc };
			sheet.addEventListener('mousedown', function (ev) { startDrag(ev, di, pg, sheet); });
			var h = el('h3', { text: 'Pagina ' + pg.n }, []);
			if (manual)
				h.appendChild(el('span', { class: 'manual', text: 'handmatig beoordelen: ' +
					pg.flags.join(', ').replace('needs-ocr', 'heeft OCR nodig, geen tekstlaag')
						.replace('unreliable-text', 'onbetrouwbare tekst')
						.replace('ocr-low-confidence', 'gelezen met OCR, sommige woorden onzeker')
						.replace('text-disagrees', 'de tekst zegt andere woorden dan de tekens tekenen') }));
			sec.appendChild(el('div', { class: 'page', id: 'page-' + doc.id + '-' + pg.n,
				'data-page': String(pg.n) }, [h, sheet, ol]));
		});
		var quiet = [];
		for (var n = 1; n <= doc.npages; n++)
			if (!shown[n])
				quiet.push(n);
		if (quiet.length)
			sec.appendChild(el('details', { class: 'quiet' }, [
				el('summary', { text: 'Pagina\u2019s zonder afbeelding: ' + pagesRange(quiet) }),
				el('p', { text: 'Deze pagina\u2019s staan niet in het verslag.' })]));
		root.appendChild(sec);
	});

	/* --- the reviewer's own redactions ----------------------------------- */

	/* one added redaction (state.added[k]) as a proposal */
	function addedProposal(a) {
		var di = -1;
		data.documents.forEach(function (d, i) { if (d.sha256 === a.sha256) di = i; });
		var view = pageView[di + ':' + a.page];
		if (!view)
			return null;
		var doc = view.doc;
		var row = data.columns.map(function () { return ''; });
		var b = a.box.map(function (v) { return v.toFixed(1); });
		row[col.document] = doc.source;
		row[col.sha256] = doc.sha256;
		row[col.kind] = 'area';
		row[col.page] = String(a.page);
		row[col.boxes] = a.page + ':' + b.join(' ');
		row[col.rules] = 'review';
		row[col.context] = a.words ? 'woorden gekozen bij beoordeling' :
			'vak getekend bij beoordeling';
		var p = { kind: 'area', page: a.page, grounds: a.g, rules: 'review',
			decision: 'redact', text: '', boxes: [[a.page].concat(a.box)], row: row,
			doc: doc, key: 'added:' + a.id, index: props.length, elements: [], added: a };
		props.push(p);
		view.ol.appendChild(proposalItem(p));
		drawBox(p, view.pg, view.sheet, p.boxes[0]);
		return p;
	}

	function removeAdded(p) {
		state.added = state.added.filter(function (a) { return a !== p.added; });
		save();
		p.elements.forEach(function (b) { b.remove(); });
		p.li.remove();
		p.removed = true;
		summary();
		say('Toegevoegde weglakking verwijderd.');
	}

	/* the word boxes a selection touches, joined per line */
	function snapToWords(pg, r) {
		var hit = (pg.words || []).filter(function (w) {
			return w[0] < r[2] && w[2] > r[0] && w[1] < r[3] && w[3] > r[1];
		});
		var lines = [];
		hit.forEach(function (w) {
			var cy = (w[1] + w[3]) / 2;
			var line = lines.filter(function (l) { return cy > l[1] && cy < l[3]; })[0];
			if (line) {
				line[0] = Math.min(line[0], w[0]);
				line[1] = Math.min(line[1], w[1]);
				line[2] = Math.max(line[2], w[2]);
				line[3] = Math.max(line[3], w[3]);
			} else {
				lines.push(w.slice());
			}
		});
		return lines;
	}

	var drag = null;
	function pagePoint(ev, pg, sheet) {
		var r = sheet.getBoundingClientRect();
		return [Math.max(0, Math.min(pg.w, (ev.clientX - r.left) * pg.w / r.width)),
			Math.max(0, Math.min(pg.h, (ev.clientY - r.top) * pg.h / r.height))];
	}
	function startDrag(ev, di, pg, sheet) {
		if (ev.button !== 0)
			return;
		ev.preventDefault();
		var p0 = pagePoint(ev, pg, sheet);
		var shape = el('div', { class: 'drawing' });
		sheet.appendChild(shape);
		drag = { di: di, pg: pg, sheet: sheet, p0: p0, shape: shape };
		moveDrag(ev);
	}
	function rectOf(d, ev) {
		var p1 = pagePoint(ev, d.pg, d.sheet);
		return [Math.min(d.p0[0], p1[0]), Math.min(d.p0[1], p1[1]),
			Math.max(d.p0[0], p1[0]), Math.max(d.p0[1], p1[1])];
	}
	function moveDrag(ev) {
		if (!drag)
			return;
		var r = rectOf(drag, ev), pg = drag.pg;
		drag.shape.style.cssText = 'left:' + (100 * r[0] / pg.w) + '%;top:' +
			(100 * r[1] / pg.h) + '%;width:' + (100 * (r[2] - r[0]) / pg.w) +
			'%;height:' + (100 * (r[3] - r[1]) / pg.h) + '%';
	}
	function endDrag(ev) {
		if (!drag)
			return;
		var d = drag, r = rectOf(d, ev);
		drag = null;
		d.shape.remove();
		if (r[2] - r[0] < 2 && r[3] - r[1] < 2)
			return;	/* a click, not a selection */
		var boxes = snap.checked ? snapToWords(d.pg, r) : [r];
		if (!boxes.length) {
			say('Geen woorden in de selectie; zet \u201cop woorden uitlijnen\u201d uit ' +
				'om een vrij vak te tekenen.');
			return;
		}
		var made = [];
		boxes.forEach(function (b) {
			var a = { id: Date.now().toString(36) + '-' + state.added.length,
				sha256: data.documents[d.di].sha256, page: d.pg.n,
				box: b.map(function (v) { return Math.round(v * 10) / 10; }),
				g: [defaultGround], d: 'redact', words: snap.checked };
			state.added.push(a);
			var p = addedProposal(a);
			if (p) {
				paint(p);
				made.push(p);
			}
		});
		save();
		summary();
		if (made.length)
			select(made[0].index);
		say(made.length + ' weglakking' + (made.length === 1 ? '' : 'en') +
			' toegevoegd op pagina ' + d.pg.n + ' (grond ' + defaultGround +
			'; wijzig met g).');
	}
	document.addEventListener('mousemove', moveDrag);
	document.addEventListener('mouseup', endDrag);

	/* --- state shown --------------------------------------------------- */

	function paint(p) {
		var s = decision(p), d = effective(p), gs = groundsOf(p);
		var c = colour(gs[0] || '?');
		[p.li].concat(p.elements).forEach(function (n) {
			if (!n)
				return;
			n.style.setProperty('--c', c);
			n.classList.toggle('keep', d === 'keep');
			n.classList.toggle('decided-keep', d === 'keep');
		});
		p.elements.forEach(function (b) {
			b.firstChild.textContent = d === 'keep' ? 'laten staan' : gs.join(', ');
			b.setAttribute('title', (d === 'keep' ? 'laten staan: ' : gs.join(', ') + ': ') +
				(p.text || describe(p) || ''));
		});
		if (p.li) {
			p.li.querySelector('.code').textContent = gs.join(', ');
			/* the description follows the chosen grounds */
			p.li.querySelector('.rule').textContent = gs.map(function (g) {
				return g + ' ' + (groundLabel[g] || '');
			}).join('; ') + ' \u00b7 ' + (p.added ? 'toegevoegd door de beoordelaar' :
				'regel ' + (p.rules || 'geen'));
			p.radios[0].checked = !!s && d === 'redact';
			p.radios[1].checked = !!s && d === 'keep';
			if (document.activeElement !== p.input)
				p.input.value = gs.join('; ');
			p.stateSpan.textContent = p.added ? 'toegevoegd' : !s ? 'onbeslist' :
				d === 'keep' ? 'laten staan' : s.g && s.g.join('; ') !== p.grounds.join('; ') ?
					'weglakken, grond gewijzigd' : 'weglakken';
			p.stateSpan.className = 'state' + (s ? '' : ' undecided');
		}
	}

	function live() {
		return props.filter(function (p) { return !p.removed; });
	}

	function summary() {
		var per = {}, undecided = 0, pages = 0, ps = live();
		data.documents.forEach(function (d) { pages += d.npages; });
		ps.forEach(function (p) {
			if (!decision(p))
				undecided++;
			if (effective(p) === 'redact')
				groundsOf(p).forEach(function (g) { per[g] = (per[g] || 0) + 1; });
		});
		counts.textContent = '';
		counts.appendChild(el('li', { text: data.documents.length + ' document' +
			(data.documents.length === 1 ? '' : 'en') + ', ' + pages + ' pagina\u2019s, ' +
			ps.length + ' voorstellen' }));
		Object.keys(per).sort(function (a, b) {
			return (groundIndex[a] || 0) - (groundIndex[b] || 0);
		}).forEach(function (g) {
			var li = el('li', { class: 'per-ground', 'data-ground': g }, [
				el('span', { class: 'swatch', 'aria-hidden': 'true' }), ' ' + g + ': ' + per[g]]);
			li.firstChild.style.setProperty('--c', colour(g));
			counts.appendChild(li);
		});
		counts.appendChild(el('li', { id: 'undecided', text: undecided + ' onbeslist' }));
	}

	function setDecision(p, d) {
		if (p.added) {
			p.added.d = d;
		} else {
			var s = state.decisions[p.key] || {};
			s.d = d;
			state.decisions[p.key] = s;
		}
	}

	function decide(p, d) {
		setDecision(p, d);
		save();
		paint(p);
		summary();
		say('Voorstel ' + (p.index + 1) + ': ' + (d === 'keep' ? 'laten staan' : 'weglakken'));
	}

	function decideAll(p, d) {
		var all = [p].concat(same(p));
		all.forEach(function (q) { setDecision(q, d); });
		save();
		all.forEach(paint);
		summary();
		say('\u201c' + p.text + '\u201d: ' + all.length + '\u00d7 ' +
			(d === 'keep' ? 'laten staan' : 'weglakken'));
	}

	function changeGround(p, codes) {
		if (p.added) {
			p.added.g = codes;
		} else {
			var s = state.decisions[p.key] || {};
			s.d = 'redact';
			s.g = codes;
			state.decisions[p.key] = s;
		}
		save();
		paint(p);
		summary();
		say('Voorstel ' + (p.index + 1) + ': weglakken op ' + codes.join(', '));
	}

	function say(msg) {
		status.textContent = msg;
	}

	/* --- navigation ---------------------------------------------------- */

	var current = -1;

	function mark(i, on) {
		var p = props[i];
		if (!p || !p.li)
			return;
		p.li.classList.toggle('current', on);
		p.elements.forEach(function (b) { b.classList.toggle('current', on); });
	}

	function select(i) {
		var ps = live();
		if (!ps.length)
			return;
		var p = props[i] && !props[i].removed ? props[i] : ps[0];
		if (current >= 0)
			mark(current, false);
		current = p.index;
		mark(current, true);
		p.li.focus({ preventScroll: true });
		p.li.scrollIntoView({ block: 'nearest' });
		if (p.elements.length)
			p.elements[0].scrollIntoView({ block: 'nearest' });
	}

	function step(dir) {
		var ps = live();
		if (!ps.length)
			return;
		var at = ps.indexOf(props[current]);
		var next = at < 0 ? 0 : Math.max(0, Math.min(ps.length - 1, at + dir));
		select(ps[next].index);
	}

	function nextUndecided() {
		var ps = live(), at = ps.indexOf(props[current]);
		for (var k = 1; k <= ps.length; k++) {
			var p = ps[(at + k + ps.length) % ps.length];
			if (!decision(p)) {
				select(p.index);
				return;
			}
		}
		say('Er is niets meer onbeslist.');
	}

	document.addEventListener('keydown', function (ev) {
		var t = ev.target;
		if (ev.ctrlKey || ev.metaKey || ev.altKey)
			return;
		if (t && (t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' ||
			(t.tagName === 'INPUT' && t.type !== 'radio' && t.type !== 'checkbox')))
			return;
		var p = current >= 0 && !props[current].removed ? props[current] : null;
		switch (ev.key) {
		case 'j': case 'n':
			step(current < 0 ? 0 : 1);
			break;
		case 'k': case 'p':
			step(-1);
			break;
		case 'a':
			if (p) decide(p, 'redact');
			break;
		case 'r': case 'x':
			if (p) decide(p, 'keep');
			break;
		case 'A':
			if (p) decideAll(p, 'redact');
			break;
		case 'R': case 'X':
			if (p) decideAll(p, 'keep');
			break;
		case 'g':
			if (p) p.input.focus();
			break;
		case 'u':
			nextUndecided();
			break;
		case 'e':
			exportPlan();
			break;
		default:
			return;
		}
		ev.preventDefault();
	});
	root.addEventListener('click', function (ev) {
		var li = ev.target.closest ? ev.target.closest('li.prop') : null;
		if (li && (ev.target === li || ev.target.tagName === 'P' || ev.target.tagName === 'SPAN'))
			select(Number(li.getAttribute('data-index')));
	});
	root.addEventListener('focusin', function (ev) {
		var li = ev.target.closest ? ev.target.closest('li.prop') : null;
		var i = li ? Number(li.getAttribute('data-index')) : -1;
		if (li && i !== current) {
			if (current >= 0)
				mark(current, false);
			current = i;
			mark(current, true);
		}
	});
	nextBtn.addEventListener('click', nextUndecided);

	/* --- export -------------------------------------------------------- */

	/* as lakwerk writes a CSV field (csv.c): quoted when it holds a
	 * separator, quote or line end; a would-be formula gets an apostrophe */
	function field(s) {
		var formula = /^[=+\-@]/.test(s);
		if (formula || /^'[=+\-@]/.test(s) || /[,;"\r\n]/.test(s))
			return '"' + (formula ? "'" : '') + s.replace(/"/g, '""') + '"';
		return s;
	}

	/* the plans with the decisions, the reviewer's additions as area
	 * rows, and who reviewed when (two columns lakwerk's reader leaves) */
	function planCsv(who, when) {
		who = who === undefined ? state.reviewer || '' : who;
		when = when === undefined ? '' : when;
		var tail = [who, when];
		var lines = [data.columns.concat(['reviewer', 'reviewed']).map(field).join(',')];
		data.documents.forEach(function (doc) {
			if (!doc.proposals.length) {
				/* nothing proposed: a row that says the document was
				 * reviewed, so a plan of every document has one */
				var row = data.columns.map(function () { return ''; });
				row[col.document] = doc.source;
				row[col.sha256] = doc.sha256;
				row[col.kind] = 'document';
				row[col.decision] = 'keep';
				row[col.rules] = 'review';
				row[col.context] = 'reviewed: nothing proposed';
				lines.push(row.concat(tail).map(field).join(','));
			}
		});
		live().forEach(function (p) {
			var row = p.row.slice();
			row[col.decision] = effective(p);
			var s = decision(p);
			if (s && s.g && s.g.length)
				row[col.grounds] = s.g.join('; ');
			lines.push(row.concat(tail).map(field).join(','));
		});
		return lines.join('\r\n') + '\r\n';
	}

	function exportPlan() {
		var who = reviewer.value.trim();
		if (!who) {
			reviewer.focus();
			say('Vul eerst uw naam in bij \u201cBeoordelaar\u201d: de export legt vast wie ' +
				'beoordeelde en wanneer.');
			return;
		}
		state.reviewer = who;
		save();
		var csv = planCsv(who, new Date().toISOString().replace(/\.\d+Z$/, 'Z'));
		var blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
		var a = el('a', { href: URL.createObjectURL(blob), download: 'plan.reviewed.csv' });
		var ps = live();
		var undecided = ps.filter(function (p) { return !decision(p); }).length;
		document.body.appendChild(a);
		a.click();
		setTimeout(function () {
			URL.revokeObjectURL(a.href);
			a.remove();
		}, 1000);
		say('plan.reviewed.csv ge\u00ebxporteerd (' + ps.length + ' rijen)' + (undecided ?
			'; ' + undecided + ' onbesliste blijven zoals voorgesteld (weglakken)' : '') +
			'. Toepassen met: ' + (data.apply || 'lakwerk redact --plan plan.reviewed.csv'));
	}
	exportBtn.addEventListener('click', exportPlan);

	/* earlier sessions' additions */
	state.added.slice().forEach(function (a) {
		if (!addedProposal(a))
			state.added.splice(state.added.indexOf(a), 1);
	});

	/* for tests and for people at the console */
	window.lakwerkReview = { planCsv: planCsv, proposals: props.length, regime: regime };

	props.forEach(paint);
	summary();
	if (!props.length)
		say('Geen voorstellen om te beoordelen; sleep over een pagina om iets weg te lakken.');
}());
