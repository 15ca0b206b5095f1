// `whatsapp-consent audit` on the sample files and on broken input: the verdicts are the consent
// engine's own (checked against validateConsent / verifyRecord), with the file's line numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, tmp, lines, root, examples } from './run.mjs';
import { CASES, NOW } from './make-examples.mjs';

const api = await import(join(root, 'pkg/node.mjs'));
const JSONL = join(examples, 'submissions.jsonl');
const CSV = join(examples, 'submissions.csv');
const WARNINGS = new Set(['EXCESSIVE_DATA', 'PHONE_NOT_MOBILE', 'STALE_CONSENT', 'PARENTAL_CONSENT_UNVERIFIED']);
// The records after the submissions in submissions.jsonl: pending, confirmed, backdated, edited, withdrawn.
const RECORD_EXPECT = [[], [], ['RECORD_TAMPERED'], ['RECORD_TAMPERED'], []];

/** line → [{ severity, code, where }] from the text output. */
function byLine(stdout) {
  const out = new Map();
  for (const l of lines(stdout)) {
    const m = /^line (\d+): (error|warning) ([A-Z_]+)(?: (\S+))?: /.exec(l);
    assert.ok(m, `unexpected output line: ${l}`);
    if (!out.has(+m[1])) out.set(+m[1], []);
    out.get(+m[1]).push({ severity: m[2], code: m[3], where: m[4] ?? null });
  }
  return out;
}

const summary = (stderr, label) => Number(new RegExp(`^  ${label}\\s+([\\d,]+)$`, 'm').exec(stderr)[1].replaceAll(',', ''));

test('JSON Lines sample: each case is reported on its own line with exactly its codes; exit 1', () => {
  const r = run(['audit', JSONL, '--now', NOW]);
  assert.equal(r.status, 1, r.stderr);
  const got = byLine(r.stdout);
  const expected = [...CASES.map((c) => (c.malformed ? ['MALFORMED_ROW'] : c.expect)), ...RECORD_EXPECT];
  assert.equal(lines(readFileSync(JSONL, 'utf8')).length, expected.length);
  expected.forEach((codes, i) => {
    const found = [...new Set((got.get(i + 1) ?? []).map((v) => v.code))].sort();
    assert.deepEqual(found, [...new Set(codes)].sort(), `line ${i + 1}`);
  });
  // Spelled out: the form a person reads.
  assert.match(r.stdout, /^line 4: error PRE_TICKED checkboxes\[0\]\.preChecked: /m);
  assert.match(r.stdout, /^line 24: error MALFORMED_ROW: not valid JSON/m);
  assert.match(r.stdout, /^line 30: error RECORD_TAMPERED events\[1\]: HASH_MISMATCH: /m);
  assert.match(r.stdout, /^line 31: error RECORD_TAMPERED: STATE_MISMATCH: /m);
  // The run went on after the malformed line 24: rows 25 and later were checked.
  assert.ok(got.has(25) && got.has(30) && got.has(31));

  const errors = expected.filter((codes) => codes.some((c) => !WARNINGS.has(c))).length;
  assert.equal(summary(r.stderr, 'valid'), expected.length - errors);
  assert.equal(summary(r.stderr, 'with errors'), errors);
  assert.equal(summary(r.stderr, 'with warnings'), expected.filter((codes) => codes.some((c) => WARNINGS.has(c))).length);
  assert.match(r.stderr, /: 32 rows \(26 submissions, 5 records, 1 unreadable\)/);
  assert.match(r.stderr, /^ {4}PRE_TICKED\s+1 error$/m);
  assert.match(r.stderr, /^ {4}EXCESSIVE_DATA\s+2 warnings$/m);
});

test('--json: one object per row, the same violations validateConsent and verifyRecord give', () => {
  const r = run(['audit', JSONL, '--now', NOW, '--json', '--all']);
  assert.equal(r.status, 1);
  const rows = lines(r.stdout).map((l) => JSON.parse(l));
  const text = lines(readFileSync(JSONL, 'utf8'));
  assert.deepEqual(rows.map((x) => x.line), text.map((_, i) => i + 1));
  for (const row of rows) {
    let value;
    try {
      value = JSON.parse(text[row.line - 1]);
    } catch {
      assert.equal(row.type, 'malformed');
      continue;
    }
    if (row.type === 'record') {
      const v = api.verifyRecord(value);
      assert.equal(row.valid, v.valid, `line ${row.line}`);
      assert.equal(row.id, value.id);
      assert.deepEqual(row.violations.map((x) => x.message), v.problems.map((p) => `${p.code}: ${p.message}`));
    } else {
      const v = api.validateConsent(value, { now: NOW });
      assert.equal(row.type, 'submission');
      assert.deepEqual({ valid: row.valid, e164: row.e164, jurisdiction: row.jurisdiction, violations: row.violations }, v, `line ${row.line}`);
    }
  }
});

