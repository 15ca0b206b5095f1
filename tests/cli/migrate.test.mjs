// `whatsapp-consent migrate` on examples/contacts.csv and on lists with consent columns: the
// invitations carry working wa.me links whose tokens belong to pending records that verify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, tmp, lines, root, examples, referenceCsv } from './run.mjs';

const api = await import(join(root, 'pkg/node.mjs'));
const CONTACTS = join(examples, 'contacts.csv');
const NOW = '2026-06-30T12:00:00.000Z';
const BUSINESS = '+49 30 1234567';
const OPTIONS = ['--business', BUSINESS, '--lang', 'de', '--company', 'Musterladen GmbH', '--contact', 'datenschutz@musterladen.example',
  '--privacy-url', 'https://musterladen.example/datenschutz', '--now', NOW];

const csvObjects = (text) => {
  const [header, ...rows] = referenceCsv(text);
  return rows.map((r) => ({ line: r.line, ...Object.fromEntries(header.fields.map((h, i) => [h, r.fields[i]])) }));
};
const jsonl = (file) => lines(readFileSync(file, 'utf8')).map((l) => JSON.parse(l));
const tokenOf = (link) => decodeURIComponent(new URL(link).searchParams.get('text')).split(' ')[1];

// What each contacts.csv row's email_consent column asks for.
const EXPECTED = { yes: 'invite', unsubscribed: 'NO_EMAIL_CONSENT', '': 'EMAIL_CONSENT_UNKNOWN' };

function checkInvitations(dir, invitations, contacts) {
  const records = jsonl(join(dir, 'rec.jsonl'));
  assert.equal(records.length, invitations.length);
  const byId = new Map(records.map((rec) => [rec.id, rec]));
  const byLine = new Map(contacts.map((c) => [c.line, c]));
  const wa = api.normalizePhone(BUSINESS).waId;
  for (const inv of invitations) {
    const contact = byLine.get(+inv.line);
    assert.equal(inv.email, contact.email);
    assert.equal(inv.name, contact.name);
    assert.equal(inv.lang, contact.lang, `line ${inv.line}: the row's language`);
    // The prefilled message is the row language's confirm word and the token.
    assert.ok(inv.link.startsWith(`https://wa.me/${wa}?text=`), inv.link);
    const token = tokenOf(inv.link);
    const confirm = api.renderText('confirmation', { lang: inv.lang, company: 'Musterladen GmbH' }).keywords.confirm;
    assert.equal(new URL(inv.link).searchParams.get('text'), `${confirm} ${token}`);
    assert.equal(api.parseToken(token), token);
    const rec = byId.get(inv.record_id ?? inv.recordId);
    assert.ok(rec, `record of line ${inv.line}`);
    // The link's token is the one the record waits for (only its hash is stored).
    assert.equal(rec.doi.tokenHash, api.hashToken(token));
    assert.ok(!JSON.stringify(rec).includes(token), 'the plain token is not in the record');
    assert.equal(rec.email, contact.email);
    assert.deepEqual(api.verifyRecord(rec).problems, [], `line ${inv.line}`);
    assert.ok(Object.values(rec.purposes).every((p) => p.status === 'ConsentRequested'));
    assert.equal(api.canSend(rec, { category: 'marketing', now: NOW }).allowed, false);
    // Numbers are read in the row's country: '06 12 34 56 78' is French on a French row.
    const phone = api.normalizePhone(contact.phone, { defaultRegion: contact.country });
    assert.equal(rec.phone, phone.valid ? phone.e164 : null, `line ${inv.line}: ${contact.phone}`);
  }
  assert.equal(new Set(invitations.map((i) => tokenOf(i.link))).size, invitations.length);
  return byId;
}

