// <whatsapp-optin> in real headless Chromium, served over https under a CSP that forbids inline
// script and inline style. Expected texts, strings and validation come from the Node build of the package
// (a separate wasm build of the same core), hashes from node:crypto.
// Run: node --test tests/browser/   (needs pkg/ built and /usr/bin/chromium)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import * as ref from '../../pkg/node.mjs';
import { artifacts, events, inspect, launch, openPage, ready, recordEvents, root, selfSignedCert, startServer } from './harness.mjs';

const DEMO = {
  company: 'Musterladen GmbH', privacyUrl: 'https://musterladen.de/datenschutz', contact: 'datenschutz@musterladen.de',
};
const sha256 = (text) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;
const checkbox = (lang, purpose, d = DEMO) => ref.renderText('checkbox', { lang, company: d.company, purpose, privacyUrl: d.privacyUrl });

let browser;
let server;
let tls;
before(async () => {
  await ref.init();
  tls = selfSignedCert();
  server = await startServer({ tls });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function demo(t) {
  const opened = await openPage(browser, `${server.url}/examples/widget/`);
  t.after(() => opened.context.close());
  await ready(opened.page);
  await recordEvents(opened.page, '#optin');
  return opened;
}

// Nothing the page did may have broken the policy or thrown.
async function assertClean(watch) {
  assert.deepEqual(await watch.violations(), [], 'CSP violations');
  assert.deepEqual(watch.consoleErrors, [], 'console errors');
  assert.deepEqual(watch.pageErrors, [], 'page errors');
}

const widget = (page, sel = '#optin') => page.locator(sel);

test('the CSP server really forbids inline script and inline style (control for the no-violation checks)', async (t) => {
  const { context, page, watch } = await openPage(browser, `${server.url}/tests/browser/pages/inline.html`);
  t.after(() => context.close());
  assert.equal(await page.evaluate(() => window.inlineRan), undefined);
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).color), 'rgb(255, 0, 0)');
  const violations = await watch.violations();
  assert.deepEqual(violations.map((v) => v.directive).sort(), ['script-src-elem', 'style-src-elem']);
  assert.ok(watch.consoleErrors.some((m) => /Content Security Policy/.test(m)));
});

test('renders under a strict CSP: labelled fields, one unticked box per purpose with its exact text, styles applied', async (t) => {
  const { page, watch } = await demo(t);
  const ui = ref.widgetTexts('de');
  const view = await inspect(page, '#optin');
  assert.equal(view.countryLabel, ui.country_label);
  assert.equal(view.phoneLabel, ui.phone_label);
  assert.equal(view.nameLabel, ui.name_label);
  assert.equal(view.submit, ui.submit);
  assert.equal(view.phone.type, 'tel');
  assert.equal(view.phone.autocomplete, 'tel');
  assert.equal(view.country, 'DE');
  assert.match(view.countryText, /\(\+49\)$/);
  assert.deepEqual(view.boxes.map((b) => b.purpose), ['promo', 'trans']);
  for (const box of view.boxes) {
    assert.equal(box.checked, false, `${box.purpose} starts unticked`);
    assert.equal(box.checkedAttr, false);
    assert.equal(box.label, checkbox('de', box.purpose).text, 'the label shows exactly the rendered text');
    assert.deepEqual(box.links, [DEMO.privacyUrl]);
  }
  assert.equal(view.phoneError, null);
  assert.equal(view.thanks, null);
  // The constructed stylesheet applies under style-src 'self', and the page's custom property and ::part reach in.
  const styles = await page.evaluate(() => {
    const s = document.getElementById('optin').shadowRoot;
    return {
      sheets: s.adoptedStyleSheets.length,
      styleElements: s.querySelectorAll('style').length,
      button: getComputedStyle(s.querySelector('button')).backgroundColor,
      radius: getComputedStyle(s.querySelector('#phone')).borderTopLeftRadius,
      boxWidth: s.querySelector('input[type=checkbox]').getBoundingClientRect().width,
    };
  });
  assert.deepEqual(styles, { sheets: 1, styleElements: 0, button: 'rgb(7, 94, 84)', radius: '8px', boxWidth: styles.boxWidth });
  assert.ok(Math.abs(styles.boxWidth - 1.3 * 16) < 1, `checkbox sized by the widget's stylesheet (${styles.boxWidth}px)`);
  // The demo preloads the wasm; init() must use that response, not fetch it a second time.
  assert.deepEqual(watch.requests.filter((p) => p.endsWith('.wasm') || p.endsWith('/inline.mjs')), ['/pkg/wasm/whatsapp_consent_bg.wasm']);
  await assertClean(watch);
});