test('CSV sample: column names in the output, broken rows by line, verdicts as validateConsent gives them', () => {
  const r = run(['audit', CSV, '--now', NOW]);
  assert.equal(r.status, 1, r.stderr);
  const got = byLine(r.stdout);
  assert.deepEqual(got.get(5), [{ severity: 'error', code: 'PRE_TICKED', where: 'promo_prechecked' }]);
  assert.deepEqual(got.get(10), [{ severity: 'error', code: 'TEXT_VERSION_MISMATCH', where: 'promo_text_version' }]);
  assert.deepEqual(got.get(18), [{ severity: 'error', code: 'EMAIL_CONSENT_NOT_TRANSFERABLE', where: 'source_consent_channel' }]);
  assert.match(r.stdout, /^line 7: error MALFORMED_ROW: 4 fields, the header has 27$/m);
  assert.match(r.stdout, /^line 28: error MALFORMED_ROW: text after a closing quote on line 28/m);
  // An unknown column is extra data in a CSV (the JSON sample's UNKNOWN_FIELD row).
  assert.deepEqual(got.get(25), [{ severity: 'warning', code: 'EXCESSIVE_DATA', where: 'extra' }]);

  const json = lines(run(['audit', CSV, '--now', NOW, '--json', '--all']).stdout).map((l) => JSON.parse(l));
  const raw = lines(run(['convert', CSV, '--raw']).stdout).map((l) => JSON.parse(l));
  const subs = lines(run(['convert', CSV]).stdout).map((l) => JSON.parse(l));
  assert.equal(raw.length, subs.length);
  const audited = new Map(json.map((x) => [x.line, x]));
  raw.forEach(({ line }, i) => {
    const v = api.validateConsent(subs[i], { now: NOW });
    const row = audited.get(line);
    assert.equal(row.valid, v.valid, `line ${line}`);
    assert.deepEqual(row.violations.map(({ column, ...rest }) => rest), v.violations, `line ${line}`);
  });
  assert.equal(json.length, raw.length + 2);
});

test('exit 0 when no row has an error (warnings are printed but pass)', () => {
  const dir = tmp();
  const clean = join(dir, 'clean.jsonl');
  writeFileSync(clean, CASES.filter((c) => c.sub && c.expect.length === 0).map((c) => JSON.stringify(c.sub)).join('\n'));
  const r = run(['audit', clean, '--now', NOW]);
  assert.equal(r.status, 0, r.stdout);
  assert.equal(r.stdout, '');
  const warned = join(dir, 'warned.jsonl');
  writeFileSync(warned, CASES.filter((c) => c.sub && c.valid).map((c) => JSON.stringify(c.sub)).join('\n'));
  const w = run(['audit', warned, '--now', NOW]);
  assert.equal(w.status, 0);
  assert.ok(lines(w.stdout).length >= 4);
  assert.ok(lines(w.stdout).every((l) => / warning /.test(l)));
});

test('--now decides what is in the future and what is stale', () => {
  const future = CASES.findIndex((c) => c.expect.includes('FUTURE_TIMESTAMP')) + 1;
  const stale = CASES.findIndex((c) => c.expect.includes('STALE_CONSENT')) + 1;
  const later = byLine(run(['audit', JSONL, '--now', '2026-10-01T00:00:00Z']).stdout);
  assert.equal(later.get(future), undefined);
  assert.ok(later.get(stale).some((v) => v.code === 'STALE_CONSENT'));
  const earlier = byLine(run(['audit', JSONL, '--now', '2024-01-01T00:00:00Z']).stdout);
  assert.equal(earlier.get(stale), undefined);
  const shorter = byLine(run(['audit', JSONL, '--now', NOW, '--refresh-months', '3']).stdout);
  assert.ok(shorter.get(1).some((v) => v.code === 'STALE_CONSENT'), 'collected in January, 3-month policy');
});

