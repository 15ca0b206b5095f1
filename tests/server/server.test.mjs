// End-to-end tests of examples/webhook-server over loopback: real-shaped Cloud API bodies signed
// as Meta signs them, a real SQLite file, restarts on the same file. Run: node --test tests/server/
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  wc, APP_SECRET, VERIFY_TOKEN, SUPPRESSION_SECRET, COMPANY, CONTACT, PRIVACY_URL,
  fixture, tempDbPath, start, textWebhook, preferencesWebhook, statusWebhook, request, postWebhook, postJson,
  submission, snapshot, counts, messageId,
} from './helpers.mjs';

const ANNA = '+4915123456789'; // the person of tests/fixtures/webhooks/*.json
const ANNA_WA = '4915123456789';
const MARIE = '+33612345678';
const UNKNOWN = '+393471234567';

const outboxOf = (dbPath, recordId) => snapshot(dbPath).outbox.filter((r) => r.record_id === recordId);

// Every stored record must pass verifyRecord against the head the table kept beside it.
function assertAllRecordsVerify(dbPath) {
  const { records } = snapshot(dbPath);
  assert.ok(records.length > 0);
  for (const row of records) {
    const v = wc.verifyRecord(row.record, { expectedHead: row.head });
    assert.equal(v.valid, true, `record ${row.id}: ${JSON.stringify(v.problems)}`);
    assert.equal(row.head, row.record.head);
    assert.equal(row.phone, row.record.phone);
  }
}

