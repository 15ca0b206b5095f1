#!/usr/bin/env node
// A WhatsApp Cloud API webhook server on Node's own http and SQLite (better-sqlite3).
// It keeps consent records, applies every inbound reply to them, and writes the answer it would
// send into an outbox table: no message leaves the machine. See README.md.
//
//   WHATSAPP_APP_SECRET=… WHATSAPP_VERIFY_TOKEN=… node examples/webhook-server/server.mjs
import { createServer } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// An app imports 'whatsapp-consent' (see package.json here). Inside the repository the example
// uses the built package directly, so the tests need no `npm install` in this folder.
import * as wc from '../../pkg/node.mjs';
import { openDb } from './db.mjs';

const MIB = 1024 * 1024;
const PURPOSES = ['promo', 'trans'];

class HttpError extends Error {
  constructor(status, code, message, extra = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

/** Starts the server; resolves to { url, close() } once it listens. */
export async function startServer({
  dbPath,
  appSecret,
  verifyToken,
  port = 0,
  host = '127.0.0.1',
  company,
  contact,
  privacyUrl,
  lang = 'en',
  businessPhone,
  // Keys of the suppression list (suppressionKey). Keep it stable: a new secret orphans old keys.
  suppressionSecret = appSecret,
  // Bearer token for /consents and /records (personal data). Required off loopback.
  adminToken = null,
  maxBodyBytes = 4 * MIB,
  now = () => Date.now(),
  log = () => {},
} = {}) {
  for (const [name, value] of Object.entries({ dbPath, appSecret, verifyToken, suppressionSecret })) {
    if (typeof value !== 'string' || value === '') throw new TypeError(`startServer: ${name} is required`);
  }
  if (!adminToken && !isLoopback(host)) {
    throw new TypeError(`startServer: listening on ${host} exposes consent records; set adminToken`);
  }
  await wc.init();
  const db = openDb(dbPath);
  const cfg = { company, contact, privacyUrl, lang, businessPhone };

  // ---- helpers over the engine -------------------------------------------------------------

  function render(kind, record, token) {
    const purposes = Object.keys(record.purposes ?? {}).filter((p) => PURPOSES.includes(p));
    const params = {
      lang: record.lang || cfg.lang,
      fallback: true,
      company: cfg.company ?? record.controller?.name,
      contact: cfg.contact ?? record.controller?.contact,
      privacyUrl: cfg.privacyUrl ?? record.privacyPolicyUrl,
      businessPhone: cfg.businessPhone,
      name: record.name,
      purposes: purposes.length ? purposes : undefined,
      token,
    };
    for (const k of Object.keys(params)) if (params[k] == null) delete params[k];
    return wc.renderText(kind, params);
  }

  // Puts an auto-reply into the outbox if canSend allows it, and records it as sent.
  function queueReply(record, kind, token, toPhone, at, summary) {
    // The opt-out confirmation and the DOI request are utility messages with their own rules;
    // the other answers reply inside the service window the person's message just opened.
    const category = kind === 'unsubscribed' || kind === 'confirmation' ? 'utility' : 'service';
    const gate = wc.canSend(record, { category, text: kind, now: at });
    const to = record.phone ?? toPhone;
    if (!gate.allowed || !to) {
      summary.withheld.push({ recordId: record.id, kind, reason: gate.allowed ? 'NO_NUMBER' : gate.reason });
      return record;
    }
    const text = render(kind, record, token ?? undefined);
    const id = db.addOutbox({
      to_phone: to, kind, lang: text.lang, text: text.text, version: text.version,
      created_at: iso(at), record_id: record.id,
    });
    summary.outbox.push(id);
    return wc.recordSent(record, { category, text: kind }, { now: at });
  }

  // Which suppression a reply asks for when no record takes it (null: none).
  function suppressionScope(reply) {
    if (!reply) return null;
    const intents = [reply.intent, ...(reply.also ?? [])];
    if (intents.includes('opt_out') || intents.includes('erasure_request')) return 'all';
    if (intents.includes('pref_trans')) return 'marketing';
    return null;
  }

  function keepUnmatched(event, phone, reason, at, summary) {
    db.addUnmatched({
      message_id: event.messageId, from_phone: phone, kind: event.kind, intent: event.reply?.intent ?? null,
      reason, event_json: JSON.stringify(event), received_at: iso(at),
    });
    summary.unmatched++;
    const scope = suppressionScope(event.reply);
    if (scope && phone) {
      db.addSuppression({
        key: wc.suppressionKey(phone, suppressionSecret), scope, since: iso(at),
        reason: `${event.reply.intent} from a number without a record (${reason})`,
      });
      summary.suppressed++;
    }
  }

  function findRecord(event, phone) {
    const byPhone = phone ? db.recordsByPhone(phone)[0] : undefined;
    let byToken;
    if (event.reply?.token) {
      try {
        byToken = db.recordsByTokenHash(wc.hashToken(event.reply.token))[0];
      } catch (err) {
        if (err?.code !== 'INVALID_TOKEN') throw err;
      }
    }
    // The token names the record exactly; one bound to another number goes to the engine only
    // when this number has none (it records or refuses it: OTHER_NUMBER).
    if (byToken && (byToken.phone == null || byToken.phone === phone)) return byToken;
    return byPhone ?? byToken ?? null;
  }

  function applyEvent(event, at, summary) {
    const phone = event.kind === 'status' ? event.status?.recipient ?? null : event.from;
    const row = findRecord(event, phone);
    if (!row) {
      if (event.kind === 'status') return { recordId: null, code: 'IGNORED' }; // a receipt for a message not ours
      keepUnmatched(event, phone, 'NO_RECORD', at, summary);
      return { recordId: null, code: 'UNMATCHED' };
    }
    const before = JSON.parse(row.json);
    // applyReply reads free text again in the record's language, knowing whether a double opt-in
    // awaits an answer ("Tak" is yes in Polish, thanks in Danish).
    const options = { now: at };
    if (event.messageId) options.messageId = event.messageId;
    let result;
    try {
      result = wc.applyReply(before, event, options);
    } catch (err) {
      // The engine refusing this event would refuse every resend too: keep it and go on. Any
      // other failure (the database) rolls the delivery back for Meta to resend.
      if (!(err instanceof wc.WhatsAppConsentError)) throw err;
      keepUnmatched(event, phone, `ENGINE_ERROR:${err.code}`, at, summary);
      return { recordId: row.id, code: `ENGINE_ERROR:${err.code}` };
    }
    const { record: applied, outcome } = result;
    let record = applied;
    if (outcome.applied) summary.applied++;
    else if (outcome.code === 'OTHER_NUMBER' || (outcome.code !== 'DUPLICATE' && suppressionScope(event.reply))) {
      // Never lose a message no record took, least of all an opt-out.
      keepUnmatched(event, phone, outcome.code, at, summary);
    }
    if (outcome.autoReply) record = queueReply(record, outcome.autoReply, outcome.token, event.from, at, summary);
    if (record.head !== before.head) db.updateRecord(record, iso(at));
    return { recordId: record.id, code: outcome.code };
  }

  // Meta resends a delivery until it gets a 200; these keys make a resend a no-op.
  function eventKey(event) {
    if (event.kind === 'status') return `status:${event.messageId}:${event.status?.status}`;
    if (event.messageId) return event.messageId;
    if (event.kind === 'marketing_preference') return `pref:${event.waId}:${event.timestamp}:${event.preference?.value}`;
    return `event:${createHash('sha256').update(JSON.stringify(event)).digest('hex')}`;
  }

  function applyWebhook(events, at) {
    const summary = { events: events.length, applied: 0, duplicates: 0, unmatched: 0, suppressed: 0, outbox: [], withheld: [], outcomes: [] };
    for (const event of events) {
      const key = eventKey(event);
      if (db.isProcessed(key)) {
        summary.duplicates++;
        summary.outcomes.push({ key, code: 'DUPLICATE_DELIVERY' });
        continue;
      }
      const { recordId, code } = applyEvent(event, at, summary);
      db.markProcessed(key, recordId, code, iso(at));
      summary.outcomes.push({ key, recordId, code });
    }
    return summary;
  }

  // ---- routes ----------------------------------------------------------------------------

  function verifyChallenge(url, res) {
    const p = url.searchParams;
    if (p.get('hub.mode') === 'subscribe' && sameSecret(p.get('hub.verify_token') ?? '', verifyToken)) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
      res.end(p.get('hub.challenge') ?? '');
      return;
    }
    throw new HttpError(403, 'VERIFY_TOKEN_MISMATCH', 'wrong hub.mode or hub.verify_token');
  }

  async function webhook(req, res) {
    const raw = await readBody(req, maxBodyBytes);
    // The signature covers the exact bytes Meta sent: check before parsing anything.
    if (!wc.verifyWebhookSignature(raw, req.headers['x-hub-signature-256'], appSecret)) {
      throw new HttpError(401, 'BAD_SIGNATURE', 'missing or wrong X-Hub-Signature-256');
    }
    let events;
    try {
      events = wc.parseWebhook(raw.toString('utf8'));
    } catch (err) {
      if (err?.code === 'INVALID_WEBHOOK' || err?.code === 'INVALID_ARGUMENT') throw new HttpError(400, err.code, err.message);
      throw err;
    }
    const at = now();
    // One transaction per delivery: a failure rolls everything back and the 500 makes Meta resend.
    const summary = db.transaction(() => applyWebhook(events, at));
    log(`webhook: ${summary.events} events, ${summary.applied} applied, ${summary.duplicates} duplicates, ${summary.unmatched} unmatched`);
    json(res, 200, summary);
  }

  async function postConsent(req, res) {
    const submission = parseJson(await readBody(req, maxBodyBytes));
    if (submission === null || typeof submission !== 'object' || Array.isArray(submission)) {
      throw new HttpError(400, 'INVALID_JSON', 'the body must be a JSON object (a ConsentSubmission)');
    }
    const at = now();
    const validation = wc.validateConsent(submission, { now: at });
    if (!validation.valid) throw new HttpError(422, 'CONSENT_INVALID', 'the submission breaks consent rules', { violations: validation.violations });
    let created;
    try {
      created = wc.createConsent(submission, { now: at });
    } catch (err) {
      if (err?.code === 'CONSENT_INVALID') throw new HttpError(422, err.code, err.message, { violations: err.violations ?? [] });
      throw err;
    }
    const summary = { outbox: [], withheld: [] };
    const record = db.transaction(() => {
      if (!db.insertRecord(created.record, iso(at))) throw new HttpError(409, 'RECORD_EXISTS', `record ${created.record.id} exists`);
      // The double opt-in: the person confirms from their own WhatsApp (Art. 7(1): provable).
      const sent = queueReply(created.record, 'confirmation', created.token, created.record.phone, at, summary);
      if (sent.head !== created.record.head) db.updateRecord(sent, iso(at));
      return sent;
    });
    json(res, 201, {
      id: record.id,
      phone: record.phone,
      purposes: record.purposes,
      warnings: validation.violations.filter((v) => v.severity === 'warning'),
      outbox: summary.outbox,
      withheld: summary.withheld,
    });
  }

  // JSON Lines of records or of planMigration results (their `record`); all or nothing.
  async function postRecords(req, res) {
    const text = (await readBody(req, maxBodyBytes)).toString('utf8');
    const records = [];
    const problems = [];
    let noRecord = 0;
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      let item;
      try {
        item = JSON.parse(line);
      } catch (err) {
        problems.push({ line: i + 1, code: 'INVALID_JSON', message: err.message });
        return;
      }
      const record = item?.schema ? item : item?.record !== undefined ? item.record : item;
      if (record === null) { noRecord++; return; } // a plan row to skip or with an error: nothing to store
      if (typeof record !== 'object' || typeof record.id !== 'string') {
        problems.push({ line: i + 1, code: 'NOT_A_RECORD', message: 'neither a consent record nor a migration plan row' });
        return;
      }
      const check = wc.verifyRecord(record);
      if (!check.valid) problems.push({ line: i + 1, code: 'RECORD_INVALID', id: record.id, problems: check.problems });
      else records.push(record);
    });
    if (problems.length) throw new HttpError(problems.some((p) => p.code === 'INVALID_JSON') ? 400 : 422, 'RECORDS_REJECTED', 'nothing stored', { problems });
    const at = iso(now());
    // An id already stored keeps its row: its events may have moved on since the export.
    const stored = db.transaction(() => records.filter((r) => db.insertRecord(r, at)).map((r) => r.id));
    json(res, 200, { stored: stored.length, existing: records.length - stored.length, noRecord, ids: stored });
  }

  function getRecord(id, res) {
    const row = db.recordById(id);
    if (!row) throw new HttpError(404, 'NOT_FOUND', `no record ${id}`);
    const record = JSON.parse(row.json);
    json(res, 200, { record, verification: wc.verifyRecord(record, { expectedHead: row.head }) });
  }

  function requireAdmin(req) {
    if (!adminToken) return;
    const header = req.headers.authorization ?? '';
    if (!sameSecret(header, `Bearer ${adminToken}`)) throw new HttpError(401, 'UNAUTHORIZED', 'Authorization: Bearer <admin token> required');
  }

  async function route(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const path = url.pathname;
    const method = req.method;
    const only = (...allowed) => {
      if (!allowed.includes(method)) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${method} ${path}`, { allow: allowed });
    };
    if (path === '/webhook') {
      only('GET', 'POST');
      return method === 'GET' ? verifyChallenge(url, res) : webhook(req, res);
    }
    if (path === '/health') {
      only('GET');
      return json(res, 200, { status: 'ok', ...db.counts() });
    }
    if (path === '/consents') {
      only('POST');
      requireAdmin(req);
      return postConsent(req, res);
    }
    if (path === '/records') {
      only('POST');
      requireAdmin(req);
      return postRecords(req, res);
    }
    const m = /^\/records\/([^/]+)$/.exec(path);
    if (m) {
      only('GET');
      requireAdmin(req);
      return getRecord(decodeURIComponent(m[1]), res);
    }
    throw new HttpError(404, 'NOT_FOUND', `no route ${path}`);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err) => {
      if (res.headersSent) return res.destroy(err);
      if (err instanceof HttpError) {
        const headers = {};
        if (err.extra.allow) headers.allow = err.extra.allow.join(', ');
        // The rest of an oversized body is not read: close instead of parsing it as a request.
        if (err.status === 413) headers.connection = 'close';
        const { allow, ...extra } = err.extra;
        return json(res, err.status, { error: err.code, message: err.message, ...extra }, headers);
      }
      log(`error: ${err?.stack ?? err}`);
      json(res, 500, { error: 'INTERNAL_ERROR', message: 'the request was not applied' });
    });
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => { server.off('error', fail); ok(); });
  });
  const addr = server.address();
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  let closing;
  return {
    url,
    close() {
      closing ??= new Promise((ok) => {
        server.close(() => {
          db.close();
          ok();
        });
        server.closeAllConnections(); // idle keep-alive sockets would hold close() open
      });
      return closing;
    },
  };
}

// ---- small utilities -----------------------------------------------------------------------

const iso = (ms) => new Date(ms).toISOString();

function isLoopback(host) {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

// Constant-time comparison of two secrets of any length (hash first: equal lengths).
function sameSecret(a, b) {
  const h = (s) => createHash('sha256').update(String(s)).digest();
  return timingSafeEqual(h(a), h(b));
}

function readBody(req, max) {
  const declared = Number(req.headers['content-length']);
  if (declared > max) return Promise.reject(new HttpError(413, 'BODY_TOO_LARGE', `body over ${max} bytes`));
  return new Promise((ok, fail) => {
    const chunks = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk) => {
      if (done) return;
      size += chunk.length;
      if (size > max) {
        done = true;
        req.pause();
        fail(new HttpError(413, 'BODY_TOO_LARGE', `body over ${max} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => { if (!done) { done = true; ok(Buffer.concat(chunks)); } });
    req.on('error', (err) => { if (!done) { done = true; fail(err); } });
  });
}

