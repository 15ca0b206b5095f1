// Headless Chromium (Debian's, via playwright-core) over the demo's CSP server, with every page
// watched for CSP violations, console errors, uncaught errors and requests.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { selfSignedCert, startServer } from '../../examples/widget/serve.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = join(root, 'tests/artifacts');
mkdirSync(artifacts, { recursive: true });

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export { selfSignedCert, startServer };

/**
 * A fresh context (empty cache) and page. `watch.violations` is filled by the page itself
 * (securitypolicyviolation listener installed before any page script runs).
 */
export async function openPage(browser, url, { viewport = { width: 820, height: 1000 } } = {}) {
  // The servers use a throwaway self-signed certificate (https: validateConsent refuses http:// forms).
  const context = await browser.newContext({ viewport, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const watch = { consoleErrors: [], pageErrors: [], requests: [] };
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  page.on('console', (m) => { if (m.type() === 'error') watch.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => watch.pageErrors.push(String(e)));
  page.on('request', (r) => watch.requests.push(new URL(r.url()).pathname));
  watch.violations = () => page.evaluate(() => window.__violations);
  await page.goto(url);
  return { context, page, watch };
}

/** Waits for the widget's `ready` promise (wasm loaded, form rendered). */
export function ready(page, selector = 'whatsapp-optin') {
  return page.evaluate(async (sel) => {
    await Promise.all([...document.querySelectorAll(sel)].map((w) => w.ready));
  }, selector);
}

/** Records `consent` and `consent-invalid` events of a widget in window.__events. */
export function recordEvents(page, selector) {
  return page.evaluate((sel) => {
    window.__events = [];
    const w = document.querySelector(sel);
    for (const type of ['consent', 'consent-invalid']) {
      w.addEventListener(type, (e) => window.__events.push({ type, detail: JSON.parse(JSON.stringify(e.detail)) }));
    }
  }, selector);
}

export const events = (page) => page.evaluate(() => window.__events);

/** A snapshot of what the widget shows and how it is wired for assistive technology. */
export function inspect(page, selector) {
  return page.evaluate((sel) => {
    const host = document.querySelector(sel);
    const s = host.shadowRoot;
    const q = (x) => s.querySelector(x);
    const shown = (n) => !!n && !n.hidden && n.getClientRects().length > 0;
    const label = (input) => [...input.labels].map((l) => l.textContent).join('|');
    return {
      countryLabel: label(q('#country')),
      country: q('#country').value,
      countryText: q('#country').selectedOptions[0]?.textContent,
      phoneLabel: label(q('#phone')),
      phone: {
        value: q('#phone').value, type: q('#phone').type, autocomplete: q('#phone').autocomplete,
        invalid: q('#phone').getAttribute('aria-invalid'), describedby: q('#phone').getAttribute('aria-describedby'),
      },
      phoneError: shown(q('#phone-error')) ? q('#phone-error').textContent : null,
      hint: shown(q('#phone-hint')) ? q('#phone-hint').textContent : null,
      nameLabel: label(q('#name')),
      boxes: [...s.querySelectorAll('input[type=checkbox]')].map((b) => ({
        purpose: b.name, checked: b.checked, checkedAttr: b.hasAttribute('checked'), label: label(b),
        invalid: b.getAttribute('aria-invalid'), describedby: b.getAttribute('aria-describedby'),
        links: [...b.labels[0].querySelectorAll('a')].map((a) => a.href),
      })),
      boxesError: shown(q('#boxes-error')) ? q('#boxes-error').textContent : null,
      formError: shown(q('#form-error')) ? q('#form-error').textContent : null,
      submit: q('button[type=submit]').textContent,
      formShown: shown(q('form')),
      thanks: shown(q('.thanks')) ? q('.thanks').textContent : null,
      live: q('[aria-live]').textContent,
      focus: document.activeElement === host ? (s.activeElement?.id || s.activeElement?.tagName.toLowerCase() || null) : null,
    };
  }, selector);
}
