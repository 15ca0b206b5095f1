// parseReply and webhooks through the JS API of every Node build that carries them; builds
// without them must say so with NOT_IN_THIS_BUILD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { api, entry } from '../support/load.mjs';

const hasReplies = api.features.includes('replies');
const fixtures = new URL('../fixtures/webhooks/', import.meta.url);
const fixture = (name) => readFileSync(new URL(`${name}.json`, fixtures), 'utf8');

if (!hasReplies) {
  test(`reply functions are absent from this build and say so [${entry}]`, () => {
    for (const fn of ['parseReply', 'parseWebhook', 'verifyWebhookSignature', 'replyLanguages']) {
      assert.throws(() => api[fn]('x'), (e) => e.code === 'NOT_IN_THIS_BUILD' && e.message.includes('whatsapp-consent/lite'));
    }
  });
} else {
  test(`parseReply: the documented shape [${entry}]`, () => {
    assert.deepEqual(api.parseReply('Stop. Where did you get my number?'), {
      intent: 'opt_out', confidence: 'phrase', lang: 'en', matched: 'Stop', token: null, also: ['access_request'], assumedPending: false,
    });
    assert.deepEqual(api.parseReply('JA', { lang: 'de', pending: 'confirmation' }), {
      intent: 'confirm', confidence: 'keyword', lang: 'de', matched: 'JA', token: null, also: [], assumedPending: false,
    });
    assert.equal(api.parseReply('yes').assumedPending, true);
  });

  test('every language is available and its keywords work', () => {
    assert.equal(api.replyLanguages().length, 30);
    // A sample per language from the labelled set: every intent the set has for that language.
    const dir = new URL('../replies/', import.meta.url);
    for (const file of readdirSync(dir)) {
      const lang = file.replace('.jsonl', '');
      const cases = readFileSync(new URL(file, dir), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const intents = new Set(cases.map((c) => c.intent));
      const ok = cases.filter((c) => api.parseReply(c.text, { lang, pending: c.pending }).intent === c.intent);
      const okIntents = new Set(ok.map((c) => c.intent));
      assert.deepEqual([...intents].filter((i) => !okIntents.has(i)), [], `${lang}: no case of these intents is understood`);
      assert.ok(ok.length / cases.length >= 0.9, `${lang}: ${ok.length}/${cases.length}`);
    }
  });

  test('tokens in replies, options checked', () => {
    const t = api.newToken();
    assert.equal(api.parseReply(`ja ${t.toLowerCase().replaceAll('-', ' ')}`, { lang: 'de' }).token, t);
    assert.throws(() => api.parseReply('x', { lang: 'xx' }), (e) => e.code === 'INVALID_ARGUMENT' && /unsupported language/.test(e.message));
    assert.throws(() => api.parseReply('x', { pending: 'yes' }), (e) => e.code === 'INVALID_ARGUMENT');
    assert.throws(() => api.parseReply('x', { language: 'de' }), (e) => e.code === 'INVALID_ARGUMENT');
  });

  test('parseWebhook: every fixture, raw text and parsed object alike', () => {
    for (const file of readdirSync(fixtures)) {
      const raw = readFileSync(new URL(file, fixtures), 'utf8');
      const a = api.parseWebhook(raw);
      assert.deepEqual(api.parseWebhook(JSON.parse(raw)), a, file);
      assert.ok(a.length >= 1, file);
      for (const e of a) {
        assert.ok(['text', 'button', 'interactive', 'reaction', 'marketing_preference', 'status', 'unsupported'].includes(e.kind));
        if (e.from !== null) assert.match(e.from, /^\+\d{6,15}$/);
        if (e.timestamp !== null) assert.equal(typeof e.timestamp, 'number');
      }
    }
    const [button] = api.parseWebhook(fixture('button_own_payload'));
    assert.deepEqual(button.reply, {
      intent: 'confirm', confidence: 'payload', lang: null, matched: 'optin:confirm:3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE',
      token: '3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE', also: [], assumedPending: false,
    });
    const [pref] = api.parseWebhook(fixture('user_preferences_stop'));
    assert.equal(pref.kind, 'marketing_preference');
    assert.equal(pref.reply.intent, 'pref_trans');
    const statuses = api.parseWebhook(fixture('statuses'));
    assert.deepEqual(statuses.map((s) => s.status.status), ['sent', 'delivered', 'read', 'failed']);
    assert.equal(statuses[3].status.errors[0].code, 131050);
    assert.throws(() => api.parseWebhook('{"object":"page"}'), (e) => e.code === 'INVALID_WEBHOOK');
    assert.throws(() => api.parseWebhook('nope'), (e) => e.code === 'INVALID_WEBHOOK');
    assert.throws(() => api.parseWebhook(42), (e) => e.code === 'INVALID_ARGUMENT');
  });

  test('verifyWebhookSignature: good, tampered, wrong secret, malformed header', () => {
    const body = fixture('text');
    const header = api.signWebhookBody(body, 'app-secret');
    assert.match(header, /^sha256=[0-9a-f]{64}$/);
    assert.equal(api.verifyWebhookSignature(body, header, 'app-secret'), true);
    assert.equal(api.verifyWebhookSignature(Buffer.from(body), header, 'app-secret'), true);
    assert.equal(api.verifyWebhookSignature(new TextEncoder().encode(body).buffer, header, 'app-secret'), true);
    assert.equal(api.verifyWebhookSignature(body.replace('STOPP', 'START'), header, 'app-secret'), false);
    assert.equal(api.verifyWebhookSignature(body, header, 'other-secret'), false);
    for (const bad of [undefined, null, '', 'sha256=', 'sha1=' + header.slice(7), header.slice(7), header + '0', 'sha256=' + 'z'.repeat(64)]) {
      assert.equal(api.verifyWebhookSignature(body, bad, 'app-secret'), false, String(bad));
    }
    assert.throws(() => api.verifyWebhookSignature(body, header, ''), (e) => e.code === 'INVALID_ARGUMENT');
    assert.throws(() => api.verifyWebhookSignature(42, header, 'x'), (e) => e.code === 'INVALID_ARGUMENT');
  });

  test('payload helpers round-trip', () => {
    const t = api.newToken();
    const p = api.encodePayload('confirm', t);
    assert.equal(p, `optin:confirm:${t}`);
    assert.deepEqual(api.decodePayload(p), { intent: 'confirm', token: t });
    assert.deepEqual(api.decodePayload('optin:stop'), { intent: 'opt_out', token: null });
    assert.equal(api.decodePayload('SOMETHING_ELSE'), null);
    assert.throws(() => api.decodePayload('optin:perhaps'), (e) => e.code === 'INVALID_ARGUMENT');
    assert.throws(() => api.encodePayload('none'), (e) => e.code === 'INVALID_ARGUMENT');
  });
}
