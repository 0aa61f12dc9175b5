// The review report in a real browser (Debian's Chromium, driven by
// playwright-core): the boxes are drawn where the plans say, one proposal
// is rejected and another's ground changed with the keyboard, decisions
// survive a reload; the ground picker offers the request's regime only and
// refuses a typed unknown or Wob code; a two-ground proposal keeps both;
// "keep every occurrence" keeps them all; a word redaction (a selection
// snapped to words) and a free box are added on a page; the export needs
// the reviewer's name and is the plans' CSV with those decisions, the
// additions as area rows, and who reviewed when.
//
//   node review.test.mjs REPORT_DIR OUT_DIR PLAN.csv...
//
// Writes OUT_DIR/plan.reviewed.csv (the export), OUT_DIR/review.png (a
// screenshot for a person to look at) and OUT_DIR/chosen.txt (the texts
// the shell test then checks in the PDFs lakwerk redacts with the export).
// Prints "not ok ..." lines and exits 1 on failure.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require(process.env.PLAYWRIGHT_CORE ||
	path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules', 'playwright-core'));

const [reportDir, outDir, ...planFiles] = process.argv.slice(2);
let failures = 0, checks = 0;
function ok(cond, what) {
	checks++;
	if (!cond) {
		failures++;
		console.log('not ok - ' + what);
	}
}

// RFC 4180 records, as lakwerk writes them
function parseCsv(text) {
	const rows = [];
	let row = [], f = '', q = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (q) {
			if (c === '"' && text[i + 1] === '"') { f += '"'; i++; }
			else if (c === '"') q = false;
			else f += c;
		} else if (c === '"') q = true;
		else if (c === ',') { row.push(f); f = ''; }
		else if (c === '\r') { /* CRLF */ }
		else if (c === '\n') { row.push(f); rows.push(row); row = []; f = ''; }
		else f += c;
	}
	if (f !== '' || row.length) { row.push(f); rows.push(row); }
	return rows;
}

const plans = planFiles.map((p) => readFileSync(p, 'utf8'));
const header = parseCsv(plans[0])[0];
const C = Object.fromEntries(header.map((h, i) => [h, i]));
const planRows = new Map();	// "sha256:id" -> row
for (const p of plans)
	for (const r of parseCsv(p).slice(1))
		planRows.set(r[C.sha256] + ':' + r[C.id], r);

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	args: ['--no-sandbox'],
});
const context = await browser.newContext({ acceptDownloads: true,
	viewport: { width: 1400, height: 1000 } });
const page = await context.newPage();
const problems = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
page.on('pageerror', (e) => problems.push(e.message));
const remote = [];
page.on('request', (r) => { if (!/^(file|blob|data):/.test(r.url())) remote.push(r.url()); });

const url = pathToFileURL(path.resolve(reportDir, 'index.html')).href;
await page.goto(url);
const data = JSON.parse(await page.locator('#lakwerk-data').textContent());
const props = data.documents.flatMap((d) => d.proposals.map((p) => ({ ...p, doc: d })));
ok(props.length === planRows.size, `${props.length} proposals shown, the plans have ${planRows.size} rows`);
ok(await page.locator('li.prop').count() === props.length, 'one list item per proposal');
ok((await page.locator('#undecided').textContent()) === `${props.length} onbeslist`, 'all undecided at first');
ok(await page.evaluate(() => document.documentElement.lang) === 'nl', 'the page is Dutch (lang="nl")');

