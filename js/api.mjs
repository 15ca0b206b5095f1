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
  };
}
