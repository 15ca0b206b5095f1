// Node.js entry (ESM; the build also derives node.cjs from it). The wasm is compiled
// synchronously at import, so init() resolves at once.
import { readFileSync } from 'node:fs';
import * as glue from './wasm-node/whatsapp_consent.js';
import { createApi, WhatsAppConsentError } from './api.mjs';

glue.initSync({ module: readFileSync(new URL('./wasm-node/whatsapp_consent_bg.wasm', import.meta.url)) });

export { WhatsAppConsentError };
export const flavor = __FLAVOR__;
export const engine = __ENGINE__;
/** Resolves when the module is ready; in Node it already is. Idempotent. */
export async function init() {}
export const { normalizePhone, newToken, parseToken, supportedRegions, countryCodeForRegion } =
  createApi(glue, () => true);
