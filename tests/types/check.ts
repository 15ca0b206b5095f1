// Compiled with `tsc --noEmit`: the hand-written declarations must describe real usage.
import { init, normalizePhone, newToken, parseToken, supportedRegions, countryCodeForRegion, flavor, WhatsAppConsentError } from 'whatsapp-consent';
import { parseReply, parseWebhook, verifyWebhookSignature, signWebhookBody, encodePayload, decodePayload, replyLanguages, features, engine } from 'whatsapp-consent';
import type { PhoneResult, PhoneNumberType, ErrorCode, Reply, Intent, WebhookEvent } from 'whatsapp-consent';
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
