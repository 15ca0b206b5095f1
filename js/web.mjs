// Browser, worker and bundler entry. init() fetches the wasm that sits next to the glue
// (`new URL(..., import.meta.url)`, which Vite, webpack 5 and Parcel copy for you). Where that
// file is missing — esbuild does not copy it — init() falls back to the base64 copy of the same
// bytes in a lazily imported module, so the import works with no bundler configuration at all.
import * as glue from './wasm/whatsapp_consent.js';
import { createApi, makePlanMigrationStream, WhatsAppConsentError } from './api.mjs';

let ready = false;
let pending;

async function load(input) {
  if (input !== undefined) {
    await glue.default({ module_or_path: input });
    return;
  }
  try {
    await glue.default();
  } catch (err) {
    const { wasmBytes } = await import('./wasm/inline.mjs');
    await glue.default({ module_or_path: wasmBytes() });
  }
}

/**
 * Loads the wasm module once; later calls return the same promise.
 * @param {URL|string|Response|BufferSource|WebAssembly.Module} [wasm] where to find the wasm
 */
export function init(wasm) {
  if (!pending) {
    pending = load(wasm).then(
      () => { ready = true; },
      (err) => {
        pending = undefined;
        throw new WhatsAppConsentError('INIT_FAILED', `could not load the wasm module: ${err && err.message}`, { cause: err });
      },
    );
  }
  return pending;
}

export { WhatsAppConsentError };
export const flavor = __FLAVOR__;
export const engine = __ENGINE__;
/** Capability groups this build carries. */
export const features = Object.freeze(['phone', 'token', ...(glue.renderText ? ['texts'] : []), ...(glue.validateConsent ? ['consent'] : []), ...(glue.parseReply ? ['replies', 'records'] : [])]);
export const {
  normalizePhone, newToken, parseToken, supportedRegions, countryCodeForRegion,
  parseReply, replyLanguages, parseWebhook, verifyWebhookSignature, signWebhookBody, encodePayload, decodePayload,
  renderText, textLanguages, waLink, templateDefinition, templatePayload,
  validateConsent, widgetTexts, createConsent, applyReply, recordSent, verifyRecord, canSend,
  consentReceipt, kantaraReceipt, printRecord, accessReport, eraseRecord, suppressionKey, isSuppressed,
  retention, planMigration, hashToken,
} =
  createApi(glue, () => ready);
/** planMigration over any (async) iterable, in batches: constant memory for any list size. */
export const planMigrationStream = makePlanMigrationStream(planMigration);