// --- the boxes, where the plans' boxes column says -------------------------
let nbox = 0;
for (const doc of data.documents) {
	for (const pg of doc.pages) {
		const img = page.locator(`#page-${doc.id}-${pg.n} img`);
		const ib = await img.boundingBox();
		const naturalOk = await img.evaluate((i) => i.complete && i.naturalWidth > 0);
		ok(naturalOk, `${doc.name} page ${pg.n}: the image loads`);
		const boxes = page.locator(`#page-${doc.id}-${pg.n} .box`);
		const n = await boxes.count();
		for (let k = 0; k < n; k++) {
			const b = boxes.nth(k);
			const idx = Number(await b.getAttribute('data-index'));
			const p = props[idx];
			const row = planRows.get(doc.sha256 + ':' + p.row[C.id]);
			const want = (row[C.boxes] || '').split(';').filter(Boolean)
				.map((s) => s.split(/[: ]/).map(Number))
				.filter((v) => v[0] === pg.n);
			const got = await b.boundingBox();
			const sx = ib.width / pg.w, sy = ib.height / pg.h;
			const match = want.some((w) =>
				Math.abs(ib.x + w[1] * sx - got.x) < 1.5 &&
				Math.abs(ib.y + w[2] * sy - got.y) < 1.5 &&
				Math.abs((w[3] - w[1]) * sx - got.width) < 1.5 &&
				Math.abs((w[4] - w[2]) * sy - got.height) < 1.5);
			ok(match, `${doc.name} p${pg.n}: box of proposal ${idx + 1} (${p.text}) at ` +
				`${got.x.toFixed(1)},${got.y.toFixed(1)} is not one of the plan's ${JSON.stringify(want)}`);
			nbox++;
		}
	}
}
const planBoxes = [...planRows.values()].reduce((s, r) =>
	s + (r[C.boxes] ? r[C.boxes].split(';').length : 0), 0);
ok(nbox === planBoxes, `${nbox} boxes drawn, the plans have ${planBoxes}`);

// --- the export before any decision: the plans as they are -----------------
const first = await page.evaluate(() => window.lakwerkReview.planCsv());
const expected = plans[0].split('\r\n')[0] + ',reviewer,reviewed\r\n' +
	data.documents.filter((d) => !d.proposals.length).map((d) =>
		`,${d.source},${d.sha256},document,,,,,,,review,keep,reviewed: nothing proposed,,\r\n`).join('') +
	plans.map((p) => p.slice(p.indexOf('\r\n') + 2).split('\r\n').filter(Boolean)
		.map((l) => l + ',,\r\n').join('')).join('');
ok(first === expected, 'the untouched export is the plans, byte for byte (a row per document without proposals, ' +
	'and the reviewer columns)');

// --- decide with the keyboard ------------------------------------------------
// texts that occur in no other proposal, so the PDF check is unambiguous
const lower = props.map((p) => (p.text || '').toLowerCase());
const unique = props.map((p, i) => p.kind === 'text' && p.text.length >= 4 &&
	lower.every((t, j) => j === i || (!t.includes(lower[i]) && !lower[i].includes(t))));
const reject = unique.indexOf(true);
const change = unique.indexOf(true, reject + 1);
ok(reject >= 0 && change > reject, 'two proposals with unique texts to decide on');
const newGround = data.grounds.find((g) => g.code === '5.2.1') ? '5.2.1' : data.grounds[1].code;

await page.locator('body').click({ position: { x: 5, y: 5 } });
for (let i = 0; i <= reject; i++)
	await page.keyboard.press('j');
ok(await page.evaluate(() => document.activeElement.id) === `prop-${reject + 1}`, 'j moves to the proposal');
await page.keyboard.press('r');
for (let i = reject; i < change; i++)
	await page.keyboard.press('j');
ok(await page.evaluate(() => document.activeElement.id) === `prop-${change + 1}`, 'j moves on');
await page.keyboard.press('k');
ok(await page.evaluate(() => document.activeElement.id) === `prop-${change}`, 'k moves back');
await page.keyboard.press('j');
await page.keyboard.press('g');
ok(await page.evaluate(() => document.activeElement.id) === `ground-${change + 1}`, 'g goes to the ground');
await page.keyboard.type(newGround);
await page.keyboard.press('Enter');
ok(await page.evaluate(() => document.activeElement.id) === `prop-${change + 1}`, 'Enter goes back to the proposal');
ok(await page.locator(`#ground-${change + 1}`).inputValue() === newGround, `the ground is now ${newGround}`);

