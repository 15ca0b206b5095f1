// The consent engine through the JS API: the whole lifecycle on real inputs, in every build that
// carries it (the EU phone build must say NOT_IN_THIS_BUILD).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { api, entry } from '../support/load.mjs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`../fixtures/webhooks/${name}`, import.meta.url), 'utf8'));
const SECRET = 'controller-secret-kept-outside-the-database';
const company = 'Musterladen GmbH';
const privacyUrl = 'https://musterladen.de/datenschutz';

function submission(overrides = {}) {
  const box = (purpose, checked) => {
    const r = api.renderText('checkbox', { lang: 'de', company, purpose, privacyUrl });
    return { purpose, checked, preChecked: false, text: r.text, textVersion: r.version };
  };
  return {
    phone: '0151 23456789',
    name: 'Erika Mustermann',
    lang: 'de',
    country: 'DE',
    controller: { name: company, contact: 'datenschutz@musterladen.de' },
    privacyPolicyUrl: privacyUrl,
    checkboxes: [box('promo', true), box('trans', false)],
    source: { method: 'web_form', url: 'https://musterladen.de/whatsapp' },
    collectedAt: '2026-11-01T10:00:00Z',
    ...overrides,
  };
}

// A text webhook from a number, shaped like Meta's (the fixture with its sender and text replaced).
function textWebhook(from, body, id) {
  const w = fixture('text.json');
  const v = w.entry[0].changes[0].value;
  v.contacts[0].wa_id = from.replace('+', '');
  Object.assign(v.messages[0], { from: from.replace('+', ''), id, text: { body } });
  return JSON.stringify(w);
}