test('contacts.csv: an invitation and a verifying pending record per consented row; the others named by line', () => {
  const dir = tmp();
  const r = run(['migrate', CONTACTS, ...OPTIONS, '--out', join(dir, 'inv.csv'), '--records', join(dir, 'rec.jsonl')]);
  assert.equal(r.status, 0, r.stderr);
  const contacts = csvObjects(readFileSync(CONTACTS, 'utf8'));
  const want = contacts.map((c) => [c.line, EXPECTED[c.email_consent]]);
  assert.ok(want.every(([, w]) => w), 'every email_consent value of contacts.csv is in EXPECTED');
  const skipped = lines(r.stderr).filter((l) => l.startsWith('line ')).map((l) => /^line (\d+): skipped (\w+): /.exec(l).slice(1));
  assert.deepEqual(skipped.map(([line, why]) => [+line, why]), want.filter(([, w]) => w !== 'invite'));
  const invitations = csvObjects(readFileSync(join(dir, 'inv.csv'), 'utf8'));
  assert.deepEqual(invitations.map((i) => +i.line), want.filter(([, w]) => w === 'invite').map(([l]) => l));
  const byId = checkInvitations(dir, invitations, contacts);
  assert.equal(byId.get(invitations.find((i) => i.email === 'marie.dubois@example.fr').record_id).phone, '+33612345678');
  assert.match(r.stderr, new RegExp(`${contacts.length} rows: ${invitations.length} to invite, ${contacts.length - invitations.length} skipped, 0 errors`));
  assert.deepEqual(readdirSync(dir).sort(), ['inv.csv', 'rec.jsonl']);
});

test('--all-subscribed invites rows that say nothing, never one that says no', () => {
  const dir = tmp();
  const r = run(['migrate', CONTACTS, ...OPTIONS, '--all-subscribed', '--out', join(dir, 'inv.csv'), '--records', join(dir, 'rec.jsonl')]);
  assert.equal(r.status, 0, r.stderr);
  const contacts = csvObjects(readFileSync(CONTACTS, 'utf8'));
  const invitations = csvObjects(readFileSync(join(dir, 'inv.csv'), 'utf8'));
  assert.deepEqual(invitations.map((i) => +i.line), contacts.filter((c) => c.email_consent !== 'unsubscribed').map((c) => c.line));
  checkInvitations(dir, invitations, contacts);
  assert.deepEqual(lines(r.stderr).filter((l) => l.startsWith('line ')).map((l) => l.split(':')[0]),
    contacts.filter((c) => c.email_consent === 'unsubscribed').map((c) => `line ${c.line}`));
});

test('JSON Lines invitations carry the e-mail text and HTML with the same link; --lang fills rows without one', () => {
  const dir = tmp();
  const contacts = csvObjects(readFileSync(CONTACTS, 'utf8'));
  const list = join(dir, 'list.csv');
  // The same list without its lang column.
  writeFileSync(list, readFileSync(CONTACTS, 'utf8').replace(/^([^,]*,[^,]*,[^,]*,[^,]*),[^,]*,/gm, '$1,'));
  const r = run(['migrate', list, ...OPTIONS, '--lang', 'en', '--out', join(dir, 'inv.jsonl'), '--records', join(dir, 'rec.jsonl')]);
  assert.equal(r.status, 0, r.stderr);
  const invitations = jsonl(join(dir, 'inv.jsonl'));
  assert.equal(invitations.length, contacts.filter((c) => c.email_consent === 'yes').length);
  for (const inv of invitations) {
    assert.equal(inv.lang, 'en');
    assert.ok(inv.text.includes(inv.link));
    assert.ok(inv.html.includes(`href="${inv.link}"`));
    assert.ok(inv.subject.includes('Musterladen GmbH'));
    assert.equal(inv.email, contacts.find((c) => c.line === inv.line).email);
  }
  // Without --out the invitations go to stdout.
  const out = run(['migrate', CONTACTS, ...OPTIONS, '--records', join(dir, 'rec2.jsonl')]);
  assert.equal(lines(out.stdout).length, contacts.filter((c) => c.email_consent === 'yes').length);
  assert.equal(JSON.parse(lines(out.stdout)[0]).email, 'anna.schmidt@example.de');
});