test('a German mobile number in national format with one box ticked fires consent with the complete submission', async (t) => {
  const { page, watch } = await demo(t);
  const w = widget(page);
  await w.locator('#phone').fill('0151 23456789');
  await w.locator('#name').fill('Erika Mustermann');
  await w.locator('#purpose-promo').check();
  assert.equal((await inspect(page, '#optin')).hint, ref.normalizePhone('+4915123456789').international);
  await page.screenshot({ path: join(artifacts, 'widget.png'), fullPage: true });

  const t0 = Date.now();
  await w.locator('button[type=submit]').click();
  const t1 = Date.now();
  const got = await events(page);
  assert.deepEqual(got.map((e) => e.type), ['consent']);
  const { submission, validation } = got[0].detail;

  const pageUrl = page.url();
  const { collectedAt } = submission;
  assert.match(collectedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.ok(Date.parse(collectedAt) >= t0 - 1000 && Date.parse(collectedAt) <= t1 + 1000);
  const promo = checkbox('de', 'promo');
  const trans = checkbox('de', 'trans');
  assert.deepEqual(submission, {
    phone: '0151 23456789',
    name: 'Erika Mustermann',
    lang: 'de',
    country: 'DE',
    controller: { name: DEMO.company, contact: DEMO.contact },
    privacyPolicyUrl: DEMO.privacyUrl,
    checkboxes: [
      { purpose: 'promo', checked: true, preChecked: false, text: promo.text, textVersion: promo.version },
      { purpose: 'trans', checked: false, preChecked: false, text: trans.text, textVersion: trans.version },
    ],
    source: { method: 'web_form', url: pageUrl },
    collectedAt,
  });
  for (const c of submission.checkboxes) assert.equal(c.textVersion, sha256(c.text));
  assert.equal(validation.valid, true, JSON.stringify(validation.violations));
  assert.equal(validation.e164, '+4915123456789');
  assert.equal(validation.jurisdiction, 'DE');
  // The browser's verdict is the engine's: the same submission checked in Node at the same instant.
  assert.deepEqual(validation, ref.validateConsent(submission, { now: collectedAt }));

  const view = await inspect(page, '#optin');
  assert.equal(view.formShown, false);
  assert.equal(view.thanks, ref.widgetTexts('de').thanks);
  assert.equal(view.focus, 'thanks', 'focus moves to the thank-you message');
  // The demo's own listener saw the same event.
  assert.match(await page.locator('#log').textContent(), /^consent\n/);
  await assertClean(watch);
});

test('an invalid number blocks submission and is announced; errors follow the typing once shown', async (t) => {
  const { page, watch } = await demo(t);
  const ui = ref.widgetTexts('de');
  const w = widget(page);
  await w.locator('#purpose-trans').check();

  await w.locator('button[type=submit]').click();
  let view = await inspect(page, '#optin');
  assert.equal(view.phoneError, ui.required, 'empty number');

  await w.locator('#phone').fill('0151 1');
  await w.locator('button[type=submit]').click();
  view = await inspect(page, '#optin');
  assert.equal(view.phoneError, ui.invalid_phone);
  assert.equal(view.phone.invalid, 'true');
  assert.ok(view.phone.describedby.split(' ').includes('phone-error'));
  assert.equal(view.focus, 'phone', 'focus moves to the field to fix');
  assert.equal(view.formShown, true);
  await page.waitForFunction((msg) => document.getElementById('optin').shadowRoot.querySelector('[aria-live]').textContent.includes(msg), ui.invalid_phone);
  let got = await events(page);
  assert.deepEqual(got.map((e) => e.type), ['consent-invalid', 'consent-invalid'], 'no consent event');
  assert.equal(got[1].detail.validation.valid, false);
  assert.ok(got[1].detail.validation.violations.some((v) => v.code === 'PHONE_INVALID'), JSON.stringify(got[1].detail.validation.violations));

  // A landline is valid but not WhatsApp-reachable.
  await w.locator('#phone').fill('030 1234567');
  view = await inspect(page, '#optin');
  assert.equal(view.phoneError, ui.not_mobile);
  assert.equal(ref.normalizePhone('030 1234567', { defaultRegion: 'DE' }).type, 'FIXED_LINE');
  await w.locator('button[type=submit]').click();
  got = await events(page);
  assert.equal(got.length, 3);
  assert.equal(got[2].type, 'consent-invalid');
  assert.ok(got[2].detail.validation.violations.some((v) => v.code === 'PHONE_NOT_MOBILE'));
  await page.screenshot({ path: join(artifacts, 'widget-error.png'), fullPage: true });

  // Fixing the number clears the error while typing.
  await w.locator('#phone').fill('0151 23456789');
  view = await inspect(page, '#optin');
  assert.equal(view.phoneError, null);
  assert.equal(view.phone.invalid, null);
  assert.equal(view.hint, '+49 1512 3456789');

  // No box ticked: choose_one, announced on the boxes.
  await w.locator('#purpose-trans').uncheck();
  await w.locator('button[type=submit]').click();
  view = await inspect(page, '#optin');
  assert.equal(view.boxesError, ui.choose_one);
  assert.deepEqual(view.boxes.map((b) => [b.invalid, b.describedby]), [['true', 'boxes-error'], ['true', 'boxes-error']]);
  assert.equal(view.focus, 'purpose-promo');
  got = await events(page);
  assert.equal(got.length, 4);
  assert.equal(got[3].type, 'consent-invalid');
  assert.ok(got[3].detail.validation.violations.some((v) => v.code === 'NO_AFFIRMATIVE_ACTION'), JSON.stringify(got[3].detail.validation.violations));
  await w.locator('#purpose-promo').check();
  assert.equal((await inspect(page, '#optin')).boxesError, null, 'ticking a box clears the error');
  await assertClean(watch);
});

test('switching lang re-renders labels, texts and country names; ticks are dropped because the words changed', async (t) => {
  const { page, watch } = await demo(t);
  const w = widget(page);
  await w.locator('#phone').fill('0151 23456789');
  await w.locator('#purpose-promo').check();
  await page.selectOption('#lang', 'fr'); // the demo's switcher sets the lang attribute

  const ui = ref.widgetTexts('fr');
  let view = await inspect(page, '#optin');
  assert.equal(view.phoneLabel, ui.phone_label);
  assert.equal(view.countryLabel, ui.country_label);
  assert.equal(view.submit, ui.submit);
  assert.deepEqual(view.boxes.map((b) => b.label), [checkbox('fr', 'promo').text, checkbox('fr', 'trans').text]);
  assert.notEqual(view.boxes[0].label, checkbox('de', 'promo').text);
  assert.deepEqual(view.boxes.map((b) => b.checked), [false, false]);
  assert.equal(view.phone.value, '0151 23456789', 'typed data survives');
  assert.equal(view.country, 'DE');
  assert.equal(view.countryText, `${new Intl.DisplayNames('fr', { type: 'region' }).of('DE')} (+49)`);

  await w.locator('#purpose-trans').check();
  await w.locator('button[type=submit]').click();
  const [consent] = await events(page);
  assert.equal(consent.type, 'consent');
  assert.equal(consent.detail.submission.lang, 'fr');
  assert.deepEqual(consent.detail.submission.checkboxes.map((c) => [c.purpose, c.checked, c.textVersion]),
    [['promo', false, checkbox('fr', 'promo').version], ['trans', true, checkbox('fr', 'trans').version]]);
  assert.equal(consent.detail.validation.valid, true, JSON.stringify(consent.detail.validation.violations));

  // reset() shows an empty form again, in the current language.
  await page.evaluate(() => document.getElementById('optin').reset());
  view = await inspect(page, '#optin');
  assert.equal(view.formShown, true);
  assert.equal(view.phone.value, '');
  assert.deepEqual(view.boxes.map((b) => b.checked), [false, false]);
  assert.equal(view.thanks, null);

  // Right-to-left Arabic.
  await page.selectOption('#lang', 'ar');
  view = await inspect(page, '#optin');
  assert.equal(view.phoneLabel, ref.widgetTexts('ar').phone_label);
  assert.equal(view.boxes[0].label, checkbox('ar', 'promo').text);
  await page.screenshot({ path: join(artifacts, 'widget-ar.png'), fullPage: true });
  await assertClean(watch);
});

test('a number typed with +44 picks its country; value and validation getters follow the form', async (t) => {
  const { page, watch } = await demo(t);
  const w = widget(page);
  await w.locator('#phone').fill('+44 7400 123456');
  await w.locator('#purpose-promo').check();
  const { value, validation } = await page.evaluate(() => {
    const el = document.getElementById('optin');
    return { value: el.value, validation: el.validation };
  });
  assert.equal(value.country, 'GB');
  assert.equal(value.phone, '+44 7400 123456');
  assert.equal(validation.valid, true, JSON.stringify(validation.violations));
  assert.equal(validation.e164, '+447400123456');
  assert.deepEqual(await events(page), [], 'getters fire no events');
  await assertClean(watch);
});

test('keyboard only: Tab through the fields, Space ticks, Enter submits', async (t) => {
  const { page, watch } = await demo(t);
  const focus = async () => (await inspect(page, '#optin')).focus;
  await page.focus('#lang');
  await page.keyboard.press('Tab');
  assert.equal(await focus(), 'country');
  await page.keyboard.press('Tab');
  assert.equal(await focus(), 'phone');
  await page.keyboard.type('015123456789');
  await page.keyboard.press('Tab');
  assert.equal(await focus(), 'name');
  await page.keyboard.press('Tab');
  assert.equal(await focus(), 'purpose-promo');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  assert.equal(await focus(), 'a', 'the privacy link of the first box');
  await page.keyboard.press('Tab');
  assert.equal(await focus(), 'purpose-trans');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await focus(), 'button');
  let view = await inspect(page, '#optin');
  assert.deepEqual(view.boxes.map((b) => b.checked), [true, false]);
  await page.keyboard.press('Enter');
  let got = await events(page);
  assert.deepEqual(got.map((e) => e.type), ['consent']);
  assert.equal(got[0].detail.submission.phone, '015123456789');
  assert.equal(got[0].detail.validation.e164, '+4915123456789');
  assert.equal(await focus(), 'thanks');

  // Enter in the phone field submits the form too (implicit submission).
  await page.evaluate(() => { document.getElementById('optin').reset(); window.__events.length = 0; });
  await widget(page).locator('#purpose-trans').focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focus(), 'phone');
  await page.keyboard.type('0151 23456789');
  await page.keyboard.press('Enter');
  got = await events(page);
  assert.deepEqual(got.map((e) => e.type), ['consent']);
  assert.deepEqual(got[0].detail.submission.checkboxes.map((c) => c.checked), [false, true]);
  view = await inspect(page, '#optin');
  assert.equal(view.formShown, false);
  await assertClean(watch);
});

