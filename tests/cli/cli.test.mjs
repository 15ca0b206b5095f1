// The CLI's commands that need no consent engine: phone, reply, help, usage errors, and the
// streaming readers (CSV, JSON Lines, JSON arrays, gzip) through `convert`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { run, tmp, lines, root, fixtures, referenceCsv } from './run.mjs';

const api = await import(join(root, 'pkg/node.mjs'));

test('phone: the same result as normalizePhone, one JSON line in a pipe, exit 0', () => {
  const r = run(['phone', '0151 23456789', '--region', 'DE']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(lines(r.stdout).length, 1);
  const got = JSON.parse(r.stdout);
  assert.deepEqual(got, JSON.parse(JSON.stringify(api.normalizePhone('0151 23456789', { defaultRegion: 'DE' }))));
  assert.equal(got.e164, '+4915123456789');
  assert.equal(got.type, 'MOBILE');
});

test('phone: words are joined, international input needs no region', () => {
  const r = run(['phone', '+33', '6', '12', '34', '56', '78']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).e164, '+33612345678');
});

test('phone: an invalid number prints its error code and exits 1', () => {
  const r = run(['phone', '+49 1']);
  assert.equal(r.status, 1);
  const got = JSON.parse(r.stdout);
  assert.equal(got.valid, false);
  assert.equal(got.error.code, 'TOO_SHORT');
});

test('phone: a malformed region is a usage error (exit 2) with the library message', () => {
  const r = run(['phone', '030 1234567', '--region', 'Germany']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /two-letter/);
  assert.equal(r.stdout, '');
});

test('reply: parseReply results for real replies', () => {
  const stop = run(['reply', 'Stop. Where did you get my number?']);
  assert.equal(stop.status, 0, stop.stderr);
  const s = JSON.parse(stop.stdout);
  assert.equal(s.intent, 'opt_out');
  assert.ok(s.also.includes('access_request'));

  const tak = JSON.parse(run(['reply', 'Tak', '--lang', 'pl', '--pending', 'confirmation']).stdout);
  assert.equal(tak.intent, 'confirm');
  // Danish "tak" is "thanks", never a yes.
  assert.equal(JSON.parse(run(['reply', 'Tak', '--lang', 'da']).stdout).intent, 'none');
  const words = JSON.parse(run(['reply', 'keine', 'Werbung', 'mehr,', 'nur', 'Bestellinfos']).stdout);
  assert.deepEqual(words, api.parseReply('keine Werbung mehr, nur Bestellinfos'));
  assert.equal(words.intent, 'pref_trans');
});

test('help: every command has its page; unknown commands and options exit 2', () => {
  const main = run(['help']);
  assert.equal(main.status, 0);
  for (const c of ['phone', 'reply', 'audit', 'migrate', 'convert']) {
    assert.match(main.stdout, new RegExp(`^  ${c} `, 'm'));
    const page = run(['help', c]);
    assert.equal(page.status, 0);
    assert.match(page.stdout, new RegExp(`^whatsapp-consent ${c}`));
    assert.equal(run([c, '--help']).stdout, page.stdout);
  }
  assert.match(run(['help', 'audit']).stdout, /promo_prechecked/);
  for (const args of [['frobnicate'], ['phone', '--colour', '1'], ['phone'], ['audit'], ['audit', 'a.csv', 'b.csv'], ['audit', 'x.csv', '--format', 'xml']]) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^whatsapp-consent: /, args.join(' '));
    assert.equal(r.stdout, '');
  }
  assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+/);
});