test('a list with consent columns: invited, skipped and broken rows by line number; exit 1 on a broken row', () => {
  const dir = tmp();
  const list = join(dir, 'list.csv');
  writeFileSync(list, [
    'email,name,phone,lang,country,email_consent,email_consent_at',
    'anna.schmidt@example.de,Anna Schmidt,0151 23456789,de,DE,yes,2023-04-12',
    'marie.dubois@example.fr,Marie Dubois,06 12 34 56 78,fr,FR,subscribed,2024-01-20',
    'jonas.weber@example.de,Jonas Weber,,de,DE,unsubscribed,2022-11-03',
    'not-an-address,Tipp Fehler,0151 23456789,de,DE,yes,2022-07-21',
    '"""Sofía García"" <sofia@example.es>","García, Sofía",612 34 56 78,es,ES,true,2023-09-15',
    '"Sofía García" <sofia@example.es>,Sofía,612 34 56 78,es,ES,true,2023-09-15',
    ',Ohne Mail,0151 23456789,de,DE,yes,2021-01-01',
    'luca.rossi@example.it,Luca Rossi,347 123 4567,it,IT,,',
  ].join('\n'));
  const r = run(['migrate', list, ...OPTIONS, '--out', join(dir, 'inv.csv'), '--records', join(dir, 'rec.jsonl')]);
  assert.equal(r.status, 1);
  const report = lines(r.stderr).filter((l) => l.startsWith('line '));
  assert.deepEqual(report.map((l) => /^line (\d+): (\w+) (\w+)/.exec(l).slice(1).join(' ')), [
    '4 skipped NO_EMAIL_CONSENT',
    '5 error INVALID_EMAIL',
    '6 error INVALID_EMAIL',
    '7 error MALFORMED_ROW',
    '8 error MISSING_EMAIL',
    '9 skipped EMAIL_CONSENT_UNKNOWN',
  ]);
  const invitations = csvObjects(readFileSync(join(dir, 'inv.csv'), 'utf8'));
  assert.deepEqual(invitations.map((i) => [+i.line, i.lang]), [[2, 'de'], [3, 'fr']]);
  assert.equal(jsonl(join(dir, 'rec.jsonl'))[1].phone, '+33612345678');
  assert.match(r.stderr, /8 rows: 2 to invite, 2 skipped, 4 errors/);
});

test('longer lists go through in batches in their order', () => {
  const dir = tmp();
  const list = join(dir, 'big.csv');
  const n = 2500;
  let text = 'email,phone,country,email_consent\n';
  for (let i = 0; i < n; i++) text += `person${i}@example.de,+49 151 ${String(10000000 + i)},DE,${i % 10 === 0 ? 'no' : 'yes'}\n`;
  writeFileSync(list, text);
  const r = run(['migrate', list, ...OPTIONS, '--out', join(dir, 'inv.jsonl'), '--records', join(dir, 'rec.jsonl')]);
  assert.equal(r.status, 0, r.stderr.slice(0, 400));
  const invitations = jsonl(join(dir, 'inv.jsonl'));
  assert.equal(invitations.length, n - n / 10);
  assert.deepEqual(invitations.map((i) => i.line), Array.from({ length: n }, (_, i) => i + 2).filter((l) => (l - 2) % 10 !== 0));
  assert.ok(invitations.every((inv) => inv.email === `person${inv.line - 2}@example.de`));
  assert.equal(jsonl(join(dir, 'rec.jsonl')).length, invitations.length);
});

test('usage errors exit 2 and leave no output files behind', () => {
  const dir = tmp();
  const missing = run(['migrate', CONTACTS, '--business', BUSINESS]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /migrate needs --lang, --company, --contact, --privacy-url, --records/);

  const badNumber = run(['migrate', CONTACTS, ...OPTIONS, '--business', '12', '--all-subscribed', '--out', join(dir, 'inv.csv'), '--records', join(dir, 'rec.jsonl')]);
  assert.equal(badNumber.status, 2);
  assert.match(badNumber.stderr, /^whatsapp-consent: /);
  const insecure = run(['migrate', CONTACTS, ...OPTIONS, '--privacy-url', 'http://musterladen.example/datenschutz', '--all-subscribed', '--records', join(dir, 'rec.jsonl')]);
  assert.equal(insecure.status, 2);
  assert.match(insecure.stderr, /https/);
  assert.deepEqual(readdirSync(dir), []);
  assert.ok(!existsSync(join(dir, 'rec.jsonl.partial')));

  const noDir = run(['migrate', CONTACTS, ...OPTIONS, '--records', join(dir, 'rec.jsonl'), '--out', join(dir, 'missing/inv.csv')]);
  assert.equal(noDir.status, 2);
  assert.match(noDir.stderr, /cannot write .*inv\.csv: no such directory/);
  assert.deepEqual(readdirSync(dir), []);

  const noEmail = join(dir, 'x.csv');
  writeFileSync(noEmail, 'name,phone\nAnna,0151 23456789\n');
  const r = run(['migrate', noEmail, ...OPTIONS, '--records', join(dir, 'rec.jsonl')]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no 'email' column/);
});
