// <whatsapp-optin>: a GDPR opt-in form for WhatsApp messages, as a custom element.
//
//   import 'whatsapp-consent/widget';          // in a module script or bundle; defines the element
//   <whatsapp-optin lang="de" company="Musterladen GmbH" privacy-url="https://musterladen.de/datenschutz"
//                   contact="datenschutz@musterladen.de" purposes="promo trans" default-region="DE"></whatsapp-optin>
//
// Attributes (all observed; a change re-renders):
//   lang            language of the texts (ISO 639-1, `de-AT` accepted); default: the nearest [lang]
//                   ancestor, then navigator.language. Languages without texts fall back to English.
//   company         the controller's name (required)
//   privacy-url     the privacy policy (required; https)
//   contact         e-mail or URL for privacy questions (required by validateConsent)
//   purposes        space-separated: `promo` (offers and news), `trans` (order updates); default `promo`.
//                   One unticked box per purpose (GDPR Recital 43, CJEU Planet49).
//   default-region  ISO 3166-1 alpha-2 the country choice starts at; default: the language's region.
//
// Events (bubbling, composed):
//   consent          detail { submission, validation }: the complete ConsentSubmission and its
//                    validateConsent() result, fired only when the form is valid. Cancelable:
//                    preventDefault() keeps the form (no thank-you message).
//   consent-invalid  detail { submission, validation }: a blocked submit attempt (an empty, invalid
//                    or non-mobile number, no box ticked, or an error of validateConsent).
//
// Members: ready (Promise: wasm loaded and form rendered), value (the submission the form would
// send now, or null), validation (its validateConsent result, or null), reset().
// Exports: WhatsAppOptin, define(tag?) (for bundlers that drop side-effect-only imports).
//
// The wasm is loaded once, by the first widget connected, with init() of ./web.mjs: the .wasm
// next to it. To serve it from elsewhere, call init(url) of 'whatsapp-consent' before that.
//
// CSS custom properties: --wa-optin-font, --wa-optin-color, --wa-optin-max-width, --wa-optin-gap,
// --wa-optin-accent, --wa-optin-accent-text, --wa-optin-link, --wa-optin-error, --wa-optin-muted,
// --wa-optin-border, --wa-optin-radius, --wa-optin-field-bg, --wa-optin-field-color, --wa-optin-focus.
// Parts: form, row, field, label, input, select, hint, error, purposes, purpose, checkbox,
// consent-text, link, button, thanks.
//
// CSP: no inline script, no eval; styles are a constructed stylesheet (adoptedStyleSheets), which
// `style-src 'self'` allows. The wasm needs `script-src 'wasm-unsafe-eval'`. Browsers without
// adoptedStyleSheets get a <style> element, which needs `style-src 'unsafe-inline'`.
import * as wc from './web.mjs';

const PURPOSES = ['promo', 'trans'];
// Numbers a WhatsApp account can be on. Stricter than validateConsent, which only warns
// (PHONE_NOT_MOBILE) about landlines: a form should ask for the mobile number right away.
const MOBILE_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE', 'VOIP']);
// Only for builds older than widgetTexts(); current builds carry the strings of every language.
const ENGLISH = {
  phone_label: 'Mobile number', country_label: 'Country', name_label: 'Name (optional)',
  submit: 'Sign up', invalid_phone: 'Please enter a valid phone number.',
  not_mobile: 'This is not a mobile number. WhatsApp needs a mobile number.',
  choose_one: 'Please tick at least one box.', thanks: 'Thank you! Please confirm in the WhatsApp message we are sending you now.',
  required: 'Please fill in this field.',
};

