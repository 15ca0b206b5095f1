#!/usr/bin/env node
// Writes examples/submissions.jsonl and examples/submissions.csv: consent submissions from shops
// in ten languages (valid ones and the typical faults) and consent records (sound and tampered),
// with the exact checkbox texts and versions renderText gives. Run again when the texts change:
//   node tests/cli/make-examples.mjs
// tests/cli/audit.test.mjs names the line of each case: keep the order.
import { writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { root } from './run.mjs';

const wc = await import(join(root, 'pkg/node.mjs'));
export const NOW = '2026-06-30T12:00:00.000Z';

const SHOPS = {
  de: { company: 'Musterladen GmbH', contact: 'datenschutz@musterladen.example', url: 'https://musterladen.example/datenschutz', country: 'DE' },
  fr: { company: 'Boutique Lumière SARL', contact: 'dpo@lumiere.example', url: 'https://lumiere.example/confidentialite', country: 'FR' },
  es: { company: 'Tienda Sol S.L.', contact: 'privacidad@tiendasol.example', url: 'https://tiendasol.example/privacidad', country: 'ES' },
  it: { company: 'Negozio Verde S.r.l.', contact: 'privacy@negozioverde.example', url: 'https://negozioverde.example/privacy', country: 'IT' },
  pl: { company: 'Sklep Polska sp. z o.o.', contact: 'iod@sklep-polska.example', url: 'https://sklep-polska.example/prywatnosc', country: 'PL' },
  nl: { company: 'Fietsenwinkel Jansen B.V.', contact: 'privacy@fietsjansen.example', url: 'https://fietsjansen.example/privacy', country: 'NL' },
  pt: { company: 'Loja Atlântica Lda.', contact: 'privacidade@atlantica.example', url: 'https://atlantica.example/privacidade', country: 'PT' },
  sv: { company: 'Nordisk Design AB', contact: 'dataskydd@nordiskdesign.example', url: 'https://nordiskdesign.example/integritet', country: 'SE' },
  en: { company: 'Brown & Co Ltd', contact: 'privacy@brownandco.example', url: 'https://brownandco.example/privacy', country: 'GB' },
  ro: { company: 'Magazin Carpați SRL', contact: 'dpo@carpati.example', url: 'https://carpati.example/confidentialitate', country: 'RO' },
};

const sha = (t) => `sha256:${createHash('sha256').update(t).digest('hex')}`;

function submission(lang, { name, phone, at, purposes = ['promo'], email }) {
  const shop = SHOPS[lang];
  const host = shop.url.split('/')[2];
  return {
    phone,
    name,
    ...(email ? { email } : {}),
    lang,
    country: shop.country,
    controller: { name: shop.company, contact: shop.contact },
    privacyPolicyUrl: shop.url,
    checkboxes: purposes.map((purpose) => {
      const t = wc.renderText('checkbox', { lang, company: shop.company, purpose, privacyUrl: shop.url });
      return { purpose, checked: true, preChecked: false, text: t.text, textVersion: t.version };
    }),
    source: { method: 'web_form', url: `https://${host}/whatsapp` },
    collectedAt: at,
  };
}

// Each case: the submission and what the audit must find (tests/cli/audit.test.mjs reads `expect`).
export const CASES = [
  { expect: [], sub: submission('de', { name: 'Anna Schmidt', phone: '0151 23456789', at: '2026-01-14T09:12:00Z', email: 'anna.schmidt@example.de' }) },
  { expect: [], sub: submission('fr', { name: 'Marie Dubois', phone: '06 12 34 56 78', at: '2026-02-03T18:40:00+01:00', purposes: ['promo', 'trans'] }) },
  { expect: [], sub: submission('es', { name: 'Sofía García', phone: '612 34 56 78', at: '2026-02-20T11:05:00Z', purposes: ['trans'] }) },
  { expect: ['PRE_TICKED'], sub: (() => { const s = submission('it', { name: 'Luca Rossi', phone: '347 123 4567', at: '2026-03-05T08:30:00Z' }); s.checkboxes[0].preChecked = true; return s; })() },
  { expect: ['EXCESSIVE_DATA'], valid: true, sub: (() => { const s = submission('pl', { name: 'Agnieszka Kowalska', phone: '+48 512 345 678', at: '2026-03-11T14:00:00Z' }); s.source.ip = '203.0.113.0'; return s; })() },
  { expect: ['MISSING_PRIVACY_POLICY'], sub: (() => { const s = submission('nl', { name: 'Piet Jansen', phone: '06-12345678', at: '2026-03-17T16:20:00Z' }); delete s.privacyPolicyUrl; return s; })() },
  { expect: ['INSECURE_URL'], sub: (() => { const s = submission('de', { name: 'Jonas Weber', phone: '+49 160 98765432', at: '2026-03-22T10:00:00Z' }); s.privacyPolicyUrl = s.privacyPolicyUrl.replace('https:', 'http:'); return s; })() },
  // The words were edited after the version was computed: the proof no longer matches.
  { expect: ['TEXT_VERSION_MISMATCH'], sub: (() => { const s = submission('de', { name: 'Lena Fischer', phone: '0170 1234567', at: '2026-04-02T07:45:00Z' }); s.checkboxes[0].text = s.checkboxes[0].text.replace('Angebote', 'Angebote, Gutscheine'); return s; })() },
  { expect: ['PHONE_INVALID'], sub: submission('de', { name: 'Zu Kurz', phone: '0151 234', at: '2026-04-06T12:00:00Z' }) },
  { expect: ['PHONE_NOT_MOBILE'], valid: true, sub: submission('de', { name: 'Büro Musterfirma', phone: '030 1234567', at: '2026-04-09T09:00:00Z' }) },
  { expect: ['UNDERAGE'], sub: { ...submission('de', { name: 'Tim Becker', phone: '0176 55512345', at: '2026-04-12T15:30:00Z' }), age: 14 } },
  { expect: ['PARENTAL_CONSENT_UNVERIFIED'], valid: true, sub: { ...submission('fr', { name: 'Léa Martin', phone: '07 81 23 45 67', at: '2026-04-15T17:10:00Z' }), age: 13, parentalConsent: true } },
  { expect: ['EXCESSIVE_DATA'], valid: true, sub: { ...submission('en', { name: 'Emma Brown', phone: '07400 123456', at: '2026-04-18T13:25:00Z' }), extra: { birthday: '1991-07-04', gender: 'f', favourite_colour: 'green' } } },
  { expect: ['MISSING_TIMESTAMP'], sub: (() => { const s = submission('de', { name: 'Paul Wagner', phone: '0152 33344455', at: '' }); delete s.collectedAt; return s; })() },
  { expect: ['FUTURE_TIMESTAMP'], sub: submission('pt', { name: 'João Silva', phone: '+351 912 345 678', at: '2026-09-01T10:00:00Z' }) },
  // A newsletter sign-up imported as if it were a WhatsApp consent.
  { expect: ['EMAIL_CONSENT_NOT_TRANSFERABLE'], sub: (() => { const s = submission('de', { name: 'Klaus Meier', phone: '0160 1112223', at: '2026-05-02T08:00:00Z' }); s.source = { method: 'import', consentChannel: 'email' }; return s; })() },
  { expect: ['STALE_CONSENT'], valid: true, sub: submission('sv', { name: 'Erik Lindqvist', phone: '070-123 45 67', at: '2023-05-10T19:00:00Z' }) },
  { expect: ['MISSING_LANGUAGE'], sub: (() => { const s = submission('de', { name: 'Mia Hoffmann', phone: '0157 12345678', at: '2026-05-08T10:30:00Z' }); delete s.lang; return s; })() },
  { expect: ['NO_AFFIRMATIVE_ACTION'], sub: (() => { const s = submission('es', { name: 'Javier López', phone: '622 11 22 33', at: '2026-05-12T21:15:00Z' }); s.checkboxes[0].checked = false; return s; })() },
  { expect: ['MISSING_CONTROLLER'], sub: (() => { const s = submission('it', { name: 'Giulia Bianchi', phone: '333 765 4321', at: '2026-05-15T09:50:00Z' }); delete s.controller; return s; })() },
  // A home-made text that never says WhatsApp.
  { expect: ['CHANNEL_NOT_NAMED'], sub: (() => { const s = submission('en', { name: 'Oliver Smith', phone: '07911 123456', at: '2026-05-20T11:11:00Z' }); const t = 'Yes, Brown & Co Ltd may send me offers and news to my mobile number. I can unsubscribe at any time.'; Object.assign(s.checkboxes[0], { text: t, textVersion: sha(t) }); return s; })() },
  { expect: ['CONTROLLER_NOT_NAMED'], sub: (() => { const s = submission('nl', { name: 'Sanne de Vries', phone: '06 87654321', at: '2026-05-24T14:40:00Z' }); const t = 'Ja, stuur mij aanbiedingen en nieuws via WhatsApp.'; Object.assign(s.checkboxes[0], { text: t, textVersion: sha(t) }); return s; })() },
  { expect: ['UNKNOWN_FIELD'], sub: { ...submission('ro', { name: 'Andrei Popescu', phone: '0712 345 678', at: '2026-05-28T08:05:00Z' }), newsletter: true } },
  { malformed: '{"phone": "+49 151 98765432", "name": "Abgeschnitten", "lang": "de", "checkboxes": [{"purpose": "promo", "checked": tr' },
  // One box asking for offers and order updates at once.
  { expect: ['BUNDLED_PURPOSES'], sub: (() => { const s = submission('pl', { name: 'Piotr Nowak', phone: '601 234 567', at: '2026-06-02T10:00:00Z' }); s.checkboxes[0].purpose = 'promo, trans'; return s; })() },
  { expect: [], sub: submission('ro', { name: 'Elena Ionescu', phone: '+40 721 234 567', at: '2026-06-05T16:45:00Z', purposes: ['promo', 'trans'] }) },
  { expect: [], sub: submission('pt', { name: 'Ana Costa', phone: '93 123 4567', at: '2026-06-10T12:00:00Z', purposes: ['trans'] }) },
];

// Consent records: pending, confirmed by the person's WhatsApp reply, withdrawn, and two edited
// after the fact (a backdated confirmation; a pending consent turned into a given one).
function records() {
  const s = submission('de', { name: 'Sabine Krüger', phone: '0151 98765432', at: '2026-06-01T09:00:00Z' });
  const token = '3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE';
  const pending = wc.createConsent(s, { now: '2026-06-01T09:00:01Z', token }).record;
  const confirmed = wc.applyReply(pending, `JA ${token}`, { now: '2026-06-01T09:03:10Z', from: '+4915198765432', messageId: 'wamid.HBgMNDkxNTE5ODc2NTQzMhUCABIYFjNFQjBDNzk' }).record;
  const withdrawn = wc.applyReply(confirmed, 'STOPP', { now: '2026-06-20T18:22:00Z', from: '+4915198765432', messageId: 'wamid.HBgMNDkxNTE5ODc2NTQzMhUCABIYFjNFQjBDNzA' }).record;
  const backdated = structuredClone(confirmed);
  backdated.events[1].at = '2026-05-01T09:03:10.000Z';
  const promoted = structuredClone(pending);
  promoted.purposes.promo.status = 'ConsentGiven';
  return [
    { expect: [], record: pending },
    { expect: [], record: confirmed },
    { expect: ['RECORD_TAMPERED'], record: backdated },
    { expect: ['RECORD_TAMPERED'], record: promoted },
    { expect: [], record: withdrawn },
  ];
}

// CSV: the same submissions as flat columns (documented in `whatsapp-consent help audit`).
const COLUMNS = ['phone', 'name', 'email', 'lang', 'country', 'controller_name', 'controller_contact', 'privacy_policy_url',
  'promo_checked', 'promo_prechecked', 'promo_text', 'promo_text_version', 'trans_checked', 'trans_prechecked', 'trans_text',
  'trans_text_version', 'source_method', 'source_url', 'source_ip', 'source_consent_channel', 'collected_at', 'age', 'parental_consent'];
const cell = (v) => {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

function csvRow(sub, extraColumns) {
  const v = {
    phone: sub.phone, name: sub.name, email: sub.email, lang: sub.lang, country: sub.country,
    controller_name: sub.controller?.name, controller_contact: sub.controller?.contact, privacy_policy_url: sub.privacyPolicyUrl,
    source_method: sub.source?.method, source_url: sub.source?.url, source_ip: sub.source?.ip, source_consent_channel: sub.source?.consentChannel,
    collected_at: sub.collectedAt, age: sub.age, parental_consent: sub.parentalConsent,
  };
  for (const b of sub.checkboxes) {
    // A bundled box ('promo, trans') keeps its purposes in the promo columns.
    const p = b.purpose === 'trans' ? 'trans' : 'promo';
    Object.assign(v, { [`${p}_checked`]: b.checked, [`${p}_prechecked`]: b.preChecked, [`${p}_text`]: b.text, [`${p}_text_version`]: b.textVersion });
  }
  return [...COLUMNS.map((c) => cell(v[c])), ...extraColumns.map((c) => cell(sub.extra?.[c] ?? sub[c]))].join(',');
}

export function write() {
  const recs = records();
  const jsonl = [...CASES.map((c) => c.malformed ?? JSON.stringify(c.sub)), ...recs.map((r) => JSON.stringify(r.record))];
  writeFileSync(join(root, 'examples/submissions.jsonl'), jsonl.join('\n') + '\n');
  const extraColumns = ['birthday', 'gender', 'favourite_colour', 'newsletter'];
  const rows = CASES.filter((c) => c.sub && !String(c.sub.checkboxes[0]?.purpose).includes(',')).map((c) => csvRow(c.sub, extraColumns));
  // Two rows a spreadsheet export can break: a lost column, and a stray quote.
  rows.splice(5, 0, '+49 151 11122233,Kaputt,de,DE');
  rows.push('+49 170 9998887,"Max "Maxi" Mustermann",,de,DE,Musterladen GmbH');
  writeFileSync(join(root, 'examples/submissions.csv'), [[...COLUMNS, ...extraColumns].join(','), ...rows].join('\r\n') + '\r\n');
  return { jsonl: jsonl.length, csv: rows.length };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(write());