function parseJson(buffer) {
  try {
    return JSON.parse(buffer.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, 'INVALID_JSON', err.message);
  }
}

function json(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

// ---- run as a script -------------------------------------------------------------------------

async function main() {
  const env = process.env;
  const missing = ['WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN'].filter((k) => !env[k]);
  if (missing.length) {
    console.error(`set ${missing.join(' and ')} (see examples/webhook-server/README.md)`);
    process.exit(2);
  }
  if (!env.WHATSAPP_SUPPRESSION_SECRET) console.warn('WHATSAPP_SUPPRESSION_SECRET not set: the app secret keys the suppression list');
  const server = await startServer({
    dbPath: resolve(env.CONSENT_DB || './consent.db'),
    appSecret: env.WHATSAPP_APP_SECRET,
    verifyToken: env.WHATSAPP_VERIFY_TOKEN,
    suppressionSecret: env.WHATSAPP_SUPPRESSION_SECRET || env.WHATSAPP_APP_SECRET,
    adminToken: env.ADMIN_TOKEN || null,
    port: Number(env.PORT || 3000),
    host: env.HOST || '127.0.0.1',
    company: env.COMPANY,
    contact: env.PRIVACY_CONTACT,
    privacyUrl: env.PRIVACY_URL,
    businessPhone: env.BUSINESS_PHONE,
    lang: env.DEFAULT_LANG || 'en',
    log: (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  console.log(`listening on ${server.url} (webhook: ${server.url}/webhook, database: ${resolve(env.CONSENT_DB || './consent.db')})`);
  const stop = () => server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
