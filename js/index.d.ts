// Hand-written types for whatsapp-consent. Checked by `tsc` against tests/types/check.ts.

/** Thrown for misuse (wrong argument types, unknown options, oversized input). */
export class WhatsAppConsentError extends Error {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown });
  readonly name: 'WhatsAppConsentError';
  readonly code: ErrorCode;
}

/** Stable error codes. Thrown ones are misuse; the others appear in a result's `error`. */
export type ErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INPUT_TOO_LARGE'
  | 'NOT_INITIALIZED'
  | 'INIT_FAILED'
  | 'INTERNAL_ERROR'
  | 'NOT_IN_THIS_BUILD'
  | 'RNG_UNAVAILABLE'
  | PhoneErrorCode
  | 'INVALID_TOKEN'
  | 'INVALID_WEBHOOK'
  | 'UNSUPPORTED_LANGUAGE'
  | 'BUNDLED_PURPOSES'
  | 'LIMIT_EXCEEDED';

export type PhoneErrorCode =
  | 'NOT_A_NUMBER'
  | 'INVALID_COUNTRY_CODE'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'INVALID_LENGTH'
  | 'INVALID_NUMBER'
  | 'UNKNOWN_REGION';

/** libphonenumber's PhoneNumberType names. */
export type PhoneNumberType =
  | 'MOBILE'
  | 'FIXED_LINE'
  | 'FIXED_LINE_OR_MOBILE'
  | 'TOLL_FREE'
  | 'PREMIUM_RATE'
  | 'SHARED_COST'
  | 'VOIP'
  | 'PERSONAL_NUMBER'
  | 'PAGER'
  | 'UAN'
  | 'VOICEMAIL'
  | 'UNKNOWN';

export interface NormalizePhoneOptions {
  /** ISO 3166-1 alpha-2 region for numbers typed without +country code; case-insensitive. */
  defaultRegion?: string;
}

export type PhoneResult =
  | {
      valid: true;
      /** The length fits the country's numbering plan. */
      possible: boolean;
      /** `+4915123456789` */
      e164: string;
      /** The digits WhatsApp uses as `wa_id`: `4915123456789` */
      waId: string;
      /** Upper-case ISO 3166 code, or `"001"` for non-geographic numbers. */
      region: string;
      type: PhoneNumberType;
      /** As dialled inside the country: `01512 3456789` */
      national: string;
      /** `+49 1512 3456789` */
      international: string;
      error: null;
    }
  | {
      valid: false;
      possible: boolean;
      e164: null;
      waId: null;
      region: null;
      type: null;
      national: null;
      international: null;
      error: { code: PhoneErrorCode; message: string };
    };

/**
 * Loads the wasm module. Idempotent; resolves at once in Node. In browsers an optional argument
 * says where the `.wasm` file is (URL, Response, bytes or a compiled module).
 */
export function init(wasm?: URL | string | Response | BufferSource | WebAssembly.Module): Promise<void>;

/** Capability groups of this build: the browser build (`.` in browsers, `/eu`) has `phone`, `token` and `texts`; Node builds and `/lite` also `replies` (reply parsing, webhooks, signatures, Cloud API templates). */
export const features: readonly ('phone' | 'token' | 'texts' | 'replies')[];

/** Which metadata this build carries: `"full"` (every region) or `"eu"` (EU/EEA, CH, UK). */
export const flavor: 'full' | 'eu';

/**
 * The regular-expression engine inside this build: `"regex"` (the Node default: about 5x the
 * throughput) or `"regex-lite"` (browsers and the `/lite` Node entry: a third of the cold start).
 */
export const engine: 'regex' | 'regex-lite';

/** Normalises a phone number the way Google's libphonenumber does. */
export function normalizePhone(input: string, options?: NormalizePhoneOptions): PhoneResult;

/** A fresh 128-bit token from the OS CSPRNG in Crockford base32: `3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE`. */
export function newToken(): string;

/** The canonical form of a token as a person typed it (case, spaces, I/L/O forgiven), or null. */
export function parseToken(input: string): string | null;

/** Every region code the phone metadata covers, sorted. */
export function supportedRegions(): string[];

/** The calling code of a region (`"DE"` → 49), or null if the build has no metadata for it. */
export function countryCodeForRegion(region: string): number | null;

