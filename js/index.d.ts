// Hand-written types for whatsapp-consent. Checked by `tsc` against tests/types/check.ts.

/** Thrown for misuse (wrong argument types, unknown options, oversized input). */
export class WhatsAppConsentError extends Error {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown });
  readonly name: 'WhatsAppConsentError';
  readonly code: ErrorCode;
  /** CONSENT_INVALID (createConsent): every rule violation of the submission. */
  readonly violations?: Violation[];
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
  | 'LIMIT_EXCEEDED'
  | 'CONSENT_INVALID'
  | 'INVALID_RECORD'
  | 'RECORD_TAMPERED';

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
export const features: readonly ('phone' | 'token' | 'texts' | 'consent' | 'replies' | 'records')[];

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
  /** `'confirmation'` (or true) when a double opt-in awaits an answer: YES/NO mean confirm/decline. `false` is the same as absent: a yes/no is still read as confirm/decline, with `assumedPending: true` (applyReply knows the record's state and decides). */
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

// ---------------------------------------------------------------------------------------------
// The consent engine (GDPR Art. 4(11), 7, 8, 12–17, 21). Every time is an ISO 8601 string in
// UTC with milliseconds (`2026-11-29T08:00:00.000Z`); `now` options also take a Date or epoch ms
// and default to the current time.

export type Instant = string | Date | number;

export interface ConsentSubmission {
  /** Any format libphonenumber reads; national numbers are read in `country`'s region. */
  phone: string;
  name?: string;
  email?: string;
  /** The language the person saw the texts in (ISO 639-1). */
  lang: string;
  /** The jurisdiction (ISO 3166-1 alpha-2); default: the phone number's region. */
  country?: string;
  controller: { name: string; contact: string };
  privacyPolicyUrl: string;
  checkboxes: {
    purpose: Purpose;
    checked: boolean;
    /** Whether the box was ticked before the person touched it (must be false: Planet49). */
    preChecked: boolean;
    /** The exact words shown next to the box. */
    text: string;
    /** `sha256:` + hex SHA-256 of `text` (what `renderText` returns as `version`). */
    textVersion: string;
  }[];
  source: {
    method: 'web_form' | 'email_link' | 'whatsapp_thread' | 'import' | 'paper' | 'api';
    url?: string;
    userAgent?: string;
    ip?: string;
    /** For imports: the channel the original consent was given for (`email` consent does not carry over). */
    consentChannel?: 'whatsapp' | 'email' | 'sms' | 'phone' | 'other';
  };
  /** When the person gave the consent (ISO 8601). */
  collectedAt: string;
  age?: number;
  /** Art. 8(1): consent given or authorised by the holder of parental responsibility. */
  parentalConsent?: boolean | { givenBy: string; method: string; at: string };
  /** Anything else the form collected (kept out of the record; see EXCESSIVE_DATA). */
  extra?: Record<string, unknown>;
}

export type ViolationCode =
  | 'PRE_TICKED' | 'NO_AFFIRMATIVE_ACTION' | 'BUNDLED_PURPOSES' | 'MISSING_PURPOSE' | 'MISSING_CONTROLLER'
  | 'MISSING_PRIVACY_POLICY' | 'INSECURE_URL' | 'CHANNEL_NOT_NAMED' | 'CONTROLLER_NOT_NAMED' | 'MISSING_TEXT'
  | 'TEXT_VERSION_MISMATCH' | 'PHONE_INVALID' | 'PHONE_NOT_MOBILE' | 'UNDERAGE' | 'PARENTAL_CONSENT_UNVERIFIED'
  | 'EXCESSIVE_DATA' | 'MISSING_TIMESTAMP' | 'FUTURE_TIMESTAMP' | 'EMAIL_CONSENT_NOT_TRANSFERABLE' | 'STALE_CONSENT'
  | 'MISSING_LANGUAGE' | 'MISSING_FIELD' | 'INVALID_FIELD' | 'UNKNOWN_FIELD';

