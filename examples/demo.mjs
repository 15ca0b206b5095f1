#!/usr/bin/env node
// The main job, on the bundled sample data: an e-mail newsletter list is checked for WhatsApp
// readiness. Step 1 (this issue): every phone number is normalised as libphonenumber does it.
import { readFileSync } from 'node:fs';
import {
  init, normalizePhone, newToken, parseWebhook, parseReply, signWebhookBody, verifyWebhookSignature, renderText, templateDefinition,
  templatePayload,
  flavor, engine,
} from '../pkg/node.mjs';

function parseCsv(text) {
  const rows = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const cells = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted && c === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) { cells.push(cell); cell = ''; }
      else cell += c;
    }
    cells.push(cell);
    rows.push(cells);
  }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

const file = process.argv[2] ?? new URL('./contacts.csv', import.meta.url);
const contacts = parseCsv(readFileSync(file, 'utf8'));
await init();

const pad = (s, n) => String(s).padEnd(n).slice(0, n);
console.log(`whatsapp-consent demo — ${contacts.length} contacts from ${file} (metadata: ${flavor}, engine: ${engine})\n`);
console.log(`${pad('input', 24)} ${pad('region', 6)} ${pad('E.164', 16)} ${pad('type', 20)} verdict`);
console.log('-'.repeat(96));
const tally = {};
for (const c of contacts) {
  const r = normalizePhone(c.phone, { defaultRegion: c.country });
  let kind;
  let verdict;
  if (!r.valid) [kind, verdict] = ['rejected', `rejected: ${r.error.code}`];
  else if (r.type === 'MOBILE' || r.type === 'FIXED_LINE_OR_MOBILE') kind = verdict = 'ready for a WhatsApp opt-in';
  else [kind, verdict] = ['unlikely on WhatsApp', `unlikely on WhatsApp (${r.type.toLowerCase().replaceAll('_', ' ')})`];
  tally[kind] = (tally[kind] ?? 0) + 1;
  console.log(`${pad(c.phone || '(empty)', 24)} ${pad(c.country, 6)} ${pad(r.e164 ?? '—', 16)} ${pad(r.type ?? '—', 20)} ${verdict}`);
}
console.log('\nSummary:', Object.entries(tally).map(([k, v]) => `${v} ${k}`).join(', '));
console.log('Their e-mail consent does not carry over to WhatsApp (GDPR Art. 7): each contact must opt in anew.');

// Step 2: the texts of the flow, in German and English (every one carries the SHA-256 of its
// exact words, which the consent record will point to).
const company = 'Musterladen GmbH';
const common = { company, privacyUrl: 'https://musterladen.example/datenschutz', contact: 'datenschutz@musterladen.example', businessPhone: '+49 30 1234567' };
const rule = (title) => console.log(`\n${'='.repeat(8)} ${title} ${'='.repeat(Math.max(0, 86 - title.length))}`);
const show = (label, r) => console.log(`\n[${label}] ${r.version}\n${r.subject ? `Subject: ${r.subject}\n` : ''}${r.text}`);
for (const lang of ['de', 'en']) {
  rule(`${lang === 'de' ? 'German' : 'English'} texts of the flow`);
  show('checkbox, offers', renderText('checkbox', { ...common, lang, purpose: 'promo' }));
  show('checkbox, orders', renderText('checkbox', { ...common, lang, purpose: 'trans' }));
  const anna = contacts[0];
  const token = newToken();
  show(`invitation e-mail to ${anna.email}`, renderText('invitation_email', { ...common, lang, name: anna.name.split(' ')[0], purposes: ['promo', 'trans'], token }));
  const def = templateDefinition({ ...common, lang, templateName: `optin_confirmation_${lang}`, purposes: ['promo', 'trans'] });
  console.log(`\n[WhatsApp template to submit: ${def.name}, ${def.category}]\n${def.components[0].text}\n  footer: ${def.components[1].text}\n  buttons: ${def.components[2].buttons.map((b) => b.text).join(' | ')}`);
  const send = templatePayload({ to: anna.phone, defaultRegion: anna.country, templateName: def.name, lang, name: anna.name.split(' ')[0], token });
  console.log(`  send: POST /<PHONE_NUMBER_ID>/messages to ${send.to}, button payloads ${send.template.components.slice(1).map((c) => c.parameters[0].payload).join(', ')}`);
  for (const kind of ['confirmed', 'preferences', 'optout_footer', 'unsubscribed', 'help']) show(kind, renderText(kind, { ...common, lang, purposes: ['promo', 'trans'] }));
}

// Step 2: the replies come back. A webhook body shaped like Meta's, signed as Meta signs it, is
// verified and flattened; each reply is understood in its own language.
const samples = JSON.parse(readFileSync(new URL('./replies.json', import.meta.url), 'utf8'));
const body = JSON.stringify({
  object: 'whatsapp_business_account',
  entry: [{
    id: '102290129340398',
    changes: [{
      field: 'messages',
      value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
        messages: samples.map((s, i) => ({
          from: s.from,
          id: `wamid.demo-${i}`,
          timestamp: String(1732184000 + i),
          ...(s.button ? { type: 'button', button: { text: s.button, payload: s.button } } : { type: 'text', text: { body: s.text } }),
        })),
      },
    }],
  }],
});
const APP_SECRET = 'demo-app-secret';
const signature = signWebhookBody(body, APP_SECRET);
console.log(`\nInbound webhook: ${body.length} bytes, X-Hub-Signature-256 ${verifyWebhookSignature(body, signature, APP_SECRET) ? 'verified' : 'REJECTED'}` +
  ` (a tampered copy: ${verifyWebhookSignature(body.replace('STOPP', 'START'), signature, APP_SECRET) ? 'accepted!' : 'rejected'})\n`);
console.log(`${pad('from', 15)} ${pad('reply', 58)} ${pad('intent', 16)} ${pad('lang', 5)} how`);
console.log('-'.repeat(110));
// The business knows each contact's language (the sign-up form's): it decides words like "Tak".
const langOf = Object.fromEntries(samples.map((s) => [`+${s.from}`, s.lang]));
for (const e of parseWebhook(body)) {
  const r = e.reply.confidence === 'payload' ? e.reply : parseReply(e.text, { lang: langOf[e.from] });
  const how = [r.confidence, r.token && 'token', r.also.length && `also ${r.also.join(',')}`, r.assumedPending && 'no DOI pending: assumed'].filter(Boolean).join('; ');
  console.log(`${pad(e.from, 15)} ${pad(JSON.stringify(e.text), 58)} ${pad(r.intent, 16)} ${pad(r.lang ?? '—', 5)} ${how}`);
}
