// Node.js entry (ESM; the build also derives node.cjs from it). The wasm is compiled
// synchronously at import, so init() resolves at once.
import { readFileSync } from 'node:fs';
import * as glue from './wasm/whatsapp_consent.js';
import { createApi, makePlanMigrationStream, WhatsAppConsentError } from './api.mjs';

glue.initSync({ module: readFileSync(new URL('./wasm/whatsapp_consent_bg.wasm', import.meta.url)) });

export { WhatsAppConsentError };
export const flavor = __FLAVOR__;
export const engine = __ENGINE__;
/** Capability groups this build carries. */
export const features = Object.freeze(['phone', 'token', ...(glue.renderText ? ['texts'] : []), ...(glue.validateConsent ? ['consent'] : []), ...(glue.parseReply ? ['replies', 'records'] : [])]);
/** Resolves when the module is ready; in Node it already is. Idempotent. */
export async function init() {}
export const {
  normalizePhone, newToken, parseToken, supportedRegions, countryCodeForRegion,
  parseReply, replyLanguages, parseWebhook, verifyWebhookSignature, signWebhookBody, encodePayload, decodePayload,
  renderText, textLanguages, waLink, templateDefinition, templatePayload,
  validateConsent, widgetTexts, createConsent, applyReply, recordSent, verifyRecord, canSend,
  consentReceipt, kantaraReceipt, printRecord, accessReport, eraseRecord, suppressionKey, isSuppressed,
  retention, planMigration, hashToken,
} =
  createApi(glue, () => true);
/** planMigration over any (async) iterable, in batches: constant memory for any list size. */
export const planMigrationStream = makePlanMigrationStream(planMigration);