/** What a reply means. */
export type Intent =
  | 'opt_out'
  | 'confirm'
  | 'decline'
  | 'start'
  | 'help'
  | 'pref_promo'
  | 'pref_trans'
  | 'pref_all'
  | 'access_request'
  | 'erasure_request'
  | 'none';

/** ISO 639-1 codes of the 30 languages with reply data. */
export type ReplyLanguage =
  | 'bg' | 'hr' | 'cs' | 'da' | 'nl' | 'en' | 'et' | 'fi' | 'fr' | 'de' | 'el' | 'hu' | 'ga' | 'it' | 'lv'
  | 'lt' | 'mt' | 'pl' | 'pt' | 'ro' | 'sk' | 'sl' | 'es' | 'sv' | 'nb' | 'is' | 'tr' | 'uk' | 'ru' | 'ar';

export interface ParseReplyOptions {
  /** The conversation language (ISO 639-1; `de-AT`, `pt_BR`, `no` accepted). Absent: detected. */
  lang?: string;
  /** `'confirmation'` (or true) when a double opt-in awaits an answer: YES/NO mean confirm/decline. */
  pending?: 'confirmation' | boolean;
}

export interface Reply {
  intent: Intent;
  /** `keyword`: a bare keyword; `phrase`: understood from free text; `payload`: our own button payload or Meta's preference event, decoded exactly. Null for `none`. */
  confidence: 'keyword' | 'phrase' | 'payload' | null;
  /** The language used: the given one, or the detected one (null when nothing was recognised). */
  lang: ReplyLanguage | null;
  /** The words of the reply that decided the intent, as written. */
  matched: string | null;
  /** A double-opt-in token found in the reply (canonical form). */
  token: string | null;
  /** Secondary intents, e.g. `access_request` in "Stop. Where did you get my number?". */
  also: Intent[];
  /** A yes/no was read as confirm/decline although no double opt-in was said to be pending. */
  assumedPending: boolean;
}

/** Understands an inbound WhatsApp reply in 30 languages. */
export function parseReply(text: string, options?: ParseReplyOptions): Reply;

/** The languages `parseReply` reads. */
export function replyLanguages(): ReplyLanguage[];

export type WebhookEventKind =
  | 'text'
  | 'button'
  | 'interactive'
  | 'reaction'
  | 'marketing_preference'
  | 'status'
  | 'unsupported';

export interface WebhookEvent {
  kind: WebhookEventKind;
  /** WhatsApp Business Account id (`entry[].id`). */
  wabaId: string | null;
  phoneNumberId: string | null;
  /** The business's display number. */
  businessPhone: string | null;
  /** The person, E.164 (`+4915123456789`); null for statuses. */
  from: string | null;
  /** The person's WhatsApp id (digits); for statuses the recipient. */
  waId: string | null;
  profileName: string | null;
  messageId: string | null;
  /** The message this one answers: a button tap names the template message it was on. */
  contextMessageId: string | null;
  /** Unix seconds. */
  timestamp: number | null;
  /** Meta's message `type` (`text`, `button`, `interactive`, `image`, …). */
  messageType: string | null;
  /** Text body, button label, reply title or reaction emoji. */
  text: string | null;
  /** Template button payload, or the interactive reply's id. */
  payload: string | null;
  /** A list reply's description. */
  description: string | null;
  /** What the message means. `user_preferences` stop is `pref_trans` (marketing withdrawn), resume `pref_promo`. */
  reply: Reply | null;
  preference: { category: string | null; value: 'stop' | 'resume' | string; detail: string | null } | null;
  status: {
    status: 'sent' | 'delivered' | 'read' | 'failed' | string;
    recipient: string | null;
    conversationId: string | null;
    pricingCategory: string | null;
    errors: { code: number | null; title: string | null; message: string | null; details: string | null }[];
  } | null;
  /** Why an event is `unsupported`, or why our own payload could not be decoded. */
  reason: string | null;
}

/** Flattens a WhatsApp Cloud API webhook (raw JSON text or parsed object) into events. Throws INVALID_WEBHOOK for a body of another shape. */
export function parseWebhook(body: string | object, options?: ParseReplyOptions): WebhookEvent[];

/** Checks Meta's `X-Hub-Signature-256` header against the raw body, in constant time. A missing or malformed header is `false`. */
export function verifyWebhookSignature(rawBody: string | Uint8Array | ArrayBuffer, signatureHeader: string | null | undefined, appSecret: string | Uint8Array): boolean;