test('CSV: random RFC 4180 data across many read chunks equals a whole-text reader', () => {
  let seed = 7;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const pieces = ['plain', 'Müller', '€', '😀', ',', '"', '\n', '\r\n', '\r', ' ', 'García, Sofía', 'x'.repeat(300), '""'];
  const field = () => {
    let s = '';
    for (let k = rand(5); k > 0; k--) s += pieces[rand(pieces.length)];
    return /[",\r\n]/.test(s) || rand(4) === 0 ? `"${s.replaceAll('"', '""')}"` : s;
  };
  let text = '\ufeffa,b,c,d\r\n';
  while (text.length < 2_500_000) text += [field(), field(), field(), field()].join(',') + (rand(2) ? '\r\n' : '\n');
  const dir = tmp();
  const file = join(dir, 'random.csv');
  writeFileSync(file, text);
  const r = run(['convert', file, '--raw']);
  assert.equal(r.status, 0, r.stderr.slice(0, 500));
  const [header, ...rows] = referenceCsv(text);
  assert.deepEqual(header.fields, ['a', 'b', 'c', 'd']);
  const got = lines(r.stdout).map((l) => JSON.parse(l));
  assert.equal(got.length, rows.length);
  for (let i = 0; i < rows.length; i++) {
    const want = { line: rows[i].line, row: Object.fromEntries(header.fields.map((h, k) => [h, rows[i].fields[k]])) };
    assert.deepEqual(got[i], want, `row ${i}`);
  }
});

test('CSV: quotes, CRLF, BOM, blank lines; broken rows reported with their line and skipped', () => {
  const r = run(['convert', join(fixtures, 'tricky.csv'), '--raw']);
  assert.equal(r.status, 1);
  const got = lines(r.stdout).map((l) => JSON.parse(l));
  // The row on line 6 spans lines 6–8 (a CRLF and an LF inside quotes).
  assert.deepEqual(got.map((g) => g.line), [2, 3, 6, 9, 12]);
  assert.equal(got[0].row.phone, '+49 151 23456789');
  assert.equal(got[0].row.name, 'Schmidt, Anna');
  assert.equal(got[1].row.name, 'Anna "Anni" Schmidt');
  assert.equal(got[2].row.promo_text, 'Ja, Musterladen GmbH darf mir\r\nAngebote per WhatsApp senden.\nZweite Zeile');
  assert.equal(got[3].row.name, '');
  assert.equal(got[4].row.name, 'Émile Zola');
  // The header's BOM and spaces are not part of the first column's name.
  assert.ok('phone' in got[0].row);
  const errors = lines(r.stderr);
  assert.deepEqual(errors.map((e) => e.split(':')[0]), ['line 10', 'line 11', 'line 13']);
  assert.match(errors[0], /MALFORMED_ROW: 2 fields, the header has 4/);
  assert.match(errors[1], /text after a closing quote on line 11/);
  assert.match(errors[2], /quoted field opened on line 13 is never closed/);
});

test('CSV rows become consent submissions: booleans, checkboxes, source, age, other columns in extra', () => {
  const r = run(['convert', join(fixtures, 'mapping.csv')]);
  assert.equal(r.status, 0, r.stderr);
  const [full, sparse] = lines(r.stdout).map((l) => JSON.parse(l));
  assert.deepEqual(full, {
    phone: '0151 23456789',
    name: 'Anna Schmidt',
    email: 'anna@example.de',
    lang: 'de',
    country: 'DE',
    collectedAt: '2026-03-01T10:00:00Z',
    privacyPolicyUrl: 'https://musterladen.example/datenschutz',
    age: 34,
    controller: { name: 'Musterladen GmbH', contact: 'datenschutz@musterladen.example' },
    checkboxes: [
      { purpose: 'promo', checked: true, preChecked: false, text: 'Ja, Angebote per WhatsApp', textVersion: 'sha256:aa' },
      { purpose: 'trans', checked: false, preChecked: 'maybe' },
    ],
    source: { method: 'web_form', url: 'https://musterladen.example/whatsapp', ip: '203.0.113.0' },
    parentalConsent: true,
    extra: { Birthday: '1990-01-01' },
  });
  assert.deepEqual(sparse, { phone: '+4915123456789', age: 'twelve', checkboxes: [] });
});

test('JSON Lines: a malformed line is reported with its line number and the rows after it still come', () => {
  const dir = tmp();
  const file = join(dir, 'rows.jsonl');
  writeFileSync(file, '{"phone":"1"}\n\n{"phone": "2", \n[1,2]\n"text"\r\n{"phone":"3"}\r\n   \n{"phone":"4"}');
  const r = run(['convert', file, '--raw']);
  assert.equal(r.status, 1);
  assert.deepEqual(lines(r.stdout).map((l) => JSON.parse(l)), [
    { line: 1, row: { phone: '1' } },
    { line: 6, row: { phone: '3' } },
    { line: 8, row: { phone: '4' } },
  ]);
  const errors = lines(r.stderr);
  assert.deepEqual(errors.map((e) => e.split(':')[0]), ['line 3', 'line 4', 'line 5']);
  assert.match(errors[0], /MALFORMED_ROW: not valid JSON/);
  assert.match(errors[1], /expected a JSON object, found an array/);
  assert.match(errors[2], /found string/);
});

test('a JSON array is read element by element with line numbers; gzip is read as the file inside', () => {
  const dir = tmp();
  const file = join(dir, 'rows.json');
  const text = '[\n  {"phone": "1", "t": "a ] , } \\" x"},\n  {"phone": "2"},\n  {broken},\n  {"phone": "4",\n   "nested": {"a": [1, {"b": "]"}]}}\n]\n';
  writeFileSync(file, text);
  const r = run(['convert', file, '--raw']);
  assert.equal(r.status, 1);
  assert.deepEqual(lines(r.stdout).map((l) => JSON.parse(l).line), [2, 3, 5]);
  assert.equal(JSON.parse(lines(r.stdout)[0]).row.t, 'a ] , } " x');
  assert.match(r.stderr, /^line 4: MALFORMED_ROW/);

  writeFileSync(join(dir, 'rows.json.gz'), gzipSync(text));
  const z = run(['convert', join(dir, 'rows.json.gz'), '--raw']);
  assert.equal(z.stdout, r.stdout);

  writeFileSync(join(dir, 'open.json'), '[{"phone": "1"},\n{"phone": "2"}');
  const open = run(['convert', join(dir, 'open.json')]);
  assert.equal(open.status, 2);
  assert.match(open.stderr, /JSON array is not closed/);
});

test('rows after a first read chunk of blank lines, and a header longer than a chunk, keep their line numbers', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'blank.jsonl'), '\n'.repeat(300000) + '{"phone":"1"}\n');
  const r = run(['convert', join(dir, 'blank.jsonl'), '--raw']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { line: 300001, row: { phone: '1' } });
  const long = 'x'.repeat(300000);
  writeFileSync(join(dir, 'long.csv'), `phone,${long}\n+4915123456789,2\n`);
  const c = run(['convert', join(dir, 'long.csv'), '--raw']);
  assert.equal(c.status, 0, c.stderr);
  assert.deepEqual(JSON.parse(c.stdout), { line: 2, row: { phone: '+4915123456789', [long]: '2' } });
});

