// Consent texts and Cloud API templates through the JS API, in every build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { api, entry } from '../support/load.mjs';

const base = { lang: 'de', company: 'Musterladen GmbH', privacyUrl: 'https://musterladen.de/datenschutz', contact: 'datenschutz@musterladen.de' };

if (!api.features.includes('texts')) {
  test(`texts are absent from this build and say so [${entry}]`, () => {
    for (const fn of ['renderText', 'textLanguages', 'waLink', 'templateDefinition', 'templatePayload']) {
      assert.throws(() => api[fn]('checkbox', base), (e) => e.code === 'NOT_IN_THIS_BUILD');
    }
  });
} else {

test(`renderText: the documented shape; version is the SHA-256 of the text [${entry}]`, () => {
  const r = api.renderText('checkbox', { ...base, purpose: 'promo' });
  assert.deepEqual(Object.keys(r).sort(), ['html', 'keywords', 'kind', 'lang', 'link', 'subject', 'text', 'token', 'version']);
  assert.equal(r.lang, 'de');
  assert.equal(r.version, 'sha256:' + createHash('sha256').update(r.text).digest('hex'));
  assert.deepEqual(r.keywords, { confirm: 'JA', stop: 'STOPP', start: 'START', promo: 'PROMO', trans: 'TRANS', all: 'ALLE', help: 'HILFE' });
  assert.match(r.text, /Musterladen GmbH/);
  assert.match(r.text, /WhatsApp/);
  assert.match(r.html, /<a href="https:\/\/musterladen\.de\/datenschutz">/);
});

test('every kind renders in every language', () => {
  const langs = api.textLanguages();
  assert.ok(langs.includes('en') && langs.includes('de'));
  for (const lang of langs) {
    for (const kind of ['checkbox', 'confirmation', 'confirmed', 'optout_footer', 'unsubscribed', 'preferences', 'help', 'privacy_notice', 'invitation_email']) {
      const r = api.renderText(kind, { ...base, lang, purpose: 'trans', businessPhone: '+49 30 1234567', name: 'Ana' });
      assert.ok(r.text.length > 10, `${lang} ${kind}`);
      assert.ok(!/[{}]/.test(r.text), `${lang} ${kind}: ${r.text}`);
    }
  }
});

test('escaping, bundling, misuse', () => {
  const r = api.renderText('checkbox', { ...base, lang: 'en', purpose: 'trans', company: '<img src=x onerror=alert(1)> "Q" & Co' });
  assert.ok(!r.html.includes('<img'));
  assert.ok(r.html.includes('&lt;img src=x onerror=alert(1)&gt; &quot;Q&quot; &amp; Co'));
  assert.throws(() => api.renderText('checkbox', { ...base, purposes: ['promo', 'trans'] }), (e) => e.code === 'BUNDLED_PURPOSES');
  assert.throws(() => api.renderText('confirmation', { lang: 'xx', company: 'A' }), (e) => e.code === 'UNSUPPORTED_LANGUAGE');
  assert.equal(api.renderText('confirmation', { lang: 'xx', company: 'A', fallback: true }).lang, 'en');
  assert.throws(() => api.renderText('banner', base), (e) => e.code === 'INVALID_ARGUMENT');
  assert.throws(() => api.renderText('checkbox', { ...base, purpose: 'promo', privacyUrl: 'javascript:alert(1)' }), (e) => e.code === 'INVALID_ARGUMENT');
  assert.throws(() => api.renderText('checkbox', { ...base, purpose: 'promo', colour: 'red' }), (e) => e.code === 'INVALID_ARGUMENT');
  assert.throws(() => api.renderText('checkbox'), (e) => e.code === 'INVALID_ARGUMENT');
});

test('invitation e-mail: a wa.me link that pre-fills the confirm word and the token', () => {
  const token = api.newToken();
  const r = api.renderText('invitation_email', { ...base, purposes: ['promo'], businessPhone: '+49 30 1234567', name: 'Anna', token });
  assert.equal(r.token, token);
  assert.equal(r.link, `https://wa.me/49301234567?text=${encodeURIComponent(`JA ${token}`)}`);
  assert.match(r.subject, /Musterladen GmbH/);
  assert.ok(r.html.includes(`<a href="${r.link}">`));
  assert.equal(api.waLink('+49 30 1234567', { text: 'JA 1' }), 'https://wa.me/49301234567?text=JA%201');
  if (api.features.includes('replies')) {
    const reply = api.parseReply(decodeURIComponent(r.link.split('text=')[1]), { lang: 'de' });
    assert.equal(reply.intent, 'confirm');
    assert.equal(reply.token, token);
  }
});

if (api.features.includes('replies')) {
  test('Cloud API template definition and send request', () => {
    const def = api.templateDefinition({ ...base, templateName: 'optin_confirmation_de', purposes: ['promo'] });
    assert.equal(def.category, 'UTILITY');
    const [body, footer, buttons] = def.components;
    assert.equal(body.type, 'BODY');
    assert.match(body.text, /^Hallo \{\{1\}\}, /);
    assert.ok(body.text.length <= 1024);
    assert.equal(footer.text, 'Abmelden: STOPP antworten');
    assert.deepEqual(buttons.buttons.map((b) => b.text), ['Ja, bestätigen', 'Stopp']);
    assert.ok(buttons.buttons.every((b) => b.text.length <= 20));
    const token = api.newToken();
    const send = api.templatePayload({ to: '0151 23456789', defaultRegion: 'DE', templateName: 'optin_confirmation_de', lang: 'de', name: 'Anna', token });
    assert.equal(send.to, '4915123456789');
    assert.deepEqual(send.template.components.slice(1).map((c) => c.parameters[0].payload), [`optin:confirm:${token}`, `optin:stop:${token}`]);
    assert.deepEqual(api.decodePayload(send.template.components[1].parameters[0].payload), { intent: 'confirm', token });
    const prefs = api.templatePayload({ kind: 'preferences', to: '+4915123456789', templateName: 'prefs', lang: 'de' });
    assert.equal(prefs.template.components.length, 3);
    assert.throws(() => api.templatePayload({ to: '+4915123456789', templateName: 'x', lang: 'de' }), (e) => e.code === 'INVALID_ARGUMENT');
    // The longest company name allowed still fits Meta's 1,024-character body.
    assert.ok(api.templateDefinition({ ...base, templateName: 'x', company: 'A'.repeat(200) }).components[0].text.length <= 1024);
    assert.throws(() => api.templateDefinition({ ...base, templateName: 'Not Valid' }), (e) => e.code === 'INVALID_ARGUMENT');
  });
}
}
