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

/**
 * @param {object} glue the wasm-bindgen module namespace
 * @param {() => boolean} isReady whether the wasm instance exists
 */
export function createApi(glue, isReady) {
  const wrap = (name, fn) => (...args) => {
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
    normalizePhone: wrap('normalizePhone', (input, options) => glue.normalizePhone(input, options)),
    newToken: wrap('newToken', () => glue.newToken()),
    parseToken: wrap('parseToken', (input) => glue.parseToken(input)),
    supportedRegions: wrap('supportedRegions', () => glue.supportedRegions()),
    countryCodeForRegion: wrap('countryCodeForRegion', (region) => glue.countryCodeForRegion(region)),
  };
}