if (!api.features.includes('records')) {
  test(`the consent engine is absent from this build and says so [${entry}]`, () => {
    for (const fn of ['createConsent', 'applyReply', 'verifyRecord', 'canSend', 'planMigration', 'eraseRecord']) {
      assert.throws(() => api[fn]({}), (e) => e.code === 'NOT_IN_THIS_BUILD', fn);
    }
    if (!api.features.includes('consent')) assert.throws(() => api.validateConsent({}), (e) => e.code === 'NOT_IN_THIS_BUILD');
  });
} else {

test(`validateConsent: a correct German submission is valid; each defect is named [${entry}]`, () => {
  const now = '2026-11-01T10:00:05Z';
  const ok = api.validateConsent(submission(), { now });
  assert.deepEqual(ok.violations, []);
  assert.equal(ok.valid, true);
  assert.equal(ok.e164, '+4915123456789');
  assert.equal(ok.jurisdiction, 'DE');

  const s = submission();
  s.checkboxes[0].preChecked = true;
  s.checkboxes[1].textVersion = 'sha256:' + '0'.repeat(64);
  const bad = api.validateConsent(s, { now });
  assert.equal(bad.valid, false);
  const codes = bad.violations.map((v) => v.code);
  assert.ok(codes.includes('PRE_TICKED') && codes.includes('TEXT_VERSION_MISMATCH'), codes.join());
  const pre = bad.violations.find((v) => v.code === 'PRE_TICKED');
  assert.equal(pre.severity, 'error');
  assert.match(pre.rule, /Planet49/);

  const typo = api.validateConsent({ ...submission(), phonenumber: 'x' }, { now });
  assert.ok(typo.violations.some((v) => v.code === 'UNKNOWN_FIELD' && v.field === 'phonenumber'));
  assert.throws(() => api.validateConsent(42), (e) => e.code === 'INVALID_ARGUMENT');
  assert.throws(() => api.validateConsent(submission(), { nowe: 1 }), (e) => e.code === 'INVALID_ARGUMENT');
  // Still answering after the misuse above.
  assert.equal(api.validateConsent(submission(), { now }).valid, true);
});

test('createConsent refuses an invalid submission with every violation attached', () => {
  const s = submission();
  s.checkboxes[0].preChecked = true;
  assert.throws(() => api.createConsent(s, { now: '2026-11-01T10:00:05Z' }), (e) => {
    assert.equal(e.code, 'CONSENT_INVALID');
    assert.ok(e.violations.some((v) => v.code === 'PRE_TICKED'));
    return true;
  });
});

test('the whole lifecycle through webhooks: confirm, opt-out, one confirmation, proof, erasure', () => {
  const { record, token } = api.createConsent(submission(), { now: '2026-11-01T10:00:05Z' });
  assert.match(token, /^[0-9A-Z]{6}(-[0-9A-Z]{5}){4}$/);
  assert.equal(record.doi.tokenHash, api.hashToken(token));
  assert.equal(record.purposes.promo.status, 'ConsentRequested');
  assert.equal(record.purposes.trans.status, 'ConsentRefused');
  assert.deepEqual(api.canSend(record, { category: 'marketing', now: '2026-11-01T10:01:00Z' }), { allowed: false, reason: 'CONSENT_PENDING' });

  // A "JA" from another number never confirms.
  const [stranger] = api.parseWebhook(textWebhook('+4917612345678', 'JA', 'wamid.A1'));
  let r = api.applyReply(record, stranger, { now: '2026-11-01T10:02:00Z' });
  assert.deepEqual([r.outcome.applied, r.outcome.code], [false, 'OTHER_NUMBER']);

  const [yes] = api.parseWebhook(textWebhook('+4915123456789', 'JA', 'wamid.A2'));
  r = api.applyReply(record, yes, { now: new Date('2026-11-01T10:03:00Z') });
  assert.equal(r.outcome.code, 'CONFIRMED');
  assert.equal(r.outcome.autoReply, 'confirmed');
  let rec = r.record;
  assert.equal(rec.purposes.promo.status, 'ConsentGiven');
  assert.deepEqual(api.canSend(rec, { category: 'marketing', now: '2026-11-02T00:00:00Z' }), { allowed: true, reason: 'CONSENT_GIVEN' });
  assert.deepEqual(api.canSend(rec, { category: 'utility', now: '2026-11-02T00:00:00Z' }), { allowed: false, reason: 'CONSENT_REFUSED' });

  // Meta retries the same delivery: applied once.
  r = api.applyReply(rec, yes, { now: '2026-11-01T10:03:05Z' });
  assert.equal(r.outcome.code, 'DUPLICATE');
  assert.equal(r.record.events.length, rec.events.length);

  const [stop] = api.parseWebhook(textWebhook('+4915123456789', 'Bitte keine Nachrichten mehr', 'wamid.A3'));
  r = api.applyReply(rec, stop, { now: '2026-11-20T08:00:00Z' });
  assert.deepEqual([r.outcome.code, r.outcome.autoReply], ['OPTED_OUT', 'unsubscribed']);
  rec = r.record;
  assert.equal(rec.purposes.promo.status, 'ConsentWithdrawn');
  assert.equal(api.canSend(rec, { category: 'marketing', now: '2026-11-20T08:00:01Z' }).allowed, false);
  assert.deepEqual(api.canSend(rec, { category: 'utility', text: 'unsubscribed', now: '2026-11-20T08:00:01Z' }), { allowed: true, reason: 'OPT_OUT_CONFIRMATION' });
  rec = api.recordSent(rec, { category: 'utility', text: 'unsubscribed', messageId: 'wamid.OUT1' }, { now: '2026-11-20T08:00:02Z' });
  assert.deepEqual(api.canSend(rec, { category: 'utility', text: 'unsubscribed', now: '2026-11-20T08:00:03Z' }), { allowed: false, reason: 'OPT_OUT_CONFIRMATION_SENT' });

  // Proof.
  const ok = api.verifyRecord(rec);
  assert.equal(ok.valid, true, JSON.stringify(ok.problems));
  assert.equal(ok.events, rec.events.length);
  const tampered = structuredClone(rec);
  tampered.events[2].at = '2026-11-19T08:00:00.000Z';
  const bad = api.verifyRecord(tampered);
  assert.equal(bad.valid, false);
  assert.ok(bad.problems.some((p) => p.seq === 2 && p.code === 'HASH_MISMATCH'), JSON.stringify(bad.problems));
  assert.throws(() => api.canSend(tampered, { category: 'marketing' }), (e) => e.code === 'RECORD_TAMPERED');

  const iso = api.consentReceipt(rec);
  assert.equal(iso['dct:identifier'], rec.id);
  assert.match(JSON.stringify(iso), /dpv-27560#record/);
  const kantara = api.kantaraReceipt(rec);
  assert.equal(kantara.version, 'KI-CR-v1.1.0');
  assert.equal(typeof kantara.consentTimestamp, 'number');
  const printed = api.printRecord(rec, { lang: 'de' });
  assert.ok(printed.includes(rec.events[0].data.purposes.promo.text), 'the exact text shown');
  assert.ok(printed.includes('wamid.A2') && printed.includes('Bitte keine Nachrichten mehr'));
  const access = api.accessReport(rec, { lang: 'de', now: '2026-11-21T00:00:00Z' });
  for (const k of ['purposes', 'data_categories', 'recipients', 'retention', 'rights', 'complaint_authority', 'source', 'automated_decisions', 'transfers_safeguards', 'data_copy', 'consent_records']) {
    assert.ok(k in access.json, k);
  }
  assert.ok(access.text.includes('+4915123456789') || access.text.includes('+49 1512 3456789'));
  const ret = api.retention(rec);
  assert.ok(ret.items.find((i) => i.what === 'contact_data').deleteAt);

  // Erasure keeps a verifiable proof and a keyed suppression entry.
  const { record: erased, suppression } = api.eraseRecord(rec, { secret: SECRET, now: '2026-11-22T00:00:00Z' });
  assert.equal(erased.phone, null);
  assert.ok(!JSON.stringify(erased).includes('4915123456789'));
  assert.ok(!JSON.stringify(erased).includes('Erika'));
  assert.equal(api.verifyRecord(erased).valid, true);
  assert.equal(suppression.key, api.suppressionKey('+4915123456789', SECRET));
  assert.equal(api.isSuppressed('+49 1512 3456789', [suppression], SECRET), true);
  assert.equal(api.isSuppressed('+4917612345678', [suppression], SECRET), false);
  assert.deepEqual(api.canSend(erased, { category: 'marketing' }), { allowed: false, reason: 'ERASED' });
});

test('planMigration: never WhatsApp without a WhatsApp consent; invitations and pending records', async () => {
  const options = {
    now: '2026-11-29T09:00:00Z', businessPhone: '+49 30 901820', lang: 'de',
    controller: { name: company, contact: 'datenschutz@musterladen.de' }, privacyPolicyUrl: privacyUrl,
  };
  const plans = api.planMigration([
    { email: 'erika@example.de', name: 'Erika', phone: '0151 23456789', emailConsent: 'yes', lang: 'de' },
    { email: 'john@example.com', name: 'John', emailConsent: true, lang: 'en' },
    { email: 'nope@example.com', emailConsent: 'unsubscribed' },
    { email: 'unknown@example.com' },
    { email: 'not-an-address', emailConsent: 'yes' },
  ], { ...options, defaultRegion: 'DE' });
  assert.deepEqual(plans.map((p) => p.action), ['invite', 'invite', 'skip_no_email_consent', 'skip_no_email_consent', 'error']);
  assert.deepEqual(plans.map((p) => p.reason), ['INVITE_BY_EMAIL', 'INVITE_BY_EMAIL', 'NO_EMAIL_CONSENT', 'EMAIL_CONSENT_UNKNOWN', 'INVALID_EMAIL']);
  assert.ok(plans.every((p) => p.mayMessageOnWhatsApp === false));
  const [erika, john] = plans;
  assert.match(erika.invitation.link, /^https:\/\/wa\.me\/4930901820\?text=/);
  assert.ok(decodeURIComponent(erika.invitation.link).includes(erika.invitation.token));
  assert.equal(erika.invitation.lang, 'de');
  assert.equal(john.invitation.lang, 'en');
  assert.equal(erika.record.phone, '+4915123456789');
  assert.equal(john.record.phone, null);
  assert.equal(erika.record.doi.tokenHash, api.hashToken(erika.invitation.token));
  assert.ok(!JSON.stringify(erika.record).includes(erika.invitation.token), 'the record keeps only the hash');
  assert.equal(api.verifyRecord(john.record).valid, true);

  // John sends the pre-filled message from his phone: the token binds his number.
  const prefilled = new URL(john.invitation.link).searchParams.get('text');
  const [msg] = api.parseWebhook(textWebhook('+447700900123', prefilled, 'wamid.J1'));
  const r = api.applyReply(john.record, msg, { now: '2026-11-29T12:00:00Z' });
  assert.equal(r.outcome.code, 'CONFIRMED');
  assert.equal(r.record.phone, '+447700900123');
  // The stored invitation names nobody: an erasure leaves no trace of John.
  const { record: gone } = api.eraseRecord(r.record, { secret: SECRET, now: '2026-11-30T00:00:00Z' });
  assert.ok(!/John|john@|447700900123/.test(JSON.stringify(gone)), JSON.stringify(gone).slice(0, 400));
  assert.equal(api.verifyRecord(gone).valid, true);

  // Streaming in batches renumbers rows across batches and keeps the order.
  async function* rows() {
    for (let i = 0; i < 25; i++) yield { email: `p${i}@example.com`, emailConsent: i % 2 ? 'yes' : 'no' };
  }
  const streamed = [];
  for await (const p of api.planMigrationStream(rows(), { ...options, batchSize: 7 })) streamed.push(p);
  assert.deepEqual(streamed.map((p) => p.index), [...Array(25).keys()]);
  assert.deepEqual(streamed.map((p) => p.email), [...Array(25).keys()].map((i) => `p${i}@example.com`));
  assert.equal(streamed.filter((p) => p.action === 'invite').length, 12);

  assert.throws(() => api.planMigration([], { ...options, businessPhone: 'nope' }), (e) => typeof e.code === 'string');
  assert.throws(() => api.planMigration([], { ...options, privacyPolicyUrl: 'http://insecure.example' }), (e) => e.code === 'INVALID_ARGUMENT');
});

test('bad input to every engine export is a typed error, and the module keeps answering', () => {
  const { record } = api.createConsent(submission(), { now: '2026-11-01T10:00:05Z' });
  const junk = [undefined, null, 42, 'x', '{', [], {}, { schema: 'whatsapp-consent/record@1' }, 'x'.repeat(5_000_000)];
  const calls = {
    applyReply: (j) => api.applyReply(j, 'JA', {}),
    applyReplyInput: (j) => api.applyReply(record, typeof j === 'string' ? { kind: j } : (j ?? 7), {}),
    verifyRecord: (j) => { const v = api.verifyRecord(j); if (!v.valid) throw Object.assign(new Error('invalid'), { code: 'INVALID' }); },
    canSend: (j) => api.canSend(j, { category: 'marketing' }),
    canSendCategory: (j) => api.canSend(record, { category: j }),
    consentReceipt: (j) => api.consentReceipt(j),
    printRecord: (j) => api.printRecord(j),
    eraseRecord: (j) => api.eraseRecord(record, { secret: j }),
    suppressionKey: (j) => api.suppressionKey(j, SECRET),
    planMigration: (j) => api.planMigration(j, {}),
    retention: (j) => api.retention(j, {}),
    hashToken: (j) => api.hashToken(j),
  };
  for (const [name, call] of Object.entries(calls)) {
    for (const j of junk) {
      assert.throws(() => call(j), (e) => typeof e.code === 'string' && e.code !== 'INTERNAL_ERROR', `${name}(${String(j).slice(0, 20)})`);
    }
  }
  assert.equal(api.verifyRecord(record).valid, true);
  assert.equal(api.applyReply(record, 'JA', { from: '+4915123456789', now: '2026-11-01T11:00:00Z' }).outcome.code, 'CONFIRMED');
});

}
