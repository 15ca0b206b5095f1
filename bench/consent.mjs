#!/usr/bin/env node
// Consent-engine benchmark through the JS API in Node (pkg/node.mjs): planMigration streamed over
// 10,000 … 1,000,000 generated contacts with its peak memory, then contacts per second for
// validate → create → apply a "JA" webhook event → canSend, each step alone and the chain. Prints Markdown
// tables. Nothing asserts on timing. Usage: node bench/consent.mjs [contacts=20000] [migrate=1000000]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const api = await import(join(root, 'pkg/node.mjs'));
const N = Number(process.argv[2] || 20000);
const M = Number(process.argv[3] || 1000000);

const company = 'Musterladen GmbH';
const privacyUrl = 'https://musterladen.de/datenschutz';
const box = (purpose, checked) => {
  const r = api.renderText('checkbox', { lang: 'de', company, purpose, privacyUrl });
  return { purpose, checked, preChecked: false, text: r.text, textVersion: r.version };
};
const boxes = [box('promo', true), box('trans', true)];
const now = Date.parse('2026-11-29T09:00:00Z');
const subs = Array.from({ length: N }, (_, i) => ({
  phone: `+49151${String(10000000 + i).slice(-8)}`,
  name: `Kunde ${i}`,
  lang: 'de',
  controller: { name: company, contact: 'datenschutz@musterladen.de' },
  privacyPolicyUrl: privacyUrl,
  checkboxes: boxes,
  source: { method: 'web_form', url: 'https://musterladen.de/whatsapp' },
  collectedAt: '2026-11-29T08:59:00Z',
}));
const event = (phone, i) => ({
  kind: 'text', from: phone, waId: phone.slice(1), messageId: `wamid.${i}`, timestamp: 1795942800, text: 'JA',
  reply: { intent: 'confirm', confidence: 'keyword', lang: 'de', matched: 'JA', token: null, also: [], assumedPending: false },
});

function time(label, fn) {
  const t0 = process.hrtime.bigint();
  const out = fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { label, s, out };
}

// planMigration over a generated list, streamed: memory must not grow with the list.
async function* list(n) {
  for (let i = 0; i < n; i++) {
    yield { email: `kunde${i}@example.de`, name: `Kunde ${i}`, phone: i % 3 ? `0151${String(10000000 + i).slice(-8)}` : '', emailConsent: i % 5 ? 'yes' : 'no', lang: i % 2 ? 'de' : 'en' };
  }
}
console.log(`## planMigration streamed in batches of 1,000 (run first, so the RSS is its own)\n`);
console.log('| contacts | seconds | contacts/s | invitations | peak RSS (MB) |');
console.log('|---:|---:|---:|---:|---:|');
for (const n of [10000, 100000, M].filter((x, i, a) => x <= M && a.indexOf(x) === i)) {
  global.gc?.();
  const t0 = process.hrtime.bigint();
  let invites = 0;
  let peak = process.memoryUsage().rss;
  let seen = 0;
  for await (const p of api.planMigrationStream(list(n), {
    now, businessPhone: '+49 30 901820', lang: 'de', defaultRegion: 'DE',
    controller: { name: company, contact: 'datenschutz@musterladen.de' }, privacyPolicyUrl: privacyUrl,
  })) {
    if (p.action === 'invite') invites++;
    if (++seen % 10000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`| ${n.toLocaleString('en')} | ${s.toFixed(1)} | ${Math.round(n / s).toLocaleString('en')} | ${invites.toLocaleString('en')} | ${(peak / 1048576).toFixed(0)} |`);
}

const rows = [];
const v = time('validateConsent', () => subs.map((s) => api.validateConsent(s, { now })));
if (!v.out.every((x) => x.valid)) throw new Error('benchmark submissions must be valid');
const c = time('createConsent', () => subs.map((s) => api.createConsent(s, { now })));
const a = time('applyReply (webhook event "JA")', () => c.out.map(({ record }, i) => api.applyReply(record, event(record.phone, i), { now: now + 60000 })));
const k = time('canSend (marketing)', () => a.out.map(({ record }) => api.canSend(record, { category: 'marketing', now: now + 120000 })));
if (!k.out.every((d) => d.allowed)) throw new Error('every benchmark contact must end confirmed');
for (const r of [v, c, a, k]) rows.push([r.label, r.s, N / r.s]);
const total = v.s + c.s + a.s + k.s;
rows.push(['**validate + create + apply + canSend**', total, N / total]);

console.log(`\n## Consent engine through the JS API (Node ${process.version}, ${N.toLocaleString('en')} contacts)\n`);
console.log('| step | seconds | contacts/s |');
console.log('|---|---:|---:|');
for (const [l, s, r] of rows) console.log(`| ${l} | ${s.toFixed(2)} | ${Math.round(r).toLocaleString('en')} |`);
