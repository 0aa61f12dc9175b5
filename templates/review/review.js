/*
 * lakwerk review report: draws the proposed redactions over the page
 * images, takes the reviewer's decisions (saved in the browser's local
 * storage, so a review can be interrupted) and exports them as a plan CSV
 * for `lakwerk redact --plan` or `lakwerk run --plan`.
 *
 * Inlined into index.html by `lakwerk review`; no network, no framework.
 * The data comes from the script element #lakwerk-data.
 */
(function () {
	'use strict';

	var data = JSON.parse(document.getElementById('lakwerk-data').textContent);
	var storeKey = 'lakwerk-review:' + data.report;
	var palette = ['#b3261e', '#0b57d0', '#146c2e', '#7b3fa0', '#b35900',
		'#00696f', '#6d4c41', '#c2185b', '#45617a', '#5f6b00'];
	var col = {};
	data.columns.forEach(function (c, i) { col[c] = i; });
	var colours = {};
	var groundLabel = {};
	data.grounds.forEach(function (g) { groundLabel[g.code] = g.label; });

	/* decisions: key "sha256:row id" -> { d: 'redact'|'keep', g: code } */
	var state = {};
	try {
		state = JSON.parse(window.localStorage.getItem(storeKey) || '{}') || {};
	} catch (e) {
		state = {};
	}
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
		if (!(code in colours))
			colours[code] = palette[Object.keys(colours).length % palette.length];
		return colours[code];
	}

	/* every proposal, in document and page order */
	var props = [];
	data.documents.forEach(function (doc, di) {
		doc.proposals.forEach(function (p, pi) {
			p.doc = doc;
			p.key = doc.sha256 + ':' + p.row[col.id];
			p.index = props.length;
			p.elements = [];
			props.push(p);
			(p.grounds.length ? p.grounds : ['?']).forEach(colour);
		});
	});

	function decision(p) {
		return state[p.key] || null;
	}
	function groundsOf(p) {
		var s = decision(p);
		return s && s.g ? [s.g] : p.grounds;
	}
	function effective(p) {
		var s = decision(p);
		return s ? s.d : p.decision;
	}

	/* --- the page ------------------------------------------------------ */

	var root = document.getElementById('report');
	var status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
	var counts = el('ul', { class: 'counts' });
	var exportBtn = el('button', { type: 'button', class: 'primary', id: 'export' },
		['Export decisions']);
	var nextBtn = el('button', { type: 'button', id: 'next-undecided' },
		['Next undecided']);
	var header = el('header', { class: 'top' }, [
		el('h1', { text: 'Review: ' + data.title }),
		el('div', { class: 'summary' }, [counts, nextBtn, exportBtn]),
		el('p', { class: 'keys' }, [
			el('kbd', { text: 'j' }), ' / ', el('kbd', { text: 'k' }),
			' next / previous proposal, ',
			el('kbd', { text: 'a' }), ' redact (accept), ',
			el('kbd', { text: 'r' }), ' keep (reject), ',
			el('kbd', { text: 'g' }), ' change ground, ',
			el('kbd', { text: 'u' }), ' next undecided, ',
			el('kbd', { text: 'e' }), ' export']),
		status]);
	document.body.insertBefore(header, root);

	function groundSelect(p, id) {
		var sel = el('select', { id: id, class: 'ground', 'data-index': String(p.index) });
		var groups = { woo: el('optgroup', { label: 'Woo' }), wob: el('optgroup', { label: 'Wob' }) };
		data.grounds.forEach(function (g) {
			groups[g.regime].appendChild(el('option', { value: g.code },
				[g.code + ' \u2013 ' + g.label]));
		});
		sel.appendChild(groups.woo);
		sel.appendChild(groups.wob);
		sel.value = groundsOf(p)[0] || '';
		return sel;
	}

	function describe(p) {
		if (p.kind === 'document')
			return 'the whole document';
		if (p.kind === 'page')
			return 'all of page ' + p.page;
		if (p.kind === 'metadata')
			return 'metadata field ' + p.row[col.where];
		if (p.kind === 'item')
			return p.row[col.where];
		return null;
	}

	function proposalItem(p) {
		var n = p.index + 1;
		var gs = p.grounds.join(', ') || '?';
		var what = describe(p);
		var li = el('li', { class: 'prop', id: 'prop-' + n, tabindex: '-1',
			'data-index': String(p.index) });
		var stateSpan = el('span', { class: 'state' });
		var radios = ['redact', 'keep'].map(function (d) {
			var input = el('input', { type: 'radio', name: 'dec-' + n, value: d,
				id: 'dec-' + n + '-' + d });
			input.addEventListener('change', function () { decide(p, d); });
			return el('label', { for: 'dec-' + n + '-' + d }, [input,
				' ' + (d === 'redact' ? 'Redact' : 'Keep')]);
		});
		var sel = groundSelect(p, 'ground-' + n);
		sel.addEventListener('change', function () { changeGround(p, sel.value); });
		sel.addEventListener('keydown', function (ev) {
			if (ev.key === 'Escape' || ev.key === 'Enter') {
				ev.preventDefault();
				ev.stopPropagation();
				select(p.index);
			}
		});
		li.appendChild(el('p', { class: 'what' }, [
			el('span', { class: 'swatch', 'aria-hidden': 'true' }), ' ',
			el('b', { class: 'code', text: gs }), ' ',
			p.text ? el('span', { class: 'text', text: p.text }) : null,
			what ? el('span', { text: (p.text ? ' in ' : '') + what }) : null]));
		li.appendChild(el('p', { class: 'rule' }, [
			(groundLabel[p.grounds[0]] || '') + ' \u00b7 rule ' + (p.rules || 'none')]));
		li.appendChild(el('fieldset', {}, [
			el('legend', { text: 'Decision on proposal ' + n }),
			radios[0], radios[1],
			el('label', { for: 'ground-' + n }, ['Ground ']), sel,
			stateSpan]));
		p.li = li;
		p.select = sel;
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

	data.documents.forEach(function (doc) {
		var sec = el('section', { class: 'doc', 'aria-label': doc.name });
		var mine = props.filter(function (p) { return p.doc === doc; });
		var shown = {};
		sec.appendChild(el('h2', { text: doc.name }));
		sec.appendChild(el('p', { class: 'docinfo', text: doc.npages + ' page' +
			(doc.npages === 1 ? '' : 's') + ', ' + mine.length + ' proposal' +
			(mine.length === 1 ? '' : 's') + ' \u00b7 SHA-256 ' + doc.sha256 }));
		/* proposals that are not on a page image */
		var loose = mine.filter(function (p) { return p.boxes.length === 0; });
		if (loose.length) {
			var ol = el('ol', { class: 'props' });
			loose.forEach(function (p) { ol.appendChild(proposalItem(p)); });
			sec.appendChild(el('div', { class: 'loose' }, [
				el('h3', { text: 'Not on a page: document, metadata, attachments' }), ol]));
		}
		doc.pages.forEach(function (pg) {
			var manual = pg.flags.length > 0;
			var sheet = el('div', { class: 'sheet', style: 'aspect-ratio: ' + pg.w + ' / ' + pg.h });
			var img = el('img', { src: pg.img, alt: 'Page ' + pg.n + ' of ' + doc.name,
				width: String(pg.pw), height: String(pg.ph) });
			var ol = el('ol', { class: 'props', 'aria-label': 'Proposals on page ' + pg.n });
			shown[pg.n] = true;
			sheet.appendChild(img);
			mine.forEach(function (p) {
				var onPage = p.boxes.filter(function (b) { return b[0] === pg.n; });
				if (!onPage.length)
					return;
				/* a proposal is listed where its first box is */
				if (p.boxes[0][0] === pg.n)
					ol.appendChild(proposalItem(p));
				onPage.forEach(function (b) {
					var box = el('div', { class: 'box', 'data-index': String(p.index),
						'data-page': String(pg.n),
						style: 'left:' + (100 * b[1] / pg.w) + '%;top:' + (100 * b[2] / pg.h) +
							'%;width:' + (100 * (b[3] - b[1]) / pg.w) + '%;height:' +
							(100 * (b[4] - b[2]) / pg.h) + '%' });
					box.appendChild(el('span', { class: 'tag' }));
					box.addEventListener('click', function () { select(p.index); });
					sheet.appendChild(box);
					p.elements.push(box);
				});
			});
			var h = el('h3', { text: 'Page ' + pg.n }, []);
			if (manual)
				h.appendChild(el('span', { class: 'manual', text: 'manual review: ' +
					pg.flags.join(', ').replace('needs-ocr', 'needs OCR, no text layer')
						.replace('unreliable-text', 'unreliable text')
						.replace('ocr-low-confidence', 'read by OCR, some words uncertain')
						.replace('text-disagrees', 'the text says other words than the glyphs draw') }));
			sec.appendChild(el('div', { class: 'page', id: 'page-' + doc.id + '-' + pg.n,
				'data-page': String(pg.n) }, [h, sheet, ol]));
		});
		var quiet = [];
		for (var n = 1; n <= doc.npages; n++)
			if (!shown[n])
				quiet.push(n);
		if (quiet.length)
			sec.appendChild(el('details', { class: 'quiet' }, [
				el('summary', { text: 'Pages without proposals: ' + pagesRange(quiet) }),
				el('p', { text: 'No proposed redactions on these pages.' })]));
		root.appendChild(sec);
	});

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
			b.firstChild.textContent = d === 'keep' ? 'keep' : gs.join(', ');
			b.setAttribute('title', (d === 'keep' ? 'keep: ' : gs.join(', ') + ': ') + (p.text || ''));
		});
		if (p.li) {
			p.li.querySelector('.code').textContent = gs.join(', ');
			p.radios[0].checked = !!s && d === 'redact';
			p.radios[1].checked = !!s && d === 'keep';
			p.select.value = gs[0] || '';
			p.stateSpan.textContent = !s ? 'undecided' : d === 'keep' ? 'keep' :
				s.g && s.g !== p.grounds.join('; ') ? 'redact, ground changed' : 'redact';
			p.stateSpan.className = 'state' + (s ? '' : ' undecided');
		}
	}

	function summary() {
		var per = {}, undecided = 0, pages = 0;
		data.documents.forEach(function (d) { pages += d.npages; });
		props.forEach(function (p) {
			if (!decision(p))
				undecided++;
			if (effective(p) === 'redact')
				groundsOf(p).forEach(function (g) { per[g] = (per[g] || 0) + 1; });
		});
		counts.textContent = '';
		counts.appendChild(el('li', { text: data.documents.length + ' document' +
			(data.documents.length === 1 ? '' : 's') + ', ' + pages + ' pages, ' +
			props.length + ' proposals' }));
		Object.keys(per).sort().forEach(function (g) {
			var li = el('li', { class: 'per-ground', 'data-ground': g }, [
				el('span', { class: 'swatch', 'aria-hidden': 'true' }), ' ' + g + ': ' + per[g]]);
			li.firstChild.style.setProperty('--c', colour(g));
			counts.appendChild(li);
		});
		counts.appendChild(el('li', { id: 'undecided', text: undecided + ' undecided' }));
	}

	function decide(p, d) {
		var s = decision(p) || {};
		s.d = d;
		state[p.key] = s;
		save();
		paint(p);
		summary();
		say('Proposal ' + (p.index + 1) + ': ' + (d === 'keep' ? 'keep' : 'redact'));
	}

	function changeGround(p, code) {
		state[p.key] = { d: 'redact', g: code };
		save();
		paint(p);
		summary();
		say('Proposal ' + (p.index + 1) + ': redact on ' + code);
	}

	function say(msg) {
		status.textContent = msg;
	}

	/* --- navigation ---------------------------------------------------- */

	var current = -1;

	function select(i) {
		if (!props.length)
			return;
		i = Math.max(0, Math.min(props.length - 1, i));
		if (current >= 0) {
			props[current].elements.forEach(function (b) { b.classList.remove('current'); });
			props[current].li.classList.remove('current');
		}
		current = i;
		var p = props[i];
		p.li.classList.add('current');
		p.elements.forEach(function (b) { b.classList.add('current'); });
		p.li.focus({ preventScroll: true });
		p.li.scrollIntoView({ block: 'nearest' });
		if (p.elements.length)
			p.elements[0].scrollIntoView({ block: 'nearest' });
	}

	function nextUndecided() {
		for (var k = 1; k <= props.length; k++) {
			var i = (current + k + props.length) % props.length;
			if (!decision(props[i])) {
				select(i);
				return;
			}
		}
		say('Nothing is undecided.');
	}

	document.addEventListener('keydown', function (ev) {
		var t = ev.target;
		if (ev.ctrlKey || ev.metaKey || ev.altKey)
			return;
		if (t && (t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' ||
			(t.tagName === 'INPUT' && t.type !== 'radio')))
			return;
		var p = current >= 0 ? props[current] : null;
		switch (ev.key) {
		case 'j': case 'n':
			select(current + 1);
			break;
		case 'k': case 'p':
			select(current < 0 ? 0 : current - 1);
			break;
		case 'a':
			if (p) decide(p, 'redact');
			break;
		case 'r': case 'x':
			if (p) decide(p, 'keep');
			break;
		case 'g':
			if (p) p.select.focus();
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
	props.forEach(function (p) {
		p.li.addEventListener('click', function (ev) {
			if (ev.target === p.li || ev.target.tagName === 'P' || ev.target.tagName === 'SPAN')
				select(p.index);
		});
		p.li.addEventListener('focusin', function () {
			if (current !== p.index) {
				if (current >= 0) {
					props[current].li.classList.remove('current');
					props[current].elements.forEach(function (b) { b.classList.remove('current'); });
				}
				current = p.index;
				p.li.classList.add('current');
				p.elements.forEach(function (b) { b.classList.add('current'); });
			}
		});
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

	function planCsv() {
		var lines = [data.columns.map(field).join(',')];
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
				lines.push(row.map(field).join(','));
			}
		});
		props.forEach(function (p) {
			var row = p.row.slice();
			row[col.decision] = effective(p);
			var s = decision(p);
			if (s && s.g)
				row[col.grounds] = s.g;
			lines.push(row.map(field).join(','));
		});
		return lines.join('\r\n') + '\r\n';
	}

	function exportPlan() {
		var csv = planCsv();
		var blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
		var a = el('a', { href: URL.createObjectURL(blob), download: 'plan.reviewed.csv' });
		var undecided = props.filter(function (p) { return !decision(p); }).length;
		document.body.appendChild(a);
		a.click();
		setTimeout(function () {
			URL.revokeObjectURL(a.href);
			a.remove();
		}, 1000);
		say('Exported plan.reviewed.csv (' + props.length + ' rows)' + (undecided ?
			'; ' + undecided + ' undecided kept as proposed (redact)' : '') +
			'. Apply it with: lakwerk redact --plan plan.reviewed.csv');
	}
	exportBtn.addEventListener('click', exportPlan);

	/* for tests and for people at the console */
	window.lakwerkReview = { planCsv: planCsv, proposals: props.length };

	props.forEach(paint);
	summary();
	if (!props.length)
		say('No proposals to review.');
}());
