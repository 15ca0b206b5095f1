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
    const e = new WhatsAppConsentError(err.code, `${err.message}`);
    if (err.violations) e.violations = err.violations;
    throw e;
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

// Options cross the boundary as JSON; a Date or nothing becomes epoch milliseconds here, so the
// core stays a pure function of its inputs.
function withNow(options, what) {
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    throw new WhatsAppConsentError('INVALID_ARGUMENT', `${what} must be an object`);
  }
  const o = { ...options };
  for (const k of ['now', 'lastInboundAt']) {
    if (o[k] instanceof Date) o[k] = o[k].getTime();
  }
  if (o.now === undefined || o.now === null) o.now = Date.now();
  return JSON.stringify(o);
}

function jsonOptions(options, what) {
  if (options === undefined || options === null) return '';
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new WhatsAppConsentError('INVALID_ARGUMENT', `${what} must be an object`);
  }
  return JSON.stringify(options);
}

// A record or submission as JSON text: objects are stringified, strings passed as they are.
function jsonArg(value, what) {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object') {
    throw new WhatsAppConsentError('INVALID_ARGUMENT', `${what} must be an object, got ${value === null ? 'null' : typeof value}`);
  }
  return JSON.stringify(value);
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
    validateConsent: wrap('validateConsent', (submission, options) =>
      JSON.parse(glue.validateConsent(jsonArg(submission, 'validateConsent: submission'), withNow(options, 'validateConsent options')))),
    widgetTexts: wrap('widgetTexts', (lang) => glue.widgetTexts(lang)),
    createConsent: wrap('createConsent', (submission, options) =>
      JSON.parse(glue.createConsent(jsonArg(submission, 'createConsent: submission'), withNow(options, 'createConsent options')))),
    applyReply: wrap('applyReply', (record, input, options) => {
      const isText = typeof input === 'string';
      const arg = isText ? input : jsonArg(input, 'applyReply: input');
      return JSON.parse(glue.applyReply(jsonArg(record, 'applyReply: record'), arg, isText, withNow(options, 'applyReply options')));
    }),
    recordSent: wrap('recordSent', (record, sent, options) =>
      JSON.parse(glue.recordSent(jsonArg(record, 'recordSent: record'), jsonArg(sent, 'recordSent: sent'), withNow(options, 'recordSent options')))),
    verifyRecord: wrap('verifyRecord', (record, options) =>
      JSON.parse(glue.verifyRecord(jsonArg(record, 'verifyRecord: record'), jsonOptions(options, 'verifyRecord options')))),
    canSend: wrap('canSend', (record, options) =>
      JSON.parse(glue.canSend(jsonArg(record, 'canSend: record'), withNow(options, 'canSend options')))),
    consentReceipt: wrap('consentReceipt', (record) => JSON.parse(glue.consentReceipt(jsonArg(record, 'consentReceipt: record')))),
    kantaraReceipt: wrap('kantaraReceipt', (record) => JSON.parse(glue.kantaraReceipt(jsonArg(record, 'kantaraReceipt: record')))),
    printRecord: wrap('printRecord', (record, options) =>
      glue.printRecord(jsonArg(record, 'printRecord: record'), jsonOptions(options, 'printRecord options'))),
    accessReport: wrap('accessReport', (record, options) =>
      JSON.parse(glue.accessReport(jsonArg(record, 'accessReport: record'), withNow(options, 'accessReport options')))),
    eraseRecord: wrap('eraseRecord', (record, options) => {
      if (!options || typeof options !== 'object') {
        throw new WhatsAppConsentError('INVALID_ARGUMENT', 'eraseRecord: options with the suppression secret are required: { secret }');
      }
      const { secret, ...rest } = options;
      return JSON.parse(glue.eraseRecord(jsonArg(record, 'eraseRecord: record'), secret, withNow(rest, 'eraseRecord options')));
    }),
    suppressionKey: wrap('suppressionKey', (phone, secret) => glue.suppressionKey(phone, secret)),
    isSuppressed: wrap('isSuppressed', (phone, entries, secret) => {
      if (!Array.isArray(entries)) throw new WhatsAppConsentError('INVALID_ARGUMENT', 'isSuppressed: entries must be an array');
      return glue.isSuppressed(phone, JSON.stringify(entries), secret);
    }),
    retention: wrap('retention', (record, policy) =>
      JSON.parse(glue.retention(jsonArg(record, 'retention: record'), jsonOptions(policy, 'retention policy')))),
    planMigration: wrap('planMigration', (contacts, options) => {
      if (!Array.isArray(contacts)) throw new WhatsAppConsentError('INVALID_ARGUMENT', 'planMigration: contacts must be an array (use planMigrationStream for iterables)');
      return JSON.parse(glue.planMigration(JSON.stringify(contacts), withNow(options, 'planMigration options')));
    }),
    hashToken: wrap('hashToken', (token) => glue.hashToken(token)),
  };
}

/**
 * Streams any (async) iterable of contacts through planMigration in batches: memory stays
 * constant however long the list is. Every batch uses the same `now`.
 */
export function makePlanMigrationStream(planMigration) {
  return async function* planMigrationStream(contacts, options = {}) {
    const { batchSize = 1000, ...rest } = options ?? {};
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10000) {
      throw new WhatsAppConsentError('INVALID_ARGUMENT', 'planMigrationStream: batchSize must be an integer from 1 to 10000');
    }
    const fixed = { ...rest, now: rest.now instanceof Date ? rest.now.getTime() : (rest.now ?? Date.now()) };
    let batch = [];
    let offset = 0;
    const flush = function* () {
      for (const plan of planMigration(batch, fixed)) {
        plan.index += offset;
        yield plan;
      }
      offset += batch.length;
      batch = [];
    };
    for await (const contact of contacts) {
      batch.push(contact);
      if (batch.length >= batchSize) yield* flush();
    }
    if (batch.length) yield* flush();
  };
}
