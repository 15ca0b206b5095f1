// Behaviour of the public API on real inputs, run against every Node build (see support/load.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, entry } from '../support/load.mjs';

const { normalizePhone, newToken, parseToken, supportedRegions, countryCodeForRegion, WhatsAppConsentError } = api;

test(`German mobile typed nationally [${entry}]`, () => {
  assert.deepEqual(normalizePhone('0151 23456789', { defaultRegion: 'de' }), {
    valid: true,
    possible: true,
    e164: '+4915123456789',
    waId: '4915123456789',
    region: 'DE',
    type: 'MOBILE',
    national: '01512 3456789',
    international: '+49 1512 3456789',
    error: null,
  });
});

test('shapes people type all give the same E.164', () => {
  for (const input of ['+49 151 2345-6789', '0049 (151) 23.45.67.89', 'tel:+49-151-23456789',
    '＋４９ １５１ ２３４５６７８９', '٠١٥١ ٢٣٤٥٦٧٨٩', 'Handy: 0151/23456789']) {
    assert.equal(normalizePhone(input, { defaultRegion: 'DE' }).e164, '+4915123456789', input);
  }
});

test('invalid numbers: all identity fields null, a stable code and a message', () => {
  const cases = [
    ['not a phone', 'NOT_A_NUMBER'],
    ['+999 1234567', 'INVALID_COUNTRY_CODE'],
    ['+49 1', 'TOO_SHORT'],
    ['+44 7400 123456789', 'TOO_LONG'],
    ['+49 1234 5678901', 'INVALID_NUMBER'],
  ];
  for (const [input, code] of cases) {
    const r = normalizePhone(input);
    assert.equal(r.valid, false, input);
    assert.equal(r.e164, null);
    assert.equal(r.waId, null);
    assert.equal(r.region, null);
    assert.equal(r.type, null);
    assert.equal(r.error.code, code, input);
    assert.ok(r.error.message.length > 10);
  }
  assert.equal(normalizePhone('0151 23456789').error.code, 'INVALID_COUNTRY_CODE');
  assert.equal(normalizePhone('0151 23456789', { defaultRegion: 'ZZ' }).error.code, 'UNKNOWN_REGION');
});

test('libphonenumber\'s 250-character limit', () => {
  const padded = '+49 151 23456789' + ' '.repeat(234);
  assert.equal(padded.length, 250);
  assert.equal(normalizePhone(padded).valid, true);
  assert.equal(normalizePhone(padded + ' ').error.code, 'TOO_LONG');
});

test('misuse throws WhatsAppConsentError with a stable code', () => {
  const throwsCode = (fn, code) => assert.throws(fn, (e) => e instanceof WhatsAppConsentError && e.code === code && e.message.length > 0);
  throwsCode(() => normalizePhone(), 'INVALID_ARGUMENT');
  throwsCode(() => normalizePhone(4915123456789), 'INVALID_ARGUMENT');
  throwsCode(() => normalizePhone('1', { region: 'DE' }), 'INVALID_ARGUMENT');
  throwsCode(() => normalizePhone('1', { defaultRegion: 'Germany' }), 'INVALID_ARGUMENT');
  throwsCode(() => normalizePhone('1', 'DE'), 'INVALID_ARGUMENT');
  throwsCode(() => normalizePhone('1'.repeat(65537)), 'INPUT_TOO_LARGE');
  throwsCode(() => parseToken(null), 'INVALID_ARGUMENT');
  throwsCode(() => countryCodeForRegion('Deutschland'), 'INVALID_ARGUMENT');
});

test('tokens: 128 bits, Crockford base32, typed forms accepted', () => {
  const tokens = new Set(Array.from({ length: 1000 }, () => newToken()));
  assert.equal(tokens.size, 1000);
  for (const t of tokens) {
    assert.match(t, /^[0-7][0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}$/);
    assert.equal(parseToken(t), t);
    assert.equal(parseToken(t.toLowerCase().replaceAll('-', ' ')), t);
  }
  const t = [...tokens][0];
  assert.equal(parseToken(t.replaceAll('1', 'l').replaceAll('0', 'O')), t);
  assert.equal(parseToken('JA 7KQ3-M2XP'), null);
  assert.equal(parseToken(t + 'X'), null);
});

test('region list and calling codes follow the build flavor', () => {
  const regions = supportedRegions();
  assert.ok(regions.includes('DE') && regions.includes('GB'));
  assert.deepEqual([...regions].sort(), regions);
  assert.equal(countryCodeForRegion('de'), 49);
  if (api.flavor === 'full') {
    assert.ok(regions.length > 240);
    assert.equal(countryCodeForRegion('US'), 1);
  } else {
    assert.ok(regions.length < 60);
    assert.equal(countryCodeForRegion('US'), null);
    assert.equal(normalizePhone('+1 202 555 0173').error.code, 'INVALID_COUNTRY_CODE');
  }
});

test('init() is idempotent and resolves', async () => {
  await Promise.all([api.init(), api.init()]);
  assert.equal(normalizePhone('+4915123456789').valid, true);
});
