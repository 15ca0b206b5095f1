// <whatsapp-optin>: the browser opt-in widget (`import 'whatsapp-consent/widget'`).
import type { ConsentSubmission, Validation } from './index.js';

/** `detail` of the `consent` and `consent-invalid` events. */
export interface ConsentEventDetail {
  /** The complete submission: phone as typed, the chosen country, every box shown (unticked ones too) with its exact text and `sha256:` version, source, collectedAt. */
  submission: ConsentSubmission;
  /** `validateConsent(submission)` in the browser; re-check it on the server (`createConsent` does). */
  validation: Validation;
}

/**
 * `<whatsapp-optin>`: a phone field (type="tel", autocomplete="tel") with a country choice, an
 * optional name field and one unticked checkbox per purpose with the consent text of
 * `renderText('checkbox', …)` and the privacy link. The wasm is loaded once, on the first widget
 * connected to the page (to load it from elsewhere, call `init(url)` of `whatsapp-consent` first).
 *
 * Attributes (observed): `lang`, `company`, `privacy-url`, `contact`, `purposes` (`promo trans`;
 * default `promo`), `default-region`.
 *
 * Events (bubbling, composed): `consent` (valid submit; cancelable: preventDefault() keeps the
 * form instead of the thank-you message), `consent-invalid` (a blocked submit: an empty, invalid
 * or non-mobile number, no box ticked, or an error of validateConsent; its `validation` may still
 * be valid when only the widget's stricter mobile check failed).
 *
 * CSS custom properties: `--wa-optin-font`, `--wa-optin-color`, `--wa-optin-max-width`,
 * `--wa-optin-gap`, `--wa-optin-accent`, `--wa-optin-accent-text`, `--wa-optin-link`,
 * `--wa-optin-error`, `--wa-optin-muted`, `--wa-optin-border`, `--wa-optin-radius`,
 * `--wa-optin-field-bg`, `--wa-optin-field-color`, `--wa-optin-focus`.
 *
 * Parts: `form`, `row`, `field`, `label`, `input`, `select`, `hint`, `error`, `purposes`,
 * `purpose`, `checkbox`, `consent-text`, `link`, `button`, `thanks`.
 *
 * Content-Security-Policy: needs `script-src 'self' 'wasm-unsafe-eval'`; no inline script or
 * style (the styles are a constructed stylesheet).
 */
export class WhatsAppOptin extends HTMLElement {
  static readonly observedAttributes: string[];
  /** Resolves once the wasm is loaded and the form rendered; rejects with INIT_FAILED. */
  readonly ready: Promise<WhatsAppOptin>;
  /** The submission the form would send now (collectedAt: now), or null before `ready`. */
  readonly value: ConsentSubmission | null;
  /** `validateConsent(value)`, or null before `ready`. */
  readonly validation: Validation | null;
  /** Empties the form (every box unticked) and shows it again after the thank-you message. */
  reset(): void;
  connectedCallback(): void;
  attributeChangedCallback(name: string, oldValue: string | null, newValue: string | null): void;
}

/**
 * Registers the element under `tag` (default `whatsapp-optin`, which importing the module
 * already does) and returns its constructor. Idempotent.
 */
export function define(tag?: string): typeof WhatsAppOptin;

declare global {
  interface HTMLElementTagNameMap {
    'whatsapp-optin': WhatsAppOptin;
  }
  interface HTMLElementEventMap {
    consent: CustomEvent<ConsentEventDetail>;
    'consent-invalid': CustomEvent<ConsentEventDetail>;
  }
}