describe('webhook server (SQLite, loopback)', () => {
  const dbPath = tempDbPath();
  let server;
  let annaId;
  const restart = async () => {
    await server.close();
    server = await start(dbPath);
  };

  before(async () => {
    server = await start(dbPath);
  });
  after(async () => {
    await server?.close();
    rmSync(dirname(dbPath), { recursive: true, force: true });
  });

  it('answers Meta\'s verification challenge only with the right token', async () => {
    const q = (mode, token) => `/webhook?hub.mode=${mode}&hub.verify_token=${encodeURIComponent(token)}&hub.challenge=1158201444`;
    const ok = await request(server.url, 'GET', q('subscribe', VERIFY_TOKEN));
    assert.equal(ok.status, 200);
    assert.equal(ok.text, '1158201444');
    for (const [mode, token] of [['subscribe', 'wrong-token'], ['subscribe', ''], ['unsubscribe', VERIFY_TOKEN]]) {
      const bad = await request(server.url, 'GET', q(mode, token));
      assert.equal(bad.status, 403, `${mode} ${token}`);
      assert.ok(!bad.text.includes('1158201444'));
    }
  });

  it('uses WAL mode and answers /health', async () => {
    assert.equal(snapshot(dbPath).journalMode, 'wal');
    const h = await request(server.url, 'GET', '/health');
    assert.equal(h.status, 200);
    assert.equal(h.json.status, 'ok');
  });

  it('rejects a missing, wrong or foreign signature with 401 and stores nothing', async () => {
    const before = counts(dbPath);
    const body = fixture('text.json');
    const cases = {
      missing: null,
      wrongSecret: wc.signWebhookBody(body, 'another-secret'),
      otherBody: wc.signWebhookBody(body.replace('STOPP bitte', 'START'), APP_SECRET),
      malformed: 'sha256=zz',
      sha1: 'sha1=0000000000000000000000000000000000000000',
    };
    for (const [name, signature] of Object.entries(cases)) {
      const res = await postWebhook(server.url, body, signature);
      assert.equal(res.status, 401, name);
      assert.equal(res.json.error, 'BAD_SIGNATURE');
    }
    assert.deepEqual(counts(dbPath), before);
    assert.equal(snapshot(dbPath).unmatched.length, 0); // the unknown-number STOPP was not taken in
  });

  it('POST /consents stores the record and queues the double-opt-in message in German', async () => {
    const res = await postJson(server.url, '/consents', submission(ANNA, { purposes: ['promo', 'trans'] }));
    assert.equal(res.status, 201, res.text);
    annaId = res.json.id;
    assert.equal(res.json.phone, ANNA);
    const got = await request(server.url, 'GET', `/records/${encodeURIComponent(annaId)}`);
    assert.equal(got.status, 200);
    assert.equal(got.json.verification.valid, true);
    assert.equal(got.json.record.purposes.promo.status, 'ConsentRequested');
    assert.equal(got.json.record.purposes.trans.status, 'ConsentRequested');
    const out = outboxOf(dbPath, annaId);
    assert.equal(out.length, 1);
    assert.equal(out[0].kind, 'confirmation');
    assert.equal(out[0].lang, 'de');
    assert.equal(out[0].to_phone, ANNA);
    const confirm = wc.renderText('confirmation', { lang: 'de', company: COMPANY }).keywords.confirm;
    assert.ok(out[0].text.includes(confirm) && out[0].text.includes(COMPANY), out[0].text);
    assert.equal(out[0].version, `sha256:${createHash('sha256').update(out[0].text).digest('hex')}`);
  });

  it('rejects a submission that breaks the rules (pre-ticked box) with 422 and stores nothing', async () => {
    const before = counts(dbPath);
    const bad = submission(MARIE, { lang: 'fr', name: 'Marie Dubois' });
    bad.checkboxes[0].preChecked = true;
    const res = await postJson(server.url, '/consents', bad);
    assert.equal(res.status, 422);
    assert.ok(res.json.violations.some((v) => v.code === 'PRE_TICKED'), res.text);
    assert.deepEqual(counts(dbPath), before);
  });

  const ja = textWebhook({ from: ANNA_WA, text: 'JA', name: 'Anna Schmidt' });

  it('a signed "JA" from the number confirms the record and queues the German `confirmed` text', async () => {
    const res = await postWebhook(server.url, ja);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.applied, 1);
    const { record, verification } = (await request(server.url, 'GET', `/records/${annaId}`)).json;
    assert.equal(verification.valid, true);
    assert.equal(record.purposes.promo.status, 'ConsentGiven');
    assert.equal(record.purposes.trans.status, 'ConsentGiven');
    assert.ok(record.events.some((e) => e.type === 'confirmed'));
    const out = outboxOf(dbPath, annaId);
    assert.deepEqual(out.map((r) => r.kind), ['confirmation', 'confirmed']);
    assert.equal(out[1].lang, 'de');
    const de = wc.renderText('confirmed', { lang: 'de', company: COMPANY });
    const en = wc.renderText('confirmed', { lang: 'en', company: COMPANY });
    assert.ok(out[1].text.includes(de.keywords.stop), out[1].text); // STOPP, not STOP
    assert.ok(!out[1].text.includes(en.text.slice(0, 20)));
  });

  it('a duplicate delivery of the same webhook is applied once', async () => {
    const before = snapshot(dbPath);
    const beforeRecord = before.records.find((r) => r.id === annaId).record;
    const res = await postWebhook(server.url, ja);
    assert.equal(res.status, 200);
    assert.equal(res.json.duplicates, 1);
    assert.equal(res.json.applied, 0);
    const after = snapshot(dbPath);
    const afterRecord = after.records.find((r) => r.id === annaId).record;
    assert.equal(afterRecord.events.length, beforeRecord.events.length);
    assert.equal(afterRecord.head, beforeRecord.head);
    assert.equal(after.outbox.length, before.outbox.length);
    assert.equal(after.processed.length, before.processed.length);
  });

  it('keeps everything across a restart on the same database file', async () => {
    const before = snapshot(dbPath);
    await restart();
    const got = await request(server.url, 'GET', `/records/${annaId}`);
    assert.equal(got.status, 200);
    assert.equal(got.json.record.head, before.records.find((r) => r.id === annaId).head);
    assert.equal(got.json.record.purposes.promo.status, 'ConsentGiven');
    assert.equal(got.json.verification.valid, true);
    // and it still knows what it applied before the restart
    const dup = await postWebhook(server.url, ja);
    assert.equal(dup.json.duplicates, 1);
    const now = counts(dbPath);
    assert.equal(now.outbox, before.outbox.length);
    assert.equal(now.processed, before.processed.length);
    assertAllRecordsVerify(dbPath);
  });

  it('"STOPP bitte" withdraws consent and queues exactly one `unsubscribed` message, also after a second STOP', async () => {
    const first = await postWebhook(server.url, fixture('text.json')); // Meta's shape, Anna's number
    assert.equal(first.status, 200, first.text);
    assert.equal(first.json.applied, 1);
    let { record } = (await request(server.url, 'GET', `/records/${annaId}`)).json;
    assert.equal(record.purposes.promo.status, 'ConsentWithdrawn');
    assert.equal(record.purposes.trans.status, 'ConsentWithdrawn');
    assert.ok(record.events.some((e) => e.type === 'sent' && e.data.text === 'unsubscribed'));
    assert.equal(wc.canSend(record, { category: 'utility', text: 'unsubscribed' }).allowed, false);
    const again = await postWebhook(server.url, textWebhook({ from: ANNA_WA, text: 'STOP' }));
    assert.equal(again.status, 200);
    const unsubscribed = outboxOf(dbPath, annaId).filter((r) => r.kind === 'unsubscribed');
    assert.equal(unsubscribed.length, 1);
    assert.equal(unsubscribed[0].lang, 'de');
    assert.equal(unsubscribed[0].to_phone, ANNA);
    ({ record } = (await request(server.url, 'GET', `/records/${annaId}`)).json);
    assert.equal(record.events.filter((e) => e.type === 'sent' && e.data.text === 'unsubscribed').length, 1);
    assert.equal(wc.canSend(record, { category: 'marketing' }).allowed, false);
  });

  it('applies a user_preferences "stop" webhook once', async () => {
    const body = fixture('user_preferences_stop.json');
    const res = await postWebhook(server.url, body);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.applied, 1);
    const { record } = (await request(server.url, 'GET', `/records/${annaId}`)).json;
    assert.equal(record.metaMarketing, 'stopped');
    assert.ok(record.events.some((e) => e.type === 'marketing_preference'));
    const dup = await postWebhook(server.url, body);
    assert.equal(dup.json.duplicates, 1);
    const again = (await request(server.url, 'GET', `/records/${annaId}`)).json.record;
    assert.equal(again.events.length, record.events.length);
    const resume = await postWebhook(server.url, preferencesWebhook(ANNA_WA, 'resume'));
    assert.equal(resume.status, 200, resume.text);
    const resumed = (await request(server.url, 'GET', `/records/${annaId}`)).json.record;
    assert.equal(resumed.metaMarketing, 'resumed');
    // Meta's resume lifts only Meta's flag: the withdrawn consent still governs.
    assert.equal(resumed.purposes.promo.status, 'ConsentWithdrawn');
  });

  it('START after the opt-out re-opens consent: a new confirmation, the token column follows the record', async () => {
    const before = snapshot(dbPath).records.find((r) => r.id === annaId);
    const res = await postWebhook(server.url, textWebhook({ from: ANNA_WA, text: 'START' }));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.outcomes[0].code, 'REOPENED');
    const row = snapshot(dbPath).records.find((r) => r.id === annaId);
    assert.equal(row.record.purposes.promo.status, 'ConsentRequested');
    assert.equal(row.token_hash, row.record.doi.tokenHash);
    assert.notEqual(row.token_hash, before.token_hash);
    const last = outboxOf(dbPath, annaId).at(-1);
    assert.equal(last.kind, 'confirmation');
    assert.equal(last.lang, 'de');
  });

  it('a STOP from an unknown number is kept as unmatched and suppresses the number', async () => {
    const before = snapshot(dbPath);
    const body = textWebhook({ from: UNKNOWN.slice(1), text: 'STOP', name: 'Sconosciuto' });
    const res = await postWebhook(server.url, body);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.unmatched, 1);
    const after = snapshot(dbPath);
    assert.equal(after.records.length, before.records.length);
    const rows = after.unmatched.filter((r) => r.from_phone === UNKNOWN);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].intent, 'opt_out');
    assert.equal(JSON.parse(rows[0].event_json).text, 'STOP');
    const entries = after.suppression.map(({ key, scope, since, reason }) => ({ key, scope, since, reason }));
    const key = wc.suppressionKey(UNKNOWN, SUPPRESSION_SECRET);
    assert.ok(entries.some((e) => e.key === key && e.scope === 'all'), JSON.stringify(entries));
    assert.ok(!JSON.stringify(entries).includes(UNKNOWN.slice(1))); // keyed, never the number
    assert.equal(wc.isSuppressed(UNKNOWN, entries, SUPPRESSION_SECRET), true);
    assert.equal(wc.isSuppressed(MARIE, entries, SUPPRESSION_SECRET), false);
    const dup = await postWebhook(server.url, body);
    assert.equal(dup.json.duplicates, 1);
    assert.equal(snapshot(dbPath).unmatched.filter((r) => r.from_phone === UNKNOWN).length, 1);
  });

  it('a non-opt-out message from an unknown number is kept, without suppression', async () => {
    const before = snapshot(dbPath);
    const res = await postWebhook(server.url, textWebhook({ from: '447700900123', text: 'Hello, what are your opening hours?' }));
    assert.equal(res.status, 200);
    const after = snapshot(dbPath);
    assert.equal(after.unmatched.length, before.unmatched.length + 1);
    assert.equal(after.unmatched.at(-1).from_phone, '+447700900123');
    assert.equal(after.suppression.length, before.suppression.length);
  });

  it('applies or ignores delivery statuses without failing, once', async () => {
    const outbox = snapshot(dbPath).outbox;
    const body = statusWebhook(ANNA_WA, 'wamid.outbound-1', 'delivered');
    const res = await postWebhook(server.url, body);
    assert.equal(res.status, 200, res.text);
    const foreign = await postWebhook(server.url, fixture('statuses.json')); // includes a recipient with no record
    assert.equal(foreign.status, 200, foreign.text);
    const dup = await postWebhook(server.url, body);
    assert.equal(dup.json.duplicates, 1);
    assert.equal(snapshot(dbPath).outbox.length, outbox.length);
    assertAllRecordsVerify(dbPath);
  });

  it('reads a reply in the language the person signed up in ("Tak": yes in Polish, thanks in Danish)', async () => {
    assert.equal(wc.parseReply('Tak').intent, 'none'); // without the context it is no consent
    const jan = await postJson(server.url, '/consents', submission('+48501234567', { lang: 'pl', name: 'Jan Kowalski' }));
    assert.equal(jan.status, 201, jan.text);
    const res = await postWebhook(server.url, textWebhook({ from: '48501234567', text: 'Tak' }));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.outcomes[0].code, 'CONFIRMED');
    const { record } = (await request(server.url, 'GET', `/records/${jan.json.id}`)).json;
    assert.equal(record.purposes.promo.status, 'ConsentGiven');
    const last = outboxOf(dbPath, jan.json.id).at(-1);
    assert.equal(last.kind, 'confirmed');
    assert.equal(last.lang, 'pl');
  });

  it('records a failed delivery (131050: marketing stopped) after the `sent` status of the same message', async () => {
    const id = messageId();
    await postWebhook(server.url, statusWebhook(ANNA_WA, id, 'sent'));
    const failed = JSON.parse(statusWebhook(ANNA_WA, id, 'failed'));
    failed.entry[0].changes[0].value.statuses[0].errors = [{ code: 131050, title: 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.' }];
    const res = await postWebhook(server.url, JSON.stringify(failed));
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.applied, 1, res.text);
    const { record } = (await request(server.url, 'GET', `/records/${annaId}`)).json;
    assert.ok(record.events.some((e) => e.messageId === id && e.data.status === 'failed'));
  });

  it('a malformed body with a valid signature is 400 and changes nothing', async () => {
    const before = counts(dbPath);
    for (const body of ['{"object":"whatsapp_business_account","entry":[{"id":', 'not json at all', '{"hello":"world"}']) {
      const res = await postWebhook(server.url, body);
      assert.equal(res.status, 400, body);
    }
    assert.deepEqual(counts(dbPath), before);
  });

  it('refuses a body over the cap with 413', async () => {
    const path = tempDbPath();
    const big = await start(path, { maxBodyBytes: 1024 });
    try {
      const body = textWebhook({ from: ANNA_WA, text: 'x'.repeat(2000) });
      const res = await postWebhook(big.url, body);
      assert.equal(res.status, 413);
      assert.equal(counts(path).processed, 0);
    } finally {
      await big.close();
      rmSync(dirname(path), { recursive: true, force: true });
    }
  });

  it('a failure in the middle of a delivery rolls the whole delivery back; the resend applies it', async () => {
    const marie = await postJson(server.url, '/consents', submission(MARIE, { lang: 'fr', name: 'Marie Dubois' }));
    assert.equal(marie.status, 201, marie.text);
    const bruno = await postJson(server.url, '/consents', submission('+4917612345678', { lang: 'de', name: 'Bruno Weber' }));
    assert.equal(bruno.status, 201, bruno.text);
    // Break Bruno's stored record behind the server's back, so the second event of the delivery fails.
    const db = new Database(dbPath);
    const good = db.prepare('SELECT json FROM records WHERE id = ?').get(bruno.json.id).json;
    const body = textWebhook([{ from: MARIE.slice(1), text: 'OUI' }, { from: '4917612345678', text: 'JA' }]);
    try {
      db.prepare('UPDATE records SET json = ? WHERE id = ?').run('{"broken":', bruno.json.id);
      const before = counts(dbPath);
      const beforeMarie = snapshot(dbPath).records.find((r) => r.id === marie.json.id).head;
      const failed = await postWebhook(server.url, body);
      assert.equal(failed.status, 500);
      assert.deepEqual(counts(dbPath), before);
      assert.equal(snapshot(dbPath).records.find((r) => r.id === marie.json.id).head, beforeMarie);
    } finally {
      db.prepare('UPDATE records SET json = ? WHERE id = ?').run(good, bruno.json.id);
      db.close();
    }
    const resent = await postWebhook(server.url, body);
    assert.equal(resent.status, 200, resent.text);
    assert.equal(resent.json.applied, 2);
    for (const id of [marie.json.id, bruno.json.id]) {
      const { record } = (await request(server.url, 'GET', `/records/${id}`)).json;
      assert.equal(record.purposes.promo.status, 'ConsentGiven', id);
    }
    assert.equal(outboxOf(dbPath, marie.json.id).at(-1).lang, 'fr');
  });

  it('an event the engine refuses (a tampered record) is kept, the opt-out suppressed, the rest applied', async () => {
    const phone = '+4917612345670';
    const created = await postJson(server.url, '/consents', submission(phone, { name: 'Carla Neumann' }));
    assert.equal(created.status, 201, created.text);
    const db = new Database(dbPath);
    const original = db.prepare('SELECT json FROM records WHERE id = ?').get(created.json.id).json;
    const stored = JSON.parse(original);
    stored.events[0].at = '2020-01-01T00:00:00.000Z'; // rewritten history
    db.prepare('UPDATE records SET json = ? WHERE id = ?').run(JSON.stringify(stored), created.json.id);
    const before = snapshot(dbPath);
    const helpId = messageId();
    const body = textWebhook([{ from: phone.slice(1), text: 'STOP' }, { from: ANNA_WA, text: 'HILFE', id: helpId }]);
    let res;
    let after;
    try {
      res = await postWebhook(server.url, body);
      after = snapshot(dbPath);
    } finally {
      db.prepare('UPDATE records SET json = ? WHERE id = ?').run(original, created.json.id); // a human restores it
      db.close();
    }
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.outcomes[0].code, 'ENGINE_ERROR:RECORD_TAMPERED');
    const kept = after.unmatched.filter((u) => u.from_phone === phone);
    assert.equal(kept.length, 1);
    assert.equal(kept[0].intent, 'opt_out');
    assert.equal(wc.isSuppressed(phone, after.suppression, SUPPRESSION_SECRET), true);
    assert.equal(after.records.find((r) => r.id === created.json.id).json, JSON.stringify(stored)); // left for a human to look at
    const anna = after.records.find((r) => r.id === annaId).record;
    assert.ok(anna.events.length > before.records.find((r) => r.id === annaId).record.events.length);
    assert.equal(anna.events.find((e) => e.messageId === helpId)?.intent, 'help');
  });

  it('POST /records stores planMigration records; a confirmation with the token from a new number finds its record', async () => {
    const plans = wc.planMigration(
      [
        { email: 'lena@example.org', name: 'Lena Vogel', lang: 'de', emailConsent: true },
        { email: 'no-consent@example.org', emailConsent: false },
      ],
      { businessPhone: '+49 30 1234567', lang: 'de', controller: { name: COMPANY, contact: CONTACT }, privacyPolicyUrl: PRIVACY_URL },
    );
    const invite = plans.find((p) => p.action === 'invite');
    assert.ok(invite?.record, JSON.stringify(plans));
    // A tampered line makes the whole import fail; nothing of it is stored.
    const tampered = structuredClone(invite.record);
    tampered.events[0].at = '2020-01-01T00:00:00.000Z';
    const before = counts(dbPath);
    const bad = await postJson(server.url, '/records', [JSON.stringify(plans[1]), JSON.stringify(tampered)].join('\n'));
    assert.equal(bad.status, 422, bad.text);
    assert.deepEqual(counts(dbPath), before);

    const jsonl = plans.map((p) => JSON.stringify(p)).join('\n') + '\n';
    const res = await postJson(server.url, '/records', jsonl);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.stored, 1);
    assert.deepEqual(res.json.ids, [invite.record.id]);
    const again = await postJson(server.url, '/records', jsonl);
    assert.equal(again.json.stored, 0);
    assert.equal(again.json.existing, 1);

    const row = snapshot(dbPath).records.find((r) => r.id === invite.record.id);
    assert.equal(row.token_hash, wc.hashToken(invite.invitation.token));
    // Lena taps the invitation link: her WhatsApp sends the pre-filled "JA <token>" from a number we never had.
    const lenaWa = '4915223456789';
    const reply = await postWebhook(server.url, textWebhook({ from: lenaWa, text: `JA ${invite.invitation.token}`, name: 'Lena Vogel' }));
    assert.equal(reply.status, 200, reply.text);
    assert.equal(reply.json.applied, 1, reply.text);
    const { record, verification } = (await request(server.url, 'GET', `/records/${invite.record.id}`)).json;
    assert.equal(verification.valid, true);
    assert.equal(record.phone, `+${lenaWa}`);
    assert.ok(Object.values(record.purposes).every((p) => p.status === 'ConsentGiven'), JSON.stringify(record.purposes));
    assert.equal(snapshot(dbPath).records.find((r) => r.id === invite.record.id).phone, `+${lenaWa}`);
    const out = outboxOf(dbPath, invite.record.id);
    assert.equal(out.at(-1)?.kind, 'confirmed');
    assert.equal(out.at(-1).to_phone, `+${lenaWa}`);
  });

  it('after a final restart every stored record verifies and nothing was lost', async () => {
    const before = snapshot(dbPath);
    await restart();
    const after = snapshot(dbPath);
    assert.deepEqual(after, before);
    assertAllRecordsVerify(dbPath);
    for (const row of after.records) {
      const got = await request(server.url, 'GET', `/records/${row.id}`);
      assert.equal(got.json.verification.valid, true);
      assert.equal(got.json.record.head, row.head);
    }
    const missing = await request(server.url, 'GET', '/records/no-such-id');
    assert.equal(missing.status, 404);
  });
});

describe('webhook server configuration', () => {
  it('requires the admin token for record endpoints when one is set', async () => {
    const dbPath = tempDbPath();
    const server = await start(dbPath, { adminToken: 'admin-secret' });
    try {
      const sub = submission(ANNA);
      assert.equal((await postJson(server.url, '/consents', sub)).status, 401);
      const ok = await request(server.url, 'POST', '/consents', {
        body: JSON.stringify(sub), headers: { 'content-type': 'application/json', authorization: 'Bearer admin-secret' },
      });
      assert.equal(ok.status, 201, ok.text);
      assert.equal((await request(server.url, 'GET', `/records/${ok.json.id}`)).status, 401);
      // the webhook itself is guarded by Meta's signature, not the admin token
      const hook = await postWebhook(server.url, textWebhook({ from: ANNA_WA, text: 'JA' }));
      assert.equal(hook.status, 200);
    } finally {
      await server.close();
      rmSync(dirname(dbPath), { recursive: true, force: true });
    }
  });

  it('refuses to listen off loopback without an admin token', async () => {
    const path = tempDbPath();
    await assert.rejects(start(path, { host: '0.0.0.0' }), /adminToken/);
    rmSync(dirname(path), { recursive: true, force: true });
  });
});
