// Hostile input never breaks the module: every export either answers or throws a typed error,
// and afterwards the module still answers correctly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, entry } from '../support/load.mjs';

const { WhatsAppConsentError } = api;
const MB = 'x'.repeat(1 << 20);
const VALUES = [undefined, null, 0, -1, NaN, Infinity, 12345678901234567890n, true, {}, [], ['+49'], () => 1,
  Symbol('s'), new Date(), '', ' ', MB, '\uD800', '\uDC00+49 151 23456789', '+49\u0000151 23456789', '\u0000'.repeat(300),
  '+'.repeat(70000), { toString: () => '+4915123456789' }, new String('+4915123456789')];
const OPTIONS = [undefined, null, {}, { defaultRegion: 'DE' }, { defaultRegion: 5 }, { defaultRegion: MB },
  { defaultRegion: '\uD800' }, { defaultRegion: 'D\u0000' }, [], 'DE', 7, Object.create(null)];
const CODES = new Set(['INVALID_ARGUMENT', 'INPUT_TOO_LARGE']);

function probe(name, fn) {
  try {
    return fn();
  } catch (e) {
    assert.ok(e instanceof WhatsAppConsentError, `${name} threw ${e && e.name}: ${e && e.message}`);
    assert.ok(CODES.has(e.code), `${name}: unexpected code ${e.code}`);
    return undefined;
  }
}

function stillHealthy() {
  assert.equal(api.normalizePhone('0151 23456789', { defaultRegion: 'DE' }).e164, '+4915123456789');
  assert.equal(api.parseToken(api.newToken()).length, 30);
  assert.equal(api.countryCodeForRegion('FR'), 33);
  if (api.features.includes('replies')) assert.equal(api.parseReply('STOP').intent, 'opt_out');
}

test(`every export survives hostile arguments [${entry}]`, () => {
  for (const v of VALUES) {
    for (const o of OPTIONS) {
      const r = probe('normalizePhone', () => api.normalizePhone(v, o));
      if (r) assert.equal(typeof r.valid, 'boolean');
    }
    probe('parseToken', () => api.parseToken(v));
    probe('countryCodeForRegion', () => api.countryCodeForRegion(v));
    probe('newToken', () => api.newToken(v));
    probe('supportedRegions', () => api.supportedRegions(v));
    if (api.features.includes('replies')) {
      for (const o of [undefined, { lang: v }, { pending: v }, v]) {
        const r = probe('parseReply', () => api.parseReply(v, o));
        if (r) assert.equal(typeof r.intent, 'string');
      }
      probe('parseWebhook', () => {
        try {
          return api.parseWebhook(v);
        } catch (e) {
          if (e.code === 'INVALID_WEBHOOK') return undefined;
          throw e;
        }
      });
      probe('verifyWebhookSignature', () => api.verifyWebhookSignature(v, v, v));
      probe('decodePayload', () => api.decodePayload(v));
    }
    stillHealthy();
  }
});

test('random strings never trap', () => {
  let seed = 0x9e3779b9;
  const rand = (n) => {
    seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const pool = ['0', '1', '5', '9', '+', ' ', '-', '(', ')', '.', '/', 'x', 'e', 't', ';', '#', '*', '٣', '５', '＋',
    'é', '\u0000', '\uD83D', '\uDE00', 'tel:', 'ext', ';phone-context=', 'ß', '\u200F', '00', '+49', '+1'];
  for (let i = 0; i < 20000; i++) {
    let s = '';
    const len = rand(40);
    for (let j = 0; j < len; j++) s += pool[rand(pool.length)];
    const region = ['DE', 'US', 'GB', 'BR', 'IN', undefined][rand(6)];
    const r = api.normalizePhone(s, region ? { defaultRegion: region } : undefined);
    assert.equal(typeof r.valid, 'boolean');
    if (r.valid) assert.match(r.e164, /^\+[1-9]\d{1,14}$/);
    api.parseToken(s);
    if (api.features.includes('replies')) {
      const r = api.parseReply(s, { lang: ['de', 'en', 'ar', undefined][rand(4)] });
      assert.equal(typeof r.intent, 'string');
    }
  }
  stillHealthy();
});