test('--html writes one self-contained report with SVG charts by code and by month, and the counts', () => {
  const dir = tmp();
  const file = join(dir, 'report.html');
  const r = run(['audit', JSONL, '--now', NOW, '--html', file, '--quiet']);
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  const html = readFileSync(file, 'utf8');
  assert.equal((html.match(/<svg /g) ?? []).length, 2);
  assert.match(html, /aria-label="Violations by code"/);
  assert.match(html, /aria-label="Violations by month of collectedAt"/);
  for (const code of ['PRE_TICKED', 'RECORD_TAMPERED', 'MALFORMED_ROW', 'STALE_CONSENT']) assert.ok(html.includes(code), code);
  for (const month of ['2026-03', '2026-04', '2023-05', 'unknown']) assert.ok(html.includes(`>${month}<`), month);
  assert.match(html, /<div class="n">32<\/div><div>rows<\/div>/);
  assert.match(html, /<div class="n">13<\/div><div>valid<\/div>/);
  // Nothing to fetch or run.
  assert.doesNotMatch(html, /<script|<link|<img|src=|url\(|@import/i);
  // Phone numbers are masked in the table, short broken ones too.
  assert.ok(html.includes('<td>+393••••••567</td>'));
  assert.ok(!html.includes('3471234567') && !html.includes('0151 234') && !html.includes('0151234'));
  assert.ok(html.includes('<td>•••••34</td>'));
});

test('--html escapes what the data says', () => {
  const dir = tmp();
  const file = join(dir, 'evil.jsonl');
  writeFileSync(file, JSON.stringify({ ...CASES[0].sub, '<img src=x onerror=alert(1)>': 1, collectedAt: '<b>2026</b>' }) + '\n');
  const r = run(['audit', file, '--now', NOW, '--html', join(dir, 'r.html')]);
  assert.equal(r.status, 1);
  const html = readFileSync(join(dir, 'r.html'), 'utf8');
  assert.ok(!html.includes('<img') && !html.includes('<b>2026'));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
});

test('worker threads give the same output, in file order, as one thread', () => {
  const dir = tmp();
  const file = join(dir, 'many.jsonl');
  const text = readFileSync(JSONL, 'utf8');
  writeFileSync(file, text.repeat(120));
  const one = run(['audit', file, '--now', NOW, '--jobs', '1']);
  const three = run(['audit', file, '--now', NOW, '--jobs', '3', '--stats']);
  assert.equal(one.status, 1);
  assert.equal(three.status, 1);
  assert.equal(three.stdout, one.stdout);
  assert.equal(three.stderr.replace(/^stats .*\n/m, ''), one.stderr);
  assert.equal(JSON.parse(/^stats (.*)$/m.exec(three.stderr)[1]).threads, 3);
  assert.match(one.stderr, /: 3,840 rows/);
  const got = [...byLine(one.stdout).keys()];
  assert.deepEqual(got, [...got].sort((a, b) => a - b));
  assert.equal(got.at(-1), 32 * 119 + 31);
});

test('no progress bar in a pipe; the bar is drawn on request', () => {
  const quiet = run(['audit', JSONL, '--now', NOW, '--quiet']);
  assert.doesNotMatch(quiet.stderr, /\r|\x1b\[/);
  const forced = run(['audit', JSONL, '--now', NOW, '--quiet', '--progress']);
  assert.match(forced.stderr, /\raudit .*rows\/s/);
  assert.match(forced.stderr, /\r\x1b\[K/);
});

test('stdin works with the format read from the content', () => {
  const r = run(['audit', '-', '--now', NOW], { input: readFileSync(JSONL) });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, run(['audit', JSONL, '--now', NOW]).stdout);
  assert.match(r.stderr, /^audit of stdin \(jsonl\)/);
});

test('files that cannot be audited: a clear message and exit 2', () => {
  const dir = tmp();
  const missing = run(['audit', join(dir, 'nope.jsonl')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.jsonl: no such file/);

  writeFileSync(join(dir, 'photo.jsonl'), readFileSync(process.execPath).subarray(0, 65536));
  const binary = run(['audit', join(dir, 'photo.jsonl')]);
  assert.equal(binary.status, 2);
  assert.match(binary.stderr, /photo\.jsonl: binary data/);
  assert.equal(binary.stdout, '');

  writeFileSync(join(dir, 'contacts.csv'), 'email,name\nanna@example.de,Anna\n');
  const nophone = run(['audit', join(dir, 'contacts.csv')]);
  assert.equal(nophone.status, 2);
  assert.match(nophone.stderr, /no 'phone' column \(found: email, name\)/);

  const noDir = run(['audit', JSONL, '--html', join(dir, 'no/such/dir/r.html')]);
  assert.equal(noDir.status, 2);
  assert.match(noDir.stderr, /cannot write .*r\.html: no such directory/);
  assert.equal(noDir.stdout, '', 'fails before the work');

  // CSV content under a .jsonl name: not a million MALFORMED_ROW lines but one message.
  writeFileSync(join(dir, 'wrong.jsonl'), 'phone,name\n' + '+4915123456789,Anna\n'.repeat(50));
  const wrong = run(['audit', join(dir, 'wrong.jsonl'), '--html', join(dir, 'r.html')]);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /none of the first \d+ rows is a JSON object/);
  assert.ok(!existsSync(join(dir, 'r.html')) && !existsSync(join(dir, 'r.html.partial')), 'no report of a failed run');
});
