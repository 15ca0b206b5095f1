'use strict';
// Every action through zapier-platform-core's own test harness (createAppTester runs perform the
// way Zapier's Lambda does: bundle in, cleaned JSON out, z.errors.Error as a rejection).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { createHash } = require('node:crypto');
const zapier = require('zapier-platform-core');
const App = require('../index');

const appTester = zapier.createAppTester(App);
const perform = (key, inputData) => appTester(App.creates[key].operation.perform, { inputData });

// z.errors.Error travels as JSON in the message: { message, code, status }.
async function rejectsWith(promise, code) {
  let caught;
  await assert.rejects(promise, (err) => {
    assert.equal(err.name, 'AppError', `expected a z.errors.Error, got ${err.name}: ${err.message}`);
    caught = JSON.parse(err.message);
    assert.equal(caught.code, code, caught.message);
    return true;
  });
  return caught;
}

const sha256 = (text) => 'sha256:' + createHash('sha256').update(text, 'utf8').digest('hex');

test('the app definition passes zapier-platform-schema validation', async () => {
  const handler = zapier.createAppHandler(App);
  const { results } = await handler({ command: 'validate', bundle: {} });
  assert.deepEqual(results, []);
});

test('every create is registered under its key with a label and description', () => {
  assert.deepEqual(Object.keys(App.creates).sort(), ['normalizePhone', 'parseReply', 'renderText', 'validateConsent']);
  for (const [key, create] of Object.entries(App.creates)) {
    assert.equal(create.key, key);
    assert.ok(create.display.label && create.display.description.length > 20, key);
  }
  // The installed core is the one package.json pins (Zapier runs the app on that platform version).
  assert.equal(App.platformVersion, require('../package.json').dependencies['zapier-platform-core']);
});

// ---- Normalize phone

