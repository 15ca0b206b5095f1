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
  | 'RNG_UNAVAILABLE'
  | PhoneErrorCode
  | 'INVALID_TOKEN';

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