export interface Violation {
  code: ViolationCode;
  severity: 'error' | 'warning';
  message: string;
  /** The article or case the rule comes from, e.g. `GDPR Art. 7(1)`. */
  rule: string;
  /** The offending field (`checkboxes[1].preChecked`), when there is one. */
  field: string | null;
}

export interface ConsentPolicy {
  /** STALE_CONSENT after this many months (EDPB 05/2020: refresh at appropriate intervals). Default 24. */
  refreshMonths?: number;
  /** Hours a double-opt-in token stays valid. Default 72. */
  doiHours?: number;
}

export interface Validation {
  valid: boolean;
  violations: Violation[];
  /** The number in E.164, when it is valid. */
  e164: string | null;
  /** The jurisdiction the rules were checked for. */
  jurisdiction: string | null;
}

/** Checks a submission against the GDPR rules; never throws for bad data (only for a non-object). */
export function validateConsent(submission: ConsentSubmission, options?: { now?: Instant; policy?: ConsentPolicy }): Validation;

/** W3C DPV consent statuses. */
export type ConsentStatus = 'ConsentRequested' | 'ConsentGiven' | 'ConsentRefused' | 'ConsentWithdrawn' | 'ConsentExpired';

export interface RecordEvent {
  seq: number;
  type: 'requested' | 'invited' | 'inbound' | 'confirmed' | 'confirm_rejected' | 'declined' | 'opted_out' | 'preferences'
    | 'reopened' | 'marketing_preference' | 'access_requested' | 'erasure_requested' | 'expired' | 'sent' | 'delivery' | 'erased';
  at: string;
  channel: string;
  messageId: string | null;
  /** What the inbound message meant, when there was one. */
  intent: Intent | null;
  /** Purpose statuses this event changed. */
  changes: Partial<Record<Purpose, ConsentStatus>>;
  /** Type-specific details without personal data (text versions, reasons, deadlines, token hashes). */
  data: Record<string, unknown>;
  /** Personal data of the event (number, name, e-mail, the exact text received, IP, user agent); removed by eraseRecord. */
  pii?: Record<string, string>;
  /** After erasure: salted SHA-256 commitments that keep the chain verifiable without the data. */
  redacted?: Record<string, string>;
  /** `sha256:` hash of the previous event (64 zeros for the first). */
  prev: string;
  /** `sha256:` of this event's canonical content, `prev` included. */
  hash: string;
}

export interface ConsentRecord {
  schema: 'whatsapp-consent/record@1';
  id: string;
  /** Salt of the personal-data commitments; null after erasure. */
  salt: string | null;
  phone: string | null;
  waId: string | null;
  name: string | null;
  email: string | null;
  lang: string;
  jurisdiction: string | null;
  controller: { name: string; contact: string };
  privacyPolicyUrl: string | null;
  purposes: Partial<Record<Purpose, { status: ConsentStatus; since: string; textVersion: string | null }>>;
  doi: { tokenHash: string; issuedAt: string; expiresAt: string; usedAt: string | null } | null;
  /** Meta's marketing preference (`user_preferences`): 'stopped' blocks marketing templates. */
  metaMarketing: 'stopped' | 'resumed' | null;
  /** Open access (Art. 15) and erasure (Art. 17) requests with their Art. 12(3) deadlines. */
  requests: { type: 'access' | 'erasure'; receivedAt: string; dueBy: string; messageId: string | null }[];
  lastInboundAt: string | null;
  erased: boolean;
  events: RecordEvent[];
  /** Hash of the last event: keep a copy elsewhere to detect truncation. */
  head: string;
}

/** Creates a record from a valid submission; throws CONSENT_INVALID (with `violations`) otherwise. The plain token is returned once; the record keeps its hash. */
export function createConsent(submission: ConsentSubmission, options?: { now?: Instant; policy?: ConsentPolicy; token?: string }): { record: ConsentRecord; token: string };

export type AutoReply = 'confirmation' | 'confirmed' | 'unsubscribed' | 'help' | 'preferences';