async function states() {
	return {
		rejected: await page.locator(`#prop-${reject + 1} .state`).textContent(),
		changed: await page.locator(`#prop-${change + 1} .state`).textContent(),
		undecided: await page.locator('#undecided').textContent(),
		tag: await page.locator(`.box[data-index="${change}"] .tag`).first().textContent(),
		keepBox: await page.locator(`.box[data-index="${reject}"]`).first().getAttribute('class'),
	};
}
let s = await states();
ok(s.rejected === 'laten staan', `rejected proposal says ${s.rejected}`);
ok(s.changed === 'weglakken, grond gewijzigd', `changed proposal says ${s.changed}`);
ok(s.undecided === `${props.length - 2} onbeslist`, s.undecided);
ok(s.tag === newGround, `the box is labelled ${s.tag}`);
ok(/\bkeep\b/.test(s.keepBox), 'the rejected box is drawn as kept');

// --- the review survives a reload ---------------------------------------------
// Chromium hands localStorage writes to its browser process in batches; a
// reload right after a write can come first when the machine is busy (seen
// while the OCR tests ran beside this one). Wait until another page of the
// same context sees the decisions (at most 20 s), then reload.
{
	const key = 'lakwerk-review:' + data.report;
	const mine = await page.evaluate((k) => localStorage.getItem(k), key);
	const probe = await context.newPage();
	await probe.goto(url);
	let seen = null;
	for (let i = 0; i < 100 && seen !== mine; i++) {
		seen = await probe.evaluate((k) => localStorage.getItem(k), key);
		if (seen !== mine)
			await probe.waitForTimeout(200);
	}
	await probe.close();
	ok(seen === mine, 'the decisions reached the browser\'s storage');
}
await page.reload();
s = await states();
ok(s.rejected === 'laten staan' && s.changed === 'weglakken, grond gewijzigd' &&
	s.undecided === `${props.length - 2} onbeslist`, 'decisions survive a reload: ' + JSON.stringify(s));
await page.screenshot({ path: path.join(outDir, 'review.png'), fullPage: true });

// --- the ground picker: the request's regime only, typed codes checked ---------
const offered = await page.locator('datalist option').evaluateAll((os) => os.map((o) => o.value));
const regimeOf = Object.fromEntries(data.grounds.map((g) => [g.code, g.regime]));
ok(offered.length > 10 && offered.every((c) => regimeOf[c] === 'woo'),
	`the picker offers the Woo grounds only (${offered.length})`);
const other = unique.indexOf(true, change + 1);
ok(other > change, 'a third proposal with a unique text');
for (const [typed, want] of [['9.9.9', /9\.9\.9 is geen weigeringsgrond/], ['10.2e', /10\.2e is een WOB-grond/]]) {
	await page.locator(`#ground-${other + 1}`).click();
	await page.keyboard.type(typed);
	const msg = await page.locator(`#ground-${other + 1}-msg`).textContent();
	ok(want.test(msg) && /niets gewijzigd/.test(msg), `typing ${typed}: "${msg}"`);
	await page.keyboard.press('Enter');
	ok(await page.locator(`#prop-${other + 1} .state`).textContent() === 'onbeslist',
		`${typed} changed nothing`);
	await page.keyboard.press('Escape');
	ok(await page.locator(`#ground-${other + 1}`).inputValue() === props[other].grounds.join('; '),
		'Escape puts the grounds back');
}

// --- a proposal under two grounds keeps both when accepted -----------------------
const two = props.findIndex((p) => p.grounds.length >= 2);
ok(two >= 0, 'a proposal under two grounds');
if (two >= 0) {
	await page.locator(`#prop-${two + 1}`).focus();
	await page.keyboard.press('a');
	ok(await page.locator(`#ground-${two + 1}`).inputValue() === props[two].grounds.join('; '),
		'both grounds stay after accepting');
}

