// The idiomatic API over the raw wasm-bindgen exports. Shared by every entry point: an entry only
// decides how the wasm bytes are found and passes the instantiated glue here.

export class WhatsAppConsentError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = 'WhatsAppConsentError';
    this.code = code;
  }
}

function rethrow(name, err) {
  if (err instanceof WhatsAppConsentError) throw err;
  if (err && typeof err.code === 'string') {
    throw new WhatsAppConsentError(err.code, `${err.message}`);
  }
  // A trap means a bug in the core: report it with a stable code instead of a bare RuntimeError.
  throw new WhatsAppConsentError('INTERNAL_ERROR', `${name} failed inside the wasm module: ${err && err.message}`, { cause: err });
}

const SEP = '\x1f';

// Decodes the compact result of the wasm export. `national` and `international` cost more than
// the rest of normalisation together, so they are formatted on first read (then cached); they
// are ordinary enumerable properties for JSON.stringify, spreading and structuredClone.
function phoneResult(glue, encoded) {
  const [valid, possible, e164, region, type, code, message] = encoded.split(SEP);
  if (valid !== '1') {
    return { valid: false, possible: possible === '1', e164: null, waId: null, region: null, type: null,
      national: null, international: null, error: { code, message } };
  }
  const result = { valid: true, possible: possible === '1', e164, waId: e164.slice(1), region, type };
  let formats;
  const lazy = (index) => ({
    enumerable: true,
    configurable: true,
    get() {
      formats ??= glue.formatPhone(e164).split(SEP);
      return formats[index];
    },
    set(value) {
      Object.defineProperty(this, index ? 'international' : 'national', { value, writable: true, enumerable: true, configurable: true });
    },
  });
  Object.defineProperty(result, 'national', lazy(0));
  Object.defineProperty(result, 'international', lazy(1));
  result.error = null;
  return result;
}

/**
 * @param {object} glue the wasm-bindgen module namespace
 * @param {() => boolean} isReady whether the wasm instance exists
 */
export function createApi(glue, isReady) {
  const wrap = (name, fn) => (...args) => {
    if (!(name in glue)) {
      throw new WhatsAppConsentError('NOT_IN_THIS_BUILD', `${name}() is not in this build: the browser build leaves out reply parsing and webhooks, and the EU build also the consent texts, to stay small. Import 'whatsapp-consent' (texts) or 'whatsapp-consent/lite' (everything; browsers, workers, edge runtimes), or use the Node build.`);
    }
    if (!isReady()) {
      throw new WhatsAppConsentError('NOT_INITIALIZED', `call and await init() before ${name}()`);
    }
    try {
      return fn(...args);
    } catch (err) {
      rethrow(name, err);
    }
  };
  return {
    normalizePhone: wrap('normalizePhone', (input, options) => phoneResult(glue, glue.normalizePhone(input, options))),
    newToken: wrap('newToken', () => glue.newToken()),
    parseToken: wrap('parseToken', (input) => glue.parseToken(input)),
    supportedRegions: wrap('supportedRegions', () => glue.supportedRegions()),
    countryCodeForRegion: wrap('countryCodeForRegion', (region) => glue.countryCodeForRegion(region)),
    parseReply: wrap('parseReply', (text, options) => JSON.parse(glue.parseReply(text, options))),
    replyLanguages: wrap('replyLanguages', () => glue.replyLanguages()),
    parseWebhook: wrap('parseWebhook', (body, options) => {
      // The raw string keeps what Meta signed; a parsed object is serialised back.
      let text = body;
      if (typeof body !== 'string') {
        if (body === null || typeof body !== 'object' || ArrayBuffer.isView(body)) {
          throw new WhatsAppConsentError('INVALID_ARGUMENT', 'parseWebhook: body must be the webhook JSON text or its parsed object');
        }
        text = JSON.stringify(body);
      }
      return JSON.parse(glue.parseWebhook(text, options));
    }),
    verifyWebhookSignature: wrap('verifyWebhookSignature', (rawBody, header, secret) => glue.verifyWebhookSignature(rawBody, header, secret)),
    signWebhookBody: wrap('signWebhookBody', (rawBody, secret) => glue.signWebhookBody(rawBody, secret)),
    encodePayload: wrap('encodePayload', (intent, token) => glue.encodePayload(intent, token)),
    renderText: wrap('renderText', (kind, params) => glue.renderText(kind, params)),
    textLanguages: wrap('textLanguages', () => glue.textLanguages()),
    waLink: wrap('waLink', (businessPhone, options) => glue.waLink(businessPhone, options)),
    templateDefinition: wrap('templateDefinition', (params) => JSON.parse(glue.templateDefinition(params))),
    templatePayload: wrap('templatePayload', (params) => JSON.parse(glue.templatePayload(params))),
    decodePayload: wrap('decodePayload', (payload) => glue.decodePayload(payload)),
  };
}