test('two widgets on one page: the wasm is fetched once, each form is independent', async (t) => {
  const { context, page, watch } = await openPage(browser, `${server.url}/tests/browser/pages/two.html`);
  t.after(() => context.close());
  await ready(page);
  const wasm = watch.requests.filter((p) => p.endsWith('.wasm'));
  assert.deepEqual(wasm, ['/pkg/wasm/whatsapp_consent_bg.wasm']);
  assert.equal(watch.requests.filter((p) => p.endsWith('/inline.mjs')).length, 0, 'no base64 fallback');

  const a = await inspect(page, '#a');
  const b = await inspect(page, '#b');
  assert.deepEqual(a.boxes.map((x) => x.purpose), ['promo']);
  assert.deepEqual(b.boxes.map((x) => x.purpose), ['trans', 'promo']);
  const pl = { company: 'Sklep Sp. z o.o.', privacyUrl: 'https://sklep.pl/prywatnosc' };
  assert.equal(b.boxes[0].label, checkbox('pl', 'trans', pl).text);
  assert.equal(b.phoneLabel, ref.widgetTexts('pl').phone_label);
  assert.equal(b.country, 'PL', 'default region from the language');
  assert.equal(a.country, 'DE');

  await widget(page, '#a').locator('#phone').fill('0151 23456789');
  assert.equal((await inspect(page, '#b')).phone.value, '');
  await assertClean(watch);
});