test('normalizePhone: a German mobile typed nationally', async () => {
  const out = await perform('normalizePhone', { phone: '0151 23456789', default_region: 'DE' });
  assert.deepEqual(out, {
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

test('normalizePhone: an empty default region is "not given", an international number still works', async () => {
  const out = await perform('normalizePhone', { phone: '+43 664 1234567', default_region: '' });
  assert.equal(out.e164, '+436641234567');
  assert.equal(out.region, 'AT');
});

test('normalizePhone: an invalid number is a result to filter on, not a failed step', async () => {
  const out = await perform('normalizePhone', { phone: '+49 1', default_region: 'DE' });
  assert.equal(out.valid, false);
  assert.equal(out.e164, null);
  assert.equal(out.error.code, 'TOO_SHORT');
  const national = await perform('normalizePhone', { phone: '0151 23456789' });
  assert.equal(national.valid, false);
  assert.equal(national.error.code, 'INVALID_COUNTRY_CODE');
});

test('normalizePhone: a country name instead of a code is a clear INVALID_ARGUMENT error', async () => {
  const err = await rejectsWith(perform('normalizePhone', { phone: '0151 23456789', default_region: 'Germany' }), 'INVALID_ARGUMENT');
  assert.equal(err.status, 400);
  assert.match(err.message, /Germany/);
});

// ---- Parse reply

test('parseReply: STOPP in German is an opt-out', async () => {
  const out = await perform('parseReply', { text: 'STOPP', lang: 'de' });
  assert.equal(out.intent, 'opt_out');
  assert.equal(out.lang, 'de');
  assert.equal(out.matched, 'STOPP');
});

test('parseReply: a confirmation with its token, pending given as Zapier text "true"', async () => {
  const out = await perform('parseReply', { text: 'JA 3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE', lang: 'de', pending: 'true' });
  assert.equal(out.intent, 'confirm');
  assert.equal(out.token, '3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE');
  assert.equal(out.assumedPending, false);
});

test('parseReply: the language decides ("Tak" is yes in Polish, thanks in Danish)', async () => {
  assert.equal((await perform('parseReply', { text: 'Tak', lang: 'pl', pending: true })).intent, 'confirm');
  assert.equal((await perform('parseReply', { text: 'Tak', lang: 'da', pending: true })).intent, 'none');
});

test('parseReply: without a language it is detected; stop plus a question keeps both intents', async () => {
  const out = await perform('parseReply', { text: 'Stop. Where did you get my number?', lang: '' });
  assert.equal(out.intent, 'opt_out');
  assert.equal(out.lang, 'en');
  assert.deepEqual(out.also, ['access_request']);
});

test('parseReply: an unsupported language and an unreadable boolean are INVALID_ARGUMENT', async () => {
  await rejectsWith(perform('parseReply', { text: 'STOP', lang: 'xx' }), 'INVALID_ARGUMENT');
  const err = await rejectsWith(perform('parseReply', { text: 'STOP', pending: 'maybe' }), 'INVALID_ARGUMENT');
  assert.match(err.message, /^pending:/);
});

// ---- Render consent text

const checkbox = { kind: 'checkbox', lang: 'de', company: 'Musterladen GmbH', purpose: 'promo', privacy_url: 'https://musterladen.de/datenschutz' };

test('renderText: the German checkbox names the company, its version is the SHA-256 of the text', async () => {
  const out = await perform('renderText', checkbox);
  assert.equal(out.kind, 'checkbox');
  assert.equal(out.lang, 'de');
  assert.ok(out.text.includes('Musterladen GmbH'), out.text);
  assert.ok(out.text.includes('WhatsApp'), out.text);
  assert.ok(out.text.includes('STOPP'), out.text);
  assert.equal(out.version, sha256(out.text));
  assert.ok(out.html.includes('<a href="https://musterladen.de/datenschutz">'), out.html);
  assert.equal(out.keywords.stop, 'STOPP');
});

test('renderText: company names are HTML-escaped in html', async () => {
  const out = await perform('renderText', { ...checkbox, company: '<b>Muster & Co</b>' });
  assert.ok(out.html.includes('&lt;b&gt;Muster &amp; Co&lt;/b&gt;'), out.html);
  assert.ok(!out.html.includes('<b>'), out.html);
});

test('renderText: the invitation e-mail carries the given token in its wa.me link', async () => {
  const token = '3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE';
  const out = await perform('renderText', {
    kind: 'invitation_email',
    lang: 'de',
    company: 'Musterladen GmbH',
    privacy_url: 'https://musterladen.de/datenschutz',
    business_phone: '+49 30 1234567',
    name: 'Anna',
    token,
  });
  assert.equal(out.token, token);
  assert.ok(out.link.startsWith('https://wa.me/49301234567?text='), out.link);
  assert.ok(decodeURIComponent(out.link.split('text=')[1]).includes(token), out.link);
  assert.ok(out.subject.includes('Musterladen GmbH'), out.subject);
  assert.ok(out.text.includes('Anna'), out.text);
});

test('renderText: purposes as a list field and as one mapped comma-separated text give the same text', async () => {
  const base = { kind: 'confirmation', lang: 'en', company: 'Example Ltd' };
  const list = await perform('renderText', { ...base, purposes: ['promo', 'trans'] });
  const mapped = await perform('renderText', { ...base, purposes: 'promo, trans' });
  const promoOnly = await perform('renderText', { ...base, purposes: ['promo'] });
  assert.equal(mapped.version, list.version);
  assert.notEqual(promoOnly.version, list.version);
});

test('renderText: one checkbox for two purposes is BUNDLED_PURPOSES (Recital 43)', async () => {
  const { purpose, ...rest } = checkbox;
  await rejectsWith(perform('renderText', { ...rest, purposes: ['promo', 'trans'] }), 'BUNDLED_PURPOSES');
});

test('renderText: a language without texts is UNSUPPORTED_LANGUAGE unless English fallback is on', async () => {
  await rejectsWith(perform('renderText', { ...checkbox, lang: 'xx' }), 'UNSUPPORTED_LANGUAGE');
  const out = await perform('renderText', { ...checkbox, lang: 'xx', fallback: 'true' });
  assert.equal(out.lang, 'en');
  assert.ok(out.text.includes('Musterladen GmbH'));
});

// ---- Validate consent (needs the consent engine in pkg/)

// A real submission: the form showed the text Render Consent Text produced and stored its version.
async function submission(overrides = {}) {
  const box = await perform('renderText', checkbox);
  return {
    phone: '0151 23456789',
    name: 'Anna Schmidt',
    email: 'anna@example.de',
    lang: 'de',
    country: 'DE',
    company: 'Musterladen GmbH',
    contact: 'datenschutz@musterladen.de',
    privacy_url: 'https://musterladen.de/datenschutz',
    promo_checked: 'true',
    promo_pre_checked: 'false',
    promo_text: box.text,
    promo_text_version: box.version,
    source_method: 'web_form',
    source_url: 'https://musterladen.de/whatsapp',
    collected_at: new Date(Date.now() - 60_000).toISOString(),
    ...overrides,
  };
}

test('validateConsent: a proper opt-in is valid and gives the E.164 number', async () => {
  const out = await perform('validateConsent', await submission());
  assert.deepEqual(
    out.violations.filter((v) => v.severity === 'error'),
    [],
  );
  assert.equal(out.valid, true);
  assert.equal(out.error_count, 0);
  assert.equal(out.e164, '+4915123456789');
  assert.equal(out.jurisdiction, 'DE');
});

test('validateConsent: a pre-ticked box is invalid with PRE_TICKED as a line item', async () => {
  const out = await perform('validateConsent', await submission({ promo_pre_checked: 'true' }));
  assert.equal(out.valid, false);
  assert.ok(out.violation_codes.includes('PRE_TICKED'), out.violation_codes.join(','));
  const item = out.violations.find((v) => v.code === 'PRE_TICKED');
  assert.equal(item.severity, 'error');
  assert.equal(item.field, 'checkboxes[0].preChecked');
  assert.equal(item.input_field, 'promo_pre_checked');
  assert.ok(item.message && item.rule, JSON.stringify(item));
  assert.equal(out.error_count, out.violations.filter((v) => v.severity === 'error').length);
});

test('validateConsent: a pre-ticked field the form did not report is named, not assumed false', async () => {
  const { promo_pre_checked, ...unreported } = await submission();
  const out = await perform('validateConsent', unreported);
  assert.equal(out.valid, false);
  const item = out.violations.find((v) => v.input_field === 'promo_pre_checked');
  assert.ok(item, JSON.stringify(out.violations));
  assert.equal(item.severity, 'error');
});

test('validateConsent: line items name the action input of the second box too', async () => {
  const trans = await perform('renderText', { ...checkbox, purpose: 'trans' });
  const out = await perform(
    'validateConsent',
    await submission({ trans_checked: true, trans_pre_checked: true, trans_text: trans.text, trans_text_version: trans.version }),
  );
  assert.deepEqual(
    out.violations.filter((v) => v.code === 'PRE_TICKED').map((v) => v.input_field),
    ['trans_pre_checked'],
  );
  const missing = await perform('validateConsent', await submission({ source_method: '' }));
  assert.ok(missing.violations.some((v) => v.input_field === 'source_method'), JSON.stringify(missing.violations));
});

test('validateConsent: a changed text no longer matches its version', async () => {
  const s = await submission();
  const out = await perform('validateConsent', { ...s, promo_text: s.promo_text.replace('Musterladen GmbH', 'Musterladen AG') });
  assert.equal(out.valid, false);
  assert.ok(out.violation_codes.includes('TEXT_VERSION_MISMATCH'), out.violation_codes.join(','));
});

test('validateConsent: an unreadable checkbox value is INVALID_ARGUMENT, never a guessed answer', async () => {
  const err = await rejectsWith(perform('validateConsent', await submission({ promo_checked: 'maybe' })), 'INVALID_ARGUMENT');
  assert.match(err.message, /^promo_checked:/);
  await rejectsWith(perform('validateConsent', await submission({ age: 'sixteen' })), 'INVALID_ARGUMENT');
});

// ---- Samples stay true to the real output

test('each sample has exactly the keys the action really returns', async () => {
  const inputs = {
    normalizePhone: { phone: '0151 23456789', default_region: 'DE' },
    parseReply: { text: 'JA 3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE', lang: 'de', pending: true },
    renderText: checkbox,
    validateConsent: await submission({ promo_pre_checked: 'true' }),
  };
  for (const [key, input] of Object.entries(inputs)) {
    const out = await perform(key, input);
    const { sample } = App.creates[key].operation;
    assert.deepEqual(Object.keys(sample).sort(), Object.keys(out).sort(), key);
    if (key === 'validateConsent') assert.deepEqual(Object.keys(sample.violations[0]).sort(), Object.keys(out.violations[0]).sort());
    if (key !== 'validateConsent') assert.deepEqual(sample, out, `${key}: the sample is this input's real output`);
  }
});