/** The `X-Hub-Signature-256` value Meta would send for a body (to sign test requests). */
export function signWebhookBody(rawBody: string | Uint8Array | ArrayBuffer, appSecret: string | Uint8Array): string;

/** Our quick-reply payload for an intent: `optin:confirm:<token>`, `optin:stop`, … */
export function encodePayload(intent: Exclude<Intent, 'none'>, token?: string | null): string;

/** Decodes one of our payloads; null for any other string. */
export function decodePayload(payload: string): { intent: Exclude<Intent, 'none'>; token: string | null } | null;

export type TextKind =
  | 'checkbox'
  | 'confirmation'
  | 'confirmed'
  | 'optout_footer'
  | 'unsubscribed'
  | 'preferences'
  | 'help'
  | 'privacy_notice'
  | 'invitation_email';

export type Purpose = 'promo' | 'trans';

export interface TextParams {
  /** ISO 639-1 (`de`, `de-AT`, `pt_BR` accepted). */
  lang: string;
  /** Use English when `lang` has no texts, instead of throwing UNSUPPORTED_LANGUAGE. */
  fallback?: boolean;
  /** The controller's name (required except for `optout_footer`). */
  company?: string;
  /** The recipient's name, for the greeting. */
  name?: string;
  /** One purpose (a checkbox takes exactly one). */
  purpose?: Purpose;
  /** Several purposes (confirmation, confirmed, help, notices); both when absent. */
  purposes?: Purpose[];
  /** Required for checkbox, privacy_notice, invitation_email. */
  privacyUrl?: string;
  /** E-mail or URL for privacy questions; required for help and privacy_notice. */
  contact?: string;
  /** The business's WhatsApp number (international); required for invitation_email. */
  businessPhone?: string;
  /** The double-opt-in token the invitation link carries; a fresh one when absent. */
  token?: string;
}

export interface RenderedText {
  kind: TextKind;
  /** Plain text (WhatsApp formatting where it helps). */
  text: string;
  /** The same with every parameter HTML-escaped; links as `<a>`. */
  html: string;
  lang: string;
  /** `sha256:` + hex SHA-256 of `text`: what a consent record points to. */
  version: string;
  /** The reply words the texts ask for. */
  keywords: { confirm: string; stop: string; start: string; promo: string; trans: string; all: string; help: string };
  /** invitation_email: the e-mail subject. */
  subject: string | null;
  /** invitation_email: the wa.me link whose pre-filled message confirms with the token. */
  link: string | null;
  /** invitation_email: the token the link carries. */
  token: string | null;
}

/** Renders a consent text in one of 30 languages. */
export function renderText(kind: TextKind, params: TextParams): RenderedText;

/** Languages with texts. */
export function textLanguages(): string[];

/** `https://wa.me/<digits>?text=…` for a business number. */
export function waLink(businessPhone: string, options?: { text?: string }): string;

/** The WhatsApp template to submit for approval (confirmation: confirm/stop buttons; preferences: promo/trans/all). */
export function templateDefinition(params: TextParams & { kind?: 'confirmation' | 'preferences'; templateName: string; personalized?: boolean }): {
  name: string;
  language: string;
  category: 'UTILITY' | 'MARKETING';
  parameter_format: 'POSITIONAL';
  components: Array<
    | { type: 'BODY'; text: string; example?: { body_text: string[][] } }
    | { type: 'FOOTER'; text: string }
    | { type: 'BUTTONS'; buttons: { type: 'QUICK_REPLY'; text: string }[] }
  >;
};

/** The Cloud API send-template request body (`POST /<PHONE_NUMBER_ID>/messages`), with our quick-reply payloads. */
export function templatePayload(params: {
  kind?: 'confirmation' | 'preferences';
  /** The recipient's number, any format libphonenumber reads. */
  to: string;
  templateName: string;
  /** Meta's language code of the approved template (`de`, `en_US`, `pt_BR`). */
  lang: string;
  /** The recipient's name for `{{1}}` of a personalised template. */
  name?: string;
  /** The double-opt-in token (required for a confirmation). */
  token?: string;
  defaultRegion?: string;
}): {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to: string;
  type: 'template';
  template: { name: string; language: { code: string }; components: object[] };
};