// --- keep every occurrence of a text ---------------------------------------------
const norm = (t) => (t || '').toLowerCase().replace(/\s+/g, ' ').trim();
const many = props.findIndex((p, i) => p.kind === 'text' && ![reject, change, other, two].includes(i) &&
	props.filter((q) => q.kind === 'text' && norm(q.text) === norm(p.text)).length >= 2 &&
	!props.some((q, j) => j !== i && norm(q.text) !== norm(p.text) &&
		(norm(q.text).includes(norm(p.text)) || norm(p.text).includes(norm(q.text)))));
ok(many >= 0, 'a text proposed more than once');
const keptAll = many < 0 ? [] : props.map((p, i) => i).filter((i) => props[i].kind === 'text' &&
	norm(props[i].text) === norm(props[many].text));
if (many >= 0) {
	await page.locator(`#all-keep-${many + 1}`).click();
	for (const i of keptAll)
		ok(await page.locator(`#prop-${i + 1} .state`).textContent() === 'laten staan',
			`every "${props[many].text}" kept (${i + 1})`);
}

// --- add redactions: words by a selection, and a free box -----------------------
const overlaps = (a, b) => a[0] < b[2] && a[2] > b[0] && a[1] < b[3] && a[3] > b[1];
function freeWords(doc, pg) {
	const taken = props.filter((p) => p.doc === doc).flatMap((p) => p.boxes)
		.filter((b) => b[0] === pg.n).map((b) => b.slice(1));
	return pg.words.filter((w) => w[2] - w[0] > 25 &&
		!taken.some((t) => overlaps(t, [w[0] - 4, w[1] - 4, w[2] + 4, w[3] + 4])));
}
const target = data.documents.flatMap((d) => d.pages.map((pg) => ({ d, pg })))
	.find(({ d, pg }) => freeWords(d, pg).length >= 2);
ok(!!target, 'a page with words no proposal covers');
const added = [];
if (target) {
	const { d, pg } = target;
	const [w1, w2] = freeWords(d, pg);
	const img = page.locator(`#page-${d.id}-${pg.n} img`);
	await img.scrollIntoViewIfNeeded();
	const dragOver = async (r) => {
		// the word into the middle of the window (not under the sticky header)
		await page.evaluate(([id, y]) => {
			const im = document.querySelector(`#${CSS.escape(id)} img`);
			const b = im.getBoundingClientRect();
			window.scrollBy(0, b.top + b.height * y - window.innerHeight / 2);
		}, [`page-${d.id}-${pg.n}`, r[1] / pg.h]);
		const ib = await img.boundingBox();
		const sx = ib.width / pg.w, sy = ib.height / pg.h;
		await page.mouse.move(ib.x + r[0] * sx, ib.y + r[1] * sy);
		await page.mouse.down();
		await page.mouse.move(ib.x + r[2] * sx, ib.y + r[3] * sy, { steps: 5 });
		await page.mouse.up();
	};
	const before = await page.locator('li.prop.added').count();
	// inside the word: the selection snaps out to the word's box
	await dragOver([w1[0] + 2, (w1[1] + w1[3]) / 2 - 1, w1[2] - 2, (w1[1] + w1[3]) / 2 + 1]);
	ok(await page.locator('li.prop.added').count() === before + 1, 'a selection over a word adds a redaction');
	// a free box over the second word and some margin around it
	await page.locator('#snap').uncheck();
	const free = [w2[0] - 3, w2[1] - 3, w2[2] + 3, w2[3] + 3];
	await dragOver(free);
	await page.locator('#snap').check();
	ok(await page.locator('li.prop.added').count() === before + 2, 'a free box adds a redaction');
	const rows = parseCsv(await page.evaluate(() => window.lakwerkReview.planCsv())).filter((r) => r[C.kind] === 'area');
	ok(rows.length === 2, `two area rows (${rows.length})`);
	const boxOf = (r) => r[C.boxes].split(/[: ]/).map(Number).slice(1);
	if (rows.length === 2) {
		const b1 = boxOf(rows[0]), b2 = boxOf(rows[1]);
		ok(b1.every((v, k) => Math.abs(v - w1[k]) < 0.2), `the selection snapped to the word: ${b1} vs ${w1}`);
		ok(b2.every((v, k) => Math.abs(v - free[k]) < 1.5), `the free box is as drawn: ${b2} vs ${free}`);
		ok(rows.every((r) => r[C.grounds] === '5.1.2e' && r[C.decision] === 'redact' && r[C.page] === String(pg.n)),
			'area rows: 5.1.2e, redact, their page');
		for (const r of rows)
			added.push(`area\t${path.basename(d.source)}\t${pg.n}\t${boxOf(r).join(' ')}`);
	}
}