export interface ApplyOutcome {
  /** False when nothing was recorded (e.g. a message from another number that is not an opt-out). */
  applied: boolean;
  /** Stable code: CONFIRMED, DECLINED, OPTED_OUT, PREFERENCES_CHANGED, REOPENED, ACCESS_REQUESTED, ERASURE_REQUESTED, MARKETING_STOPPED, MARKETING_RESUMED, HELP, RECORDED, ALREADY_CONFIRMED, TOKEN_MISMATCH, TOKEN_EXPIRED, TOKEN_USED, TOKEN_REQUIRED, NOT_PENDING, OTHER_NUMBER, DUPLICATE, ERASED */
  code: string;
  /** The text kind to answer with (renderText), if any. */
  autoReply: AutoReply | null;
  /** A fresh double-opt-in token when the event re-opened consent (send a new confirmation). */
  token: string | null;
}

/**
 * Applies an inbound reply: a webhook event (parseWebhook), a parseReply result or the raw text.
 * Returns the next record (the input is not changed). Free text (a text event or the raw text) is
 * read again in the record's language, knowing whether a double opt-in is pending; a button label
 * keeps the webhook's reading (it is in the template's language). A confirmation counts only from
 * the record's number, or with the record's token when the record has no number yet (invitations);
 * an opt-out counts from any number. Throws RECORD_TAMPERED for a record that does not verify.
 */
export function applyReply(
  record: ConsentRecord,
  input: WebhookEvent | Reply | string,
  options?: { now?: Instant; from?: string; messageId?: string; channel?: string; token?: string },
): { record: ConsentRecord; outcome: ApplyOutcome };

/** Records a message the business sent (the one opt-out confirmation, a DOI request …). */
export function recordSent(record: ConsentRecord, sent: { category: SendCategory; text?: TextKind | 'access_report'; messageId?: string }, options?: { now?: Instant }): ConsentRecord;

export interface RecordVerification {
  valid: boolean;
  /** What is wrong: { seq, code: 'HASH_MISMATCH' | 'PREV_MISMATCH' | 'SEQ_MISMATCH' | 'TIME_ORDER' | 'HEAD_MISMATCH' | 'STATE_MISMATCH' | 'MALFORMED', message }. */
  problems: { seq: number | null; code: string; message: string }[];
  events: number;
  head: string | null;
}

/** Checks the hash chain and that the record's state is what its events say. */
export function verifyRecord(record: ConsentRecord, options?: { expectedHead?: string }): RecordVerification;

export type SendCategory = 'marketing' | 'utility' | 'authentication' | 'service';

/** Whether a message may be sent now. `text` names the text kind for the special cases (`unsubscribed`, `confirmation`). */
export function canSend(record: ConsentRecord, options: { category: SendCategory; text?: TextKind; now?: Instant; lastInboundAt?: Instant }): {
  allowed: boolean;
  /** Stable code: CONSENT_GIVEN, NO_CONSENT, CONSENT_PENDING, CONSENT_REFUSED, CONSENT_WITHDRAWN, CONSENT_EXPIRED, META_MARKETING_STOPPED, OPT_OUT_CONFIRMATION, OPT_OUT_CONFIRMATION_SENT, DOI_REQUEST, IN_SERVICE_WINDOW, OUTSIDE_SERVICE_WINDOW, OPTED_OUT, USER_REQUESTED, ERASED */
  reason: string;
};

/** ISO/IEC TS 27560 consent record, W3C DPV JSON-LD profile (`dpv-27560#record`). */
export function consentReceipt(record: ConsentRecord): object;
/** Kantara Consent Receipt v1.1 (`KI-CR-v1.1.0`). */
export function kantaraReceipt(record: ConsentRecord): object;
/** The human-readable proof a court or authority can read (BGH I ZR 164/09). */
export function printRecord(record: ConsentRecord, options?: { lang?: string }): string;
/** Art. 15 access report: every Art. 15(1)(a)–(h) key plus a copy of the data, as JSON and text. */
export function accessReport(record: ConsentRecord, options?: { lang?: string; now?: Instant }): { json: Record<string, unknown>; text: string };

