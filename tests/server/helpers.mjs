// Helpers of the webhook server tests: Cloud API bodies shaped like Meta's, signed requests over
// loopback, a read-only view of the server's SQLite file.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as wc from '../../pkg/node.mjs';
import { startServer } from '../../examples/webhook-server/server.mjs';

export { wc };
export const APP_SECRET = 'test-app-secret-5c1f';
export const VERIFY_TOKEN = 'test-verify-token';
export const SUPPRESSION_SECRET = 'test-suppression-secret';
export const COMPANY = 'Musterladen GmbH';
export const CONTACT = 'datenschutz@musterladen.example';
export const PRIVACY_URL = 'https://musterladen.example/datenschutz';
export const BUSINESS_PHONE = '+49 30 1234567';
const BUSINESS = { display_phone_number: '15550783881', phone_number_id: '106540352242922' };
const WABA = '102290129340398';

export const fixture = (name) => readFileSync(new URL(`../fixtures/webhooks/${name}`, import.meta.url), 'utf8');

export function tempDbPath() {
  return join(mkdtempSync(join(tmpdir(), 'wac-server-')), 'consent.db');
}

export function start(dbPath, extra = {}) {
  return startServer({
    dbPath, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, suppressionSecret: SUPPRESSION_SECRET,
    company: COMPANY, contact: CONTACT, privacyUrl: PRIVACY_URL, businessPhone: BUSINESS_PHONE, lang: 'en',
    ...extra,
  });
}

const nowSeconds = () => String(Math.floor(Date.now() / 1000));
let seq = 0;
export const messageId = () => `wamid.test-${process.pid}-${++seq}-${Date.now()}`;

function envelope(field, value) {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: WABA, changes: [{ value: { messaging_product: 'whatsapp', metadata: BUSINESS, ...value }, field }] }],
  });
}

const contact = (waId, name) => [{ profile: { name }, wa_id: waId }];

/** A text message webhook; `messages` may hold several { from, text, id?, name? } in one delivery. */
export function textWebhook(messages) {
  const list = Array.isArray(messages) ? messages : [messages];
  return envelope('messages', {
    contacts: list.map((m) => contact(m.from, m.name ?? 'Test Person')[0]),
    messages: list.map((m) => ({ from: m.from, id: m.id ?? messageId(), timestamp: nowSeconds(), type: 'text', text: { body: m.text } })),
  });
}

export function preferencesWebhook(waId, value) {
  return envelope('user_preferences', {
    contacts: contact(waId, 'Test Person'),
    user_preferences: [{
      wa_id: waId, detail: `User requested to ${value} marketing messages`, category: 'marketing_messages', value,
      timestamp: Math.floor(Date.now() / 1000),
    }],
  });
}

export function statusWebhook(recipientWaId, id, status) {
  return envelope('messages', {
    statuses: [{ id, status, timestamp: nowSeconds(), recipient_id: recipientWaId }],
  });
}

export async function request(base, method, path, { body, headers = {} } = {}) {
  const res = await fetch(base + path, { method, body, headers });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON (the challenge) */ }
  return { status: res.status, text, json, headers: res.headers };
}

export const postWebhook = (base, body, signature = wc.signWebhookBody(body, APP_SECRET)) =>
  request(base, 'POST', '/webhook', {
    body, headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
  });

export const postJson = (base, path, value) =>
  request(base, 'POST', path, { body: typeof value === 'string' ? value : JSON.stringify(value), headers: { 'content-type': 'application/json' } });

/** A web-form submission with the checkbox texts exactly as renderText gives them. */
export function submission(phone, { lang = 'de', name = 'Anna Schmidt', purposes = ['promo'] } = {}) {
  return {
    phone, name, lang,
    controller: { name: COMPANY, contact: CONTACT },
    privacyPolicyUrl: PRIVACY_URL,
    checkboxes: purposes.map((purpose) => {
      const box = wc.renderText('checkbox', { lang, company: COMPANY, purpose, privacyUrl: PRIVACY_URL });
      return { purpose, checked: true, preChecked: false, text: box.text, textVersion: box.version };
    }),
    source: { method: 'web_form', url: 'https://musterladen.example/whatsapp', userAgent: 'Mozilla/5.0 (test)', ip: '203.0.113.7' },
    collectedAt: new Date(Date.now() - 1000).toISOString(),
  };
}

/** Reads the server's database file beside it (WAL lets a reader in while the server runs). */
export function snapshot(dbPath) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const all = (sql, ...args) => db.prepare(sql).all(...args);
    return {
      records: all('SELECT * FROM records ORDER BY rowid').map((r) => ({ ...r, record: parseOrNull(r.json) })),
      outbox: all('SELECT * FROM outbox ORDER BY id'),
      processed: all('SELECT * FROM processed_messages ORDER BY rowid'),
      unmatched: all('SELECT * FROM unmatched ORDER BY id'),
      suppression: all('SELECT * FROM suppression ORDER BY rowid'),
      journalMode: db.pragma('journal_mode', { simple: true }),
    };
  } finally {
    db.close();
  }
}

function parseOrNull(text) {
  try { return JSON.parse(text); } catch { return null; } // a row a test broke on purpose
}

/** Row counts of every table: what "nothing stored" is checked against. */
export function counts(dbPath) {
  const s = snapshot(dbPath);
  return { records: s.records.length, outbox: s.outbox.length, processed: s.processed.length, unmatched: s.unmatched.length, suppression: s.suppression.length };
}