// --- export -------------------------------------------------------------------
await page.locator('body').click({ position: { x: 5, y: 5 } });
// without a name: no export, the name is asked for
let downloaded = false;
page.once('download', () => { downloaded = true; });
await page.keyboard.press('e');
await page.waitForTimeout(300);
ok(!downloaded, 'no export without the reviewer\'s name');
ok(/Vul eerst uw naam in/.test(await page.locator('.status').textContent()), 'the name is asked for');
ok(await page.evaluate(() => document.activeElement.id) === 'reviewer', 'the name field has the focus');
await page.locator('#reviewer').fill('A. Beoordelaar');
await page.locator('body').click({ position: { x: 5, y: 5 } });
const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('e')]);

ok(download.suggestedFilename() === 'plan.reviewed.csv', 'the export is plan.reviewed.csv');
const exportPath = path.join(outDir, 'plan.reviewed.csv');
await download.saveAs(exportPath);
const exported = parseCsv(readFileSync(exportPath, 'utf8'));
const byKey = new Map(exported.slice(1).map((r) => [r[C.sha256] + ':' + r[C.id], r]));
const rr = byKey.get(props[reject].doc.sha256 + ':' + props[reject].row[C.id]);
const cr = byKey.get(props[change].doc.sha256 + ':' + props[change].row[C.id]);
ok(rr && rr[C.decision] === 'keep', 'exported: the rejected row is keep');
ok(cr && cr[C.decision] === 'redact' && cr[C.grounds] === newGround, 'exported: the changed row has the new ground');
ok(exported.length - 1 === props.length + added.length + data.documents.filter((d) => !d.proposals.length).length,
	'exported: every row');
const H = exported[0];
ok(H[H.length - 2] === 'reviewer' && H[H.length - 1] === 'reviewed', 'exported: reviewer columns');
ok(exported.slice(1).every((r) => r[H.length - 2] === 'A. Beoordelaar' &&
	/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r[H.length - 1])), 'exported: who reviewed, and when');
if (two >= 0) {
	const tr = byKey.get(props[two].doc.sha256 + ':' + props[two].row[C.id]);
	ok(tr && tr[C.grounds] === props[two].grounds.join('; '), `exported: both grounds kept (${tr && tr[C.grounds]})`);
}
for (const i of keptAll) {
	const kr = byKey.get(props[i].doc.sha256 + ':' + props[i].row[C.id]);
	ok(kr && kr[C.decision] === 'keep', `exported: "${props[i].text}" kept`);
}
const status = await page.locator('.status').textContent();
ok(status.startsWith('plan.reviewed.csv ge\u00ebxporteerd'), 'the export is announced: ' + status);
ok(status.includes('lakwerk redact --plan plan.reviewed.csv'), 'the hint names the command that made the report');


ok(remote.length === 0, 'no network requests: ' + remote.join(' '));
ok(problems.length === 0, 'no console errors or CSP violations: ' + problems.join(' | '));
writeFileSync(path.join(outDir, 'chosen.txt'),
	`reject\t${props[reject].text}\nchange\t${props[change].text}\nground\t${newGround}\n` +
	(many >= 0 ? `keepall\t${props[many].text}\n` : '') +
	added.map((a) => a + '\n').join('') +
	props.filter((p, i) => i !== reject && p.kind === 'text' && !keptAll.includes(i))
		.map((p) => `redacted\t${p.text}\n`).join(''));
await browser.close();
console.log(`${checks - failures} of ${checks} browser checks passed`);
process.exit(failures ? 1 : 0);