test('stdin is read with the format from the content', () => {
  const r = run(['convert', '-', '--raw'], { input: 'phone,name\n+4915123456789,"A, B"\n' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { line: 2, row: { phone: '+4915123456789', name: 'A, B' } });
});

test('unreadable files: a clear message and exit 2', () => {
  const dir = tmp();
  const write = (name, data) => {
    writeFileSync(join(dir, name), data);
    return join(dir, name);
  };
  const cases = [
    [join(dir, 'missing.csv'), /missing\.csv: no such file/],
    [dir, /is a directory/],
    [write('image.csv', readFileSync(process.execPath).subarray(0, 4096)), /binary data/],
    [write('excel.csv', Buffer.from('\ufeffphone,name\r\n', 'utf16le')), /UTF-16/],
    [write('latin1.csv', Buffer.from('phone,name\n+4915123456789,M\xfcller\n', 'latin1')), /not valid UTF-8/],
    [write('empty.csv', ''), /empty/],
    [write('header.csv', 'phone,phone\n1,2\n'), /names the column 'phone' twice/],
    [write('bad.gz', Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6])), /damaged gzip|cannot read/],
  ];
  for (const [file, message] of cases) {
    const r = run(['convert', file]);
    assert.equal(r.status, 2, file);
    assert.match(r.stderr, message, file);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});