export interface SuppressionEntry {
  /** `hmac-sha256:` + hex HMAC-SHA256(secret, E.164): never the number or a plain hash. */
  key: string;
  scope: 'all' | 'marketing';
  since: string;
  reason: string;
}

/** Art. 17: removes personal data, keeps the proof of past lawfulness; returns the suppression entry to keep. */
export function eraseRecord(record: ConsentRecord, options: { secret: string | Uint8Array; now?: Instant }): { record: ConsentRecord; suppression: SuppressionEntry };
export function suppressionKey(phone: string, secret: string | Uint8Array): string;
export function isSuppressed(phone: string, entries: SuppressionEntry[], secret: string | Uint8Array): boolean;

export interface RetentionPolicy {
  /** Months the proof of a withdrawn or refused consent is kept (limitation period). Default 36. */
  proofMonths?: number;
  /** Hours an unconfirmed double opt-in is kept. Default 72 (+ 30 days of proof). */
  pendingDays?: number;
  /** Days the exact inbound message texts are kept. Default 90. */
  messageDays?: number;
}

/** When each piece of the record must be deleted. */
export function retention(record: ConsentRecord, policy?: RetentionPolicy): {
  items: { what: 'contact_data' | 'message_texts' | 'proof' | 'record'; deleteAt: string | null; reason: string }[];
  /** The earliest date at which something must be deleted, or null while consent is active. */
  nextAction: string | null;
};

export interface EmailContact {
  email: string;
  name?: string;
  phone?: string;
  lang?: string;
  /** What the e-mail list knows about the e-mail consent. */
  emailConsent?: boolean | string;
  emailConsentAt?: string;
  /** Anything else the export carries. */
  [column: string]: unknown;
}

export interface MigrationPlan {
  /** Row index (0-based) within the call. */
  index: number;
  email: string | null;
  /** Always false: an e-mail consent does not cover WhatsApp (GDPR Art. 6(1)(a), ePrivacy Art. 13). */
  mayMessageOnWhatsApp: false;
  /** `invite` (send the invitation e-mail), `skip_no_email_consent` (do not e-mail either), `error`. */
  action: 'invite' | 'skip_no_email_consent' | 'error';
  reason: string;
  /** The invitation e-mail (subject, text, html, wa.me link with the token). */
  invitation: { subject: string; text: string; html: string; link: string; token: string; lang: string } | null;
  /** The pending record to store (ConsentRequested). */
  record: ConsentRecord | null;
  phone: PhoneResult | null;
  error: { code: string; message: string } | null;
}

export interface MigrationOptions {
  now?: Instant;
  /** The business's WhatsApp number, international format. */
  businessPhone: string;
  /** Default language when a row has none. */
  lang: string;
  controller: { name: string; contact: string };
  privacyPolicyUrl: string;
  purposes?: Purpose[];
  defaultRegion?: string;
  policy?: ConsentPolicy;
}

/** Plans moving an e-mail list to WhatsApp, one batch at a time (never sends, never copies consent). */
export function planMigration(contacts: EmailContact[], options: MigrationOptions): MigrationPlan[];
/** The same over any (async) iterable, in batches of `batchSize` (default 1000): constant memory for any list size. */
export function planMigrationStream(contacts: Iterable<EmailContact> | AsyncIterable<EmailContact>, options: MigrationOptions & { batchSize?: number }): AsyncGenerator<MigrationPlan>;

/** `sha256:` + hex SHA-256 of a token's canonical form: what a record's `doi.tokenHash` holds (look records up by it). Throws INVALID_TOKEN. */
export function hashToken(token: string): string;

/** The opt-in widget's UI strings in a language (English fallback for languages without them). */
export function widgetTexts(lang: string): {
  phone_label: string; country_label: string; name_label: string; submit: string; invalid_phone: string;
  not_mobile: string; choose_one: string; thanks: string; required: string;
};
