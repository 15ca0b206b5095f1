#!/usr/bin/env node
// The main job, on the bundled sample data: an e-mail newsletter list moves to WhatsApp without
// breaking the GDPR.
//   1. the list is planned with the CLI (`migrate`): invitations by e-mail, pending records;
//   2. a webhook server on SQLite takes the records, and a web-form sign-up;
//   3. simulated WhatsApp replies arrive as signed Cloud API webhooks (one retried, one forged);
//   4. the records in SQLite: confirmed, declined, withdrawn, requests with deadlines; the outbox;
//   5. proof: a printed record, an access report, an erasure with its suppression key, and
//      verifyRecord on every record and on a tampered copy;
//   6. an HTML audit report of the records and of sample form submissions (CLI `audit`);
//   7. the <whatsapp-optin> widget demo page, served on localhost.
// Everything it writes goes to demo-output/. Usage: node examples/demo.mjs [--no-serve]
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import * as wc from '../pkg/node.mjs';
import { startServer } from './webhook-server/server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'demo-output');
const rel = (p) => relative(process.cwd(), p) || '.';
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const company = 'Musterladen GmbH';
const contact = 'datenschutz@musterladen.example';
const privacyUrl = 'https://musterladen.example/datenschutz';
const businessPhone = '+49 30 901820';
const APP_SECRET = 'demo-app-secret-not-for-production';
const start = Date.parse('2026-11-29T09:00:00Z');
let clock = start;
const now = () => clock;
const pad = (s, n) => String(s ?? '').padEnd(n).slice(0, n);
const step = (n, title) => console.log(`\n${'━'.repeat(4)} ${n}. ${title} ${'━'.repeat(Math.max(0, 88 - title.length))}`);
const cli = (args) => {
  const r = spawn(process.execPath, [join(root, 'pkg/cli.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  r.stdout.on('data', (d) => { stdout += d; });
  r.stderr.on('data', (d) => { stderr += d; });
  return new Promise((ok) => r.on('close', (code) => ok({ code, stdout, stderr })));
};

console.log(`whatsapp-consent demo (${wc.flavor} build, features: ${wc.features.join(', ')})`);

// 1 ── the e-mail list ────────────────────────────────────────────────────────────────────────
step(1, 'An e-mail list is planned for WhatsApp: invitations, never messages');
const contacts = join(root, 'examples/contacts.csv');
const migrate = await cli(['migrate', contacts, '--business', businessPhone, '--lang', 'en', '--company', company,
  '--contact', contact, '--privacy-url', privacyUrl, '--records', join(out, 'pending-records.jsonl'),
  '--out', join(out, 'invitations.csv'), '--now', new Date(start).toISOString(), '--no-progress']);
console.log(migrate.stderr.trim().split('\n').map((l) => `  ${l}`).join('\n'));
const invitations = readFileSync(join(out, 'invitations.csv'), 'utf8').trim().split('\n');
console.log(`  → ${rel(join(out, 'invitations.csv'))} (${invitations.length - 1} invitations), ${rel(join(out, 'pending-records.jsonl'))}`);
const records = readFileSync(join(out, 'pending-records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const recordOf = (email) => records.map((r) => r.record ?? r).find((r) => r.email === email);
// The token each invitation link carries (the person's pre-filled WhatsApp message).
const tokenOf = {};
for (const line of invitations.slice(1)) {
  const link = line.match(/https:\/\/wa\.me\/[^,"]+/)?.[0];
  const email = line.match(/[\w.+-]+@[\w.-]+/)?.[0];
  const token = link && decodeURIComponent(new URL(link).searchParams.get('text') ?? '').match(/[0-9A-Z]{6}(-[0-9A-Z]{5}){4}/)?.[0];
  if (email && token) tokenOf[email] = token;
}
const anna = wc.renderText('invitation_email', { lang: 'de', company, name: 'Anna', privacyUrl, contact, businessPhone, token: tokenOf['anna.schmidt@example.de'] ?? wc.newToken() });
console.log(`\n  The invitation Anna gets (German):\n  Subject: ${anna.subject}\n${anna.text.split('\n').map((l) => `  │ ${l}`).join('\n')}`);

// 2 ── the server ─────────────────────────────────────────────────────────────────────────────
step(2, 'A webhook server keeps the records in SQLite');
const dbPath = join(out, 'consent.db');
const server = await startServer({ dbPath, appSecret: APP_SECRET, verifyToken: 'demo-verify-token', company, contact, privacyUrl, lang: 'en', businessPhone, now });
const post = async (path, body, headers = {}) => {
  const r = await fetch(server.url + path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { status: r.status, json: await r.json().catch(() => null) };
};
let r = await post('/records', readFileSync(join(out, 'pending-records.jsonl'), 'utf8'), { 'content-type': 'application/x-ndjson' });
console.log(`  ${server.url}: POST /records → ${r.status}, ${JSON.stringify(r.json).slice(0, 120)}`);
const challenge = await fetch(`${server.url}/webhook?hub.mode=subscribe&hub.verify_token=demo-verify-token&hub.challenge=1158201444`);
console.log(`  GET /webhook (Meta's verification) → ${challenge.status} ${await challenge.text()}`);
// A web-form sign-up (what the <whatsapp-optin> widget sends): checked, recorded, DOI queued.
const box = wc.renderText('checkbox', { lang: 'de', company, purpose: 'promo', privacyUrl });
const signup = {
  phone: '0171 5551234', country: 'DE', lang: 'de', name: 'Lena Vogel',
  controller: { name: company, contact }, privacyPolicyUrl: privacyUrl,
  checkboxes: [{ purpose: 'promo', checked: true, preChecked: false, text: box.text, textVersion: box.version }],
  source: { method: 'web_form', url: 'https://musterladen.example/whatsapp' }, collectedAt: new Date(start).toISOString(),
};
r = await post('/consents', JSON.stringify(signup));
console.log(`  POST /consents (web form, Lena) → ${r.status}: record ${r.json?.id ?? JSON.stringify(r.json)}`);
const preTicked = structuredClone(signup);
preTicked.checkboxes[0].preChecked = true;
r = await post('/consents', JSON.stringify(preTicked));
console.log(`  POST /consents (the same with a pre-ticked box) → ${r.status}: ${r.json?.error} ${(r.json?.violations ?? []).map((v) => v.code).join(', ')}`);

// 3 ── the replies ────────────────────────────────────────────────────────────────────────────
step(3, 'WhatsApp replies arrive as signed Cloud API webhooks');
const replies = JSON.parse(readFileSync(join(root, 'examples/replies.json'), 'utf8'));
const webhook = (s, i) => JSON.stringify({
  object: 'whatsapp_business_account',
  entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '4930901820', phone_number_id: '106540352242922' },
    contacts: [{ profile: { name: 'Demo' }, wa_id: s.from }],
    messages: [{ from: s.from, id: `wamid.demo-${i}`, timestamp: String(Math.floor(clock / 1000)),
      ...(s.button ? { type: 'button', button: { text: s.button, payload: s.button }, context: { from: '4930901820', id: 'wamid.template-1' } }
        : { type: 'text', text: { body: s.text.replace('{token}', tokenOf[s.tokenOf] ?? '') } }) }],
  } }] }],
});
console.log(`  ${pad('from', 15)} ${pad('message', 52)} → ${pad('outcome', 20)} answer (outbox)`);
let lastBody;
for (const [i, s] of replies.entries()) {
  clock += 7 * 60_000;
  const body = webhook(s, i);
  lastBody = body;
  r = await post('/webhook', body, { 'x-hub-signature-256': wc.signWebhookBody(body, APP_SECRET) });
  const res = r.json?.outcomes?.[0] ?? {};
  const shown = s.button ? `[button] ${s.button}` : s.text.replace('{token}', '<token>');
  const answer = r.json?.outbox?.length ? `${r.json.outbox.length} queued` : (r.json?.withheld ?? []).map((w) => `${w.kind} withheld: ${w.reason}`).join('; ');
  console.log(`  +${pad(s.from, 14)} ${pad(shown, 52)} → ${pad(res.code ?? r.status, 20)} ${answer}`);
}
r = await post('/webhook', lastBody, { 'x-hub-signature-256': wc.signWebhookBody(lastBody, APP_SECRET) });
console.log(`  Meta retries the last delivery → ${r.status}, ${r.json?.duplicates} duplicate, ${r.json?.applied} applied`);
r = await post('/webhook', lastBody.replace('STOPP bitte', 'JA'), { 'x-hub-signature-256': wc.signWebhookBody(lastBody, APP_SECRET) });
console.log(`  a forged body (text changed, old signature) → ${r.status} ${r.json?.error ?? ''}`);
await server.close();

// 4 ── what is in SQLite ──────────────────────────────────────────────────────────────────────
step(4, `The records in ${rel(dbPath)}`);
const db = new Database(dbPath, { readonly: true });
const rows = db.prepare('SELECT id, json FROM records ORDER BY rowid').all().map((x) => JSON.parse(x.json));
console.log(`  ${pad('contact', 26)} ${pad('number', 15)} ${pad('promo', 18)} ${pad('trans', 18)} requests / Meta`);
const short = (p) => p?.status?.replace('Consent', '') ?? '—';
const tally = {};
for (const rec of rows) {
  for (const p of Object.values(rec.purposes)) tally[p.status] = (tally[p.status] ?? 0) + 1;
  const req = rec.requests.map((q) => `${q.type} due ${q.dueBy.slice(0, 10)}`).join(', ');
  console.log(`  ${pad(rec.email ?? rec.name, 26)} ${pad(rec.phone ?? '—', 15)} ${pad(short(rec.purposes.promo), 18)} ${pad(short(rec.purposes.trans), 18)} ${req}${rec.metaMarketing ? ` Meta: ${rec.metaMarketing}` : ''}`);
}
console.log(`  purposes by status: ${Object.entries(tally).map(([k, v]) => `${v} ${k}`).join(', ')}`);
const outbox = db.prepare('SELECT to_phone, kind, lang FROM outbox ORDER BY id').all();
console.log(`  outbox (nothing leaves the machine): ${outbox.length} messages — ${Object.entries(outbox.reduce((a, o) => ({ ...a, [o.kind]: (a[o.kind] ?? 0) + 1 }), {})).map(([k, n]) => `${n} ${k}`).join(', ')}`);
const unmatched = db.prepare('SELECT from_phone, intent, reason FROM unmatched').all();
const suppressed = db.prepare('SELECT count(*) n FROM suppression').get().n;
for (const u of unmatched) console.log(`  unmatched: ${u.from_phone} ${u.intent} (${u.reason}) → kept; suppression entries: ${suppressed}`);
db.close();
writeFileSync(join(out, 'records.jsonl'), rows.map((x) => JSON.stringify(x)).join('\n') + '\n');

// 5 ── proof and data-subject requests ────────────────────────────────────────────────────────
step(5, 'Proof, an access report, an erasure');
const byEmail = (e) => rows.find((x) => x.email === e);
const jonas = byEmail('jonas.weber@example.de');
const printed = wc.printRecord(jonas, { lang: 'de' });
writeFileSync(join(out, 'record-jonas.txt'), printed);
console.log(`  printRecord (German, for a court or authority) → ${rel(join(out, 'record-jonas.txt'))}:`);
console.log(printed.split('\n').slice(0, 16).map((l) => `  │ ${l}`).join('\n') + '\n  │ …');
writeFileSync(join(out, 'receipt-iso27560.json'), JSON.stringify(wc.consentReceipt(jonas), null, 2));
writeFileSync(join(out, 'receipt-kantara.json'), JSON.stringify(wc.kantaraReceipt(jonas), null, 2));
console.log(`  ISO/IEC TS 27560 (DPV JSON-LD) and Kantara receipts → ${rel(join(out, 'receipt-iso27560.json'))}, receipt-kantara.json`);
const joao = byEmail('joao.silva@example.pt');
const access = wc.accessReport(joao, { lang: 'pt', now: clock });
writeFileSync(join(out, 'access-joao.txt'), access.text);
writeFileSync(join(out, 'access-joao.json'), JSON.stringify(access.json, null, 2));
console.log(`  João asked where his number came from: Art. 15 report (Portuguese) due ${joao.requests[0]?.dueBy.slice(0, 10)} → ${rel(join(out, 'access-joao.txt'))}`);
const piet = byEmail('piet.jansen@example.nl');
const SUPPRESSION_SECRET = 'demo-suppression-secret-keep-it-elsewhere';
const { record: erased, suppression } = wc.eraseRecord(piet, { secret: SUPPRESSION_SECRET, now: clock });
writeFileSync(join(out, 'erased-piet.json'), JSON.stringify(erased, null, 2));
console.log(`  Piet asked for erasure: number, name, e-mail and texts gone (${JSON.stringify(erased).includes('Piet') ? 'NOT' : 'verified'}), proof kept, chain ${wc.verifyRecord(erased).valid ? 'still verifies' : 'BROKEN'}`);
console.log(`    suppression key ${suppression.key.slice(0, 30)}… (HMAC of the number, not the number); +31 6 12345678 suppressed: ${wc.isSuppressed('+31 6 12345678', [suppression], SUPPRESSION_SECRET)}`);
const ret = wc.retention(byEmail('anna.schmidt@example.de'));
console.log(`  Anna withdrew: ${ret.items.map((i) => `${i.what} ${i.deleteAt ? `by ${i.deleteAt.slice(0, 10)}` : 'kept'}`).join(', ')}`);

const checks = rows.map((x) => wc.verifyRecord(x));
console.log(`  verifyRecord on all ${rows.length} records: ${checks.filter((c) => c.valid).length} intact`);
const tampered = structuredClone(jonas);
const confirmed = tampered.events.findIndex((e) => e.type === 'confirmed');
tampered.events[confirmed].at = new Date(start - 86400000).toISOString();
const bad = wc.verifyRecord(tampered);
console.log(`  a tampered copy (confirmation back-dated by a day): ${bad.valid ? 'NOT DETECTED' : `detected — ${bad.problems[0].code} at event ${bad.problems[0].seq}`}`);
console.log(`  canSend(marketing) now: ${rows.filter((x) => x.phone).map((x) => `${x.phone.slice(0, 6)}… ${wc.canSend(x, { category: 'marketing', now: clock }).reason}`).slice(0, 6).join('; ')} …`);

// 6 ── audit ──────────────────────────────────────────────────────────────────────────────────
step(6, 'An HTML audit report');
for (const [file, what] of [[join(out, 'records.jsonl'), 'the records'], [join(root, 'examples/submissions.jsonl'), 'sample form submissions']]) {
  const html = join(out, `audit-${file.includes('submissions') ? 'submissions' : 'records'}.html`);
  const a = await cli(['audit', file, '--html', html, '--quiet', '--now', new Date(clock).toISOString(), '--no-progress']);
  console.log(`  audit of ${what} (exit ${a.code}):\n${a.stderr.trim().split('\n').map((l) => `    ${l}`).join('\n')}\n    → ${rel(html)}`);
}

// 7 ── the widget ─────────────────────────────────────────────────────────────────────────────
step(7, 'The <whatsapp-optin> widget');
const serve = process.argv.includes('--no-serve') ? null : spawn(process.execPath, [join(root, 'examples/widget/serve.mjs'), '0', '--http'], { stdio: ['ignore', 'pipe', 'inherit'] });
if (serve) {
  const url = await new Promise((ok) => serve.stdout.on('data', (d) => {
    const m = String(d).match(/https?:\/\/[^\s]+/);
    if (m) ok(m[0]);
  }));
  const page = await fetch(url);
  console.log(`  serving the widget demo page: ${url} (HTTP ${page.status}, CSP: ${page.headers.get('content-security-policy') ? 'strict' : 'none'})`);
  if (process.stdout.isTTY) {
    console.log('  open it in a browser; Ctrl-C stops the server.');
  } else {
    console.log('  (not a terminal: stopped after this check; run `node examples/widget/serve.mjs 8080 --http` to keep it up)');
    serve.kill();
  }
}
console.log(`\nEverything the demo wrote is in ${rel(out)}/.`);