test('a misconfigured widget says why and cannot be submitted', async (t) => {
  const { page } = await demo(t);
  const w = widget(page);
  await page.evaluate(() => document.getElementById('optin').setAttribute('privacy-url', 'http://musterladen.de/datenschutz'));
  await w.locator('#phone').fill('0151 23456789');
  await w.locator('#purpose-promo').check();
  await w.locator('button[type=submit]').click();
  let got = await events(page);
  assert.deepEqual(got.map((e) => e.type), ['consent-invalid']);
  assert.ok(got[0].detail.validation.violations.some((v) => v.code === 'INSECURE_URL'), JSON.stringify(got[0].detail.validation.violations));
  assert.match((await inspect(page, '#optin')).formError, /INSECURE_URL/);

  await page.evaluate(() => document.getElementById('optin').removeAttribute('company'));
  const view = await inspect(page, '#optin');
  assert.match(view.formError, /company/);
  assert.deepEqual(view.boxes, [], 'no consent box without a controller');
  await w.locator('button[type=submit]').click();
  got = await events(page);
  assert.deepEqual(got.map((e) => e.type), ['consent-invalid', 'consent-invalid']);
});

// A bundler project: node_modules/whatsapp-consent is the built pkg/ (as npm would install it),
// the .wasm copied next to the bundle as the README says for esbuild.
async function esbuildPage(t, entry) {
  const dir = mkdtempSync(join(tmpdir(), 'wac-widget-esbuild-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'pkg'), join(dir, 'node_modules/whatsapp-consent'), 'dir');
  writeFileSync(join(dir, 'app.mjs'), entry);
  writeFileSync(join(dir, 'index.html'), `<!doctype html><html lang="de"><meta charset="utf-8"><title>esbuild</title>
<script type="module" src="./dist/app.js"></script>
<whatsapp-optin company="Musterladen GmbH" privacy-url="https://musterladen.de/datenschutz" contact="datenschutz@musterladen.de"></whatsapp-optin>`);
  const result = await build({ entryPoints: [join(dir, 'app.mjs')], bundle: true, format: 'esm', platform: 'browser', splitting: true, outdir: join(dir, 'dist'), logLevel: 'silent', minify: true });
  copyFileSync(join(root, 'pkg/wasm/whatsapp_consent_bg.wasm'), join(dir, 'dist/whatsapp_consent_bg.wasm'));
  const local = await startServer({ root: dir, allow: null, tls });
  t.after(() => local.close());
  const opened = await openPage(browser, `${local.url}/`);
  t.after(() => opened.context.close());
  return { ...opened, warnings: result.warnings.map((w) => w.text) };
}

test('esbuild bundle: import { define } from "whatsapp-consent/widget"', async (t) => {
  const { page, watch } = await esbuildPage(t, "import { define } from 'whatsapp-consent/widget';\ndefine();\n");
  await page.waitForFunction(() => customElements.get('whatsapp-optin'), null, { timeout: 10000 });
  await ready(page);
  const view = await inspect(page, 'whatsapp-optin');
  assert.deepEqual(view.boxes.map((b) => [b.purpose, b.checked, b.label]), [['promo', false, checkbox('de', 'promo').text]]);
  assert.equal(watch.requests.filter((p) => p.endsWith('.wasm')).length, 1);
  await assertClean(watch);
});

test('esbuild bundle: a bare import "whatsapp-consent/widget" defines the element', async (t) => {
  const { page, watch, warnings } = await esbuildPage(t, "import 'whatsapp-consent/widget';\n");
  // Fails while pkg/package.json says "sideEffects": false: esbuild then drops the import.
  assert.deepEqual(warnings.filter((w) => /side effects/.test(w)), []);
  await page.waitForFunction(() => customElements.get('whatsapp-optin'), null, { timeout: 10000 });
  await ready(page);
  assert.equal((await inspect(page, 'whatsapp-optin')).boxes.length, 1);
  await assertClean(watch);
});