const CSS = `
:host { display: block; max-width: var(--wa-optin-max-width, 34rem); font: var(--wa-optin-font, inherit); color: var(--wa-optin-color, inherit); }
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
form { display: grid; gap: var(--wa-optin-gap, 1rem); margin: 0; }
[hidden] { display: none !important; }
.row { display: flex; flex-wrap: wrap; gap: .75rem; }
.field { display: flex; flex-direction: column; gap: .35rem; min-width: 0; }
.country { flex: 1 1 10rem; }
.number { flex: 2 1 14rem; }
label { font-weight: 600; }
input:not([type=checkbox]), select {
  font: inherit; width: 100%; min-height: 2.75rem; padding: .5rem .7rem;
  color: var(--wa-optin-field-color, FieldText); background: var(--wa-optin-field-bg, Field);
  border: 1px solid var(--wa-optin-border, #767b84); border-radius: var(--wa-optin-radius, .4rem);
}
:focus-visible { outline: 3px solid var(--wa-optin-focus, #1a73e8); outline-offset: 2px; }
[aria-invalid="true"]:not([type=checkbox]) { border-color: var(--wa-optin-error, #b3261e); border-width: 2px; }
.hint, .error { margin: 0; font-size: .9em; }
.hint { color: var(--wa-optin-muted, #5f6368); }
.error { color: var(--wa-optin-error, #b3261e); font-weight: 600; }
.purposes { display: grid; gap: .75rem; }
.purpose { display: grid; grid-template-columns: auto 1fr; gap: .65rem; align-items: start; }
.purpose input { width: 1.3rem; height: 1.3rem; margin: .1rem 0 0; accent-color: var(--wa-optin-accent, #0b6e64); }
.purpose label { font-weight: normal; line-height: 1.45; }
a { color: var(--wa-optin-link, var(--wa-optin-accent, #0b6e64)); overflow-wrap: anywhere; }
button {
  justify-self: start; font: inherit; font-weight: 600; min-height: 2.75rem; padding: .6rem 1.4rem; cursor: pointer;
  color: var(--wa-optin-accent-text, #fff); background: var(--wa-optin-accent, #0b6e64);
  border: 0; border-radius: var(--wa-optin-radius, .4rem);
}
button:hover { filter: brightness(1.12); }
.thanks { margin: 0; padding: 1rem; border-inline-start: 4px solid var(--wa-optin-accent, #0b6e64); font-weight: 600; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

let sheet;
function styleFor(root) {
  if (typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype && 'adoptedStyleSheets' in root) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [sheet];
  } else {
    root.append(el('style', {}, CSS));
  }
}

// One wasm instance for the page, loaded on the first widget's connectedCallback.
let loading;
function loadOnce() {
  if (!loading) {
    loading = wc.init();
    loading.catch(() => { loading = undefined; });
  }
  return loading;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  node.append(...children);
  return node;
}

function uiTexts(lang) {
  try {
    return typeof wc.widgetTexts === 'function' ? wc.widgetTexts(lang) : ENGLISH;
  } catch (err) {
    if (err.code === 'NOT_IN_THIS_BUILD') return ENGLISH;
    throw err;
  }
}

// Text nodes plus an <a> for the privacy URL the text ends with: the words shown stay exactly
// the `text` whose hash is the textVersion.
function consentText(text, url) {
  // Only web links: a javascript: URL from a CMS field must not become clickable.
  const at = /^https?:\/\//i.test(url) ? text.lastIndexOf(url) : -1;
  if (at < 0) return [text];
  const link = el('a', { href: url, part: 'link', target: '_blank', rel: 'noopener noreferrer' }, url);
  return [text.slice(0, at), link, text.slice(at + url.length)];
}

const Base = globalThis.HTMLElement ?? class {};

export class WhatsAppOptin extends Base {
  static observedAttributes = ['lang', 'company', 'privacy-url', 'purposes', 'default-region', 'contact'];

  #root;
  #state = 'idle'; // idle → loading → ready | failed
  #ready;
  #settle;
  #e = {};
  #boxes = []; // { purpose, input, text, version }
  #t = ENGLISH;
  #lang = 'en';
  #configError = null;
  #countryTouched = false;
  #phoneLive = false; // errors follow typing once the field was left or submitted

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    styleFor(this.#root);
    this.#ready = new Promise((resolve, reject) => { this.#settle = { resolve, reject }; });
    this.#ready.catch(() => {});
  }

  /** Resolves once the wasm is loaded and the form is rendered. */
  get ready() { return this.#ready; }

  connectedCallback() {
    if (this.#state !== 'idle') return;
    this.#state = 'loading';
    loadOnce().then(() => {
      this.#build();
      this.#state = 'ready';
      this.#render();
      this.#settle.resolve(this);
    }, (err) => {
      this.#state = 'failed';
      this.#root.append(el('p', { class: 'error', part: 'error', role: 'alert' }, `whatsapp-optin: ${err.message}`));
      this.#settle.reject(err);
    });
  }

  attributeChangedCallback(name, before, after) {
    if (this.#state === 'ready' && before !== after) this.#render();
  }

  /** The submission the form would send now (collectedAt = now), or null before the wasm is loaded. */
  get value() {
    return this.#state === 'ready' ? this.#submission() : null;
  }

  /** validateConsent() of `value`, or null. */
  get validation() {
    const s = this.value;
    return s && this.#validate(s);
  }

  /** Empties the form (boxes unticked) and shows it again after a thank-you. */
  reset() {
    if (this.#state !== 'ready') return;
    const { form, phone, name, thanks } = this.#e;
    form.reset();
    phone.value = '';
    name.value = '';
    for (const b of this.#boxes) b.input.checked = false;
    this.#countryTouched = false;
    this.#phoneLive = false;
    this.#setError('phone', null);
    this.#setError('boxes', null);
    this.#setError('form', this.#configError);
    this.#e.hint.hidden = true;
    this.#e.live.textContent = '';
    thanks.hidden = true;
    form.hidden = false;
    this.#render();
  }

  #build() {
    const e = this.#e;
    e.countryLabel = el('label', { for: 'country', part: 'label' });
    e.country = el('select', { id: 'country', name: 'country', part: 'select' });
    e.phoneLabel = el('label', { for: 'phone', part: 'label' });
    e.phone = el('input', {
      // Numbers read left to right in right-to-left languages too.
      id: 'phone', name: 'phone', type: 'tel', autocomplete: 'tel', inputmode: 'tel', required: true, dir: 'ltr',
      maxlength: '64', spellcheck: 'false', 'aria-describedby': 'phone-error phone-hint', part: 'input',
    });
    e.hint = el('p', { id: 'phone-hint', class: 'hint', part: 'hint', dir: 'ltr', hidden: true });
    e.phoneError = el('p', { id: 'phone-error', class: 'error', part: 'error', hidden: true });
    e.nameLabel = el('label', { for: 'name', part: 'label' });
    e.name = el('input', { id: 'name', name: 'name', type: 'text', autocomplete: 'name', maxlength: '200', part: 'input' });
    e.purposes = el('div', { class: 'purposes', role: 'group', part: 'purposes', 'aria-describedby': 'boxes-error' });
    e.boxesError = el('p', { id: 'boxes-error', class: 'error', part: 'error', hidden: true });
    e.formError = el('p', { id: 'form-error', class: 'error', part: 'error', hidden: true });
    e.submit = el('button', { type: 'submit', part: 'button' });
    e.live = el('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    e.form = el('form', { part: 'form', novalidate: true },
      el('div', { class: 'row', part: 'row' },
        el('div', { class: 'field country', part: 'field' }, e.countryLabel, e.country),
        el('div', { class: 'field number', part: 'field' }, e.phoneLabel, e.phone, e.phoneError, e.hint)),
      el('div', { class: 'field', part: 'field' }, e.nameLabel, e.name),
      e.purposes, e.boxesError, e.formError, e.submit);
    e.thanks = el('p', { id: 'thanks', class: 'thanks', part: 'thanks', tabindex: '-1', hidden: true });
    this.#root.append(e.form, e.thanks, e.live);

    e.country.addEventListener('change', () => {
      this.#countryTouched = true;
      if (this.#phoneLive || e.phone.value.trim()) this.#checkPhone(this.#phoneLive);
    });
    e.phone.addEventListener('input', () => this.#checkPhone(this.#phoneLive, true));
    e.phone.addEventListener('change', () => {
      this.#phoneLive = e.phone.value.trim() !== '';
      this.#checkPhone(this.#phoneLive);
    });
    e.purposes.addEventListener('change', () => {
      if (!e.boxesError.hidden) this.#checkBoxes(true);
    });
    e.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
  }

  #requestedLang() {
    const own = this.getAttribute('lang');
    if (own) return own.trim();
    const up = this.parentElement?.closest('[lang]')?.getAttribute('lang');
    return (up || globalThis.navigator?.language || 'en').trim();
  }

  #defaultRegion(requested) {
    const regions = this.#e.country;
    const has = (r) => r && [...regions.options].some((o) => o.value === r);
    const attr = this.getAttribute('default-region')?.trim().toUpperCase();
    if (has(attr)) return attr;
    try {
      const locale = new Intl.Locale(requested.replace('_', '-'));
      if (has(locale.region)) return locale.region;
      const guessed = locale.maximize().region;
      if (has(guessed)) return guessed;
    } catch { /* not a BCP 47 tag */ }
    return regions.options[0]?.value ?? '';
  }

  #render() {
    const e = this.#e;
    const requested = this.#requestedLang();
    const company = this.getAttribute('company')?.trim() ?? '';
    const privacyUrl = this.getAttribute('privacy-url')?.trim() ?? '';
    const wanted = (this.getAttribute('purposes') ?? 'promo').toLowerCase().split(/\s+/).filter(Boolean);
    const purposes = [...new Set(wanted)];

    this.#configError = null;
    let rendered = [];
    try {
      const unknown = purposes.filter((p) => !PURPOSES.includes(p));
      if (unknown.length) throw new Error(`unknown purpose "${unknown[0]}" (purposes: ${PURPOSES.join(', ')})`);
      if (!purposes.length) throw new Error('purposes is empty');
      rendered = purposes.map((purpose) => ({ purpose, ...wc.renderText('checkbox', { lang: requested, fallback: true, company, purpose, privacyUrl }) }));
    } catch (err) {
      this.#configError = `whatsapp-optin: ${err.message}`;
      console.error(this.#configError);
    }
    this.#lang = rendered[0]?.lang ?? (requested.slice(0, 2).toLowerCase() || 'en');
    const t = (this.#t = uiTexts(this.#lang));
    e.form.lang = this.#lang;
    e.thanks.lang = this.#lang;

    e.countryLabel.textContent = t.country_label;
    e.phoneLabel.textContent = t.phone_label;
    e.nameLabel.textContent = t.name_label;
    e.submit.textContent = t.submit;
    e.thanks.textContent = t.thanks;
    this.#renderCountries();
    if (!this.#countryTouched) e.country.value = this.#defaultRegion(requested);

    // A box keeps its tick only while its words stay the same: consent is to the text shown.
    const before = new Map(this.#boxes.map((b) => [b.purpose, b]));
    this.#boxes = rendered.map(({ purpose, text, version }) => {
      const old = before.get(purpose);
      const input = el('input', { type: 'checkbox', id: `purpose-${purpose}`, name: purpose, autocomplete: 'off', part: 'checkbox' });
      input.checked = !!old && old.version === version && old.input.checked;
      const label = el('label', { for: input.id, part: 'consent-text' }, ...consentText(text, privacyUrl));
      return { purpose, input, label, text, version };
    });
    e.purposes.replaceChildren(...this.#boxes.map((b) => el('div', { class: 'purpose', part: 'purpose' }, b.input, b.label)));
    this.#setError('form', this.#configError);
    if (!e.phoneError.hidden || !e.hint.hidden) this.#checkPhone(!e.phoneError.hidden);
    if (!e.boxesError.hidden) this.#checkBoxes(true);
  }

  #renderCountries() {
    const select = this.#e.country;
    if (select.dataset.lang === this.#lang) return;
    const selected = select.value;
    let names;
    try { names = new Intl.DisplayNames([this.#lang, 'en'], { type: 'region' }); } catch { names = null; }
    const name = (r) => { try { return names?.of(r) ?? r; } catch { return r; } };
    const collator = new Intl.Collator(this.#lang);
    const options = wc.supportedRegions()
      .map((r) => ({ r, label: `${name(r)} (+${wc.countryCodeForRegion(r)})` }))
      .sort((a, b) => collator.compare(a.label, b.label))
      .map(({ r, label }) => el('option', { value: r }, label));
    select.replaceChildren(...options);
    if (selected) select.value = selected;
    select.dataset.lang = this.#lang;
  }

  // Returns the error text (or null) and, when `show`, displays it; the hint shows the number
  // as WhatsApp will see it. `typing` lets a number typed with + pick its country.
  #checkPhone(show, typing = false) {
    const { phone, country, hint } = this.#e;
    const typed = phone.value.trim();
    let message = null;
    let result = null;
    if (!typed) {
      message = this.#t.required;
    } else {
      try {
        result = wc.normalizePhone(typed, { defaultRegion: country.value || undefined });
      } catch {
        result = null;
      }
      if (!result?.valid) message = this.#t.invalid_phone;
      else if (!MOBILE_TYPES.has(result.type)) message = this.#t.not_mobile;
    }
    if (typing && result?.valid && /^(\+|00)/.test(typed) && result.region !== country.value
      && [...country.options].some((o) => o.value === result.region)) {
      country.value = result.region;
      this.#countryTouched = true;
    }
    hint.hidden = !(result?.valid && !message);
    hint.textContent = hint.hidden ? '' : result.international;
    if (show) this.#setError('phone', message);
    else if (!message) this.#setError('phone', null);
    return message;
  }

  #checkBoxes(show) {
    const message = this.#boxes.some((b) => b.input.checked) ? null : this.#t.choose_one;
    if (show) this.#setError('boxes', message);
    return message;
  }

  #setError(which, message) {
    const e = this.#e;
    const [box, controls] = which === 'phone' ? [e.phoneError, [e.phone]]
      : which === 'boxes' ? [e.boxesError, this.#boxes.map((b) => b.input)]
        : [e.formError, []];
    box.textContent = message ?? '';
    box.hidden = !message;
    for (const c of controls) {
      if (message) c.setAttribute('aria-invalid', 'true');
      else c.removeAttribute('aria-invalid');
      if (which === 'boxes') c.setAttribute('aria-describedby', 'boxes-error');
    }
  }

  #announce(message) {
    const live = this.#e.live;
    live.textContent = '';
    // A separate task, so a repeated message is announced again.
    setTimeout(() => { live.textContent = message; }, 50);
  }

  #submission() {
    const name = this.#e.name.value.trim();
    const submission = {
      phone: this.#e.phone.value,
      ...(name ? { name } : {}),
      lang: this.#lang,
      country: this.#e.country.value,
      controller: { name: this.getAttribute('company')?.trim() ?? '', contact: this.getAttribute('contact')?.trim() ?? '' },
      privacyPolicyUrl: this.getAttribute('privacy-url')?.trim() ?? '',
      checkboxes: this.#boxes.map((b) => ({
        purpose: b.purpose,
        checked: b.input.checked,
        preChecked: false, // the widget never ticks a box itself
        text: b.text,
        textVersion: b.version,
      })),
      source: { method: 'web_form', url: globalThis.location?.href },
      collectedAt: new Date().toISOString(),
    };
    return submission;
  }

  #validate(submission) {
    if (typeof wc.validateConsent !== 'function') {
      throw new wc.WhatsAppConsentError('NOT_IN_THIS_BUILD', 'validateConsent() is missing from this build of whatsapp-consent; the widget needs it');
    }
    return wc.validateConsent(submission);
  }

  #submit() {
    const e = this.#e;
    this.#phoneLive = true;
    const phoneError = this.#checkPhone(true);
    const boxesError = this.#checkBoxes(true);
    const submission = this.#submission();
    let validation = null;
    let formError = this.#configError;
    try {
      validation = this.#validate(submission);
    } catch (err) {
      formError = `whatsapp-optin: ${err.message}`;
    }
    // The engine's verdict on what the fields did not catch (an http privacy URL, no contact …)
    // is the site's problem, not the visitor's: shown in English with the rule's own message.
    const errors = validation?.violations.filter((v) => v.severity === 'error') ?? [];
    const forPhone = (v) => v.code.startsWith('PHONE_') || (v.field ?? '').startsWith('phone');
    const forBoxes = (v) => v.code === 'NO_AFFIRMATIVE_ACTION';
    let phoneMsg = phoneError;
    const phoneViolation = errors.find(forPhone);
    if (!phoneMsg && phoneViolation) phoneMsg = phoneViolation.code === 'PHONE_NOT_MOBILE' ? this.#t.not_mobile : this.#t.invalid_phone;
    const boxesMsg = boxesError ?? (errors.some(forBoxes) ? this.#t.choose_one : null);
    const other = errors.filter((v) => !forPhone(v) && !forBoxes(v));
    if (!formError && other.length) {
      formError = `whatsapp-optin: ${other.map((v) => `${v.code}: ${v.message}`).join('; ')}`;
    }
    this.#setError('phone', phoneMsg);
    this.#setError('boxes', boxesMsg);
    this.#setError('form', formError);

    const detail = { submission, validation };
    if (phoneMsg || boxesMsg || formError || !validation?.valid) {
      if (formError && formError !== this.#configError) console.error(formError);
      this.#announce([phoneMsg, boxesMsg, formError].filter(Boolean).join(' '));
      (phoneMsg ? e.phone : boxesMsg ? this.#boxes[0]?.input : e.submit)?.focus();
      this.dispatchEvent(new CustomEvent('consent-invalid', { detail, bubbles: true, composed: true }));
      return;
    }
    const accepted = this.dispatchEvent(new CustomEvent('consent', { detail, bubbles: true, composed: true, cancelable: true }));
    if (!accepted) return;
    e.form.hidden = true;
    e.thanks.hidden = false;
    e.thanks.focus();
  }
}

/** Defines the element (idempotent). Call it when a bundler drops side-effect-only imports. */
export function define(tag = 'whatsapp-optin') {
  const registry = globalThis.customElements;
  if (!registry) return WhatsAppOptin;
  const existing = registry.get(tag);
  if (existing) return existing;
  // A constructor can be registered once; other tag names get a subclass.
  const ctor = tag === 'whatsapp-optin' ? WhatsAppOptin : class extends WhatsAppOptin {};
  registry.define(tag, ctor);
  return ctor;
}

define();
