// Compiled with `tsc --noEmit`: the hand-written declarations must describe real usage.
import { init, normalizePhone, newToken, parseToken, supportedRegions, countryCodeForRegion, flavor, WhatsAppConsentError } from 'whatsapp-consent';
import { parseReply, parseWebhook, verifyWebhookSignature, signWebhookBody, encodePayload, decodePayload, replyLanguages, features, engine } from 'whatsapp-consent';
import type { PhoneResult, PhoneNumberType, ErrorCode, Reply, Intent, WebhookEvent } from 'whatsapp-consent';
import {
  validateConsent, createConsent, applyReply, recordSent, verifyRecord, canSend, consentReceipt, kantaraReceipt, printRecord,
  accessReport, eraseRecord, suppressionKey, isSuppressed, retention, planMigration, planMigrationStream, hashToken, widgetTexts,
} from 'whatsapp-consent';
import type { ConsentSubmission, Validation, ConsentStatus, AutoReply, ConsentRecord, RecordVerification, MigrationPlan } from 'whatsapp-consent';
import * as eu from 'whatsapp-consent/eu';

await init();
const r: PhoneResult = normalizePhone('0151 23456789', { defaultRegion: 'DE' });
if (r.valid) {
  const e164: string = r.e164;
  const t: PhoneNumberType = r.type;
  const none: null = r.error;
  console.log(e164, t, none);
} else {
  const code: ErrorCode = r.error.code;
  const nothing: null = r.e164;
  console.log(code, nothing);
}
const token: string = newToken();
const canonical: string | null = parseToken(token);
const regions: string[] = supportedRegions();
const cc: number | null = countryCodeForRegion('DE');
const f: 'full' | 'eu' = flavor;
try {
  normalizePhone('x');
} catch (e) {
  if (e instanceof WhatsAppConsentError) {
    const c: ErrorCode = e.code;
    console.log(c);
  }
}
eu.normalizePhone('+33612345678');
// @ts-expect-error unknown option names are rejected by the types too
normalizePhone('1', { region: 'DE' });
// @ts-expect-error input must be a string
normalizePhone(4915123456789);
console.log(canonical, regions, cc, f, engine, features);
const reply: Reply = parseReply('STOP', { lang: 'de', pending: 'confirmation' });
const intent: Intent = reply.intent;
const events: WebhookEvent[] = parseWebhook({ object: 'whatsapp_business_account', entry: [] });
for (const e of events) if (e.kind === 'status' && e.status) console.log(e.status.errors[0]?.code);
const ok: boolean = verifyWebhookSignature('{}', signWebhookBody('{}', 'secret'), 'secret');
const payload: string = encodePayload('confirm', newToken());
const decoded = decodePayload(payload);
if (decoded) console.log(decoded.intent, decoded.token);
// @ts-expect-error 'none' has no payload
encodePayload('none');
// @ts-expect-error pending is 'confirmation' or a boolean
parseReply('x', { pending: 'yes' });
console.log(intent, ok, replyLanguages().length);

// The consent engine.
const submission: ConsentSubmission = {
  phone: '0151 23456789', lang: 'de', country: 'DE',
  controller: { name: 'Musterladen GmbH', contact: 'datenschutz@musterladen.de' },
  privacyPolicyUrl: 'https://musterladen.de/datenschutz',
  checkboxes: [{ purpose: 'promo', checked: true, preChecked: false, text: 'x', textVersion: 'sha256:x' }],
  source: { method: 'web_form' },
  collectedAt: '2026-11-29T09:00:00Z',
};
const validation: Validation = validateConsent(submission, { now: new Date(), policy: { refreshMonths: 12 } });
for (const v of validation.violations) console.log(v.code, v.severity, v.rule, v.field);
const { record, token: doiToken } = createConsent(submission, { now: Date.now() });
const status: ConsentStatus | undefined = record.purposes.promo?.status;
const applied = applyReply(record, events[0] ?? 'JA', { now: '2026-11-29T10:00:00Z', from: '+4915123456789' });
const autoReply: AutoReply | null = applied.outcome.autoReply;
const decision: { allowed: boolean; reason: string } = canSend(applied.record, { category: 'marketing' });
const sent: ConsentRecord = recordSent(applied.record, { category: 'utility', text: 'unsubscribed' });
const verified: RecordVerification = verifyRecord(sent, { expectedHead: record.head });
const printed: string = printRecord(sent, { lang: 'de' });
const access = accessReport(sent, { lang: 'de' });
const { suppression } = eraseRecord(sent, { secret: 'a-long-enough-secret-value' });
const suppressed: boolean = isSuppressed('+4915123456789', [suppression], 'a-long-enough-secret-value');
const kept = retention(sent, { proofMonths: 36 });
const plans: MigrationPlan[] = planMigration([{ email: 'a@example.com', emailConsent: true }], {
  businessPhone: '+49 30 901820', lang: 'de', controller: { name: 'M', contact: 'c' }, privacyPolicyUrl: 'https://m.example/p',
});
async function stream() {
  for await (const plan of planMigrationStream([{ email: 'a@example.com' }], { businessPhone: '+49 30 1', lang: 'de', controller: { name: 'M', contact: 'c' }, privacyPolicyUrl: 'https://m.example/p', batchSize: 100 })) {
    console.log(plan.action, plan.invitation?.link);
  }
}
// @ts-expect-error categories are a closed set
canSend(record, { category: 'newsletter' });
// @ts-expect-error eraseRecord needs the suppression secret
eraseRecord(record, {});
console.log(status, doiToken, autoReply, decision, verified.valid, printed, access.json, suppressed, kept.nextAction, plans, stream, consentReceipt(record), kantaraReceipt(record), suppressionKey('+49 151 1', 'k'), hashToken(doiToken), widgetTexts('de').submit);
